import { useCallback, useState, type FormEvent } from 'react';
import type { KioskClient } from '../../../../electron/contract/index.ts';
import type { ApplicationSummary } from '../../../../electron/contract/applications.ts';
import type { ScanResult } from '../../../../electron/contract/scanner.ts';
import { KioskError } from '../../../../electron/contract/errors.ts';
import { isMessageKey, useT, type MessageKey } from '../../i18n/i18n.tsx';
import { useScan } from '../../app/scanner-provider.tsx';
import { ApplicationDetail } from './ApplicationDetail.tsx';
import { MyApplications } from '../../flows/MyApplications.tsx';
import { KioskTextField } from '../../input/KioskTextField.tsx';
import { WaitNotice } from '../../ui/WaitNotice.tsx';

const RECEIPT_NO = /^[A-Za-z0-9-]{4,40}$/;

/**
 * 办件查询: the resident scans the QR on their receipt (HID/serial scanner or a keyboard-wedge one)
 * or types the receipt number, and sees the application's progress.
 */
export function QueryScreen({ client, title }: { client: KioskClient; title: MessageKey }) {
  const t = useT();
  const [application, setApplication] = useState<ApplicationSummary | null>(null);
  const [message, setMessage] = useState<MessageKey | null>(null);
  const [typed, setTyped] = useState('');
  const [looking, setLooking] = useState(0);

  const lookup = useCallback(
    (receiptNo: string) => {
      setLooking((n) => n + 1);
      client
        .call('applications.lookup', { receiptNo })
        .finally(() => setLooking((n) => n - 1))
        .then((r) => {
          setMessage(null);
          setApplication(r.application);
        })
        .catch((e: unknown) => {
          setApplication(null);
          setMessage(
            e instanceof KioskError && isMessageKey(e.messageKey) ? e.messageKey : 'errors.internal',
          );
        });
    },
    [client],
  );

  useScan((s: ScanResult) => {
    if (s.kind === 'receipt' && s.receiptNo) return lookup(s.receiptNo);
    setApplication(null);
    // A 社保卡 or 网证 is a fine code, just not one that finds an application.
    if (s.kind !== 'refused') return setMessage('query.needReceipt');
    setMessage(isMessageKey(s.messageKey) ? s.messageKey : 'scanner.refused.unknown');
  });

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const no = typed.trim();
    if (!RECEIPT_NO.test(no)) return setMessage('query.badNumber');
    lookup(no);
  };

  return (
    <main className="screen query">
      <h1>{t(title)}</h1>
      {application ? (
        <>
          <ApplicationDetail application={application} />
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setApplication(null);
              setTyped('');
            }}
          >
            {t('query.again')}
          </button>
        </>
      ) : (
        <>
          <p className="lead" data-testid="scan-prompt">
            {t('query.scanPrompt')}
          </p>
          <form className="manual-entry" onSubmit={submit}>
            <KioskTextField
              id="receipt-no"
              testId="receipt-input"
              kind="latin"
              label={t('query.manualLabel')}
              value={typed}
              // Room for a whole QR payload: a scanner in keyboard mode may type one here.
              maxLength={4096}
              placeholder={t('query.manualPlaceholder')}
              onChange={setTyped}
            />
            <button type="submit">{t('query.submit')}</button>
          </form>
        </>
      )}
      {application ? null : <MyApplications client={client} />}
      {message ? (
        <p className="scan-message" role="status" data-testid="scan-message">
          {t(message)}
        </p>
      ) : null}
      <WaitNotice waiting={looking > 0} />
    </main>
  );
}
