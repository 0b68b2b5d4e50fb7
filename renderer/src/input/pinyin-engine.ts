/**
 * Pinyin → Chinese candidates over the build-time index (scripts/build-input-index.ts). Pure and
 * synchronous so a key tap shows candidates in the same frame (bench: input.candidates_ms ≤ 50).
 *
 * For typed letters "zhangsan" it offers, in order: a composed sentence covering all letters (张三),
 * whole-input words and phrases, completions of a half-typed syllable (zhangs → 张三丰), then words
 * for the leading syllables (张, 章 …). Picking a candidate consumes its letters; the rest stays.
 */
export interface PinyinIndex {
  keys: string[];
  words: string[];
  freqs: string[];
}

export interface Candidate {
  text: string;
  /** How many typed letters this candidate consumes (from the start). */
  consumed: number;
}

const MAX_KEY = 24;
// Frequencies are stored as 2·ln(count); jieba's counts sum to about 6·10^7, so 2·ln(total) ≈ 36
// turns each word into a log-probability and a sentence of fewer, longer words wins, as it should.
const WORD_PENALTY = 36;

export class PinyinEngine {
  private readonly byKey = new Map<string, { words: string[]; freqs: number[] }>();
  private readonly keys: string[];

  constructor(index: PinyinIndex) {
    this.keys = index.keys;
    index.keys.forEach((k, i) => {
      this.byKey.set(k, {
        words: (index.words[i] ?? '').split(' '),
        freqs: (index.freqs[i] ?? '').split(' ').map(Number),
      });
    });
  }

  private lookup(key: string): { words: string[]; freqs: number[] } | undefined {
    return this.byKey.get(key);
  }

  /** Best-scoring sentence covering all of `s` with dictionary words (Viterbi over log-frequencies). */
  compose(s: string): string | null {
    const n = s.length;
    const best: { score: number; text: string }[] = Array.from({ length: n + 1 }, () => ({
      score: -Infinity,
      text: '',
    }));
    best[0] = { score: 0, text: '' };
    for (let i = 0; i < n; i++) {
      const from = best[i]!;
      if (from.score === -Infinity) continue;
      for (let j = i + 1; j <= Math.min(n, i + MAX_KEY); j++) {
        const e = this.lookup(s.slice(i, j));
        if (!e) continue;
        const score = from.score + (e.freqs[0] ?? 0) - WORD_PENALTY;
        if (score > best[j]!.score) best[j] = { score, text: from.text + e.words[0]! };
      }
    }
    return best[n]!.score === -Infinity ? null : best[n]!.text;
  }

  /** Keys starting with `prefix` (sorted array, binary search), best words first. */
  private completions(prefix: string, limit: number): { text: string; f: number }[] {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.keys[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found: { text: string; f: number }[] = [];
    for (let i = lo; i < this.keys.length && i < lo + 3000; i++) {
      const k = this.keys[i]!;
      if (!k.startsWith(prefix)) break;
      if (k === prefix) continue;
      const e = this.byKey.get(k)!;
      for (let w = 0; w < Math.min(3, e.words.length); w++)
        found.push({ text: e.words[w]!, f: e.freqs[w] ?? 0 });
    }
    return found.sort((a, b) => b.f - a.f).slice(0, limit);
  }

  candidates(input: string, limit = 48): Candidate[] {
    const s = input.toLowerCase().replace(/[^a-z]/g, '');
    if (!s) return [];
    const out: Candidate[] = [];
    const seen = new Set<string>();
    const push = (text: string, consumed: number): void => {
      if (!text || seen.has(text) || out.length >= limit) return;
      seen.add(text);
      out.push({ text, consumed });
    };
    const exact = this.lookup(s);
    const sentence = this.compose(s);
    if (sentence && (!exact || exact.words[0] !== sentence)) {
      // A composed sentence goes first only when no dictionary phrase covers the input at least as well.
      if (!exact) push(sentence, s.length);
    }
    exact?.words.forEach((w) => push(w, s.length));
    if (sentence) push(sentence, s.length);
    for (const c of this.completions(s, 8)) push(c.text, s.length);
    for (let j = Math.min(s.length - 1, MAX_KEY); j >= 1; j--) {
      const e = this.lookup(s.slice(0, j));
      e?.words.slice(0, 12).forEach((w) => push(w, j));
    }
    return out;
  }
}
