import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { CryptoProfile } from './crypto-adapter.ts';
import { writeFileDurable } from '../secure/key-sealer.ts';
import { uuidV7 } from './uuid-v7.ts';

/** What the outbox needs: the store, the profile, the data key and where sealed files live. */
export interface OutboxDeps {
  db: Database.Database;
  profile: CryptoProfile;
  dataKey: Buffer;
  attachmentsDir: string;
  kioskId: string;
  now: () => number;
}

export interface SubmitAttachment {
  /** Material code from the matter's material list (e.g. "id-card-front"); not personal. */
  kind: string;
  mime: string;
  data: Uint8Array;
}

export interface SubmitInput {
  matterCode: string;
  /** The whole form, personal data included; sealed before it touches the disk. */
  application: Record<string, unknown>;
  attachments: SubmitAttachment[];
}

export interface SubmitResult {
  key: string;
  attachments: { id: string; seq: number; digest: string; size: number }[];
}

export class SubmitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SubmitError';
  }
}

/** The JSON sent as POST /v1/applications: the exact bytes are sealed so every retry is identical. */
export interface ApplyBody {
  key: string;
  kioskId: string;
  matterCode: string;
  submittedAt: string;
  application: Record<string, unknown>;
  /**
   * The application's content key (hex): the platform opens the sealed materials with it. It sits
   * inside this body, which is sealed at rest on the kiosk and travels only over the pinned TLS.
   */
  contentKey: string;
  /** How the materials are sealed (the 'gm' at-rest format: SM4-CBC then HMAC-SM3, version 1). */
  sealAlg: 'sm4-cbc-hmac-sm3';
  attachments: {
    id: string;
    seq: number;
    kind: string;
    mime: string;
    /** Size and digest of the plaintext (what the resident gave). */
    size: number;
    digest: string;
    digestAlg: string;
    /** Size and digest of the sealed bytes, exactly as uploaded (the kiosk's file name). */
    sealedSize: number;
    sealedDigest: string;
  }[];
}

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/**
 * Accepts one resident's application: seals and fsyncs every attachment file first, then writes
 * the application row, its attachment rows and its outbox rows (apply, then one per material) in
 * ONE transaction. When this returns the application survives a power cut; when it throws nothing
 * was accepted (files written before the failure are removed, or swept on the next start).
 */
export function submitApplication(deps: OutboxDeps, input: SubmitInput): SubmitResult {
  if (!/^[A-Za-z0-9._-]{1,120}$/.test(input.matterCode)) throw new SubmitError('invalid matter code');
  if (input.attachments.length > 50) throw new SubmitError('too many attachments');
  const now = deps.now();
  const key = uuidV7(now);
  const written: string[] = [];
  // Envelope encryption: the files are sealed under a key of their own, so they can be uploaded
  // as they lie and the platform, given this key with the application, can open them.
  const contentKey = crypto.randomBytes(32);
  try {
    const atts = input.attachments.map((a, i) => {
      if (!/^[a-z0-9-]{1,60}$/.test(a.kind)) throw new SubmitError(`invalid material kind at ${i}`);
      if (!/^[a-z]+\/[a-z0-9.+-]+$/.test(a.mime)) throw new SubmitError(`invalid mime type at ${i}`);
      if (a.data.length === 0 || a.data.length > MAX_ATTACHMENT_BYTES)
        throw new SubmitError(`attachment ${i} size out of range`);
      const digest = deps.profile.digest(a.data);
      const sealed = deps.profile.seal(contentKey, a.data);
      const file = deps.profile.digest(sealed);
      writeFileDurable(path.join(deps.attachmentsDir, file), sealed);
      written.push(file);
      return {
        id: uuidV7(now),
        seq: i + 1,
        kind: a.kind,
        mime: a.mime,
        size: a.data.length,
        digest,
        file,
        sealedSize: sealed.length,
      };
    });
    const body: ApplyBody = {
      key,
      kioskId: deps.kioskId,
      matterCode: input.matterCode,
      submittedAt: new Date(now).toISOString(),
      application: input.application,
      contentKey: contentKey.toString('hex'),
      sealAlg: 'sm4-cbc-hmac-sm3',
      attachments: atts.map((a) => ({
        id: a.id,
        seq: a.seq,
        kind: a.kind,
        mime: a.mime,
        size: a.size,
        digest: a.digest,
        digestAlg: deps.profile.hashName,
        sealedSize: a.sealedSize,
        sealedDigest: a.file,
      })),
    };
    const json = Buffer.from(JSON.stringify(body), 'utf8');
    const { db } = deps;
    db.transaction(() => {
      db.prepare(
        `INSERT INTO sync_application (key, matter_code, created_at, payload, payload_digest, state, content_key)
         VALUES (?, ?, ?, ?, ?, 'queued', ?)`,
      ).run(
        key,
        input.matterCode,
        now,
        deps.profile.seal(deps.dataKey, json),
        deps.profile.digest(json),
        deps.profile.seal(deps.dataKey, contentKey),
      );
      const insAtt = db.prepare(
        'INSERT INTO sync_attachment (id, app_key, seq, kind, mime, size, digest, file) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const insOut = db.prepare(
        `INSERT INTO sync_outbox (app_key, seq, type, ref, status, next_at, updated_at)
         VALUES (?, ?, ?, ?, 'pending', ?, ?)`,
      );
      insOut.run(key, 0, 'apply', null, now, now);
      for (const a of atts) {
        insAtt.run(a.id, key, a.seq, a.kind, a.mime, a.size, a.digest, a.file);
        insOut.run(key, a.seq, 'material', a.id, now, now);
      }
      audit(db, now, 'submitted', key, `materials=${atts.length}`);
    })();
    return { key, attachments: atts.map((a) => ({ id: a.id, seq: a.seq, digest: a.digest, size: a.size })) };
  } catch (e) {
    for (const f of written) fs.rmSync(path.join(deps.attachmentsDir, f), { force: true });
    throw e;
  }
}

/** Internal satisfaction scale; mapped per province at the boundary (GB/T 39046 A.8 vs 好差评 APIs conflict). */
export const SATISFACTION = [
  'very-satisfied',
  'satisfied',
  'basically-satisfied',
  'dissatisfied',
  'very-dissatisfied',
] as const;
export type Satisfaction = (typeof SATISFACTION)[number];

/**
 * Queues a 好差评 evaluation behind the application's materials. A second evaluation (after 办结)
 * is a new row, never an overwrite. Returns the evaluation id (its idempotency key).
 */
export function addEvaluation(
  deps: OutboxDeps,
  appKey: string,
  ev: { satisfaction: Satisfaction; comment?: string; indicators?: string[] },
): string {
  if (!SATISFACTION.includes(ev.satisfaction)) throw new SubmitError('invalid satisfaction');
  const now = deps.now();
  const id = uuidV7(now);
  queueEvaluationRow(
    deps,
    appKey,
    {
      id,
      applicationKey: appKey,
      satisfaction: ev.satisfaction,
      channel: 'kiosk',
      indicators: ev.indicators ?? [],
      comment: ev.comment ?? '',
      evaluatedAt: new Date(now).toISOString(),
    },
    '',
  );
  return id;
}

/**
 * The one writer of evaluation rows (sync's own and the flows' 好差评 with its province codes):
 * sealed like the application's rows, queued behind them (apply → materials → evaluate), and an
 * application confirmed before its evaluation arrived goes back to the queue for this row.
 */
export function queueEvaluationRow(
  deps: OutboxDeps,
  appKey: string,
  body: { id: string } & Record<string, unknown>,
  auditDetail: string,
): void {
  const now = deps.now();
  const { db } = deps;
  db.transaction(() => {
    const app = db.prepare('SELECT state FROM sync_application WHERE key = ?').get(appKey) as
      { state: string } | undefined;
    if (!app) throw new SubmitError('unknown application');
    const seq =
      (db.prepare('SELECT MAX(seq) AS m FROM sync_outbox WHERE app_key = ?').get(appKey) as { m: number }).m +
      1;
    db.prepare(
      `INSERT INTO sync_outbox (app_key, seq, type, ref, payload, status, next_at, updated_at)
       VALUES (?, ?, 'evaluate', ?, ?, 'pending', ?, ?)`,
    ).run(appKey, seq, body.id, deps.profile.seal(deps.dataKey, Buffer.from(JSON.stringify(body))), now, now);
    db.prepare("UPDATE sync_application SET state = 'queued', confirmed_at = NULL WHERE key = ?").run(appKey);
    audit(db, now, 'evaluation-queued', appKey, auditDetail);
  })();
}

export function audit(
  db: Database.Database,
  at: number,
  event: string,
  appKey: string | null,
  detail: string,
): void {
  db.prepare('INSERT INTO sync_audit (at, event, app_key, detail) VALUES (?, ?, ?, ?)').run(
    at,
    event,
    appKey,
    detail,
  );
}

/**
 * Deletes personal data N days after the platform confirmed it: the application row (its
 * attachment and outbox rows cascade) and the sealed files, leaving one audit row per purge.
 * Files are removed after the commit: a crash in between leaves only unreferenced ciphertext,
 * which sweepOrphans removes.
 */
export function purgeConfirmed(deps: OutboxDeps, retentionDays: number): number {
  const cutoff = deps.now() - retentionDays * 86_400_000;
  const { db } = deps;
  const due = db
    .prepare("SELECT key FROM sync_application WHERE state = 'confirmed' AND confirmed_at <= ?")
    .all(cutoff) as { key: string }[];
  let purged = 0;
  for (const { key } of due) {
    const files = db.prepare('SELECT file FROM sync_attachment WHERE app_key = ?').all(key) as {
      file: string;
    }[];
    db.transaction(() => {
      db.prepare('DELETE FROM sync_application WHERE key = ?').run(key);
      audit(db, deps.now(), 'purged', key, `materials=${files.length} retentionDays=${retentionDays}`);
    })();
    for (const f of files) fs.rmSync(path.join(deps.attachmentsDir, f.file), { force: true });
    purged++;
  }
  return purged;
}

/** Removes sealed files no row refers to (a crash between file write and commit, or after purge). */
export function sweepOrphans(deps: OutboxDeps, olderThanMs = 60_000): number {
  if (!fs.existsSync(deps.attachmentsDir)) return 0;
  const known = new Set(
    (deps.db.prepare('SELECT file FROM sync_attachment').all() as { file: string }[]).map((r) => r.file),
  );
  let removed = 0;
  for (const name of fs.readdirSync(deps.attachmentsDir)) {
    if (known.has(name)) continue;
    const p = path.join(deps.attachmentsDir, name);
    const st = fs.statSync(p);
    if (deps.now() - st.mtimeMs < olderThanMs) continue;
    fs.rmSync(p, { force: true });
    removed++;
  }
  return removed;
}

/**
 * Reads a sealed attachment as it lies on disk, checking its content address. This is what the
 * relay uploads: the platform checks the same digest and opens it with the content key.
 */
export function readSealedAttachment(deps: OutboxDeps, file: string, o: { verify?: boolean } = {}): Buffer {
  const sealed = fs.readFileSync(path.join(deps.attachmentsDir, file));
  if (o.verify !== false && deps.profile.digest(sealed) !== file)
    throw new SubmitError('attachment file does not match its content address');
  return sealed;
}

/** Reads an attachment back to plaintext (checks, technicians' tools, applications queued before 0210). */
export function readAttachment(deps: OutboxDeps, appKey: string, file: string): Buffer {
  const sealed = readSealedAttachment(deps, file);
  const row = deps.db.prepare('SELECT content_key FROM sync_application WHERE key = ?').get(appKey) as
    { content_key: Buffer | null } | undefined;
  if (!row) throw new SubmitError('attachment of an unknown application');
  const key = row.content_key ? deps.profile.open(deps.dataKey, row.content_key) : deps.dataKey;
  return deps.profile.open(key, sealed);
}
