import { z } from 'zod';

/**
 * The resident-facing languages. zh-CN first; ug (Uyghur, Arabic script, right-to-left) and bo
 * (Tibetan) are the minority languages the kiosk ships. Kept in its own file so feature contracts
 * (speech, …) can use it without an import cycle through calls.ts.
 */
export const LocaleSchema = z.enum(['zh-CN', 'en', 'ug', 'bo']);
export type Locale = z.infer<typeof LocaleSchema>;

/** Locales written right to left: the layout mirrors (CSS logical properties) and `dir="rtl"` is set. */
export const RTL_LOCALES: readonly Locale[] = ['ug'];
