import { useT } from '../i18n/i18n.tsx';

export function TopBar({
  elderMode,
  onToggleElder,
  onToggleLocale,
  demo,
}: {
  elderMode: boolean;
  onToggleElder: () => void;
  onToggleLocale: () => void;
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
        <button type="button" className="btn btn-secondary" onClick={onToggleLocale}>
          {t('lang.switch')}
        </button>
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
