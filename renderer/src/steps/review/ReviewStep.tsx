import type { FlowView } from '../../../../electron/contract/flows.ts';
import { useT, type MessageKey } from '../../i18n/i18n.tsx';
import type { StepProps } from '../../flows/flow-client.ts';

/** Everything on one page; each section has 修改, which returns here after the edit. */
export function ReviewStep({ view, run }: StepProps<FlowView>) {
  const t = useT();
  const edit = (step: string) => (
    <button type="button" className="btn" onClick={() => void run('flow.goto', { step })}>
      {t('flows.review.edit')}
    </button>
  );
  const a = view.identity.applicant;
  const g = view.identity.agent;
  return (
    <section className="flow-step flow-review" data-testid="step-review">
      <p className="lead">{t('flows.review.intro')}</p>
      {view.members.length > 1 ? (
        <div className="flow-review-section">
          <h3>{t('flows.review.members')}</h3>
          <ul>
            {view.members.map((m) => (
              <li key={m.id}>
                {m.name}（{m.timeLimit}）
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="flow-review-section">
        <h3>
          {t('flows.review.identity')} {edit('identify')}
        </h3>
        {a ? (
          <p>
            {t('flows.identify.applicant')}：{a.name}（{a.idMasked}）
          </p>
        ) : null}
        {g ? (
          <p>
            {t('flows.identify.agent')}：{g.name}（{g.idMasked}）
          </p>
        ) : null}
        {view.face ? (
          // Pending: the live check passed here, the platform compares when the kiosk is online.
          <p data-testid="review-face">
            {t(
              view.face === 'passed'
                ? 'flows.face.passed'
                : view.face === 'pending'
                  ? 'flows.face.pendingReview'
                  : 'flows.face.assistedDone',
            )}
          </p>
        ) : null}
      </div>
      {view.review.map((s) => (
        <div key={s.stepId} className="flow-review-section" data-testid="review-section">
          <h3>
            {s.title} {edit(s.stepId)}
          </h3>
          <dl>
            {s.items.map((i) => (
              <div key={i.label} className="flow-review-item">
                <dt>{i.label}</dt>
                <dd>{i.value || '—'}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
      <div className="flow-review-section">
        <h3>
          {t('flows.review.materials')}{' '}
          {view.steps.some((s) => s.kind === 'materials') ? edit('materials') : null}
        </h3>
        <ul>
          {view.materials.map((m) => (
            <li key={m.key}>
              {m.name}：
              {m.status === 'deferred'
                ? t('flows.materials.status.deferred', { date: m.promisedDate ?? '' })
                : m.status === 'covered'
                  ? t(`flows.materials.status.covered.${m.coveredBy ?? 'card'}` as MessageKey)
                  : t(`flows.materials.status.${m.status}` as MessageKey)}
            </li>
          ))}
        </ul>
      </div>
      {view.signedAt ? (
        <p>
          {t('flows.review.signed')} {edit('sign')}
        </p>
      ) : null}
    </section>
  );
}
