import { describe, expect, it } from 'vitest';
import { zhCN } from '../../../renderer/src/i18n/zh-CN.ts';
import { en } from '../../../renderer/src/i18n/en.ts';
import { ug } from '../../../renderer/src/i18n/ug.ts';
import { bo } from '../../../renderer/src/i18n/bo.ts';
import { formatDate, formatDateCldr, formatNumber } from '../../../renderer/src/i18n/format.ts';
import { pseudoLocalise } from '../../../renderer/src/i18n/pseudo.ts';

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
const keys = Object.keys(zhCN) as (keyof typeof zhCN)[];

describe.each([
  ['en', en],
  ['ug', ug],
  ['bo', bo],
] as const)('the %s catalogue', (name, cat) => {
  it('has exactly the zh-CN keys, none empty', () => {
    expect(Object.keys(cat).sort()).toEqual([...keys].sort());
    for (const k of keys) expect(cat[k].trim(), k).not.toBe('');
  });

  it('keeps every {placeholder} of the zh-CN text', () => {
    for (const k of keys) expect(placeholders(cat[k]), `${name} ${k}`).toEqual(placeholders(zhCN[k]));
  });
});

describe('minority-language catalogues are in their own script', () => {
  // Language names, keyboard labels and codes are the same in every catalogue by design.
  const shared = (k: string): boolean => k.startsWith('lang.') || k === 'kb.latin' || k === 'kb.numeric';
  it('every Uyghur message is written in Arabic script', () => {
    for (const k of keys.filter((k) => !shared(k))) expect(ug[k], k).toMatch(/[\u0600-\u06ff]/);
  });
  it('every Tibetan message is written in Tibetan script', () => {
    for (const k of keys.filter((k) => !shared(k))) expect(bo[k], k).toMatch(/[\u0f00-\u0fff]/);
  });
});

describe('dates and numbers per locale', () => {
  const dates = ['2026-01-05T10:00:00+08:00', '2026-12-31T23:30:00+08:00', '2027-07-01T00:10:00+08:00'].map(
    (s) => new Date(s),
  );
  it('formats zh-CN and en with Intl', () => {
    expect(formatDate('zh-CN', dates[0]!)).toBe('2026年1月5日');
    expect(formatDate('en', dates[0]!)).toBe('January 5, 2026');
    expect(formatNumber('ug', 1234567.5)).toBe('1,234,567.5');
  });
  // Chromium has no ug/bo locale data; Node's full ICU does, so it checks the kept CLDR patterns.
  it.each(['ug', 'bo'] as const)('the %s fallback matches CLDR as full ICU formats it', (locale) => {
    for (const d of dates) {
      const icu = new Intl.DateTimeFormat(locale, {
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        timeZone: 'Asia/Shanghai',
      }).format(d);
      expect(formatDateCldr(locale, d)).toBe(icu);
    }
  });
});

describe('pseudo-locale', () => {
  it('grows text by half and keeps placeholders', () => {
    const source = '{seconds} 秒后结束';
    const out = pseudoLocalise(source);
    expect(out).toContain('{seconds}');
    const visible = (s: string): number => s.replace(/\{\w+\}/g, '').length;
    expect(visible(out)).toBeGreaterThanOrEqual(Math.ceil(visible(source) * 1.5));
  });
});
