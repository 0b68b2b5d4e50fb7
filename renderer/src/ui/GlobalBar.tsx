import { useT } from '../i18n/i18n.tsx';

/** 返回 / 首页 / 呼叫帮办 at the same place on every screen, so a resident never hunts for a way out. */
export function GlobalBar({
  canGoBack,
  onBack,
  onHome,
  onHelp,
}: {
  canGoBack: boolean;
  onBack: () => void;
  onHome: () => void;
  onHelp: () => void;
}) {
  const t = useT();
  return (
    <nav className="global-bar" aria-label={t('nav.home')}>
      <button type="button" className="btn btn-secondary" onClick={onBack} disabled={!canGoBack}>
        {t('nav.back')}
      </button>
      <button type="button" className="btn btn-secondary" onClick={onHome}>
        {t('nav.home')}
      </button>
      <button type="button" className="btn btn-help" onClick={onHelp}>
        {t('nav.help')}
      </button>
    </nav>
  );
}
