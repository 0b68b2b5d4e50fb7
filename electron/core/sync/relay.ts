import type Database from 'better-sqlite3';
import type { Clock, TimerHandle } from '../clock/clock.ts';
import type { Logger } from '../log/logger.ts';
import { audit, readAttachment, readSealedAttachment, type OutboxDeps } from './outbox.ts';
import { TransportError, type PlatformClient } from './platform-client.ts';
import { markChanged } from './sync-summary.ts';
import { relaxedCommit, statementCache } from '../store/statements.ts';

/**
 * The outbox relay. Per application strictly in seq order (apply → materials → evaluations); across
 * applications a small worker pool, JSON rows before big files. Delivery is at-least-once against
 * idempotent platform endpoints; before re-sending anything whose earlier attempt may have landed
 * ("in-doubt") it asks the platform by idempotency key, so the platform holds it exactly once.
 *
 * Row states: pending → sending → confirmed | in-doubt (retry after backoff) | rejected (4xx: kept
 * for a technician, never retried by the relay). A crash leaves 'sending', which recover() turns
 * into 'in-doubt' because the request may have reached the platform.
 */
export interface RelayOptions {
  deps: OutboxDeps;
  client: PlatformClient;
  clock: Clock;
  /** Jitter source in [0, 1); injected so tests are deterministic. */
  random: () => number;
  log?: Logger;
  concurrency?: number;
  chunkBytes?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Upload budget in bytes per second; null = unlimited. */
  bandwidthBytesPerSec?: number | null;
  /** True while a resident is mid-flow: on a slow link, big uploads wait (JSON still goes). */
  residentActive?: () => boolean;
  slowLinkBytesPerSec?: number;
  pollMs?: number;
  owner?: string;
}

interface OutboxRow {
  id: number;
  app_key: string;
  seq: number;
  type: 'apply' | 'material' | 'evaluate';
  ref: string | null;
  payload: Buffer | null;
  status: 'pending' | 'sending' | 'in-doubt' | 'confirmed' | 'rejected';
  attempts: number;
  upload_url: string | null;
}

type Outcome =
  | { kind: 'confirmed'; platformNo?: string }
  | { kind: 'rejected'; error: string }
  | { kind: 'retry'; error: string; doubt: boolean; offline?: boolean };

const RETRYABLE_4XX = new Set([401, 408, 425, 429]);
const TUS = { 'tus-resumable': '1.0.0' };

function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}

export class Relay {
  private readonly o: Required<Omit<RelayOptions, 'log' | 'bandwidthBytesPerSec' | 'residentActive'>> &
    Pick<RelayOptions, 'log' | 'bandwidthBytesPerSec' | 'residentActive'>;
  private timer: TimerHandle | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private rerun = false;
  private tokens = 0;
  private tokensAt = 0;
  /** Measured upload speed (EWMA, bytes/s); null until the first upload. */
  linkBytesPerSec: number | null = null;
  online: boolean | null = null;
  lastError: string | null = null;

  constructor(opts: RelayOptions) {
    this.o = {
      concurrency: 4,
      chunkBytes: 1024 * 1024,
      backoffBaseMs: 2_000,
      backoffMaxMs: 10 * 60_000,
      slowLinkBytesPerSec: 64 * 1024,
      pollMs: 30_000,
      owner: `relay-${process.pid}`,
      ...opts,
    };
    this.sql = statementCache(opts.deps.db);
  }

  private get db() {
    return this.o.deps.db;
  }
  /** Prepared once: a drain runs the same dozen statements thousands of times. */
  private readonly sql: (text: string) => Database.Statement;
  private now(): number {
    return this.o.deps.now();
  }

  /** After a crash: whatever was being sent may have landed, so it must be asked about first. */
  recover(): number {
    return this.sql(
      "UPDATE sync_outbox SET status = 'in-doubt', updated_at = ? WHERE status = 'sending'",
    ).run(this.now()).changes;
  }

  /**
   * Takes or renews the single-relay lease. A holder whose process is gone (SIGKILL, power cut)
   * loses it at once; a live one keeps it until it expires.
   */
  takeLease(ttlMs = 60_000): boolean {
    const now = this.now();
    return this.db.transaction(() => {
      const cur = this.sql('SELECT owner, pid, expires_at FROM sync_lease WHERE id = 1').get() as
        { owner: string; pid: number; expires_at: number } | undefined;
      if (cur && cur.owner !== this.o.owner && cur.expires_at > now && pidAlive(cur.pid)) return false;
      this.sql('INSERT OR REPLACE INTO sync_lease (id, owner, pid, expires_at) VALUES (1, ?, ?, ?)').run(
        this.o.owner,
        process.pid,
        now + ttlMs,
      );
      return true;
    })();
  }

  releaseLease(): void {
    this.sql('DELETE FROM sync_lease WHERE id = 1 AND owner = ?').run(this.o.owner);
  }

  /** Rows that may be worked on now: the first unconfirmed row of each application. */
  private due(limit: number, exclude: Set<string>, force: boolean): OutboxRow[] {
    // First unconfirmed row of each application, found through the (app_key, seq) index; callers
    // fetch a batch, so a drain of thousands of rows runs this a few hundred times, not per row.
    const rows = this.sql(
      `SELECT o.id, o.app_key, o.seq, o.type, o.ref, o.payload, o.status, o.attempts, o.upload_url
         FROM sync_outbox o
         WHERE o.status IN ('pending', 'in-doubt') AND (? OR o.next_at <= ?)
           AND NOT EXISTS (SELECT 1 FROM sync_outbox p
                           WHERE p.app_key = o.app_key AND p.seq < o.seq AND p.status != 'confirmed')
         ORDER BY (o.type = 'material'), o.next_at, o.id
         LIMIT ?`,
    ).all(force ? 1 : 0, this.now(), limit + exclude.size) as OutboxRow[];
    const holdUploads =
      !force &&
      (this.o.residentActive?.() ?? false) &&
      this.linkBytesPerSec !== null &&
      this.linkBytesPerSec < this.o.slowLinkBytesPerSec;
    return rows
      .filter((r) => !exclude.has(r.app_key) && !(holdUploads && r.type === 'material'))
      .slice(0, limit);
  }

  /**
   * Works until nothing is due (or, with force, until nothing can make progress in this pass:
   * rows that failed this pass wait for the next call). Returns rows confirmed.
   */
  async runUntilIdle(opts: { force?: boolean } = {}): Promise<{ confirmed: number; failed: number }> {
    const inFlight = new Set<string>();
    const failedThisPass = new Set<string>();
    let confirmed = 0;
    let failed = 0;
    let batch: OutboxRow[] = [];
    const eligible = (r: OutboxRow): boolean => !inFlight.has(r.app_key) && !failedThisPass.has(r.app_key);
    // Synchronous, so two workers never take the same row; a refill replaces the whole batch.
    const take = (): OutboxRow | undefined => {
      let i = batch.findIndex(eligible);
      if (i < 0) {
        batch = this.due(64, new Set([...inFlight, ...failedThisPass]), opts.force ?? false);
        i = batch.findIndex(eligible);
      }
      return i < 0 ? undefined : batch.splice(i, 1)[0];
    };
    const worker = async (): Promise<void> => {
      for (;;) {
        const row = take();
        if (!row) return;
        inFlight.add(row.app_key);
        try {
          const ok = await this.processRow(row);
          if (ok) confirmed++;
          else {
            failed++;
            failedThisPass.add(row.app_key);
          }
        } finally {
          inFlight.delete(row.app_key);
        }
        if (this.online === false) return;
        // A long drain keeps its lease, so kioskctl sync now never runs a second relay beside it.
        if (this.now() - this.leaseRenewedAt > 20_000) {
          this.leaseRenewedAt = this.now();
          this.takeLease();
        }
      }
    };
    await Promise.all(Array.from({ length: this.o.concurrency }, worker));
    markChanged(this.db, this.now());
    return { confirmed, failed };
  }

  async processRow(row: OutboxRow): Promise<boolean> {
    const now = this.now();
    const doubt = row.status === 'in-doubt';
    // Claimed only if still waiting: a row another pass (sync.now beside the background loop)
    // took or settled in the meantime is left alone.
    const claimed = this.relaxed(
      () =>
        this.sql(
          `UPDATE sync_outbox SET status = 'sending', attempts = attempts + 1, updated_at = ?
         WHERE id = ? AND status IN ('pending', 'in-doubt')`,
        ).run(now, row.id).changes,
    );
    if (claimed === 0) return true;
    let outcome: Outcome;
    try {
      if (row.type === 'apply') outcome = await this.sendApply(row, doubt);
      else if (row.type === 'material') outcome = await this.sendMaterial(row, doubt);
      else outcome = await this.sendEvaluation(row, doubt);
    } catch (e) {
      if (e instanceof TransportError) {
        outcome = {
          kind: 'retry',
          error: `${e.kind}: ${e.message}`,
          doubt: true,
          offline: e.kind !== 'garbage',
        };
      } else {
        // A local fault (unreadable file, bad key): keep the row, tell the technician, retry later.
        outcome = { kind: 'retry', error: `local: ${(e as Error).message}`, doubt: true };
      }
    }
    return this.relaxed(() => this.settle(row, outcome));
  }

  /**
   * The relay's own bookkeeping (claimed, confirmed, retry at) commits without waiting for fsync.
   * Safe because WAL commits survive a process crash, and what a power cut can lose is only
   * "already sent/confirmed": the row is then sent again and the platform, idempotent by key,
   * keeps one record. A resident's submission (submitApplication) always commits with FULL.
   */
  private relaxed<T>(fn: () => T): T {
    return relaxedCommit(this.db, fn);
  }

  private settle(row: OutboxRow, outcome: Outcome): boolean {
    const now = this.now();
    const db = this.db;
    if (outcome.kind === 'confirmed') {
      this.online = true;
      db.transaction(() => {
        this.sql(
          "UPDATE sync_outbox SET status = 'confirmed', last_error = NULL, updated_at = ? WHERE id = ?",
        ).run(now, row.id);
        if (outcome.platformNo) {
          this.sql('UPDATE sync_application SET platform_no = ? WHERE key = ?').run(
            outcome.platformNo,
            row.app_key,
          );
        }
        const left = this.sql(
          "SELECT COUNT(*) AS n FROM sync_outbox WHERE app_key = ? AND status != 'confirmed'",
        ).get(row.app_key) as { n: number };
        if (left.n === 0) {
          this.sql("UPDATE sync_application SET state = 'confirmed', confirmed_at = ? WHERE key = ?").run(
            now,
            row.app_key,
          );
          audit(db, now, 'confirmed', row.app_key, '');
        }
        this.sql("INSERT OR REPLACE INTO sync_meta (key, value) VALUES ('last_sync_at', ?)").run(String(now));
      })();
      return true;
    }
    if (outcome.kind === 'rejected') {
      this.online = true;
      db.transaction(() => {
        this.sql(
          "UPDATE sync_outbox SET status = 'rejected', last_error = ?, updated_at = ? WHERE id = ?",
        ).run(outcome.error.slice(0, 300), now, row.id);
        this.sql("UPDATE sync_application SET state = 'rejected' WHERE key = ?").run(row.app_key);
        audit(db, now, 'rejected', row.app_key, `${row.type}: ${outcome.error.slice(0, 200)}`);
      })();
      this.o.log?.warn(
        { appKey: row.app_key, type: row.type, error: outcome.error },
        'sync row rejected by platform',
      );
      return false;
    }
    if (outcome.offline) this.online = false;
    this.lastError = outcome.error;
    const attempts = row.attempts + 1;
    const exp = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** Math.min(attempts - 1, 20));
    const delay = Math.round(exp / 2 + (exp / 2) * this.o.random());
    this.sql(
      'UPDATE sync_outbox SET status = ?, last_error = ?, next_at = ?, updated_at = ? WHERE id = ?',
    ).run(outcome.doubt ? 'in-doubt' : 'pending', outcome.error.slice(0, 300), now + delay, now, row.id);
    this.o.log?.info({ appKey: row.app_key, type: row.type, attempts, delay }, 'sync row will be retried');
    return false;
  }

  private classify(status: number, body: Buffer, what: string): Outcome {
    if (status >= 200 && status < 300) return { kind: 'confirmed' };
    const text = body
      .toString('utf8')
      .slice(0, 200)
      .replace(/[^\x20-\x7e]/g, '?');
    if (status >= 400 && status < 500 && !RETRYABLE_4XX.has(status)) {
      return { kind: 'rejected', error: `${what} ${status} ${text}` };
    }
    return { kind: 'retry', error: `${what} ${status} ${text}`, doubt: status >= 500 || status === 408 };
  }

  private async sendApply(row: OutboxRow, doubt: boolean): Promise<Outcome> {
    const c = this.o.client;
    const key = row.app_key;
    if (doubt) {
      const q = await c.json<{ platformNo?: string }>({ method: 'GET', path: `/v1/applications/${key}` });
      if (q.status === 200)
        return { kind: 'confirmed', ...(q.data?.platformNo ? { platformNo: q.data.platformNo } : {}) };
      if (q.status !== 404) return this.classify(q.status, q.raw.body, 'lookup');
    }
    const app = this.sql('SELECT payload FROM sync_application WHERE key = ?').get(key) as
      { payload: Buffer } | undefined;
    if (!app) return { kind: 'rejected', error: 'application row missing' };
    const body = this.o.deps.profile.open(this.o.deps.dataKey, app.payload);
    const r = await c.json<{ platformNo?: string }>({
      method: 'POST',
      path: '/v1/applications',
      headers: { 'idempotency-key': key },
      body,
    });
    const out = this.classify(r.status, r.raw.body, 'apply');
    if (out.kind === 'confirmed') {
      if (!r.data || typeof r.data !== 'object')
        throw new TransportError('garbage', 'apply answer without body');
      return { kind: 'confirmed', ...(r.data.platformNo ? { platformNo: r.data.platformNo } : {}) };
    }
    return out;
  }

  private async sendEvaluation(row: OutboxRow, doubt: boolean): Promise<Outcome> {
    const c = this.o.client;
    const path = `/v1/applications/${row.app_key}/evaluations`;
    if (doubt) {
      const q = await c.request({ method: 'GET', path: `${path}/${row.ref}` });
      if (q.status === 200) return { kind: 'confirmed' };
      if (q.status !== 404) return this.classify(q.status, q.body, 'lookup');
    }
    const body = this.o.deps.profile.open(this.o.deps.dataKey, row.payload ?? Buffer.alloc(0));
    const r = await c.request({
      method: 'POST',
      path,
      headers: { 'idempotency-key': row.ref ?? '', 'content-type': 'application/json' },
      body,
    });
    return this.classify(r.status, r.body, 'evaluate');
  }

  private async budget(bytes: number): Promise<void> {
    const rate = this.o.bandwidthBytesPerSec;
    if (!rate) return;
    const now = this.now();
    this.tokens = Math.min(rate, this.tokens + ((now - this.tokensAt) / 1000) * rate);
    this.tokensAt = now;
    this.tokens -= bytes;
    if (this.tokens < 0) {
      const waitMs = Math.ceil((-this.tokens / rate) * 1000);
      await new Promise<void>((res) => this.o.clock.setTimeout(res, waitMs));
    }
  }

  private noteSpeed(bytes: number, ms: number): void {
    if (bytes < 16 * 1024) return;
    const bps = (bytes / Math.max(ms, 1)) * 1000;
    this.linkBytesPerSec = this.linkBytesPerSec === null ? bps : this.linkBytesPerSec * 0.7 + bps * 0.3;
  }

  private async sendMaterial(row: OutboxRow, doubt: boolean): Promise<Outcome> {
    const c = this.o.client;
    const key = row.app_key;
    if (doubt) {
      const q = await c.request({ method: 'GET', path: `/v1/applications/${key}/materials/${row.ref}` });
      if (q.status === 200) return { kind: 'confirmed' };
      if (q.status !== 404) return this.classify(q.status, q.body, 'lookup');
    }
    const att = this.sql(
      `SELECT t.id, t.kind, t.mime, t.digest, t.file, a.content_key IS NOT NULL AS enveloped
         FROM sync_attachment t JOIN sync_application a ON a.key = t.app_key WHERE t.id = ?`,
    ).get(row.ref) as
      { id: string; kind: string; mime: string; digest: string; file: string; enveloped: number } | undefined;
    if (!att) return { kind: 'rejected', error: 'attachment row missing' };
    // Sealed under the application's content key: sent exactly as stored, and the digest the
    // platform checks is the file's own name (older rows: decrypted first, plaintext digest). The
    // content address is not re-hashed here: the platform checks the same digest on receipt, and
    // only when it answers 460 is the local file examined, to tell a damaged copy on this disk
    // (rejected at once: re-sending cannot help) from damage in transit (sent again).
    const data = att.enveloped
      ? readSealedAttachment(this.o.deps, att.file, { verify: false })
      : readAttachment(this.o.deps, key, att.file);
    const digest = att.enveloped ? att.file : att.digest;
    const fail = (status: number, body: Buffer, what: string): Outcome => {
      if (status === 460 && att.enveloped) {
        try {
          readSealedAttachment(this.o.deps, att.file);
        } catch (e) {
          return { kind: 'rejected', error: `local: ${(e as Error).message}` };
        }
      }
      return this.uploadFailure(row, status, body, what);
    };
    const chunk = this.o.chunkBytes;
    let offset = 0;
    let url = row.upload_url;
    if (url) {
      const h = await c.request({ method: 'HEAD', path: url, headers: TUS });
      if (h.status === 200) offset = Number(h.headers['upload-offset'] ?? 0);
      else if (h.status === 404 || h.status === 410) url = null;
      else return this.classify(h.status, h.body, 'upload-head');
    }
    if (!url) {
      const meta = [
        `applicationKey ${b64(key)}`,
        `attachmentId ${b64(att.id)}`,
        `digest ${b64(digest)}`,
        `digestAlg ${b64(this.o.deps.profile.hashName)}`,
        `kind ${b64(att.kind)}`,
        `filetype ${b64(att.mime)}`,
      ].join(',');
      const first = data.subarray(0, Math.min(chunk, data.length));
      await this.budget(first.length);
      const t0 = Date.now();
      const r = await c.request({
        method: 'POST',
        path: '/files',
        headers: {
          ...TUS,
          'upload-length': String(data.length),
          'upload-metadata': meta,
          'content-type': 'application/offset+octet-stream',
        },
        body: first,
        unsignedBody: true,
      });
      if (r.status !== 201) return fail(r.status, r.body, 'upload-create');
      this.noteSpeed(first.length, Date.now() - t0);
      const loc = String(r.headers.location ?? '');
      const base = new URL(c.opts.baseUrl);
      url = new URL(loc, base).pathname.slice(base.pathname.replace(/\/$/, '').length);
      // Persisted at once: after a cut the next attempt resumes this upload instead of starting over.
      // Relaxed like the rest of the relay's bookkeeping: a power cut that loses it costs a restart of
      // this one upload, while a durable commit here cost an fsync per material.
      this.relaxed(() => this.sql('UPDATE sync_outbox SET upload_url = ? WHERE id = ?').run(url, row.id));
      offset = Number(r.headers['upload-offset'] ?? 0);
    }
    while (offset < data.length) {
      const part = data.subarray(offset, Math.min(offset + chunk, data.length));
      await this.budget(part.length);
      const t0 = Date.now();
      const r = await c.request({
        method: 'PATCH',
        path: url,
        headers: {
          ...TUS,
          'upload-offset': String(offset),
          'content-type': 'application/offset+octet-stream',
        },
        body: part,
        unsignedBody: true,
      });
      if (r.status !== 204) return fail(r.status, r.body, 'upload-patch');
      this.noteSpeed(part.length, Date.now() - t0);
      offset = Number(r.headers['upload-offset'] ?? offset + part.length);
    }
    return { kind: 'confirmed' };
  }

  /**
   * 460 = the platform's digest of the finished upload differs from ours: a transfer fault, so the
   * upload is dropped and started again (a few times, then a technician must look). 409 = offset
   * mismatch: HEAD tells the true offset on the next attempt.
   */
  private uploadFailure(row: OutboxRow, status: number, body: Buffer, what: string): Outcome {
    if (status === 460 || status === 404 || status === 410) {
      this.relaxed(() => this.sql('UPDATE sync_outbox SET upload_url = NULL WHERE id = ?').run(row.id));
      if (status === 460 && row.attempts >= 5)
        return { kind: 'rejected', error: `${what} digest mismatch x${row.attempts}` };
      return { kind: 'retry', error: `${what} ${status}`, doubt: status === 460 };
    }
    if (status === 409) return { kind: 'retry', error: `${what} 409 offset`, doubt: true };
    return this.classify(status, body, what);
  }

  /** Background loop for the running kiosk: lease, recover, work, purge hook, sleep until due. */
  start(onTick?: () => void): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.onTick = onTick ?? null;
    this.kick();
  }
  private onTick: (() => void) | null = null;
  private offlineWaitMs = 0;
  private leaseRenewedAt = 0;

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    if (this.timer) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
    this.running = (async () => {
      try {
        if (this.takeLease()) {
          this.recover();
          if (this.online === false) await this.probe();
          if (this.online !== false) {
            const r = await this.runUntilIdle();
            // An empty queue sends nothing, so nothing would notice the link dropping: a pass with
            // nothing to send probes instead (one GET per poll), and the resident is told in time.
            if (r.confirmed + r.failed === 0) await this.probe();
          }
        }
      } catch (e) {
        this.o.log?.error({ err: (e as Error).message }, 'sync relay pass failed');
      } finally {
        this.running = null;
        this.onTick?.();
        if (!this.stopped) {
          if (this.rerun) {
            this.rerun = false;
            this.kick();
          } else {
            // Offline: probe on a growing interval instead of whenever a row falls due.
            this.offlineWaitMs =
              this.online === false ? Math.min(this.o.pollMs, (this.offlineWaitMs || 1000) * 2) : 0;
            const wait = this.online === false ? this.offlineWaitMs : this.nextWakeMs();
            this.timer = this.o.clock.setTimeout(() => this.kick(), wait);
          }
        }
      }
    })();
  }

  private nextWakeMs(): number {
    const r = this.sql(
      "SELECT MIN(next_at) AS t FROM sync_outbox WHERE status IN ('pending', 'in-doubt')",
    ).get() as { t: number | null };
    const wantKick = this.sql("SELECT value FROM sync_meta WHERE key = 'kick'").get() as
      { value: string } | undefined;
    if (wantKick) {
      this.sql("DELETE FROM sync_meta WHERE key = 'kick'").run();
      return 0;
    }
    const until = r.t === null ? this.o.pollMs : Math.max(250, r.t - this.now());
    return Math.min(until, this.o.pollMs);
  }

  /** Resolves when no background pass is running (a forced pass then sees every row settled). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Online detection: one cheap signed GET; a kiosk offline for hours costs one probe per poll. */
  async probe(): Promise<boolean> {
    try {
      const r = await this.o.client.request({ method: 'GET', path: '/v1/health', timeoutMs: 5000 });
      this.online = r.status === 200;
    } catch {
      this.online = false;
    }
    return this.online;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    this.releaseLease();
  }
}

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
