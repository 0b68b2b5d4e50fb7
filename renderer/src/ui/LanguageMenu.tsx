import { useEffect, useRef, useState } from 'react';
import type { Locale } from '../../../electron/contract/locale.ts';
import { useLocale, useT, type MessageKey } from '../i18n/i18n.tsx';

const NAMES: Record<Locale, MessageKey> = {
  'zh-CN': 'lang.name.zh-CN',
  en: 'lang.name.en',
  ug: 'lang.name.ug',
  bo: 'lang.name.bo',
};
const HTML_LANG: Record<Locale, string> = { 'zh-CN': 'zh-CN', en: 'en', ug: 'ug', bo: 'bo' };

/**
 * "语言 Language": opens a list of the configured languages, each named in its own language and
 * script (with its own `lang`), so a resident who cannot read the current one still finds theirs.
 */
export function LanguageMenu({ locales, onLocale }: { locales: Locale[]; onLocale: (l: Locale) => void }) {
  const t = useT();
  const current = useLocale();
  const [open, setOpen] = useState(false);
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);
  return (
    <div className="lang-menu">
      <button
        type="button"
        className="btn btn-secondary"
        aria-expanded={open}
        aria-controls="lang-list"
        data-testid="lang-menu"
        onClick={() => setOpen((o) => !o)}
      >
        {t('lang.menu')}
      </button>
      {open ? (
        <ul id="lang-list" className="lang-list">
          {locales.map((l, i) => (
            <li key={l}>
              <button
                ref={i === 0 ? first : undefined}
                type="button"
                className="btn"
                lang={HTML_LANG[l]}
                dir={l === 'ug' ? 'rtl' : 'ltr'}
                aria-current={l === current ? 'true' : undefined}
                data-testid={`lang-${l}`}
                onClick={() => {
                  setOpen(false);
                  onLocale(l);
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') setOpen(false);
                }}
              >
                {t(NAMES[l])}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
