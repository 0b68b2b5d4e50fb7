import { pinyin } from 'pinyin-pro';

/**
 * Text preparation shared by import (documents) and search (queries), so both sides agree on what a
 * character is: full-width forms folded (NFKC), Latin lower-cased, spaces and punctuation dropped.
 */
export function normalize(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
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

/** Every distinct 1- and 2-character window of `s` (by code point), for the short-query index. */
export function shortGrams(s: string, into: Set<string> = new Set()): Set<string> {
  const chars = [...normalize(s)];
  for (let i = 0; i < chars.length; i++) {
    into.add(chars[i]!);
    if (i + 1 < chars.length) into.add(chars[i]! + chars[i + 1]!);
  }
  return into;
}

export function charLength(s: string): number {
  return [...s].length;
}

/** Quotes a string as one FTS5 phrase: nothing a resident types can become FTS syntax. */
export function ftsPhrase(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
