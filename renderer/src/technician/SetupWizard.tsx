import { useCallback, useEffect, useState } from 'react';
import type { CallResponse, DeviceStatus, KioskClient } from '../../../electron/contract/index.ts';
import { KioskError } from '../../../electron/contract/errors.ts';
import { useLocale } from '../i18n/i18n.tsx';
import { techText, type TechKey } from './technician-text.ts';
import {
  CAMERA_TESTS,
  DEVICE_TESTS,
  DeviceTestTable,
  cameraTestDone,
  deviceTestDone,
} from './DeviceTestTable.tsx';
import type { CameraOutcome } from './CameraTestRows.tsx';
import './technician.css';

type Status = CallResponse<'setup.status'>;
type SelfTest = CallResponse<'setup.selftest'>;
type DeviceResult = CallResponse<'setup.devicetest'>;

/**
 * First boot: covers the whole screen until a technician has entered the site, enrolled the kiosk
 * with the platform, run the device self-tests and set the technician PIN. Only shown when the
 * shipped configuration asks for it (`setup.required`), so demo and development runs never see it.
 */
export function SetupWizard({ client }: { client: KioskClient }) {
  const locale = useLocale();
  const t = useCallback(
    (key: TechKey, params?: Record<string, string | number>) => techText(locale, key, params),
    [locale],
  );
  const [status, setStatus] = useState<Status | null>(null);
  const [step, setStep] = useState<'site' | 'devices' | 'pin'>('site');
  const [form, setForm] = useState({ siteName: '', regionCode: '', platformUrl: '', enrolmentCode: '' });
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [devices, setDevices] = useState<DeviceStatus[]>([]);
  const [selfTest, setSelfTest] = useState<SelfTest | null>(null);
  const [pins, setPins] = useState({ a: '', b: '' });
  const [cameraResults, setCameraResults] = useState<Partial<Record<'face' | 'document', CameraOutcome>>>({});
  const onCameraResult = useCallback(
    (role: 'face' | 'document', r: CameraOutcome) => setCameraResults((prev) => ({ ...prev, [role]: r })),
    [],
  );
  const [deviceResults, setDeviceResults] = useState<Partial<Record<DeviceResult['device'], DeviceResult>>>(
    {},
  );

  useEffect(() => {
    client
      .call('setup.status', {})
      .then(setStatus)
      .catch(() => undefined);
  }, [client]);
  useEffect(() => {
    if (step !== 'devices') return;
    client
      .call('device.list', {})
      .then((r) => setDevices(r.devices))
      .catch(() => undefined);
  }, [client, step]);

  if (!status || !status.required || status.provisioned) return null;

  const fail = (e: unknown): void =>
    setMessage(t('setup.failed', { detail: e instanceof KioskError ? e.message : String(e) }));
  const field = (key: keyof typeof form, label: TechKey, inputMode?: 'numeric' | 'url') => (
    <label className="tech-field">
      <span>{t(label)}</span>
      <input
        data-testid={`setup-${key}`}
        value={form[key]}
        inputMode={inputMode}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
    </label>
  );

  return (
    <div
      className="tech-overlay"
      role="dialog"
      aria-modal="true"
      aria-label={t('setup.title')}
      data-testid="setup"
    >
      <div className="tech-card">
        <h2>{t('setup.title')}</h2>
        {step === 'site' ? (
          <section>
            <h3>{t('setup.step.site')}</h3>
            {field('siteName', 'setup.siteName')}
            {field('regionCode', 'setup.regionCode', 'numeric')}
            {field('platformUrl', 'setup.platformUrl', 'url')}
            {field('enrolmentCode', 'setup.enrolmentCode')}
            <div className="tech-actions">
              <button
                type="button"
                data-testid="setup-enrol"
                disabled={busy}
                onClick={() => {
                  setBusy(true);
                  setMessage('');
                  client
                    .call('setup.enrol', form)
                    .then((s) => {
                      setStatus(s);
                      setStep('devices');
                    })
                    .catch(fail)
                    .finally(() => setBusy(false));
                }}
              >
                {t('setup.enrol')}
              </button>
            </div>
          </section>
        ) : null}
        {step === 'devices' ? (
          <section>
            <h3>{t('setup.step.devices')}</h3>
            <p data-testid="setup-enrolled">{t('setup.enrolled', { kioskId: status.kioskId })}</p>
            <table className="tech-table">
              <tbody>
                {devices.map((d) => (
                  <tr key={d.id} data-testid={`setup-device-${d.kind}`}>
                    <th>{d.kind}</th>
                    <td>
                      {d.state}
                      {d.simulated ? ' (sim)' : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {selfTest ? (
              <table className="tech-table" data-testid="setup-selftest-results">
                <tbody>
                  {selfTest.results.map((r) => (
                    <tr key={r.name} data-testid={`setup-check-${r.name}`}>
                      <th>{r.name}</th>
                      <td>
                        {r.ok ? '✓' : '✗'} {r.detail}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            <h3>{t('setup.devicetests')}</h3>
            <DeviceTestTable
              client={client}
              t={t}
              results={deviceResults}
              onResult={(r) => setDeviceResults((prev) => ({ ...prev, [r.device]: r }))}
              cameraResults={cameraResults}
              onCameraResult={onCameraResult}
            />
            <div className="tech-actions">
              <button
                type="button"
                data-testid="setup-selftest"
                disabled={busy}
                onClick={() => {
                  setBusy(true);
                  client
                    .call('setup.selftest', {})
                    .then(setSelfTest)
                    .catch(fail)
                    .finally(() => setBusy(false));
                }}
              >
                {t('setup.selftest')}
              </button>
              <button
                type="button"
                data-testid="setup-next"
                // A kiosk leaves the wizard only with every device it has shown to work.
                disabled={
                  !selfTest ||
                  !DEVICE_TESTS.every((d) => deviceTestDone(deviceResults[d])) ||
                  !CAMERA_TESTS.every((r) => cameraTestDone(cameraResults[r]))
                }
                onClick={() => setStep('pin')}
              >
                {t('setup.next')}
              </button>
            </div>
          </section>
        ) : null}
        {step === 'pin' ? (
          <section>
            <h3>{t('setup.step.pin')}</h3>
            <label className="tech-field">
              <span>{t('setup.pin')}</span>
              <input
                type="password"
                inputMode="numeric"
                data-testid="setup-pin"
                value={pins.a}
                onChange={(e) => setPins({ ...pins, a: e.target.value })}
              />
            </label>
            <label className="tech-field">
              <span>{t('setup.pin2')}</span>
              <input
                type="password"
                inputMode="numeric"
                data-testid="setup-pin2"
                value={pins.b}
                onChange={(e) => setPins({ ...pins, b: e.target.value })}
              />
            </label>
            <div className="tech-actions">
              <button
                type="button"
                data-testid="setup-finish"
                disabled={busy}
                onClick={() => {
                  if (pins.a !== pins.b) return setMessage(t('setup.pinMismatch'));
                  setBusy(true);
                  client
                    .call('setup.finish', { pin: pins.a })
                    .then(setStatus)
                    .catch(fail)
                    .finally(() => setBusy(false));
                }}
              >
                {t('setup.finish')}
              </button>
            </div>
          </section>
        ) : null}
        <div className="tech-message" role="alert" data-testid="setup-message">
          {message}
        </div>
      </div>
    </div>
  );
}
