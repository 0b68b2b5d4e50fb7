import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallName } from '../../contract/index.ts';
import type { coreCalls } from '../../contract/calls.ts';
import type { SyncStatusBoard } from '../sync/sync-status.ts';
import type { CoreDeps, Feature } from './feature.ts';

type BaseCalls = keyof typeof coreCalls & CallName;

function packageVersion(): string {
  // Source tree: electron/core/features → ../../../package.json; bundle: dist/electron → ../../package.json.
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const rel of ['../../../package.json', '../../package.json']) {
    try {
      return (JSON.parse(fs.readFileSync(path.join(here, rel), 'utf8')) as { version: string }).version;
    } catch {
      // try the next layout
    }
  }
  return '0.0.0';
}

/** The foundation's calls: app facts, UI settings, the resident session, devices, sync status. */
export function createBaseFeature(
  deps: CoreDeps,
  extra: { version?: string; sync: SyncStatusBoard },
): Feature<BaseCalls> {
  const { config, sessions, devices } = deps;
  const version = extra.version ?? packageVersion();
  return {
    handlers: {
      'app.info': (_req, ctx) => ({
        name: '办事自助终端',
        version,
        shell: ctx.shell,
        kioskId: config.kioskId,
        siteName: config.siteName,
        demo: config.demo,
      }),
      'ui.settings': () => ({
        idleSeconds: config.ui.idleSeconds,
        countdownSeconds: config.ui.countdownSeconds,
        defaultLocale: config.ui.defaultLocale,
        locales: config.ui.locales,
      }),
      'session.start': (req) => sessions.start(req.locale),
      'session.current': () => ({ session: sessions.current() }),
      'session.update': (req) => sessions.update(req),
      'session.touch': () => ({ active: sessions.touch() }),
      'session.end': (req) => ({ wiped: sessions.end(req.reason) }),
      'device.list': () => ({ devices: devices.list() }),
      'sync.status': () => extra.sync.get(),
    },
  };
}
