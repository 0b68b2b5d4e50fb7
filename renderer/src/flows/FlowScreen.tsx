import { useCallback, useEffect, useRef, useState } from 'react';
import type { FlowView } from '../../../electron/contract/flows.ts';
import type { CallName, CallRequest, CallResponse, KioskClient } from '../../../electron/contract/index.ts';
import { useT, type MessageKey } from '../i18n/i18n.tsx';
import { messageOf } from './flow-client.ts';
import { FaceStep } from '../steps/face/FaceStep.tsx';
import { IdentifyStep } from '../steps/identify/IdentifyStep.tsx';
import { FormStep, type FormValues } from '../steps/form/FormStep.tsx';
import { MaterialsStep } from '../steps/materials/MaterialsStep.tsx';
import { PromiseStep } from '../steps/promise/PromiseStep.tsx';
import { SignStep } from '../steps/sign/SignStep.tsx';
import { ReviewStep } from '../steps/review/ReviewStep.tsx';
import { ReceiptView } from '../steps/receipt/ReceiptView.tsx';
import { EvaluateStep } from '../steps/evaluate/EvaluateStep.tsx';
import { useScreenPrompt } from '../voice/voice-context.tsx';
import { WaitNotice } from '../ui/WaitNotice.tsx';
import './flows.css';

export type FlowTarget = { kind: 'matter' | 'bundle'; id: string };
type Submitted = CallResponse<'flow.submit'>;

/**
 * A matter or 一件事 from 开始办理 to 好差评. The draft lives in the core; this screen holds only the
 * current view, so a reload resumes (`flow.current`) and a wipe leaves nothing here.
 */
export function FlowScreen({
  client,
  target,
  demo,
  onExit,
}: {
  client: KioskClient;
  /** null = resume the session's draft (after a renderer reload). */
  target: FlowTarget | null;
  demo: boolean;
  onExit: () => void;
}) {
  const t = useT();
  const [view, setView] = useState<FlowView | null>(null);
  const [values, setValues] = useState<FormValues>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  const [submitted, setSubmitted] = useState<Submitted | null>(null);
  const [offline, setOffline] = useState(false);
  const [confirmRestart, setConfirmRestart] = useState(false);

  // Started once per mount: the parent re-renders (idle countdown, locale) must never restart the
  // flow, which would drop the resident's draft. onExit is read through a ref for the same reason.
  const exitRef = useRef(onExit);
  useEffect(() => {
    exitRef.current = onExit;
  }, [onExit]);
  const started = useRef<FlowTarget | null | undefined>(undefined);
  useEffect(() => {
    if (started.current === target) return;
    started.current = target;
    const p = target
      ? client.call('flow.start', target)
      : client.call('flow.current', {}).then((r) => {
          if (!r.flow) throw new Error('no draft');
          return r.flow;
        });
    p.then(setView).catch((e: unknown) => {
      if (!target) exitRef.current();
      else setError(messageOf(e));
    });
  }, [client, target]);

  // Each step's instruction is spoken as it appears (the voice host reads what the screen says).
  useScreenPrompt(
    submitted
      ? t('flows.submitted.title')
      : view
        ? `${view.name}，${view.step.kind === 'form' && view.step.title ? view.step.title : t(`flows.step.${view.step.kind}` as MessageKey)}`
        : '',
  );
  const seq = useRef(0);
  const run = useCallback(
    async <K extends CallName>(name: K, req: CallRequest<K>): Promise<CallResponse<K> | null> => {
      const mine = ++seq.current;
      // A save on leaving a field happens under the finger that is tapping 下一步 (the tap's
      // pointer-down blurs the field). Nothing on screen may change between that pointer-down and
      // its pointer-up, or the button moves away and the tap is lost: so a save neither disables
      // the button nor clears a message; its answer only brings in fields an answer reveals. The
      // form clears a field's own message while the resident types instead.
      const quiet = name === 'flow.answer';
      if (!quiet) {
        setBusy(true);
        setError(null);
      }
      try {
        const r = await client.call(name, req);
        // Only the answer to the latest call shows: a slow save must not hide the errors of 下一步.
        if (mine === seq.current && r && typeof r === 'object' && 'runId' in r) {
          const v = r as unknown as FlowView;
          setView(quiet ? (prev) => (prev ? { ...v, errors: prev.errors } : v) : v);
        }
        return r;
      } catch (e) {
        setError(messageOf(e));
        return null;
      } finally {
        if (!quiet) setBusy(false);
      }
    },
    [client],
  );

  const submit = (): void => {
    setBusy(true);
    setError(null);
    client
      .call('sync.status', {})
      .then((s) => setOffline(s.state === 'offline' || s.state === 'not-configured' || s.state === 'error'))
      .catch(() => setOffline(true));
    client
      .call('flow.submit', {})
      .then((r) => {
        setSubmitted(r);
        setView(null);
        setValues({});
      })
      .catch((e: unknown) => {
        setError(messageOf(e));
        void client.call('flow.current', {}).then((r) => r.flow && setView(r.flow));
      })
      .finally(() => setBusy(false));
  };

  if (submitted) {
    return (
      <main className="screen flow" data-testid="flow" data-step="receipt">
        <ReceiptView result={submitted} offline={offline} />
        <EvaluateStep client={client} onDone={() => undefined} />
        <div className="flow-footer">
          <button type="button" className="btn" onClick={onExit}>
            {t('flows.submitted.finish')}
          </button>
        </div>
      </main>
    );
  }

  if (!view) {
    return (
      <main className="screen flow" data-testid="flow" aria-busy="true">
        <WaitNotice waiting={!error} />
        {error ? (
          <p className="flow-error" role="alert">
            {t(error)}
          </p>
        ) : null}
      </main>
    );
  }

  const props = { client, view, run };
  const step = view.step;
  const body =
    step.kind === 'identify' ? (
      <IdentifyStep {...props} demo={demo} />
    ) : step.kind === 'face' ? (
      <FaceStep {...props} demo={demo} />
    ) : step.kind === 'form' ? (
      <FormStep {...props} values={values} setValues={setValues} />
    ) : step.kind === 'materials' ? (
      <MaterialsStep {...props} demo={demo} />
    ) : step.kind === 'promise' ? (
      <PromiseStep {...props} />
    ) : step.kind === 'sign' ? (
      <SignStep {...props} />
    ) : (
      <ReviewStep {...props} />
    );

  const next = (): void => {
    void run('flow.next', step.kind === 'form' ? { values } : {});
  };
  const back = (): void => {
    if (step.index === 0) {
      void client.call('flow.cancel', {}).finally(onExit);
      return;
    }
    void run('flow.back', {});
  };
  const restart = (): void => {
    setConfirmRestart(false);
    setValues({});
    setView(null);
    void client
      .call('flow.cancel', {})
      .catch(() => undefined)
      .then(() => (target ? client.call('flow.start', target) : Promise.reject(new Error('no target'))))
      .then(setView)
      .catch(() => onExit());
  };

  return (
    <main className="screen flow" data-testid="flow" data-step={step.kind} data-step-id={step.id}>
      <header className="flow-head">
        <h2>{view.name}</h2>
        <p className="flow-progress">
          {t('flows.stepOf', { n: step.index + 1, count: step.count })} ·{' '}
          {step.kind === 'form' && step.title ? step.title : t(`flows.step.${step.kind}` as MessageKey)}
        </p>
      </header>
      {body}
      {error ? (
        <p className="flow-error" role="alert">
          {t(error)}
        </p>
      ) : null}
      <div className="flow-footer">
        <button type="button" className="btn" onClick={back} disabled={busy}>
          {t('flows.back')}
        </button>
        <button type="button" className="btn" onClick={() => setConfirmRestart(true)} disabled={busy}>
          {t('flows.restart')}
        </button>
        {step.kind === 'review' ? (
          <button type="button" className="btn btn-primary" onClick={submit} disabled={busy}>
            {busy ? t('flows.submitting') : t('flows.review.submit')}
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-primary"
            onClick={next}
            disabled={busy}
            data-testid="flow-next"
          >
            {t('flows.next')}
          </button>
        )}
      </div>
      <WaitNotice waiting={busy} />
      {confirmRestart ? (
        <div className="dialog-backdrop" role="dialog" aria-modal="true">
          <div className="dialog">
            <p>{t('flows.restartConfirm')}</p>
            <button type="button" className="btn" onClick={() => setConfirmRestart(false)}>
              {t('flows.no')}
            </button>
            <button type="button" className="btn btn-primary" onClick={restart}>
              {t('flows.yes')}
            </button>
          </div>
        </div>
      ) : null}
    </main>
  );
}
