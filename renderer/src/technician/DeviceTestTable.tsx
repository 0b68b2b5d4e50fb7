import { useState } from 'react';
import type { CallResponse, KioskClient } from '../../../electron/contract/index.ts';
import { KioskError } from '../../../electron/contract/errors.ts';
import type { TechKey } from './technician-text.ts';
import { CameraTestRows, type CameraOutcome } from './CameraTestRows.tsx';
import type { CameraRole } from '../camera/camera-devices.ts';

type Result = CallResponse<'setup.devicetest'>;
type Device = Result['device'];

export const DEVICE_TESTS: readonly Device[] = ['idcard', 'printer', 'a4printer', 'scanner'];

/** A device is done when it passed, or when this kiosk simply has none of it. */
export const deviceTestDone = (r: Result | undefined): boolean =>
  r?.outcome === 'passed' || r?.outcome === 'not-configured';

/** A camera is done when its preview showed frames, or when the kiosk has no camera for the role. */
export const cameraTestDone = (r: CameraOutcome | undefined): boolean =>
  r?.outcome === 'passed' || (r?.outcome === 'failed' && r.detail.startsWith('missing'));
export const CAMERA_TESTS: readonly CameraRole[] = ['face', 'document'];

/**
 * One row per device with its live test: the hint says what the technician must do while the test
 * waits (place a card, scan the test receipt), and the outcome stays on screen with what was seen.
 */
export function DeviceTestTable({
  client,
  t,
  results,
  onResult,
  cameraResults,
  onCameraResult,
}: {
  client: KioskClient;
  t: (key: TechKey, params?: Record<string, string | number>) => string;
  results: Partial<Record<Device, Result>>;
  onResult: (r: Result) => void;
  cameraResults: Partial<Record<CameraRole, CameraOutcome>>;
  onCameraResult: (role: CameraRole, r: CameraOutcome) => void;
}) {
  const [running, setRunning] = useState<Device | null>(null);
  const run = (device: Device): void => {
    setRunning(device);
    client
      .call('setup.devicetest', { device })
      .then(onResult)
      .catch((e: unknown) =>
        onResult({
          device,
          outcome: 'failed',
          detail: e instanceof KioskError ? e.message : String(e),
          ms: 0,
        }),
      )
      .finally(() => setRunning(null));
  };
  return (
    <table className="tech-table" data-testid="setup-devicetests">
      <tbody>
        {DEVICE_TESTS.map((device) => {
          const r = results[device];
          return (
            <tr key={device} data-testid={`setup-devicetest-${device}`} data-outcome={r?.outcome ?? 'none'}>
              <th>{t(`devicetest.${device}`)}</th>
              <td>
                {running === device
                  ? t(`devicetest.${device}.hint`)
                  : r
                    ? `${t(`devicetest.outcome.${r.outcome}`)} · ${r.detail}`
                    : '—'}
              </td>
              <td>
                <button
                  type="button"
                  data-testid={`setup-devicetest-${device}-run`}
                  disabled={running !== null}
                  onClick={() => run(device)}
                >
                  {t(`devicetest.${device}.run`)}
                </button>
              </td>
            </tr>
          );
        })}
        <CameraTestRows client={client} t={t} results={cameraResults} onResult={onCameraResult} />
      </tbody>
    </table>
  );
}
