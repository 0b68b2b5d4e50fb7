import type { syncCalls } from '../../contract/sync.ts';
import type { SyncStatus } from '../../contract/index.ts';
import type { CoreDeps, Feature } from '../features/feature.ts';
import { AUDIT_KINDS } from '../audit/audit-kinds.ts';
import type { KeySealer } from '../secure/key-sealer.ts';
import type { PlatformClient } from './platform-client.ts';
import { openSyncService, type SyncService } from './sync-service.ts';
import type { SyncStatusBoard } from './sync-status.ts';
import type { SyncSummary } from './sync-summary.ts';

type SyncCallName = keyof typeof syncCalls;

export interface SyncFeature extends Feature<SyncCallName> {
  /** For the flow engine: `sync.service.submit({ matterCode, application, attachments })`. */
  readonly service: SyncService;
}

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

/** The small status the renderer shows, derived from the outbox and the relay's link state. */
export function boardStatus(s: SyncSummary, online: boolean | null, working: boolean): SyncStatus {
  const queued = s.applications.queued;
  let state: SyncStatus['state'];
  if (!s.enrolled) state = 'not-configured';
  else if (s.rows.rejected > 0) state = 'error';
  else if (online === false) state = 'offline';
  else if (working && queued > 0) state = 'syncing';
  else state = 'online';
  return { state, queued, lastSyncAt: iso(s.lastSyncAt) };
}

/**
 * Sync as a core feature: opens the service from the data directory, runs the relay in the
 * background, keeps the SyncStatusBoard (read by `sync.status` and health) current and pushes
 * `sync.status` events. `onConnected` lets core.ts hand the platform client to heartbeats.
 */
export function createSyncFeature(
  deps: CoreDeps,
  extra: {
    board: SyncStatusBoard;
    sealer?: KeySealer;
    onConnected?: (client: PlatformClient, service: SyncService) => void;
    /** Verify-and-import for catalogue packages from the platform (catalogue feature's importPackage). */
    onCataloguePackage?: (raw: Buffer) => void;
    catalogueCheckMs?: number;
  },
): SyncFeature {
  const cfg = deps.config.sync;
  const service = openSyncService({
    db: deps.db,
    dataDir: deps.config.dataDir,
    clock: deps.clock,
    log: deps.log,
    kioskId: deps.config.kioskId,
    retentionDays: cfg.retentionDays,
    timeoutMs: cfg.requestTimeoutMs,
    requestAuth: cfg.requestAuth,
    ...((extra.sealer ?? deps.sealer) ? { sealer: extra.sealer ?? deps.sealer } : {}),
    onPurge: (count) =>
      deps.audit.append(AUDIT_KINDS.dataPurge, { store: 'sync', count, olderThanDays: cfg.retentionDays }),
    relay: {
      chunkBytes: cfg.chunkBytes,
      concurrency: cfg.concurrency,
      bandwidthBytesPerSec: cfg.bandwidthBytesPerSec,
      slowLinkBytesPerSec: cfg.slowLinkBytesPerSec,
      residentActive: () => deps.sessions.current() !== null,
    },
  });
  let last = '';
  const publish = (working: boolean): void => {
    const status = boardStatus(service.summary(), service.relay?.online ?? null, working);
    extra.board.set(status);
    const key = JSON.stringify(status);
    if (key !== last) {
      last = key;
      deps.bus.emit('sync.status', status);
    }
  };
  const detail = () => {
    const s = service.summary();
    return {
      ...s,
      online: service.relay?.online ?? null,
      rejected: s.rejected.map((r) => ({ ...r, at: new Date(r.at).toISOString() })),
      retrying: s.retrying.map((r) => ({ ...r, nextAt: new Date(r.nextAt).toISOString() })),
      lastSyncAt: iso(s.lastSyncAt),
    };
  };
  return {
    service,
    handlers: {
      'sync.detail': () => detail(),
      'sync.now': async () => {
        publish(true);
        const r = await service.syncNow();
        publish(false);
        return r;
      },
    },
    start() {
      let lastCatalogueCheck = -Infinity;
      const checkCatalogue = (): void => {
        const now = deps.clock.now();
        if (!extra.onCataloguePackage || now - lastCatalogueCheck < (extra.catalogueCheckMs ?? 3600_000))
          return;
        lastCatalogueCheck = now;
        service
          .fetchCatalogue(extra.onCataloguePackage)
          .then((r) => r === 'updated' && deps.log.info('catalogue package from the platform imported'))
          .catch((e: unknown) =>
            deps.log.warn({ err: (e as Error).message }, 'catalogue package not imported'),
          );
      };
      service.start(() => {
        publish(false);
        checkCatalogue();
      });
      publish(false);
      if (service.relay && service.client && extra.onConnected) extra.onConnected(service.client, service);
    },
    async close() {
      await service.stop();
    },
  };
}
