import { customPinyin, pinyin } from 'pinyin-pro';
import type { Locale } from '../../contract/locale.ts';

/**
 * Turns what the screen shows into what a synthesiser should say. Numbers are read the way a
 * counter clerk reads them: ID and phone numbers digit by digit (一 as 幺 would confuse the
 * elderly; X as 叉), dates as 年月日, amounts as numerals. Chinese text then becomes tone-numbered
 * pinyin, because espeak-ng's own Mandarin dictionary gets tones and polyphones wrong
 * (办 read "ban four"); pinyin-pro picks readings by word (银行 háng, 行走 xíng).
 */

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
const EN_DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'] as const;

// pinyin-pro picks the commoner reading of 还 in these service words; a clerk says huán.
customPinyin({
  还款: 'huán kuǎn',
  归还: 'guī huán',
  退还: 'tuì huán',
  还贷: 'huán dài',
  偿还: 'cháng huán',
  返还: 'fǎn huán',
  单位: 'dān wèi',
  参保: 'cān bǎo',
});

function digitsZh(s: string): string {
  return [...s].map((c) => (c === 'X' || c === 'x' ? '叉' : (ZH_DIGITS[Number(c)] ?? c))).join('');
}

function digitsEn(s: string): string {
  return [...s].map((c) => (c === 'X' || c === 'x' ? 'X' : (EN_DIGITS[Number(c)] ?? c))).join(' ');
}

/** 0 ≤ n < 10^12 as Chinese numerals: 15 → 十五, 1005 → 一千零五, 120000 → 十二万. */
export function numberToZh(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 1e12) return digitsZh(String(n));
  if (n === 0) return '零';
  const section = (x: number): string => {
    const units = ['', '十', '百', '千'];
    let out = '';
    let zero = false;
    for (let i = 3; i >= 0; i--) {
      const d = Math.floor(x / 10 ** i) % 10;
      if (d === 0) {
        if (out) zero = true;
        continue;
      }
      if (zero) out += '零';
      zero = false;
      out += ZH_DIGITS[d]! + units[i]!;
    }
    return out;
  };
  const parts: [number, string][] = [
    [Math.floor(n / 1e8), '亿'],
    [Math.floor(n / 1e4) % 1e4, '万'],
    [n % 1e4, ''],
  ];
  let out = '';
  let pendingZero = false;
  for (const [v, unit] of parts) {
    if (v === 0) {
      if (out) pendingZero = true;
      continue;
    }
    if (out && (pendingZero || v < 1000)) out += '零';
    pendingZero = false;
    out += section(v) + unit;
  }
  // 一十五 is read 十五 at the start of a number.
  return out.replace(/^一十/, '十');
}

function decimalZh(s: string): string {
  const [int, frac] = s.split('.');
  const head = numberToZh(Number(int));
  return frac ? `${head}点${digitsZh(frac)}` : head;
}

/** Normalises numbers, dates, times and identifiers for speech in the given locale. */
export function normaliseForSpeech(text: string, locale: Locale): string {
  let t = text.replace(/\s+/g, ' ').trim();
  if (locale === 'zh-CN') {
    t = t.replace(/(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?/g, (_m, y: string, mo: string, d: string) => {
      return `${digitsZh(y)}年${numberToZh(Number(mo))}月${numberToZh(Number(d))}日`;
    });
    t = t.replace(/(\d{1,2})[:：](\d{2})/g, (_m, h: string, mi: string) => {
      const m = Number(mi);
      return `${numberToZh(Number(h))}点${m === 0 ? '整' : `${numberToZh(m)}分`}`;
    });
    // 18-digit ID (last may be X), 15-digit old ID, 11-digit mobile, and any long digit run: digit by digit.
    t = t.replace(/\d{17}[\dXx]|\d{15}|\d{11}|\b0\d+|\d{7,}/g, (m) => digitsZh(m));
    t = t.replace(/(\d+(?:\.\d+)?)\s*%/g, (_m, v: string) => `百分之${decimalZh(v)}`);
    t = t.replace(/\d+\.\d+/g, (m) => decimalZh(m));
    t = t.replace(/\d+/g, (m) => numberToZh(Number(m)));
  } else if (locale === 'en') {
    t = t.replace(/\d{17}[\dXx]|\d{15}|\d{11}|\b0\d+|\d{7,}/g, (m) => digitsEn(m));
  }
  return t;
}

/** Tone-marked pinyin of Chinese text (for checks and captions): 银行 → "yín háng". */
export function tonedPinyin(text: string): string {
  return pinyin(text, { toneType: 'symbol' });
}

/**
 * Text for espeak-ng's `cmn-latn-pinyin` voice: syllables with tone digits, neutral tone as 5,
 * punctuation kept as pauses, Latin letters passed through.
 */
export function toEspeakPinyin(text: string): string {
  const out: string[] = [];
  for (const run of text.match(/[\u3400-\u9fff]+|[，。！？；：、,.!?;:]+|[A-Za-z]+|\S/g) ?? []) {
    if (/^[\u3400-\u9fff]/.test(run)) {
      // A run of digits read one by one (ID, phone) keeps each digit's own tone: no 一 sandhi.
      for (const part of run.split(/([零一二三四五六七八九叉]{3,})/).filter(Boolean)) {
        const toneSandhi = !/^[零一二三四五六七八九叉]{3,}$/.test(part);
        for (const syl of pinyin(part, { toneType: 'num', type: 'array', toneSandhi })) {
          out.push(syl.replace(/0$/, '5').replace(/ü/g, 'v'));
        }
      }
    } else if (/^[，。！？；：、,.!?;:]/.test(run)) {
      const last = out.length - 1;
      if (last >= 0) out[last] = `${out[last]},`;
    } else if (/^[A-Za-z]+$/.test(run)) {
      out.push(run.toLowerCase());
    }
  }
  return out.join(' ');
}
