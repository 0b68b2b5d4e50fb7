import type Database from 'better-sqlite3';
import type { CallName } from '../../contract/index.ts';
import type { Clock } from '../clock/clock.ts';
import type { KioskConfig } from '../config/config.ts';
import type { Logger } from '../log/logger.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { SessionManager } from '../session/session-manager.ts';
import type { DeviceRegistry } from '../devices/device-registry.ts';
import type { Handler } from '../dispatcher.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { KeySealer } from '../secure/key-sealer.ts';

/** What every feature of the core is built from; all of it injectable, so tests pass fakes. */
export interface CoreDeps {
  config: KioskConfig;
  clock: Clock;
  log: Logger;
  db: Database.Database;
  bus: EventBus;
  sessions: SessionManager;
  devices: DeviceRegistry;
  newId: () => string;
  /** Append-only SM3-chained audit log: `audit.append(kind, details)`, details never personal. */
  audit: AuditLog;
  /** Seals the kiosk's keys: Electron safeStorage where there is a keyring, else the 0600 file. */
  sealer?: KeySealer;
}

/**
 * A feature (catalogue, card reader, printing, sync …) contributes handlers for its own calls and
 * may own resources it releases on close. createCore lists the features; the type checker then
 * refuses a build in which any call of the contract has no handler.
 */
export interface Feature<K extends CallName> {
  handlers: { [P in K]: Handler<P> };
  start?(): Promise<void> | void;
  close?(): Promise<void> | void;
}
