import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../electron/core/config/config.ts';

const dir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cam-cfg-'));

describe('camera configuration', () => {
  it('works with nothing configured: first real camera, virtual cameras refused, offline → pending', () => {
    const c = loadConfig({ KIOSK_DATA_DIR: dir() }).camera;
    expect(c.face).toMatchObject({ label: null, deviceId: null, width: 640, height: 480 });
    expect(c.allowVirtual).toBe(false);
    expect(c.virtualPatterns).toContain('obs');
    expect(c.offlinePolicy).toBe('continue-pending');
    expect(c.liveness.challengeTimeoutMs).toBe(25_000);
  });

  it('takes the challenge time and passive thresholds from the environment, validated', () => {
    const c = loadConfig({
      KIOSK_DATA_DIR: dir(),
      KIOSK_FACE_CHALLENGE_MS: '6000',
      KIOSK_FACE_PASSIVE_MIN: '0.15',
    });
    expect(c.camera.liveness).toMatchObject({ challengeTimeoutMs: 6000, minReal: 0.15, minLive: 0.15 });
    expect(() => loadConfig({ KIOSK_DATA_DIR: dir(), KIOSK_FACE_CHALLENGE_MS: '10' })).toThrow(ConfigError);
    expect(() => loadConfig({ KIOSK_DATA_DIR: dir(), KIOSK_FACE_PASSIVE_MIN: 'lots' })).toThrow(ConfigError);
  });

  it('refuses unknown camera settings (a typo must not silently keep a default)', () => {
    const d = dir();
    const file = path.join(d, 'config.json');
    fs.writeFileSync(file, JSON.stringify({ camera: { allowVirtal: true } }));
    expect(() => loadConfig({ KIOSK_DATA_DIR: d, KIOSK_CONFIG: file })).toThrow(ConfigError);
  });
});
