import type { FlowView } from '../../../electron/contract/flows.ts';
import { useT } from '../i18n/i18n.tsx';
import type { StepProps } from './flow-client.ts';

/**
 * Stand-in for the camera helper's face step (renderer/src/steps/face/, not committed when this
 * was written): it replaces the demo button. The staff route is permanent: a face check is never
 * the only way through (elderly residents, injuries, camera faults).
 */
export function FaceFallback({ view, run, demo }: StepProps<FlowView> & { demo: boolean }) {
  const t = useT();
  return (
    <section className="flow-step" data-testid="step-face">
      <p className="lead">{t('flows.face.intro')}</p>
      {view.face === 'passed' ? <p className="flow-ok">{t('flows.face.passed')}</p> : null}
      {view.face === 'assisted' ? <p className="flow-ok">{t('flows.face.assistedDone')}</p> : null}
      <div className="flow-actions-inline">
        {demo ? (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void run('flow.face', { result: 'passed' })}
          >
            {t('flows.face.demoPass')}
          </button>
        ) : null}
        <button type="button" className="btn" onClick={() => void run('flow.face', { result: 'assisted' })}>
          {t('flows.face.assisted')}
        </button>
      </div>
    </section>
  );
}
