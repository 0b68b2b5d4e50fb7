/**
 * Pseudo-locale for overflow checks: every message grows by half its length (Uyghur and Tibetan
 * strings run 30–60 % longer than Chinese) and is bracketed so clipped ends are visible. Switched on
 * by `?pseudo` in the page URL (tests and translators only; residents never see it).
 */
let enabled: boolean | null = null;

export function pseudoEnabled(): boolean {
  if (enabled === null) {
    enabled = typeof location !== 'undefined' && new URLSearchParams(location.search).has('pseudo');
  }
  return enabled;
}

export function pseudoLocalise(text: string): string {
  // Keep {placeholders} intact; pad with wide characters so CJK and Latin layouts both grow.
  const visible = text.replace(/\{\w+\}/g, '').length;
  return `［${text}${'～'.repeat(Math.ceil(visible * 0.5))}］`;
}
