import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { Locale } from '../../../electron/contract/calls.ts';
import { zhCN, type MessageKey } from './zh-CN.ts';
import { en } from './en.ts';
import { ug } from './ug.ts';
import { bo } from './bo.ts';
import { pseudoLocalise, pseudoEnabled } from './pseudo.ts';

export type { MessageKey };
const catalogues: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en, ug, bo };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const raw = catalogues[locale][key] ?? zhCN[key] ?? key;
  const text = pseudoEnabled() ? pseudoLocalise(raw) : raw;
  return params ? text.replace(/\{(\w+)\}/g, (_, p: string) => String(params[p] ?? `{${p}}`)) : text;
}

/** Message keys arriving over the contract (errors, device states) are checked before use. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}

const I18nContext = createContext<{ locale: Locale; t: Translate }>({
  locale: 'zh-CN',
  t: (k, p) => translate('zh-CN', k, p),
});

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const value = useMemo(() => ({ locale, t: ((k, p) => translate(locale, k, p)) as Translate }), [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useT(): Translate {
  return useContext(I18nContext).t;
}
export function useLocale(): Locale {
  return useContext(I18nContext).locale;
}
