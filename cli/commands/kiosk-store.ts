import path from 'node:path';
import { loadConfig, type KioskConfig } from '../../electron/core/config/config.ts';
import { openStore, type Store } from '../../electron/core/store/store.ts';
import { systemClock } from '../../electron/core/clock/clock.ts';
import { AuditLog } from '../../electron/core/audit/audit-log.ts';

/**
 * The kiosk's own database, opened by kioskctl beside (or instead of) the running kiosk. SQLite WAL
 * and IMMEDIATE transactions make that safe; the audit chain stays linear with both writing.
 */
export interface KioskStore {
  config: KioskConfig;
  store: Store;
  audit: AuditLog;
  close(): void;
}

export function openKioskStore(): KioskStore {
  const config = loadConfig();
  const store = openStore(path.join(config.dataDir, 'kiosk.db'));
  return { config, store, audit: new AuditLog(store.db, systemClock), close: () => store.close() };
}
