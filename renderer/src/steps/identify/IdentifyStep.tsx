import { useEffect, useState } from 'react';
import type { FlowView } from '../../../../electron/contract/flows.ts';
import { useT, type MessageKey } from '../../i18n/i18n.tsx';
import { errorKey, type StepProps } from '../../flows/flow-client.ts';
import { useScan } from '../../app/scanner-provider.tsx';
import { KioskTextField } from '../../input/KioskTextField.tsx';

/**
 * 核验身份: the card on the reader (the core takes it from its own read; the card never passes
 * through this screen), manual entry with the check digit only where the matter allows it, and
 * 代办 with both identities.
 */
export function IdentifyStep({ client, view, run, demo }: StepProps<FlowView> & { demo: boolean }) {
  const t = useT();
  const [cardSeen, setCardSeen] = useState(0);
  const [manual, setManual] = useState<{ name: string; idNumber: string } | null>(null);
  // K15: a failed read is explained at once (the reader's own message), and after two failures the
  // resident is offered the other ways in rather than being left to try the card forever.
  const [fault, setFault] = useState<{ key: MessageKey; count: number } | null>(null);
  const role: 'applicant' | 'agent' = !view.identity.applicant
    ? 'applicant'
    : view.identity.proxy && !view.identity.agent
      ? 'agent'
      : 'applicant';

  useEffect(() => {
    client.call('idcard.watch', { on: true }).catch(() => undefined);
    const off = client.on('idcard.read', () => {
      setFault(null);
      setCardSeen((n) => n + 1);
    });
    const offFault = client.on('idcard.fault', (f) =>
      setFault((prev) => ({ key: f.messageKey as MessageKey, count: (prev?.count ?? 0) + 1 })),
    );
    return () => {
      off();
      offFault();
      client.call('idcard.watch', { on: false }).catch(() => undefined);
    };
  }, [client]);

  // A 网证 QR under the scanner identifies like the card, once the platform has vouched for it.
  // Anything else scanned here is answered with what it is, so nothing is silently ignored.
  const [scanNote, setScanNote] = useState<MessageKey | null>(null);
  useScan((s) => {
    if (s.kind === 'net-id' && view.identity.netIdAllowed && s.verifiable) {
      setScanNote('scanner.verifying');
      void run('flow.identify', { role, source: 'net-id', scanId: s.scanId }).then(() => setScanNote(null));
    } else {
      setScanNote(
        s.kind === 'net-id' && !view.identity.netIdAllowed
          ? 'flows.identify.netIdNotHere'
          : (s.messageKey as MessageKey),
      );
    }
  });

  // A fresh card read fills whichever identity is still missing.
  useEffect(() => {
    if (cardSeen > 0) void run('flow.identify', { role, source: 'card' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cardSeen]);

  const who = (r: 'applicant' | 'agent') => {
    const i = view.identity[r];
    const err = errorKey(view.errors[r]);
    return (
      <div className="flow-identity" data-testid={`identity-${r}`}>
        <h3>{t(r === 'applicant' ? 'flows.identify.applicant' : 'flows.identify.agent')}</h3>
        {i ? (
          <p className="flow-ok">{t('flows.identify.read', { name: i.name, id: i.idMasked })}</p>
        ) : (
          <p className="lead">
            {t(r === 'applicant' ? 'flows.identify.prompt' : 'flows.identify.agentPrompt')}
          </p>
        )}
        {err ? (
          <p className="flow-error" role="alert">
            {t(err)}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <section className="flow-step" data-testid="step-identify">
      <div className="flow-choices" role="group">
        <button
          type="button"
          className="btn btn-toggle"
          aria-pressed={!view.identity.proxy}
          onClick={() => void run('flow.proxy', { on: false })}
        >
          {t('flows.identify.self')}
        </button>
        <button
          type="button"
          className="btn btn-toggle"
          aria-pressed={view.identity.proxy}
          onClick={() => void run('flow.proxy', { on: true })}
        >
          {t('flows.identify.proxy')}
        </button>
      </div>
      {who('applicant')}
      {view.identity.proxy ? who('agent') : null}
      {scanNote ? (
        <p className="lead" role="status" data-testid="identify-scan">
          {t(scanNote)}
        </p>
      ) : null}
      {fault ? (
        <div className="flow-card-fault" role="alert" data-testid="identify-fault">
          <p className="flow-error">{t(fault.key)}</p>
          {fault.count >= 2 ? (
            <p className="lead" data-testid="identify-alternatives">
              {t(
                view.identity.manualAllowed
                  ? 'flows.identify.alternativesManual'
                  : 'flows.identify.alternativesStaff',
              )}
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="flow-actions-inline">
        <button
          type="button"
          className="btn"
          onClick={() => void run('flow.identify', { role, source: 'card' })}
        >
          {t('flows.identify.useCard')}
        </button>
        {demo ? (
          <button
            type="button"
            className="btn"
            data-testid="simulate-card"
            onClick={() =>
              void client
                .call('idcard.simulate.insert', { card: role === 'agent' ? 0 : 2 })
                .catch(() => undefined)
            }
          >
            {t('flows.identify.simulate')}
          </button>
        ) : null}
        {role === 'applicant' && !view.identity.applicant ? (
          view.identity.manualAllowed ? (
            <button type="button" className="btn" onClick={() => setManual({ name: '', idNumber: '' })}>
              {t('flows.identify.manual')}
            </button>
          ) : (
            <p className="lead">{t('flows.identify.manualNotAllowed')}</p>
          )
        ) : null}
      </div>
      {manual ? (
        <form
          className="flow-manual"
          onSubmit={(e) => {
            e.preventDefault();
            void run('flow.identify', { role, source: 'manual', ...manual }).then(() => setManual(null));
          }}
        >
          <KioskTextField
            label={t('flows.identify.manualName')}
            value={manual.name}
            maxLength={30}
            onChange={(name) => setManual({ ...manual, name })}
          />
          {/* The number pad with X; the flow judges the number (check digit, age) on 确定. */}
          <KioskTextField
            label={t('flows.identify.manualId')}
            kind="id"
            check={false}
            value={manual.idNumber}
            onChange={(idNumber) => setManual({ ...manual, idNumber })}
          />
          <button type="submit" className="btn btn-primary">
            {t('flows.identify.manualOk')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
