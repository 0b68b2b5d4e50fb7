import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../electron/core/config/config.ts';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-cfg-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('configuration', () => {
  it('with nothing configured runs in demo mode with safe defaults', () => {
    const c = loadConfig({ KIOSK_DATA_DIR: dir });
    expect(c).toMatchObject({
      demo: true,
      configFile: null,
      dataDir: dir,
      ui: { idleSeconds: 60, countdownSeconds: 15, defaultLocale: 'zh-CN' },
      web: { host: '127.0.0.1', port: 0 },
      devices: { mode: 'simulated' },
      platform: { url: null },
    });
  });

  it('reads the file, then lets the environment override it', () => {
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ kioskId: 'ZJ-HZ-0042', siteName: '西湖区邮政网点', ui: { idleSeconds: 90 } }),
    );
    const c = loadConfig({ KIOSK_DATA_DIR: dir, KIOSK_COUNTDOWN_SECONDS: '20' });
    expect(c).toMatchObject({ demo: false, kioskId: 'ZJ-HZ-0042', siteName: '西湖区邮政网点' });
    expect(c.ui).toMatchObject({ idleSeconds: 90, countdownSeconds: 20 });
    expect(loadConfig({ KIOSK_DATA_DIR: dir, KIOSK_IDLE_SECONDS: '30' }).ui.idleSeconds).toBe(30);
  });

  it('names every invalid setting in one plain message', () => {
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ ui: { idleSeconds: 2 }, web: { host: '0.0.0.0' }, unknownKey: 1 }),
    );
    const err = (() => {
      try {
        loadConfig({ KIOSK_DATA_DIR: dir });
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.message).toContain('配置无效');
    expect(err!.message).toContain('ui.idleSeconds');
    expect(err!.message).toContain('web.host');
    expect(err!.message).toContain('unknownKey');
  });

  it('refuses a broken JSON file and non-numeric environment values', () => {
    fs.writeFileSync(path.join(dir, 'config.json'), '{"kioskId": ');
    expect(() => loadConfig({ KIOSK_DATA_DIR: dir })).toThrow(/配置文件无法读取/);
    fs.rmSync(path.join(dir, 'config.json'));
    expect(() => loadConfig({ KIOSK_DATA_DIR: dir, KIOSK_IDLE_SECONDS: 'soon' })).toThrow(/应为整数/);
    expect(() => loadConfig({ KIOSK_DATA_DIR: dir, KIOSK_CONFIG: path.join(dir, 'nope.json') })).toThrow(
      /找不到配置文件/,
    );
  });
});
