import { pinyin } from 'pinyin-pro';

/**
 * Text preparation shared by import (documents) and search (queries), so both sides agree on what a
 * character is: full-width forms folded (NFKC), Latin lower-cased, spaces, punctuation, symbols and
 * control characters dropped (a NUL would end an FTS query string early).
 */
export function normalize(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}\p{C}]+/gu, '');
}

const HAN = /\p{Script=Han}/u;
export function hasHan(s: string): boolean {
  return HAN.test(s);
}

/** Full spelling without tones or spaces ("社保卡" → "shebaoka") and initials ("sbk"). */
export function pinyinOf(s: string): { full: string; initials: string } {
  const text = normalize(s);
  if (!hasHan(text)) return { full: text, initials: text };
  const syllables = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true });
  return {
    full: syllables.join(''),
    initials: syllables.map((x) => x.charAt(0)).join(''),
  };
}

export function charLength(s: string): number {
  return [...s].length;
}

/** Quotes a string as one FTS5 phrase: nothing a resident types can become FTS syntax. */
export function ftsPhrase(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
