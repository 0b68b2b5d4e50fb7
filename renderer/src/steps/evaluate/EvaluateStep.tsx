import { useState } from 'react';
import { EVALUATION_REASONS, type EvaluationGrade } from '../../../../electron/contract/flows.ts';
import type { KioskClient } from '../../../../electron/contract/index.ts';
import { useT, type MessageKey } from '../../i18n/i18n.tsx';
import { messageOf } from '../../flows/flow-client.ts';

const GRADES: EvaluationGrade[] = [
  'very-satisfied',
  'satisfied',
  'basically-satisfied',
  'dissatisfied',
  'very-dissatisfied',
];
const isBad = (g: EvaluationGrade | null): boolean => g === 'dissatisfied' || g === 'very-dissatisfied';

/** 好差评: five grades, a reason required for the two lowest, an optional callback phone. */
export function EvaluateStep({ client, onDone }: { client: KioskClient; onDone: () => void }) {
  const t = useT();
  const [grade, setGrade] = useState<EvaluationGrade | null>(null);
  const [reasons, setReasons] = useState<string[]>([]);
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<MessageKey | null>(null);
  const [done, setDone] = useState(false);

  const submit = (): void => {
    if (!grade) return;
    if (isBad(grade) && reasons.length === 0) {
      setError('flows.err.reason');
      return;
    }
    client
      .call('flow.evaluate', {
        grade,
        reasons: reasons as (typeof EVALUATION_REASONS)[number][],
        ...(phone.trim() ? { callbackPhone: phone.trim() } : {}),
      })
      .then(() => {
        setDone(true);
        onDone();
      })
      .catch((e: unknown) => setError(messageOf(e)));
  };

  if (done)
    return (
      <p className="lead" data-testid="evaluate-thanks">
        {t('flows.evaluate.thanks')}
      </p>
    );
  return (
    <section className="flow-step" data-testid="step-evaluate">
      <h2>{t('flows.evaluate.title')}</h2>
      <div className="flow-choices" role="radiogroup">
        {GRADES.map((g) => (
          <button
            key={g}
            type="button"
            role="radio"
            aria-checked={grade === g}
            className="btn btn-toggle"
            aria-pressed={grade === g}
            onClick={() => setGrade(g)}
          >
            {t(`flows.evaluate.grade.${g}` as MessageKey)}
          </button>
        ))}
      </div>
      {isBad(grade) ? (
        <>
          <p className="lead">{t('flows.evaluate.reasonPrompt')}</p>
          <div className="flow-choices">
            {EVALUATION_REASONS.map((r) => (
              <button
                key={r}
                type="button"
                className="btn btn-toggle"
                aria-pressed={reasons.includes(r)}
                onClick={() =>
                  setReasons(reasons.includes(r) ? reasons.filter((x) => x !== r) : [...reasons, r])
                }
              >
                {t(`flows.evaluate.reason.${r}` as MessageKey)}
              </button>
            ))}
          </div>
        </>
      ) : null}
      <label className="flow-field">
        {t('flows.evaluate.phone')}
        <input
          className="flow-input"
          inputMode="numeric"
          maxLength={12}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
        />
      </label>
      {error ? (
        <p className="flow-error" role="alert">
          {t(error)}
        </p>
      ) : null}
      <button type="button" className="btn btn-primary" disabled={!grade} onClick={submit}>
        {t('flows.evaluate.submit')}
      </button>
    </section>
  );
}
