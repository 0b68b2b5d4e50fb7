import type { Locale } from '../../../electron/contract/locale.ts';
import { useT } from '../i18n/i18n.tsx';
import { LanguageMenu } from './LanguageMenu.tsx';

export function TopBar({
  elderMode,
  onToggleElder,
  onToggleLocale,
  locales,
  onLocale,
  demo,
}: {
  elderMode: boolean;
  onToggleElder: () => void;
  onToggleLocale: () => void;
  /** With more than two languages configured, a menu replaces the zh-CN ⇄ en toggle. */
  locales?: Locale[];
  onLocale?: (locale: Locale) => void;
  demo: boolean;
}) {
  const t = useT();
  return (
    <header className="top-bar">
      <span className="top-title">
        {t('app.title')}
        {demo ? <span className="badge">{t('status.demo')}</span> : null}
      </span>
      <span className="top-actions">
        {locales && onLocale && locales.length > 2 ? (
          <LanguageMenu locales={locales} onLocale={onLocale} />
        ) : (
          <button type="button" className="btn btn-secondary" onClick={onToggleLocale}>
            {t('lang.switch')}
          </button>
        )}
        <button
          type="button"
          className="btn btn-toggle"
          aria-pressed={elderMode}
          onClick={onToggleElder}
          data-testid="elder-toggle"
        >
          {elderMode ? t('elder.on') : t('elder.off')}
        </button>
      </span>
    </header>
  );
}
