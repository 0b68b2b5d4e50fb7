import { useEffect, useRef, useState } from 'react';
import type { KioskClient } from '../../../electron/contract/index.ts';
import { CameraError, openCamera, type CameraRole } from '../camera/camera-devices.ts';
import type { TechKey } from './technician-text.ts';

export type CameraOutcome = { outcome: 'passed' | 'failed'; detail: string };
const ROLES: readonly CameraRole[] = ['face', 'document'];

/**
 * The camera part of the device tests: each role's camera (chosen by the camera settings, virtual
 * cameras refused as for residents) shows a live preview; the test passes once real frames arrive,
 * and the technician sees the picture to check the aim. The stream stops when the row closes.
 */
export function CameraTestRows({
  client,
  t,
  results,
  onResult,
}: {
  client: KioskClient;
  t: (key: TechKey, params?: Record<string, string | number>) => string;
  results: Partial<Record<CameraRole, CameraOutcome>>;
  onResult: (role: CameraRole, r: CameraOutcome) => void;
}) {
  const [live, setLive] = useState<CameraRole | null>(null);
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    if (!live) return;
    let stream: MediaStream | null = null;
    let cancelled = false;
    const report = (r: CameraOutcome): void => {
      if (cancelled) return;
      onResult(live, r);
      void client.call('setup.cameraTest', { role: live, ...r }).catch(() => undefined);
    };
    void (async () => {
      try {
        const settings = await client.call('camera.settings', {});
        stream = await openCamera(live, settings);
        if (cancelled) return;
        const v = video.current!;
        v.srcObject = stream;
        await v.play().catch(() => undefined);
        // Frames, not just an open device: a camera can open and stay black.
        const start = performance.now();
        while (!cancelled && (v.readyState < 2 || v.videoWidth === 0)) {
          if (performance.now() - start > 10_000) throw new CameraError('failed', 'no frames within 10 s');
          await new Promise((r) => setTimeout(r, 100));
        }
        const label = stream.getVideoTracks()[0]?.label ?? '';
        report({ outcome: 'passed', detail: `${v.videoWidth}×${v.videoHeight} ${label}`.slice(0, 200) });
      } catch (e) {
        report({
          outcome: 'failed',
          detail: e instanceof CameraError ? `${e.problem}: ${e.message}` : String(e).slice(0, 200),
        });
      }
    })();
    return () => {
      cancelled = true;
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, [client, live, onResult]);

  return (
    <>
      {ROLES.map((role) => {
        const r = results[role];
        return (
          <tr key={role} data-testid={`setup-devicetest-camera-${role}`} data-outcome={r?.outcome ?? 'none'}>
            <th>{t(`devicetest.camera.${role}`)}</th>
            <td>
              {live === role ? (
                <video
                  ref={video}
                  className="tech-preview"
                  muted
                  playsInline
                  aria-label={t('devicetest.camera.preview')}
                />
              ) : null}
              {r ? `${t(`devicetest.outcome.${r.outcome}`)} · ${r.detail}` : live === role ? '' : '—'}
            </td>
            <td>
              <button
                type="button"
                data-testid={`setup-devicetest-camera-${role}-run`}
                onClick={() => setLive(live === role ? null : role)}
              >
                {t(live === role ? 'devicetest.camera.stop' : 'devicetest.camera.run')}
              </button>
            </td>
          </tr>
        );
      })}
    </>
  );
}
