import type { lookupsZhCN } from './lookups.zh-CN.ts';

/**
 * Uyghur draft, built from phrases already in ug.ts (errors.offline, errors.internal,
 * idcard.prompt) until the native-speaker review (民族语文翻译审校) supplies exact wording.
 */
export const lookupsUg: Record<keyof typeof lookupsZhCN, string> = {
  'lookups.err.offline': 'تور ئۇلانمىدى، سەل تۇرۇپ قايتا سىناڭ',
  'lookups.err.unavailable': 'سىستېمىدا مەسىلە كۆرۈلدى، قايتا سىناڭ ياكى ياردەم چاقىرىڭ',
  'lookups.err.refused': 'سىستېمىدا مەسىلە كۆرۈلدى، قايتا سىناڭ ياكى ياردەم چاقىرىڭ',
  'lookups.err.noCard': 'كىملىك كارتىڭىزنى سەزگۈچ رايونىغا قويۇڭ',
};
