import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallResponse, KioskClient } from '../../../electron/contract/index.ts';
import { useLocale } from '../i18n/i18n.tsx';
import { techText, type TechKey } from './technician-text.ts';
import { SiteSettingsPanel } from './SiteSettingsPanel.tsx';
import './technician.css';

type Health = CallResponse<'health.get'>;
type Deck = CallResponse<'idcard.simulate.deck'>['cards'];
type SelfTest = CallResponse<'health.selftest'>;

/** Five taps on the top-left corner within three seconds: hard to hit by chance, easy to teach. */
const TAPS = 5;
const TAP_WINDOW_MS = 3000;

/**
 * The hidden technician entry (gesture + PIN) and the technician page: device-level health, a
 * self-test, and leaving, restarting or quitting the app. Everything is decided by the core
 * (lockout, audit, what quitting needs); this only shows it.
 */
export function TechnicianGate({ client }: { client: KioskClient }) {
  const locale = useLocale();
  const t = useCallback(
    (key: TechKey, params?: Record<string, string | number>) => techText(locale, key, params),
    [locale],
  );
  const [mode, setMode] = useState<'hidden' | 'pin' | 'panel'>('hidden');
  const taps = useRef<number[]>([]);

  const tap = (): void => {
    const now = Date.now();
    taps.current = [...taps.current.filter((x) => now - x < TAP_WINDOW_MS), now];
    if (taps.current.length >= TAPS) {
      taps.current = [];
      setMode('pin');
    }
  };

  useEffect(
    () =>
      client.on('technician.mode', (p) => {
        if (!p.active) setMode('hidden');
      }),
    [client],
  );

  return (
    <>
      <button
        type="button"
        className="tech-hotspot"
        aria-hidden="true"
        tabIndex={-1}
        data-testid="tech-hotspot"
        onClick={tap}
      />
      {mode === 'pin' ? (
        <PinPad client={client} t={t} onEntered={() => setMode('panel')} onCancel={() => setMode('hidden')} />
      ) : null}
      {mode === 'panel' ? <Panel client={client} t={t} /> : null}
    </>
  );
}

type T = (key: TechKey, params?: Record<string, string | number>) => string;

function PinPad({
  client,
  t,
  onEntered,
  onCancel,
}: {
  client: KioskClient;
  t: T;
  onEntered: () => void;
  onCancel: () => void;
}) {
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = (): void => {
    setBusy(true);
    client
      .call('technician.enter', { pin })
      .then((r) => {
        setPin('');
        if (r.result === 'entered') onEntered();
        else if (r.result === 'wrong-pin') setMessage(t('pin.wrong', { n: r.attemptsLeft }));
        else if (r.result === 'locked')
          setMessage(t('pin.locked', { time: new Date(r.lockedUntil).toLocaleTimeString('zh-CN') }));
        else setMessage(t('pin.noPin'));
      })
      .catch(() => setMessage(t('pin.noPin')))
      .finally(() => setBusy(false));
  };

  return (
    <div
      className="tech-overlay"
      role="dialog"
      aria-modal="true"
      aria-label={t('pin.title')}
      data-testid="tech-pin"
    >
      <div className="tech-card">
        <h2>{t('pin.title')}</h2>
        <p>{t('pin.prompt')}</p>
        <div className="tech-pin-dots" aria-live="polite">
          {'●'.repeat(pin.length)}
        </div>
        <div className="tech-pad">
          {['1', '2', '3', '4', '5', '6', '7', '8', '9', 'C', '0', 'OK'].map((k) => (
            <button
              key={k}
              type="button"
              disabled={busy}
              data-testid={`tech-key-${k}`}
              onClick={() => {
                if (k === 'C') setPin('');
                else if (k === 'OK') submit();
                else if (pin.length < 12) setPin(pin + k);
              }}
            >
              {k === 'C' ? t('pin.clear') : k === 'OK' ? t('pin.ok') : k}
            </button>
          ))}
        </div>
        <div className="tech-message" role="alert" data-testid="tech-message">
          {message}
        </div>
        <div className="tech-actions">
          <button type="button" onClick={onCancel}>
            {t('pin.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}

function Panel({ client, t }: { client: KioskClient; t: T }) {
  const [health, setHealth] = useState<Health | null>(null);
  const [selfTest, setSelfTest] = useState<SelfTest | null>(null);

  const load = useCallback(() => {
    client
      .call('health.get', {})
      .then(setHealth)
      .catch(() => undefined);
  }, [client]);
  useEffect(() => {
    load();
    const off = client.on('health.changed', load);
    const offDevice = client.on('device.status', load);
    return () => {
      off();
      offDevice();
    };
  }, [client, load]);

  const row = (label: string, value: string, testId?: string) => (
    <tr>
      <th>{label}</th>
      <td data-testid={testId}>{value}</td>
    </tr>
  );

  return (
    <div
      className="tech-overlay"
      role="dialog"
      aria-modal="true"
      aria-label={t('panel.title')}
      data-testid="tech-panel"
    >
      <div className="tech-card">
        <h2>{t('panel.title')}</h2>
        {health ? (
          <table className="tech-table">
            <tbody>
              {row(t('panel.level'), t(`level.${health.level}`), 'tech-level')}
              {row(
                t('panel.problems'),
                health.problems.length ? health.problems.join(', ') : t('panel.none'),
                'tech-problems',
              )}
              {row(t('panel.reader'), health.reader.state, 'tech-reader')}
              {row(
                t('panel.printer'),
                `${health.printer.state} · ${t('panel.paper')} ${t(`paper.${health.printer.paper}`)}`,
                'tech-printer',
              )}
              {row(t('panel.a4'), health.a4printer.state)}
              {row(t('panel.scanner'), health.scanner.state, 'tech-scanner')}
              {row(
                t('panel.cameras'),
                health.cameras.length ? health.cameras.map((c) => c.state).join(', ') : t('panel.none'),
              )}
              {row(t('panel.disk'), `${(health.disk.freeBytes / 1024 ** 3).toFixed(1)} GiB`)}
              {row(t('panel.queue'), String(health.queue.depth))}
              {row(t('panel.sync'), health.sync.lastSyncAt ?? '—')}
              {row(
                t('panel.skew'),
                health.clock.skewMs === null ? '—' : `${Math.round(health.clock.skewMs / 1000)} s`,
              )}
              {row(t('panel.audit'), String(health.audit.count))}
            </tbody>
          </table>
        ) : null}
        <DemoDevices client={client} t={t} />
        <SiteSettingsPanel client={client} t={t} />
        {selfTest ? (
          <p data-testid="tech-selftest">
            {selfTest.ok
              ? t('panel.selftest.ok')
              : t('panel.selftest.failed', {
                  names: selfTest.results
                    .filter((r) => !r.ok)
                    .map((r) => r.name)
                    .join(', '),
                })}
          </p>
        ) : null}
        <div className="tech-actions">
          <button
            type="button"
            data-testid="tech-selftest-run"
            onClick={() =>
              void client
                .call('health.selftest', {})
                .then(setSelfTest)
                .then(load)
                .catch(() => undefined)
            }
          >
            {t('panel.selftest')}
          </button>
          <button
            type="button"
            data-testid="tech-leave"
            onClick={() => void client.call('technician.leave', {}).catch(() => undefined)}
          >
            {t('panel.leave')}
          </button>
          <button
            type="button"
            onClick={() =>
              void client.call('technician.shell', { command: 'relaunch' }).catch(() => undefined)
            }
          >
            {t('panel.relaunch')}
          </button>
          <button
            type="button"
            onClick={() => void client.call('technician.shell', { command: 'quit' }).catch(() => undefined)}
          >
            {t('panel.quit')}
          </button>
        </div>
      </div>
    </div>
  );
}

/**
 * Demo mode only: the simulated reader's deck, so a technician (or a trainer) can "insert" a card
 * and walk a resident's journey without a real card. The core refuses these calls outside demo mode,
 * and the deck fails to load there, so nothing shows.
 */
function DemoDevices({ client, t }: { client: KioskClient; t: T }) {
  const [deck, setDeck] = useState<Deck>([]);
  const [message, setMessage] = useState('');
  useEffect(() => {
    client
      .call('idcard.simulate.deck', {})
      .then((d) => setDeck(d.cards))
      .catch(() => setDeck([]));
  }, [client]);
  if (deck.length === 0) return null;
  return (
    <section className="tech-demo" aria-label={t('demo.title')} data-testid="tech-demo">
      <h3>{t('demo.title')}</h3>
      <div className="tech-actions">
        {deck.slice(0, 6).map((c) => (
          <button
            key={c.index}
            type="button"
            data-testid={`tech-demo-insert-${c.index}`}
            onClick={() =>
              void client
                .call('idcard.simulate.insert', { card: c.index })
                .then((r) => setMessage(t('demo.inserted', { label: r.label })))
                .catch(() => undefined)
            }
          >
            {t('demo.insert', { label: c.label })}
          </button>
        ))}
        <button
          type="button"
          data-testid="tech-demo-remove"
          onClick={() =>
            void client
              .call('idcard.simulate.remove', {})
              .then(() => setMessage(t('demo.removed')))
              .catch(() => undefined)
          }
        >
          {t('demo.remove')}
        </button>
      </div>
      <p role="status" data-testid="tech-demo-message">
        {message}
      </p>
    </section>
  );
}
