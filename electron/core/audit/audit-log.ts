import type Database from 'better-sqlite3';
import type { Clock } from '../clock/clock.ts';
import { sm3Hex } from './sm3.ts';
import {
  AUDIT_ACTORS,
  AuditError,
  canonicalDetails,
  checkKind,
  type AuditActor,
  type AuditDetails,
} from './audit-details.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRecord {
  seq: number;
  at: string;
  kind: string;
  actor: AuditActor;
  details: AuditDetails;
  prevHash: string;
  hash: string;
}

interface Row {
  seq: number;
  at: string;
  kind: string;
  actor: string;
  details: string;
  prev_hash: string;
  hash: string;
}

export type AuditProblemKind = 'hash-mismatch' | 'broken-link' | 'missing' | 'bad-row';

export interface AuditProblem {
  /** The record number (1-based sequence) at which the chain breaks. */
  seq: number;
  problem: AuditProblemKind;
}

export interface VerifyResult {
  ok: boolean;
  count: number;
  /** Hash of the last record: what heartbeats send out so truncating the tail is caught remotely. */
  head: string;
  problems: AuditProblem[];
}

/** The exact bytes that are hashed: every stored column but the hash itself, including the number. */
export function recordHash(r: Omit<Row, 'hash'>): string {
  return sm3Hex([r.prev_hash, r.seq, r.at, r.kind, r.actor, r.details].join('\n'));
}

export interface AuditAppendOptions {
  actor?: AuditActor;
}

/**
 * The kiosk's append-only, SM3 hash-chained audit log. `append` is the API other features call;
 * it refuses details that could hold personal data. Appends run in an IMMEDIATE transaction, so the
 * kiosk and kioskctl writing at once still produce one linear chain.
 */
export class AuditLog {
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly insert: Database.Statement;
  private readonly last: Database.Statement;
  private readonly appendTx: (kind: string, actor: AuditActor, details: string) => AuditRecord;

  constructor(db: Database.Database, clock: Clock) {
    this.db = db;
    this.clock = clock;
    this.insert = db.prepare(
      'INSERT INTO audit_log (seq, at, kind, actor, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const tx = db.transaction((kind: string, actor: AuditActor, details: string): AuditRecord => {
      const prev = this.last.get() as { seq: number; hash: string } | undefined;
      const row = {
        seq: (prev?.seq ?? 0) + 1,
        at: new Date(this.clock.now()).toISOString(),
        kind,
        actor,
        details,
        prev_hash: prev?.hash ?? GENESIS_HASH,
      };
      const hash = recordHash(row);
      this.insert.run(row.seq, row.at, row.kind, row.actor, row.details, row.prev_hash, hash);
      return toRecord({ ...row, hash });
    });
    this.appendTx = (kind, actor, details) => tx.immediate(kind, actor, details);
  }

  append(kind: string, details: Record<string, unknown> = {}, opts: AuditAppendOptions = {}): AuditRecord {
    checkKind(kind);
    const actor = opts.actor ?? 'system';
    if (!AUDIT_ACTORS.includes(actor)) throw new AuditError(`bad audit actor "${String(actor)}"`);
    return this.appendTx(kind, actor, canonicalDetails(details));
  }

  /** Newest first; `kind` filters by exact kind or by prefix ending in "." (e.g. "technician."). */
  recent(limit = 50, kind?: string): AuditRecord[] {
    const rows = (
      kind
        ? kind.endsWith('.')
          ? this.db
              .prepare('SELECT * FROM audit_log WHERE kind LIKE ? ORDER BY seq DESC LIMIT ?')
              .all(`${kind.replace(/[%_]/g, '')}%`, limit)
          : this.db
              .prepare('SELECT * FROM audit_log WHERE kind = ? ORDER BY seq DESC LIMIT ?')
              .all(kind, limit)
        : this.db.prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?').all(limit)
    ) as Row[];
    return rows.map(toRecord);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
  }

  head(): string {
    return (this.last.get() as { hash: string } | undefined)?.hash ?? GENESIS_HASH;
  }

  verify(): VerifyResult {
    return verifyChain(this.db);
  }
}

function toRecord(r: Row): AuditRecord {
  let details: AuditDetails = {};
  try {
    details = JSON.parse(r.details) as AuditDetails;
  } catch {
    // A tampered row may hold anything; verify() reports it, readers still get the rest.
  }
  return {
    seq: r.seq,
    at: r.at,
    kind: r.kind,
    actor: r.actor as AuditActor,
    details,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/**
 * Walks the chain in sequence order. Each record must hash to its stored hash (an edited record),
 * point at the previous record's hash (a deleted, inserted or moved record), and follow its
 * predecessor's number without a gap (a deleted record). Rows are streamed: the log grows for years.
 */
export function verifyChain(db: Database.Database): VerifyResult {
  const problems: AuditProblem[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  const stmt = db.prepare(
    'SELECT seq, at, kind, actor, details, prev_hash, hash FROM audit_log ORDER BY seq',
  );
  for (const raw of stmt.iterate()) {
    const r = raw as Row;
    count++;
    if (
      typeof r.seq !== 'number' ||
      typeof r.hash !== 'string' ||
      typeof r.prev_hash !== 'string' ||
      typeof r.details !== 'string'
    ) {
      problems.push({ seq: Number(r.seq), problem: 'bad-row' });
      expectedSeq = Number(r.seq) + 1;
      prevHash = String(r.hash);
      continue;
    }
    if (r.seq !== expectedSeq) {
      for (let s = expectedSeq; s < r.seq && problems.length < 1000; s++)
        problems.push({ seq: s, problem: 'missing' });
    }
    if (recordHash(r) !== r.hash) problems.push({ seq: r.seq, problem: 'hash-mismatch' });
    else if (r.prev_hash !== prevHash) problems.push({ seq: r.seq, problem: 'broken-link' });
    expectedSeq = r.seq + 1;
    prevHash = r.hash;
    if (problems.length >= 1000) break;
  }
  return { ok: problems.length === 0, count, head: prevHash, problems };
}
