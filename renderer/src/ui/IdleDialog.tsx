import { useEffect, useRef } from 'react';
import { useT } from '../i18n/i18n.tsx';

export function IdleDialog({
  remaining,
  onContinue,
  onEnd,
}: {
  remaining: number;
  onContinue: () => void;
  onEnd: () => void;
}) {
  const t = useT();
  const continueRef = useRef<HTMLButtonElement>(null);
  useEffect(() => continueRef.current?.focus(), []);
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="idle-title"
        aria-describedby="idle-body"
      >
        <h2 id="idle-title">{t('idle.title')}</h2>
        <p id="idle-body" aria-live="assertive">
          {t('idle.body', { seconds: remaining })}
        </p>
        <div className="dialog-actions">
          <button type="button" className="btn btn-secondary" onClick={onEnd}>
            {t('idle.end')}
          </button>
          <button ref={continueRef} type="button" className="btn btn-primary" onClick={onContinue}>
            {t('idle.continue')}
          </button>
        </div>
      </div>
    </div>
  );
}
