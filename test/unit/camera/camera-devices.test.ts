import { describe, expect, it } from 'vitest';
import { CameraError, pickCamera } from '../../../renderer/src/camera/camera-devices.ts';
import type { CameraSettings } from '../../../electron/contract/camera.ts';
import { CameraConfigSchema, cameraSettingsOf } from '../../../electron/core/camera/camera-config.ts';

const cfg = CameraConfigSchema.parse({});
const settings = (o: Partial<CameraSettings> = {}): CameraSettings => ({
  ...cameraSettingsOf(cfg, { siteName: '演示网点', demo: true }),
  ...o,
});
const cam = (deviceId: string, label: string) => ({ deviceId, label, kind: 'videoinput' });
const devices = [
  { deviceId: 'mic', label: 'Built-in Mic', kind: 'audioinput' },
  cam('obs', 'OBS Virtual Camera'),
  cam('hd', 'HD Pro Webcam C920'),
  cam('gpy', 'Document Camera 高拍仪 S500'),
];
const problem = (f: () => unknown): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof CameraError ? e.problem : 'other';
  }
};

describe('camera roles', () => {
  it('with nothing configured: the first real camera, skipping virtual ones', () => {
    expect(pickCamera(devices, 'face', settings()).deviceId).toBe('hd');
  });

  it('chooses by configured label (case-insensitive substring) or by deviceId', () => {
    const s = settings({
      document: { ...cfg.document, label: '高拍仪' },
      face: { ...cfg.face, deviceId: 'hd' },
    });
    expect(pickCamera(devices, 'document', s).deviceId).toBe('gpy');
    expect(pickCamera(devices, 'face', s).deviceId).toBe('hd');
    expect(pickCamera(devices, 'face', settings({ face: { ...cfg.face, label: 'c920' } })).deviceId).toBe(
      'hd',
    );
  });

  it('refuses a virtual camera even when configured by label, unless allowVirtual', () => {
    const s = settings({ face: { ...cfg.face, label: 'OBS' } });
    expect(problem(() => pickCamera(devices, 'face', s))).toBe('virtual');
    expect(pickCamera(devices, 'face', { ...s, allowVirtual: true }).deviceId).toBe('obs');
    expect(problem(() => pickCamera([cam('v', 'v4l2loopback dummy')], 'face', settings()))).toBe('virtual');
  });

  it('says missing when there is no camera, or the configured one is absent', () => {
    expect(problem(() => pickCamera([devices[0]!], 'face', settings()))).toBe('missing');
    expect(
      problem(() => pickCamera(devices, 'face', settings({ face: { ...cfg.face, deviceId: 'gone' } }))),
    ).toBe('missing');
  });
});
