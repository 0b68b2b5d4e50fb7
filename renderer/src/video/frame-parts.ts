/**
 * Framing for the screen channel: an RTCDataChannel message has a size limit (and a full DOM
 * snapshot can be hundreds of KB), so each batch of rrweb events is cut into parts
 * "id|index|count|data" that the agent console joins again (platform/video/agent-console.ts).
 */
export const PART_CHARS = 16_000;

export function toParts(id: string, text: string, size = PART_CHARS): string[] {
  const n = Math.max(1, Math.ceil(text.length / size));
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(`${id}|${i}|${n}|${text.slice(i * size, (i + 1) * size)}`);
  return out;
}

/** Joins parts back; returns the whole text when the last missing part arrives. */
export function partJoiner(): (raw: string) => string | null {
  const pending = new Map<string, string[]>();
  return (raw) => {
    const a = raw.indexOf('|');
    const b = raw.indexOf('|', a + 1);
    const c = raw.indexOf('|', b + 1);
    if (a < 0 || b < 0 || c < 0) return null;
    const id = raw.slice(0, a);
    const i = Number(raw.slice(a + 1, b));
    const n = Number(raw.slice(b + 1, c));
    if (!Number.isInteger(i) || !Number.isInteger(n) || i < 0 || i >= n || n > 10_000) return null;
    const parts = pending.get(id) ?? new Array<string>(n);
    parts[i] = raw.slice(c + 1);
    pending.set(id, parts);
    for (let k = 0; k < n; k++) if (parts[k] === undefined) return null;
    pending.delete(id);
    return parts.join('');
  };
}
