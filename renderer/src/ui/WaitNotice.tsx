import { useEffect, useState } from 'react';
import { useT } from '../i18n/i18n.tsx';
import './wait-notice.css';

/**
 * K14: a wait on the core that passes this long gets a visible 正在处理，请稍候. Shorter waits show
 * nothing, because a notice that flashes for a moment reads as an error to an elderly resident.
 */
export const WAIT_NOTICE_AFTER_MS = 1000;

/** True once `active` has stayed true for `ms`; false again as soon as it turns false. */
export function useAfter(active: boolean, ms: number): boolean {
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (!active) return;
    const timer = setTimeout(() => setLate(true), ms);
    return () => {
      clearTimeout(timer);
      setLate(false);
    };
  }, [active, ms]);
  return active && late;
}

/**
 * Put where the resident waits on the core, with `waiting` true while the call is out. The status
 * region is always in the page (a live region that appears together with its text is often not
 * read out), and it floats above the page so nothing moves under a finger when it fills.
 */
export function WaitNotice({ waiting }: { waiting: boolean }) {
  const t = useT();
  const shown = useAfter(waiting, WAIT_NOTICE_AFTER_MS);
  return (
    <div className="wait-notice" role="status" data-testid="wait-notice">
      {shown ? (
        <span className="wait-notice-body">
          <span className="wait-notice-spinner" aria-hidden="true" />
          {t('wait.slow')}
        </span>
      ) : null}
    </div>
  );
}
