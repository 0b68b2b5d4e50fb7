import type Database from 'better-sqlite3';
import type { PrintFailure } from '../../contract/printing.ts';
import type { PayloadCipher } from './payload-cipher.ts';

export type JobKind = 'receipt' | 'a4';
export type JobState = 'pending' | 'printing' | 'done' | 'failed';

export interface PrintJob {
  id: string;
  kind: JobKind;
  receiptNo: string;
  state: JobState;
  failure: PrintFailure | null;
  attempts: number;
  sessionId: string | null;
  hasPayload: boolean;
  spoolJob: string | null;
  createdAt: string;
  updatedAt: string;
  doneAt: string | null;
}

interface Row {
  id: string;
  kind: JobKind;
  receipt_no: string;
  state: JobState;
  failure: PrintFailure | null;
  attempts: number;
  session_id: string | null;
  has_payload: number;
  spool_job: string | null;
  created_at: string;
  updated_at: string;
  done_at: string | null;
}

const COLS = `id, kind, receipt_no, state, failure, attempts, session_id, payload IS NOT NULL AS has_payload,
  spool_job, created_at, updated_at, done_at`;

function toJob(r: Row): PrintJob {
  return {
    id: r.id,
    kind: r.kind,
    receiptNo: r.receipt_no,
    state: r.state,
    failure: r.failure,
    attempts: r.attempts,
    sessionId: r.session_id,
    hasPayload: r.has_payload === 1,
    spoolJob: r.spool_job,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    doneAt: r.done_at,
  };
}

/**
 * The print queue in SQLite. Content is stored sealed and only while a job can still be printed;
 * every state change is one statement, so a crash leaves each job in a state it can resume from.
 */
export class PrintQueue {
  private readonly db: Database.Database;
  private readonly cipher: PayloadCipher;
  private readonly now: () => string;

  constructor(db: Database.Database, cipher: PayloadCipher, now: () => string) {
    this.db = db;
    this.cipher = cipher;
    this.now = now;
  }

  /** Records a job before anything is sent. */
  add(job: {
    id: string;
    kind: JobKind;
    receiptNo: string;
    sessionId: string | null;
    content: unknown;
  }): PrintJob {
    const t = this.now();
    const sealed = this.cipher.seal(Buffer.from(JSON.stringify(job.content), 'utf8'), job.id);
    this.db
      .prepare(
        `INSERT INTO print_jobs (id, kind, receipt_no, state, attempts, session_id, payload, created_at, updated_at)
         VALUES (?, ?, ?, 'pending', 0, ?, ?, ?, ?)`,
      )
      .run(job.id, job.kind, job.receiptNo, job.sessionId, sealed, t, t);
    return this.get(job.id)!;
  }

  get(id: string): PrintJob | null {
    const r = this.db.prepare(`SELECT ${COLS} FROM print_jobs WHERE id = ?`).get(id) as Row | undefined;
    return r ? toJob(r) : null;
  }

  /** The newest job for a receipt number that can still be printed (办件查询 reprint). */
  latestForReceipt(receiptNo: string, kind: JobKind = 'receipt'): PrintJob | null {
    const r = this.db
      .prepare(
        `SELECT ${COLS} FROM print_jobs WHERE receipt_no = ? AND kind = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`,
      )
      .get(receiptNo, kind) as Row | undefined;
    return r ? toJob(r) : null;
  }

  content<T>(id: string): T | null {
    const r = this.db.prepare('SELECT payload FROM print_jobs WHERE id = ?').get(id) as
      { payload: Buffer | null } | undefined;
    if (!r?.payload) return null;
    return JSON.parse(this.cipher.open(r.payload, id).toString('utf8')) as T;
  }

  /** pending/failed → printing; counts the attempt. Returns false if the job was not in a printable state. */
  startAttempt(id: string): boolean {
    const res = this.db
      .prepare(
        `UPDATE print_jobs SET state = 'printing', attempts = attempts + 1, updated_at = ?
         WHERE id = ? AND state IN ('pending', 'failed') AND payload IS NOT NULL`,
      )
      .run(this.now(), id);
    return res.changes === 1;
  }

  /** Done: the personal content is purged in the same statement. */
  markDone(id: string, spoolJob: string | null = null): void {
    const t = this.now();
    this.db
      .prepare(
        `UPDATE print_jobs SET state = 'done', failure = NULL, payload = NULL, spool_job = COALESCE(?, spool_job),
         updated_at = ?, done_at = ? WHERE id = ?`,
      )
      .run(spoolJob, t, t, id);
  }

  /** Not printed: stays pending (retried while its session lasts) or failed (waits for a person). */
  markUndone(
    id: string,
    state: 'pending' | 'failed',
    failure: PrintFailure,
    spoolJob: string | null = null,
  ): void {
    this.db
      .prepare(
        `UPDATE print_jobs SET state = ?, failure = ?, spool_job = COALESCE(?, spool_job), updated_at = ? WHERE id = ?`,
      )
      .run(state, failure, spoolJob, this.now(), id);
  }

  pendingForSession(sessionId: string): PrintJob[] {
    return (
      this.db
        .prepare(
          `SELECT ${COLS} FROM print_jobs WHERE session_id = ? AND state = 'pending' ORDER BY created_at, rowid`,
        )
        .all(sessionId) as Row[]
    ).map(toJob);
  }

  /** The resident left: their pending jobs must not spill out later for the next person to take. */
  releaseSession(sessionId: string): number {
    return this.db
      .prepare(
        `UPDATE print_jobs SET state = 'failed', session_id = NULL, updated_at = ? WHERE session_id = ? AND state = 'pending'`,
      )
      .run(this.now(), sessionId).changes;
  }

  /**
   * After a restart: a job caught mid-send ('printing') may or may not have come out; it becomes
   * failed/interrupted so a person decides, and no session survives a restart.
   */
  recover(): number {
    const t = this.now();
    const a = this.db
      .prepare(
        `UPDATE print_jobs SET state = 'failed', failure = 'interrupted', session_id = NULL, updated_at = ? WHERE state = 'printing'`,
      )
      .run(t).changes;
    const b = this.db
      .prepare(
        `UPDATE print_jobs SET state = 'failed', session_id = NULL, updated_at = ? WHERE state = 'pending'`,
      )
      .run(t).changes;
    return a + b;
  }

  /** Drops content of jobs older than the cutoff (ISO time): an unprinted receipt is not kept forever. */
  purgeOlderThan(cutoffIso: string): number {
    return this.db
      .prepare(
        `UPDATE print_jobs SET payload = NULL, updated_at = ? WHERE payload IS NOT NULL AND created_at < ?`,
      )
      .run(this.now(), cutoffIso).changes;
  }

  list(opts: { state?: JobState; limit: number }): PrintJob[] {
    const rows = opts.state
      ? this.db
          .prepare(
            `SELECT ${COLS} FROM print_jobs WHERE state = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`,
          )
          .all(opts.state, opts.limit)
      : this.db
          .prepare(`SELECT ${COLS} FROM print_jobs ORDER BY created_at DESC, rowid DESC LIMIT ?`)
          .all(opts.limit);
    return (rows as Row[]).map(toJob);
  }
}
