import { useEffect, useState } from 'react';
import type { CallResponse, KioskClient } from '../../../electron/contract/index.ts';
import { useT, type MessageKey } from '../i18n/i18n.tsx';
import { messageOf } from './flow-client.ts';
import { WaitNotice } from '../ui/WaitNotice.tsx';

type Rows = CallResponse<'flow.query'>['applications'];

/**
 * 办件查询 by ID card: applications submitted at this kiosk for the card on the reader, with 补打回执
 * where the receipt never came out. The card itself stays in the core; only the list comes here.
 */
export function MyApplications({ client }: { client: KioskClient }) {
  const t = useT();
  const [rows, setRows] = useState<Rows | null>(null);
  const [message, setMessage] = useState<MessageKey | null>(null);
  const [watching, setWatching] = useState(false);
  // Calls out to the core the resident waits on (a query by card, a reprint).
  const [pending, setPending] = useState(0);

  useEffect(() => {
    if (!watching) return;
    client.call('idcard.watch', { on: true }).catch(() => undefined);
    const off = client.on('idcard.read', () => {
      setPending((n) => n + 1);
      client
        .call('flow.query', { byCard: true })
        .finally(() => setPending((n) => n - 1))
        .then((r) => {
          setRows(r.applications);
          setMessage(r.applications.length ? null : 'flows.query.none');
        })
        .catch((e: unknown) => setMessage(messageOf(e)));
    });
    return () => {
      off();
      client.call('idcard.watch', { on: false }).catch(() => undefined);
    };
  }, [client, watching]);

  const reprint = (receiptNo: string): void => {
    setPending((n) => n + 1);
    client
      .call('printing.reprint', { receiptNo })
      .finally(() => setPending((n) => n - 1))
      .then((r) => setMessage(r.printed ? 'printing.printed' : 'printing.onScreen.title'))
      .catch((e: unknown) => setMessage(messageOf(e)));
  };

  return (
    <section className="my-applications" data-testid="my-applications">
      <h2>{t('flows.query.title')}</h2>
      {watching ? (
        <p className="lead">{t('idcard.prompt')}</p>
      ) : (
        <button type="button" className="btn" onClick={() => setWatching(true)}>
          {t('flows.query.byCard')}
        </button>
      )}
      {rows?.length ? (
        <ul>
          {rows.map((a) => (
            <li key={a.receiptNo} data-testid="my-application">
              <strong>{a.name}</strong> · {a.receiptNo} · {a.submittedAt.slice(0, 10)} ·{' '}
              {t(`flows.query.state.${a.state}` as MessageKey)}
              {a.owed.map((m) => (
                <p key={m.name}>{t('flows.submitted.owed', { name: m.name, date: m.promisedDate })}</p>
              ))}
              {a.reprintable ? (
                <button type="button" className="btn" onClick={() => reprint(a.receiptNo)}>
                  {t('flows.query.reprint')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {message ? (
        <p role="status" className="lead">
          {t(message)}
        </p>
      ) : null}
      <WaitNotice waiting={pending > 0} />
    </section>
  );
}
