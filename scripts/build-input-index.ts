import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';

/**
 * Build-time indexes for the on-screen keyboard (renderer/src/input/), written to resources/input/
 * and loaded by the renderer only when a keyboard first opens:
 *   pinyin-index.json       pinyin → words and phrases, ranked by frequency. Words and frequencies
 *                           from jieba's dictionary (MIT, shipped in @node-rs/jieba), readings from
 *                           pinyin-pro (word-level, so 银行 is under yinhang, not yinxing).
 *   handwriting-index.json  stroke medians of the ~6000 most frequent characters from Make Me a
 *                           Hanzi (hanzi-writer-data, Arphic Public License), quantised to a 64×64 grid.
 * Both are regenerated only when missing or older than this script.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const INPUT_DIR = path.join(ROOT, 'resources', 'input');
export const PINYIN_INDEX = path.join(INPUT_DIR, 'pinyin-index.json');
export const HANDWRITING_INDEX = path.join(INPUT_DIR, 'handwriting-index.json');
const require = createRequire(import.meta.url);

const HAN = /^[\u4e00-\u9fff]{1,4}$/;
const INTERJECTIONS = new Set(['n', 'ng', 'm', 'hm', 'hng']);
const MIN_PHRASE_FREQ = 5;
const HANDWRITING_CHARS = 6000;
const GRID = 64;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export interface PinyinIndexFile {
  v: 1;
  source: string;
  /** Keys (syllables without tones or separators, e.g. "zhangsan"), sorted. */
  keys: string[];
  /** Per key: words separated by spaces, most frequent first. */
  words: string[];
  /** Per key: each word's frequency as round(2·ln(freq)), space-separated, same order. */
  freqs: string[];
}

export interface HandwritingIndexFile {
  v: 1;
  source: string;
  grid: number;
  /** One character per entry. */
  chars: string;
  /** Per character: strokes separated by spaces; each stroke is its median as base64 x,y pairs. */
  strokes: string[];
}

function jiebaEntries(): { word: string; freq: number }[] {
  const dictFile = path.join(path.dirname(require.resolve('@node-rs/jieba/package.json')), 'dict.txt');
  const out: { word: string; freq: number }[] = [];
  for (const line of fs.readFileSync(dictFile, 'utf8').split('\n')) {
    const [word, f] = line.split(' ');
    const freq = Number(f);
    if (!word || !HAN.test(word) || !Number.isFinite(freq)) continue;
    if (word.length > 1 && freq < MIN_PHRASE_FREQ) continue;
    out.push({ word, freq });
  }
  return out;
}

export function buildPinyinIndex(): PinyinIndexFile {
  const byKey = new Map<string, Map<string, number>>();
  const add = (key: string, word: string, freq: number): void => {
    // Interjection readings (嗯 n/ng, 呣 m, 哼 hng) would split real syllables (zhe+ng) when composing.
    if (!/^[a-z]+$/.test(key) || INTERJECTIONS.has(key)) return;
    let m = byKey.get(key);
    if (!m) byKey.set(key, (m = new Map()));
    m.set(word, Math.max(m.get(word) ?? 0, freq));
  };
  for (const { word, freq } of jiebaEntries()) {
    if (word.length === 1) {
      // A single character is offered under every reading (行: xing and hang).
      const readings = pinyin(word, { toneType: 'none', multiple: true, type: 'array' });
      readings.forEach((r, i) => add(r.replace(/ü/g, 'v'), word, i === 0 ? freq : Math.max(1, freq / 4)));
    } else {
      add(pinyin(word, { toneType: 'none', type: 'array' }).join('').replace(/ü/g, 'v'), word, freq);
    }
  }
  const keys = [...byKey.keys()].sort();
  const words: string[] = [];
  const freqs: string[] = [];
  for (const k of keys) {
    const sorted = [...byKey.get(k)!.entries()].sort((a, b) => b[1] - a[1]);
    words.push(sorted.map(([w]) => w).join(' '));
    freqs.push(sorted.map(([, f]) => Math.round(2 * Math.log(Math.max(1, f)))).join(' '));
  }
  return { v: 1, source: 'jieba dict.txt (MIT) + pinyin-pro readings', keys, words, freqs };
}

interface HanziData {
  medians: [number, number][][];
}

function encodeStroke(points: [number, number][]): string {
  // Make Me a Hanzi: 1024 units, y grows upwards with the baseline at 900.
  return points
    .map(([x, y]) => {
      const qx = Math.max(0, Math.min(GRID - 1, Math.round((x / 1024) * GRID)));
      const qy = Math.max(0, Math.min(GRID - 1, Math.round(((900 - y) / 1024) * GRID)));
      return B64[qx]! + B64[qy]!;
    })
    .join('');
}

export function buildHandwritingIndex(): HandwritingIndexFile {
  const dataDir = path.dirname(require.resolve('hanzi-writer-data/package.json'));
  const singles = jiebaEntries()
    .filter((e) => e.word.length === 1)
    .sort((a, b) => b.freq - a.freq);
  let chars = '';
  const strokes: string[] = [];
  for (const { word } of singles) {
    if (strokes.length >= HANDWRITING_CHARS) break;
    const file = path.join(dataDir, `${word}.json`);
    if (!fs.existsSync(file)) continue;
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as HanziData;
    chars += word;
    strokes.push(data.medians.map(encodeStroke).join(' '));
  }
  return {
    v: 1,
    source: 'Make Me a Hanzi via hanzi-writer-data (Arphic Public License)',
    grid: GRID,
    chars,
    strokes,
  };
}

function stale(file: string): boolean {
  if (!fs.existsSync(file)) return true;
  return fs.statSync(file).mtimeMs < fs.statSync(fileURLToPath(import.meta.url)).mtimeMs;
}

/** Writes both indexes when missing or out of date; returns their paths. */
export function buildInputIndexes(force = false): { pinyin: string; handwriting: string } {
  fs.mkdirSync(INPUT_DIR, { recursive: true });
  if (force || stale(PINYIN_INDEX)) fs.writeFileSync(PINYIN_INDEX, JSON.stringify(buildPinyinIndex()));
  if (force || stale(HANDWRITING_INDEX)) {
    fs.writeFileSync(HANDWRITING_INDEX, JSON.stringify(buildHandwritingIndex()));
  }
  return { pinyin: PINYIN_INDEX, handwriting: HANDWRITING_INDEX };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  buildInputIndexes(process.argv.includes('--force'));
  process.stdout.write(`input indexes built in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
