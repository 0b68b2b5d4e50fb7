import type { FlowView } from '../../../../electron/contract/flows.ts';
import { useLocale, useT } from '../../i18n/i18n.tsx';
import { errorKey, type StepProps } from '../../flows/flow-client.ts';

/** 告知承诺: the commitment text for these matters, read aloud on request, accepted explicitly. */
export function PromiseStep({ client, view, run }: StepProps<FlowView>) {
  const t = useT();
  const locale = useLocale();
  const text = t('flows.promise.text', { matters: view.members.map((m) => m.name).join('、') });
  const err = errorKey(view.errors.promise);
  return (
    <section className="flow-step" data-testid="step-promise">
      <h3>{t('flows.promise.title')}</h3>
      <p className="flow-promise-text">{text}</p>
      <div className="flow-actions-inline">
        <button
          type="button"
          className="btn"
          onClick={() => void client.call('speech.speak', { text, locale }).catch(() => undefined)}
        >
          {t('flows.promise.read')}
        </button>
        {view.promiseAccepted ? (
          <p className="flow-ok">{t('flows.promise.accepted')}</p>
        ) : (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void run('flow.promise', { accepted: true })}
          >
            {t('flows.promise.accept')}
          </button>
        )}
      </div>
      {err ? (
        <p className="flow-error" role="alert">
          {t(err)}
        </p>
      ) : null}
    </section>
  );
}
