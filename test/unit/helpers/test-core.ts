import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../../electron/core/config/config.ts';
import { createCore, type Core } from '../../../electron/core/core.ts';
import type { Clock } from '../../../electron/core/clock/clock.ts';

export interface TestCore {
  core: Core;
  dataDir: string;
  cleanup(): Promise<void>;
}

/** A real core (real SQLite file in a temp folder, demo devices) for tests. */
export async function makeTestCore(
  opts: { shell?: 'web' | 'electron'; env?: Record<string, string>; clock?: Clock } = {},
): Promise<TestCore> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-unit-'));
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
    async cleanup() {
      await core.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
