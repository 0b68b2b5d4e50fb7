import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../electron/core/config/config.ts';
import { createCore, type Core } from '../../../electron/core/core.ts';

// Site settings on a real core and SQLite file: persisted across a restart, applied to what reads
// them while running (the session backstop), and a broken stored value never takes the kiosk down.

const dirs: string[] = [];
const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function boot(dataDir: string, env: Record<string, string> = {}): Promise<Core> {
  const core = await createCore({
    config: loadConfig({ KIOSK_DATA_DIR: dataDir, ...env }),
    shell: 'web',
    log: pino({ level: 'silent' }),
  });
  cores.push(core);
  return core;
}
const call = async (core: Core, name: string, req: unknown = {}) =>
  (await core.dispatch(name, req, { shell: 'web' })) as { ok: boolean; value?: unknown; error?: unknown };

describe('site settings', () => {
  it('persist across a restart and reach the session backstop while running', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-settings-'));
    dirs.push(dataDir);
    let core = await boot(dataDir);
    await core.technician.setPin('482916');
    await core.technician.enter('482916');
    const set = await call(core, 'settings.set', { idleSeconds: 120, countdownSeconds: 20, volume: 30 });
    expect(set.ok).toBe(true);
    // The backstop follows: a resident given 120 + 20 s is not wiped by the old 60 + 15 s timer.
    expect((core.sessions as unknown as { opts: { backstopMs: number } }).opts.backstopMs).toBe(170_000);
    await core.close();
    cores.splice(0);

    core = await boot(dataDir);
    expect((await call(core, 'ui.settings')).value).toMatchObject({ idleSeconds: 120, countdownSeconds: 20 });
    expect(core.config.speech.defaultVolume).toBeCloseTo(0.3);
  });

  it('only what the technician set is kept: a later change of the shipped configuration still applies', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-settings-'));
    dirs.push(dataDir);
    const core = await boot(dataDir);
    await core.technician.setPin('482916');
    await core.technician.enter('482916');
    expect((await call(core, 'settings.set', { idleSeconds: 90 })).ok).toBe(true);
    await core.close();
    cores.splice(0);
    // The installer later ships a longer countdown; the technician never touched it.
    const again = await boot(dataDir, { KIOSK_COUNTDOWN_SECONDS: '25' });
    expect((await call(again, 'ui.settings')).value).toMatchObject({ idleSeconds: 90, countdownSeconds: 25 });
  });

  it('a stored value that does not validate is ignored as a whole: the shipped settings stay', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-settings-'));
    dirs.push(dataDir);
    const core = await boot(dataDir);
    core.store.db
      .prepare("INSERT INTO meta (key, value) VALUES ('site.settings', ?)")
      .run(JSON.stringify({ idleSeconds: 2, locales: ['en'] }));
    await core.close();
    cores.splice(0);
    const again = await boot(dataDir);
    expect((await call(again, 'ui.settings')).value).toMatchObject({
      idleSeconds: 60,
      locales: ['zh-CN', 'en', 'ug', 'bo'],
    });
  });

  it('refuses hostile or inconsistent values with a reason and keeps what was in force', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-settings-'));
    dirs.push(dataDir);
    const core = await boot(dataDir);
    await core.technician.setPin('482916');
    await core.technician.enter('482916');
    for (const bad of [
      { locales: ['en'] }, // Chinese must stay
      { locales: ['zh-CN', 'zh-CN'] },
      { service: { days: [1], open: '25:00', close: '20:00' } },
      { idleSeconds: 1e9 },
      { volume: -1 },
      { unknown: 1 },
    ]) {
      const r = await call(core, 'settings.set', bad);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
    }
    expect((await call(core, 'settings.get')).value).toMatchObject({
      idleSeconds: 60,
      locales: ['zh-CN', 'en', 'ug', 'bo'],
      service: { open: '08:00', close: '20:00' },
      volume: 80,
    });
  });
});
