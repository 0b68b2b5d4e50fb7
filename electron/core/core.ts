import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { systemClock, type Clock } from './clock/clock.ts';
import type { KioskConfig } from './config/config.ts';
import { createLogger, type Logger } from './log/logger.ts';
import { openStore, type Store } from './store/store.ts';
import { EventBus } from './events/event-bus.ts';
import { SessionManager } from './session/session-manager.ts';
import { DeviceRegistry, registerDemoDevices } from './devices/device-registry.ts';
import { SyncStatusBoard } from './sync/sync-status.ts';
import { createDispatcher, type Dispatch, type Handlers } from './dispatcher.ts';
import type { EventListener } from './events/event-bus.ts';

export interface CoreOptions {
  config: KioskConfig;
  shell: 'electron' | 'web';
  clock?: Clock;
  log?: Logger;
  newId?: () => string;
  version?: string;
}

export interface Core {
  readonly config: KioskConfig;
  readonly dispatch: Dispatch;
  readonly sessions: SessionManager;
  readonly devices: DeviceRegistry;
  readonly store: Store;
  readonly log: Logger;
  subscribe(listener: EventListener): () => void;
  close(): void;
}

function packageVersion(): string {
  try {
    const pkg = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json');
    return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/**
 * Builds the Electron-free core: store, sessions, devices and the call handlers. Both shells (the
 * Electron main process and browser mode) construct exactly this and only differ in transport.
 */
export function createCore(opts: CoreOptions): Core {
  const { config } = opts;
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? createLogger({ level: config.log.level });
  const newId = opts.newId ?? randomUUID;
  const version = opts.version ?? packageVersion();
  const store = openStore(path.join(config.dataDir, 'kiosk.db'));
  const bus = new EventBus();
  const devices = new DeviceRegistry(bus);
  const sync = new SyncStatusBoard();
  const sessions = new SessionManager({
    clock,
    db: store.db,
    bus,
    log,
    newId,
    defaultLocale: config.ui.defaultLocale,
    backstopMs: (config.ui.idleSeconds + config.ui.countdownSeconds + 30) * 1000,
  });
  if (config.devices.mode === 'simulated') registerDemoDevices(devices);

  const handlers: Handlers = {
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
    'sync.status': () => sync.get(),
  };

  log.info(
    { shell: opts.shell, demo: config.demo, schema: store.migration.to, kioskId: config.kioskId },
    'core started',
  );
  return {
    config,
    dispatch: createDispatcher(handlers, log),
    sessions,
    devices,
    store,
    log,
    subscribe: (l) => bus.subscribe(l),
    close() {
      sessions.end('resident');
      sessions.dispose();
      store.close();
    },
  };
}
