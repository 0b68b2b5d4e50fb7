import type { Locale } from '../../../electron/contract/locale.ts';

/**
 * Dates and numbers per locale. Chromium ships no CLDR data for ug and bo (their dates print as
 * "Monday, January 5, 2026"), so those two use patterns from CLDR 45 kept here; zh-CN and en use
 * Intl. Western digits throughout: CLDR's default numbering for ug and bo is "latn".
 */
const UG_MONTHS = [
  'يانۋار',
  'فېۋرال',
  'مارت',
  'ئاپرېل',
  'ماي',
  'ئىيۇن',
  'ئىيۇل',
  'ئاۋغۇست',
  'سېنتەبىر',
  'ئۆكتەبىر',
  'نويابىر',
  'دېكابىر',
];
const BO_MONTHS = [
  'ཟླ་བ་དང་པོ',
  'ཟླ་བ་གཉིས་པ',
  'ཟླ་བ་གསུམ་པ',
  'ཟླ་བ་བཞི་པ',
  'ཟླ་བ་ལྔ་པ',
  'ཟླ་བ་དྲུག་པ',
  'ཟླ་བ་བདུན་པ',
  'ཟླ་བ་བརྒྱད་པ',
  'ཟླ་བ་དགུ་པ',
  'ཟླ་བ་བཅུ་པ',
  'ཟླ་བ་བཅུ་གཅིག་པ',
  'ཟླ་བ་བཅུ་གཉིས་པ',
];

function intlSupports(locale: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0;
  } catch {
    return false;
  }
}

/** A calendar date as residents of that language write it (time zone: the kiosk's, Asia/Shanghai). */
export function formatDate(locale: Locale, date: Date, timeZone = 'Asia/Shanghai'): string {
  if (locale === 'zh-CN' || locale === 'en' || intlSupports(locale)) {
    return new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      timeZone,
    }).format(date);
  }
  return formatDateCldr(locale, date, timeZone);
}

/** The CLDR long-date patterns of ug ("d-MMMM، y") and bo ("སྤྱི་ལོ་y MMMMའི་ཚེས་d"), for runtimes without their data. */
export function formatDateCldr(locale: 'ug' | 'bo', date: Date, timeZone = 'Asia/Shanghai'): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    timeZone,
  })
    .formatToParts(date)
    .reduce<Record<string, number>>(
      (acc, p) => (p.type === 'literal' ? acc : { ...acc, [p.type]: Number(p.value) }),
      {},
    );
  const y = parts.year ?? 0;
  const m = parts.month ?? 1;
  const d = parts.day ?? 1;
  if (locale === 'ug') return `${d}-${UG_MONTHS[m - 1]}، ${y}`;
  return `སྤྱི་ལོ་${y} ${BO_MONTHS[m - 1]}འི་ཚེས་${d}`;
}

export function formatNumber(locale: Locale, n: number): string {
  // CLDR ug and bo group with "," and use "." for decimals, like en.
  return new Intl.NumberFormat(locale === 'zh-CN' ? 'zh-CN' : 'en').format(n);
}
