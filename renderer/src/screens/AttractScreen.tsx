import { useT } from '../i18n/i18n.tsx';

/** The screen a passer-by sees: one large target, the whole screen starts a session. */
export function AttractScreen({ onStart }: { onStart: () => void }) {
  const t = useT();
  return (
    <main className="attract">
      <button type="button" className="attract-button" onClick={onStart} data-testid="attract">
        <span className="attract-title">{t('attract.title')}</span>
        <span className="attract-touch">{t('attract.touch')}</span>
        <span className="attract-hint">{t('attract.hint')}</span>
      </button>
    </main>
  );
}
