import { HandwritingEngine, type HandwritingIndex } from './handwriting-engine.ts';
import { PinyinEngine, type PinyinIndex } from './pinyin-engine.ts';

/**
 * The keyboard's dictionaries are built at build time (scripts/build-input-index.ts) and fetched
 * only when a keyboard first opens, so the attract screen's JavaScript stays small. Served locally
 * like every other asset: no network needed.
 */
const PINYIN_URL = new URL('../../../resources/input/pinyin-index.json', import.meta.url);
const HANDWRITING_URL = new URL('../../../resources/input/handwriting-index.json', import.meta.url);

let pinyin: Promise<PinyinEngine> | null = null;
let handwriting: Promise<HandwritingEngine> | null = null;

async function fetchJson<T>(url: URL): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`input index ${url.pathname}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

export function loadPinyinEngine(): Promise<PinyinEngine> {
  pinyin ??= fetchJson<PinyinIndex>(PINYIN_URL).then((i) => new PinyinEngine(i));
  pinyin.catch(() => (pinyin = null));
  return pinyin;
}

export function loadHandwritingEngine(): Promise<HandwritingEngine> {
  handwriting ??= fetchJson<HandwritingIndex>(HANDWRITING_URL).then((i) => new HandwritingEngine(i));
  handwriting.catch(() => (handwriting = null));
  return handwriting;
}
