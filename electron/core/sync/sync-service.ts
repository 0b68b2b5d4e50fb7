import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Clock } from '../clock/clock.ts';
import type { Logger } from '../log/logger.ts';
import { createGmProfile } from './crypto-adapter.ts';
import { loadIdentity, type KioskIdentity } from './enrolment.ts';
import {
  addEvaluation,
  purgeConfirmed,
  submitApplication,
  sweepOrphans,
  type OutboxDeps,
  type Satisfaction,
  type SubmitInput,
  type SubmitResult,
} from './outbox.ts';
import { PlatformClient } from './platform-client.ts';
import { Relay, type RelayOptions } from './relay.ts';
import { readSyncSummary, type SyncSummary } from './sync-summary.ts';
import { fileModeSealer, loadOrCreateDataKey, type KeySealer, type OnRewrap } from '../secure/key-sealer.ts';
import { audit } from './outbox.ts';

/**
 * Everything sync needs, put together from the data directory: data key, identity, outbox, relay.
 * At rest it is always the 国密 profile (SM4 + SM3 content addresses, what 密评 asks for); the
 * signing profile is whatever the kiosk enrolled with.
 */
export interface SyncServiceOptions {
  db: Database.Database;
  dataDir: string;
  clock: Clock;
  random?: () => number;
  log?: Logger;
  sealer?: KeySealer;
  /** Called when a key still in the plain file was moved under `sealer` (createCore audits it). */
  onRewrap?: OnRewrap;
  kioskId: string;
  retentionDays?: number;
  relay?: Partial<Omit<RelayOptions, 'deps' | 'client' | 'clock' | 'random' | 'log'>>;
  timeoutMs?: number;
  /** 'signature' signs every request with the enrolled key instead of opening a session. */
  requestAuth?: 'session' | 'signature';
  /** Called after each purge that removed something (core.ts writes the system audit record). */
  onPurge?: (count: number) => void;
}

export interface SyncService {
  readonly outbox: OutboxDeps;
  readonly identity: KioskIdentity | null;
  readonly relay: Relay | null;
  readonly client: PlatformClient | null;
  /** The flow engine's entry point: one transaction, then the relay is woken. */
  submit(input: SubmitInput): SubmitResult;
  evaluate(
    appKey: string,
    ev: { satisfaction: Satisfaction; comment?: string; indicators?: string[] },
  ): string;
  summary(): SyncSummary;
  /** Works through everything now, ignoring backoff (a technician asked). */
  syncNow(): Promise<{ confirmed: number; failed: number }>;
  purge(): number;
  /**
   * Asks the platform for the latest signed catalogue package; hands new bytes to `onPackage` (the
   * catalogue feature verifies and imports them) and remembers the ETag only once that succeeded.
   */
  fetchCatalogue(onPackage: (raw: Buffer) => void): Promise<'updated' | 'unchanged' | 'none'>;
  start(onTick?: () => void): void;
  stop(): Promise<void>;
}

export function openSyncService(o: SyncServiceOptions): SyncService {
  const sealer = o.sealer ?? fileModeSealer;
  const dataKey = loadOrCreateDataKey(path.join(o.dataDir, 'keys'), sealer, o.onRewrap);
  let identity: KioskIdentity | null = null;
  try {
    identity = loadIdentity(o.db, o.dataDir, sealer, o.onRewrap);
  } catch (e) {
    // A lost or mismatched key must not stop the kiosk: it keeps accepting (and queueing)
    // applications and shows "not configured" until a technician enrols again.
    o.log?.error({ err: (e as Error).message }, 'sync identity unusable; enrol again');
  }
  const outbox: OutboxDeps = {
    db: o.db,
    profile: createGmProfile(),
    dataKey,
    attachmentsDir: path.join(o.dataDir, 'attachments'),
    kioskId: identity?.kioskId ?? o.kioskId,
    now: () => o.clock.now(),
  };
  const client = identity
    ? new PlatformClient({
        baseUrl: identity.platformUrl,
        kioskId: identity.kioskId,
        profile: identity.profile,
        keys: identity.keys,
        ...(identity.ca ? { ca: identity.ca } : {}),
        timeoutMs: o.timeoutMs ?? 15_000,
        now: () => o.clock.now(),
        sessions: o.requestAuth !== 'signature',
      })
    : null;
  const relay = client
    ? new Relay({
        deps: outbox,
        client,
        clock: o.clock,
        random: o.random ?? Math.random,
        ...(o.log ? { log: o.log } : {}),
        ...o.relay,
      })
    : null;
  const retention = o.retentionDays ?? 7;
  let started = false;
  const purge = (): number => {
    const n = purgeConfirmed(outbox, retention);
    if (n) {
      o.log?.info({ purged: n, retentionDays: retention }, 'personal data purged after confirmation');
      o.onPurge?.(n);
    }
    return n;
  };
  return {
    outbox,
    identity,
    relay,
    client,
    submit(input) {
      const r = submitApplication(outbox, input);
      o.log?.info({ appKey: r.key, materials: r.attachments.length }, 'application queued for the platform');
      relay?.kick();
      return r;
    },
    evaluate(appKey, ev) {
      const id = addEvaluation(outbox, appKey, ev);
      relay?.kick();
      return id;
    },
    summary: () => readSyncSummary(o.db),
    async syncNow() {
      if (!relay) return { confirmed: 0, failed: 0 };
      // Let a background pass finish first, so "now" means every row gets its turn in this call.
      await relay.idle();
      if (!relay.takeLease()) throw new Error('另一个同步进程正在运行 (another relay holds the lease)');
      relay.recover();
      const r = await relay.runUntilIdle({ force: true });
      // "Sync now" with nothing queued still answers the question the operator asked: is it reachable?
      if (r.confirmed + r.failed === 0) await relay.probe();
      if (!started) relay.releaseLease();
      purge();
      return r;
    },
    purge,
    async fetchCatalogue(onPackage) {
      if (!client) return 'none';
      const meta = o.db.prepare("SELECT value FROM sync_meta WHERE key = 'catalogue_etag'").get() as
        { value: string } | undefined;
      const r = await client.request({
        method: 'GET',
        path: '/v1/catalogue/packages/latest',
        headers: meta ? { 'if-none-match': meta.value } : {},
      });
      if (r.status === 304) return 'unchanged';
      if (r.status === 404) return 'none';
      if (r.status !== 200) throw new Error(`catalogue package: HTTP ${r.status}`);
      onPackage(r.body);
      const etag = r.headers.etag;
      if (typeof etag === 'string') {
        o.db.prepare("INSERT OR REPLACE INTO sync_meta (key, value) VALUES ('catalogue_etag', ?)").run(etag);
      }
      return 'updated';
    },
    start(onTick) {
      started = true;
      sweepOrphans(outbox);
      purge();
      audit(o.db, o.clock.now(), 'key-sealer', null, sealer.kind);
      relay?.start(() => {
        purge();
        onTick?.();
      });
      if (!relay) onTick?.();
    },
    async stop() {
      await relay?.stop();
      client?.close();
    },
  };
}
