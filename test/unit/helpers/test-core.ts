import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../../electron/core/config/config.ts';
import { createCore, type Core } from '../../../electron/core/core.ts';
import type { Clock } from '../../../electron/core/clock/clock.ts';
import type { Envelope } from '../../../electron/contract/index.ts';
import { startDevPlatform, type DevPlatform } from '../../../platform/dev-platform.ts';
import { enrolDataDir } from './enrol-data-dir.ts';

export interface TestCore {
  core: Core;
  dataDir: string;
  /** The dev platform the kiosk was enrolled with (`enrolAs`), else null. */
  platform: DevPlatform | null;
  cleanup(): Promise<void>;
}

/**
 * A real core (real SQLite file in a temp folder, demo devices) for tests. With `enrolAs` a dev
 * platform is started beside it and the kiosk enrolled under that id before the core starts.
 */
export async function makeTestCore(
  opts: { shell?: 'web' | 'electron'; env?: Record<string, string>; clock?: Clock; enrolAs?: string } = {},
): Promise<TestCore> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-unit-'));
  let platform: DevPlatform | null = null;
  if (opts.enrolAs) {
    platform = await startDevPlatform({ dataDir: `${dataDir}-platform` });
    await enrolDataDir(dataDir, platform, opts.enrolAs);
  }
  const config = loadConfig({ KIOSK_DATA_DIR: dataDir, ...opts.env });
  const core = await createCore({
    config,
    shell: opts.shell ?? 'web',
    log: pino({ level: 'silent' }),
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  return {
    core,
    dataDir,
    platform,
    async cleanup() {
      await core.close();
      await platform?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(`${dataDir}-platform`, { recursive: true, force: true });
    },
  };
}

/** A contract call on a test core that must succeed: its value, or the error it answered. */
export async function callOk<T>(core: Core, name: string, payload: object = {}): Promise<T> {
  const env = (await core.dispatch(name, payload, { shell: 'web' })) as Envelope;
  if (!env.ok) throw new Error(`${name}: ${JSON.stringify(env.error)}`);
  return env.value as T;
}

/** A contract call on a test core that must fail: the typed error it answered. */
export async function callFails(
  core: Core,
  name: string,
  payload: object = {},
): Promise<{ kind: string; messageKey: string }> {
  const env = (await core.dispatch(name, payload, { shell: 'web' })) as Envelope;
  if (env.ok) throw new Error(`${name} unexpectedly succeeded`);
  return env.error as { kind: string; messageKey: string };
}
