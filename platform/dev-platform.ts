import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type Database from 'better-sqlite3';
import { Server as TusServer, type Upload } from '@tus/server';
import { z } from 'zod';
import { createProfile, PROFILE_NAMES, type ProfileName } from '../electron/core/sync/crypto-adapter.ts';
import { HEADERS, verifyRequest } from '../electron/core/sync/signer.ts';
import { handleFaceRequest } from './face-verify.ts';
import { handleLookup } from './lookups.ts';
import { UUID_V7_RE } from '../electron/core/sync/uuid-v7.ts';
import { noFaults, type PlatformFaults } from './faults.ts';
import { openPlatformStore } from './platform-store.ts';
import { operatorPage } from './operator-page.ts';
import { createVideoService, type VideoOptions, type VideoService } from './video/video-service.ts';
import { createNetIdRegister, type NetIdRegister } from './net-id.ts';
import { HttpError, readBody, sendJson } from './http-util.ts';
import { createSessionRegister, type SessionRegister } from './sessions.ts';
import { MaterialError, openMaterial } from './sealed-materials.ts';
import { UploadStore } from './upload-store.ts';
import { createGroupCommit } from './group-commit.ts';

/**
 * The dev platform: the platform side of api/openapi.yaml on one machine, for demos, training and
 * tests. A real HTTP(S) server with its own SQLite file and tus upload directory. Province adapters
 * replace it in production; the kiosk cannot tell the difference.
 */
export interface DevPlatformOptions {
  port?: number;
  host?: string;
  dataDir: string;
  /** PEM key and certificate: serve https (the kiosk pins the CA that issued cert). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  faults?: PlatformFaults;
  now?: () => number;
  /** Where to print one line per notable event; nothing personal is ever printed. */
  log?: (line: string) => void;
  /** How long a kiosk session lasts (default one hour); tests shorten it. */
  sessionTtlMs?: number;
  /** Remote video 帮办: TURN secret/urls, relay-only, demo agents (platform/video/). */
  video?: VideoOptions;
}

export interface DevPlatform {
  url: string;
  port: number;
  server: http.Server;
  db: Database.Database;
  faults: PlatformFaults;
  uploadsDir: string;
  createEnrolmentCode(ttlMs?: number): string;
  /** 网证 codes this platform vouches for (the national service's stand-in). */
  netIds: NetIdRegister;
  video: VideoService;
  /** Kiosk sessions (in memory; `sessions.clear()` is what a restart does to them). */
  sessions: SessionRegister;
  /** A material as the resident gave it: opened with its application's content key, both digests checked. */
  readMaterial(attachmentId: string): { mime: string; data: Buffer } | null;
  close(): Promise<void>;
}

const MAX_JSON_BYTES = 2 * 1024 * 1024;
const LAST_SEEN_RESOLUTION_MS = 30_000;
const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

const ApplyBody = z.object({
  key: z.string().regex(UUID_V7_RE),
  kioskId: z.string().min(1).max(40),
  matterCode: z.string().min(1).max(120),
  submittedAt: z.string().min(10).max(40),
  application: z.record(z.string(), z.unknown()),
  attachments: z
    .array(
      z.object({
        id: z.string().regex(UUID_V7_RE),
        seq: z.number().int().min(1),
        kind: z.string().min(1).max(60),
        mime: z.string().min(3).max(100),
        size: z.number().int().positive(),
        digest: z.string().regex(/^[0-9a-f]{64}$/),
        digestAlg: z.enum(['sm3', 'sha256']),
        // Envelope-encrypted materials (kiosks from migration 0210 on): what is uploaded is sealed.
        sealedSize: z.number().int().positive().optional(),
        sealedDigest: z
          .string()
          .regex(/^[0-9a-f]{64}$/)
          .optional(),
      }),
    )
    .max(50),
  contentKey: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  sealAlg: z.literal('sm4-cbc-hmac-sm3').optional(),
});

type DeclaredMaterial = z.infer<typeof ApplyBody>['attachments'][number];
/** What the upload must be: the sealed bytes when the kiosk seals, else the plaintext. */
const expectedUpload = (d: DeclaredMaterial): { size: number; digest: string } =>
  d.sealedDigest && d.sealedSize ? { size: d.sealedSize, digest: d.sealedDigest } : d;

const EvaluationBody = z.object({
  id: z.string().regex(UUID_V7_RE),
  applicationKey: z.string().regex(UUID_V7_RE),
  satisfaction: z.enum([
    'very-satisfied',
    'satisfied',
    'basically-satisfied',
    'dissatisfied',
    'very-dissatisfied',
  ]),
  channel: z.string().max(20),
  indicators: z.array(z.string().max(20)).max(20),
  comment: z.string().max(2000),
  evaluatedAt: z.string().max(40),
});

const EnrolBody = z.object({
  code: z.string().min(6).max(40),
  kioskId: z.string().regex(/^[A-Za-z0-9-]{3,40}$/),
  profile: z.enum(PROFILE_NAMES as [ProfileName, ...ProfileName[]]),
  publicKey: z.string().min(40).max(400),
});

export const APPLICATION_STATUSES = [
  'received',
  'accepted',
  'not-accepted',
  'completed',
  'returned',
] as const;

function digestFile(file: string, alg: 'sm3' | 'sha256'): string {
  const p = createProfile(alg === 'sm3' ? 'gm' : 'intl');
  const d = p.digester();
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1024 * 1024);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      d.update(buf.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  return d.hex();
}

export async function startDevPlatform(opts: DevPlatformOptions): Promise<DevPlatform> {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? (() => {});
  const faults = opts.faults ?? noFaults();
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const db = openPlatformStore(path.join(opts.dataDir, 'platform.db'));
  const uploadsDir = path.join(opts.dataDir, 'uploads');
  fs.mkdirSync(uploadsDir, { recursive: true });

  const sessions = createSessionRegister(db, now, opts.sessionTtlMs);
  const profiles = new Map<string, ReturnType<typeof createProfile>>();
  // Looked up on every request: kept in memory, dropped when the kiosk enrols again.
  const kioskKeys = new Map<string, { profile: ReturnType<typeof createProfile>; publicKey: string }>();
  const kioskKey = (kioskId: string) => {
    const cached = kioskKeys.get(kioskId);
    if (cached) return cached;
    const k = db.prepare('SELECT profile, public_key FROM kiosk WHERE id = ?').get(kioskId) as
      { profile: ProfileName; public_key: string } | undefined;
    if (!k) return null;
    let p = profiles.get(k.profile);
    if (!p) profiles.set(k.profile, (p = createProfile(k.profile)));
    const who = { profile: p, publicKey: k.public_key };
    kioskKeys.set(kioskId, who);
    return who;
  };
  const lastSeenWritten = new Map<string, number>();
  const authenticate = (req: http.IncomingMessage, body: Buffer | 'unsigned'): string => {
    const r = verifyRequest(
      kioskKey,
      { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body, now: now() },
      sessions.seenNonce,
      sessions.sessionFor,
    );
    if (!r.ok) {
      faults.refused[r.reason] = (faults.refused[r.reason] ?? 0) + 1;
      log(`refused ${req.method} ${req.url?.split('?')[0]}: ${r.reason}`);
      throw new HttpError(401, r.reason);
    }
    // "Last seen" is for the operator's fleet page: to the minute is enough. Writing it on every
    // request cost a durable commit (an fsync) per request of every kiosk.
    const at = now();
    if (at - (lastSeenWritten.get(r.kioskId) ?? -Infinity) >= LAST_SEEN_RESOLUTION_MS) {
      lastSeenWritten.set(r.kioskId, at);
      db.prepare('UPDATE kiosk SET last_seen_at = ? WHERE id = ?').run(at, r.kioskId);
    }
    return r.kioskId;
  };

  const video = createVideoService({
    db,
    dataDir: opts.dataDir,
    now,
    log,
    authenticateKiosk: authenticate,
    options: opts.video ?? {},
  });

  const attempt = db.prepare('INSERT INTO intake_attempt (kind, key, outcome, at) VALUES (?, ?, ?, ?)');
  const netIds = createNetIdRegister(db, now);

  const uploadStore = new UploadStore(db, uploadsDir);
  const intake = createGroupCommit(db);
  // An application's declared materials are looked up twice per upload (create, finish); parsing
  // its body each time showed in the drain profile. Bodies never change once received.
  const declaredCache = new Map<string, DeclaredMaterial[]>();
  const declaredMaterial = (appKey: string, attachmentId: string): DeclaredMaterial | undefined => {
    let list = declaredCache.get(appKey);
    if (!list) {
      const app = db.prepare('SELECT payload FROM application WHERE key = ?').get(appKey) as
        { payload: string } | undefined;
      if (!app) return undefined;
      list = (JSON.parse(app.payload) as z.infer<typeof ApplyBody>).attachments;
      if (declaredCache.size >= 256) declaredCache.delete(declaredCache.keys().next().value!);
      declaredCache.set(appKey, list);
    }
    return list.find((a) => a.id === attachmentId);
  };
  const tus = new TusServer({
    path: '/files',
    datastore: uploadStore,
    relativeLocation: true,
    maxSize: MAX_UPLOAD_BYTES,
    async onUploadCreate(req: Request, upload: Upload) {
      const kioskId = req.headers.get('x-kiosk-id') ?? '';
      const m = upload.metadata ?? {};
      const app = db.prepare('SELECT kiosk_id FROM application WHERE key = ?').get(m.applicationKey ?? '') as
        { kiosk_id: string } | undefined;
      if (!app || app.kiosk_id !== kioskId)
        throw { status_code: 422, body: 'unknown application for this kiosk\n' };
      const declared = declaredMaterial(m.applicationKey ?? '', m.attachmentId ?? '');
      const want = declared ? expectedUpload(declared) : null;
      if (!want || want.digest !== m.digest || want.size !== upload.size) {
        throw { status_code: 422, body: 'attachment not declared in the application\n' };
      }
      return {};
    },
    async onUploadFinish(_req: Request, upload: Upload) {
      const m = upload.metadata ?? {};
      const declared = declaredMaterial(m.applicationKey ?? '', m.attachmentId ?? '');
      if (!declared) throw { status_code: 422, body: 'attachment not declared\n' };
      // Hashed as it arrived (and flushed to disk by the store); read back only after a restart.
      const got =
        uploadStore.takeDigest(upload.id) ?? digestFile(path.join(uploadsDir, upload.id), declared.digestAlg);
      if (got !== expectedUpload(declared).digest) {
        // A transfer fault: throw the bytes away so the kiosk starts this material again.
        await uploadStore.remove(upload.id);
        attempt.run('material', declared.id, 'digest-mismatch', now());
        log(`material digest mismatch, upload dropped`);
        throw { status_code: 460, body: 'digest mismatch\n' };
      }
      // Durable before the 2xx (the kiosk purges its copy on it), committed with whatever other
      // intakes are waiting: one fsync for the group.
      await intake.run(() => {
        const ins = db
          .prepare(
            `INSERT OR IGNORE INTO material (attachment_id, app_key, seq, kind, mime, size, digest, digest_alg, upload_id, received_at, sealed_digest)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            declared.id,
            m.applicationKey ?? '',
            declared.seq,
            declared.kind,
            declared.mime,
            declared.size,
            declared.digest,
            declared.digestAlg,
            upload.id,
            now(),
            declared.sealedDigest ?? null,
          );
        attempt.run('material', declared.id, ins.changes ? 'created' : 'duplicate', now());
      });
      return {};
    },
  });

  const platformNo = (): string => {
    const d = new Date(now());
    const ymd = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
    // MAX(rowid) is one index probe; COUNT(*) walked the table on every application.
    const n =
      (db.prepare('SELECT COALESCE(MAX(rowid), 0) AS n FROM application').get() as { n: number }).n + 1;
    return `${ymd}${String(n).padStart(13, '0')}`;
  };

  const appView = (key: string) => {
    const a = db
      .prepare(
        'SELECT key, matter_code, platform_no, status, received_at, updated_at, kiosk_id FROM application WHERE key = ?',
      )
      .get(key) as
      | {
          key: string;
          matter_code: string;
          platform_no: string;
          status: string;
          received_at: number;
          updated_at: number;
          kiosk_id: string;
        }
      | undefined;
    if (!a) return null;
    const materials = db
      .prepare(
        'SELECT attachment_id AS id, seq, kind, size, digest FROM material WHERE app_key = ? ORDER BY seq',
      )
      .all(key);
    return {
      key: a.key,
      kioskId: a.kiosk_id,
      matterCode: a.matter_code,
      platformNo: a.platform_no,
      status: a.status,
      receivedAt: new Date(a.received_at).toISOString(),
      updatedAt: new Date(a.updated_at).toISOString(),
      materials,
    };
  };

  async function api(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const p = url.pathname;
    if (p === '/v1/health' && method === 'GET')
      return sendJson(res, 200, { ok: true, time: new Date(now()).toISOString() });

    if (p === '/v1/enrolments' && method === 'POST') {
      const parsed = EnrolBody.safeParse(
        JSON.parse((await readBody(req, 64 * 1024)).toString('utf8') || 'null'),
      );
      if (!parsed.success) throw new HttpError(400, 'invalid enrolment request');
      const b = parsed.data;
      const out = db.transaction(() => {
        const code = db.prepare('SELECT * FROM enrolment_code WHERE code = ?').get(b.code) as
          { used_at: number | null; expires_at: number; kiosk_id: string | null } | undefined;
        if (!code || code.expires_at < now()) return 403;
        // Single use: a used code could otherwise replace a live kiosk's public key.
        if (code.used_at !== null) return 403;
        db.prepare('UPDATE enrolment_code SET used_at = ?, kiosk_id = ? WHERE code = ?').run(
          now(),
          b.kioskId,
          b.code,
        );
        kioskKeys.delete(b.kioskId);
        sessions.endKiosk(b.kioskId);
        db.prepare(
          `INSERT INTO kiosk (id, profile, public_key, enrolled_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET profile = excluded.profile, public_key = excluded.public_key, enrolled_at = excluded.enrolled_at`,
        ).run(b.kioskId, b.profile, b.publicKey, now());
        return 201;
      })();
      if (out !== 201) throw new HttpError(403, 'enrolment code unknown, expired or already used');
      log(`kiosk enrolled: ${b.kioskId} (${b.profile})`);
      return sendJson(res, 201, {
        kioskId: b.kioskId,
        profile: b.profile,
        enrolledAt: new Date(now()).toISOString(),
      });
    }

    // Everything below is signed by an enrolled kiosk.
    const body =
      method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : await readBody(req, MAX_JSON_BYTES);
    const kioskId = authenticate(req, body);
    if (p === '/v1/sessions' && method === 'POST') {
      // Only the enrolled key opens a session: a session cannot extend itself.
      if (req.headers[HEADERS.session]) throw new HttpError(400, 'a session is opened with a signed request');
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        throw new HttpError(400, 'body is not JSON');
      }
      const b = z.object({ offer: z.string().max(200) }).safeParse(json);
      if (!b.success) throw new HttpError(400, 'invalid session request');
      const who = kioskKey(kioskId)!;
      try {
        return sendJson(res, 201, sessions.open(kioskId, who, b.data.offer));
      } catch {
        throw new HttpError(400, 'session offer refused');
      }
    }
    if (handleFaceRequest(db, kioskId, method, p, body, res, now())) return;
    if (faults.status500 > 0) {
      faults.status500--;
      throw new HttpError(500, 'injected fault');
    }
    let m: RegExpExecArray | null;

    if (p === '/v1/applications' && method === 'POST') {
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        throw new HttpError(400, 'body is not JSON');
      }
      const parsed = ApplyBody.safeParse(json);
      if (!parsed.success)
        throw new HttpError(422, `invalid application: ${parsed.error.issues[0]?.path.join('.')}`);
      const a = parsed.data;
      if (req.headers['idempotency-key'] !== a.key)
        throw new HttpError(400, 'Idempotency-Key must equal body key');
      if (a.kioskId !== kioskId) throw new HttpError(403, 'application of another kiosk');
      const digest = crypto.createHash('sha256').update(body).digest('hex');
      const result = await intake.run(() => {
        const existing = db.prepare('SELECT payload_digest FROM application WHERE key = ?').get(a.key) as
          { payload_digest: string } | undefined;
        if (existing) {
          const same = existing.payload_digest === digest;
          attempt.run('apply', a.key, same ? 'duplicate' : 'conflict', now());
          return same ? 200 : 409;
        }
        const no = platformNo();
        db.prepare(
          `INSERT INTO application (key, kiosk_id, matter_code, payload, payload_digest, platform_no, status, received_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'received', ?, ?)`,
        ).run(a.key, kioskId, a.matterCode, body.toString('utf8'), digest, no, now(), now());
        db.prepare("INSERT INTO status_history (app_key, status, at) VALUES (?, 'received', ?)").run(
          a.key,
          now(),
        );
        attempt.run('apply', a.key, 'created', now());
        return 201;
      });
      if (result === 409) throw new HttpError(409, 'same key, different application');
      return afterCommit(res, result, appView(a.key));
    }
    if ((m = /^\/v1\/applications\/([0-9a-f-]{36})$/.exec(p)) && method === 'GET') {
      const v = appView(m[1]!);
      if (!v || v.kioskId !== kioskId) throw new HttpError(404, 'no such application');
      return afterCommit(res, 200, v);
    }
    if (
      (m = /^\/v1\/applications\/([0-9a-f-]{36})\/materials\/([0-9a-f-]{36})$/.exec(p)) &&
      method === 'GET'
    ) {
      const row = db
        .prepare(
          'SELECT m.attachment_id AS id, m.seq, m.kind, m.size, m.digest FROM material m JOIN application a ON a.key = m.app_key WHERE m.app_key = ? AND m.attachment_id = ? AND a.kiosk_id = ?',
        )
        .get(m[1], m[2], kioskId);
      if (!row) throw new HttpError(404, 'no such material');
      return afterCommit(res, 200, row);
    }
    if ((m = /^\/v1\/applications\/([0-9a-f-]{36})\/evaluations$/.exec(p)) && method === 'POST') {
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        throw new HttpError(400, 'body is not JSON');
      }
      const parsed = EvaluationBody.safeParse(json);
      if (!parsed.success || parsed.data.applicationKey !== m[1])
        throw new HttpError(422, 'invalid evaluation');
      const ev = parsed.data;
      const app = appView(m[1]!);
      if (!app || app.kioskId !== kioskId) throw new HttpError(422, 'unknown application');
      const ins = db
        .prepare(
          'INSERT OR IGNORE INTO evaluation (id, app_key, satisfaction, body, received_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(ev.id, m[1], ev.satisfaction, body.toString('utf8'), now());
      attempt.run('evaluate', ev.id, ins.changes ? 'created' : 'duplicate', now());
      return afterCommit(res, ins.changes ? 201 : 200, { id: ev.id });
    }
    if (
      (m = /^\/v1\/applications\/([0-9a-f-]{36})\/evaluations\/([0-9a-f-]{36})$/.exec(p)) &&
      method === 'GET'
    ) {
      const row = db
        .prepare('SELECT id, satisfaction FROM evaluation WHERE app_key = ? AND id = ?')
        .get(m[1], m[2]);
      if (!row) throw new HttpError(404, 'no such evaluation');
      return afterCommit(res, 200, row);
    }
    if (p === '/v1/identity/net-id/verify' && method === 'POST') {
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        throw new HttpError(400, 'body is not JSON');
      }
      const parsed = z
        .object({ code: z.string().min(8).max(1000) })
        .strict()
        .safeParse(json);
      if (!parsed.success) throw new HttpError(422, 'invalid net-id request');
      const r = netIds.verify(parsed.data.code);
      if (r === 'unknown') throw new HttpError(404, 'not a 网证 code this platform knows');
      if (r === 'expired') throw new HttpError(410, '网证 code expired');
      return afterCommit(res, 200, r);
    }
    if ((m = /^\/v1\/receipts\/(\d{21})$/.exec(p)) && method === 'GET') {
      const a = db
        .prepare('SELECT key FROM application WHERE platform_no = ? AND kiosk_id = ?')
        .get(m[1], kioskId) as { key: string } | undefined;
      if (!a) throw new HttpError(404, 'no such receipt');
      const v = appView(a.key)!;
      return afterCommit(res, 200, {
        platformNo: v.platformNo,
        status: v.status,
        matterCode: v.matterCode,
        receivedAt: v.receivedAt,
      });
    }
    if (p === '/v1/heartbeats' && method === 'POST') {
      let hb: { version?: unknown; queue?: unknown } = {};
      try {
        hb = JSON.parse(body.toString('utf8')) as typeof hb;
      } catch {
        throw new HttpError(400, 'body is not JSON');
      }
      const commands = db.transaction(() => {
        db.prepare('UPDATE kiosk SET version = ?, queue_json = ? WHERE id = ?').run(
          typeof hb.version === 'string' ? hb.version.slice(0, 40) : null,
          JSON.stringify(hb.queue ?? null).slice(0, 2000),
          kioskId,
        );
        const cmds = db
          .prepare('SELECT id, command FROM command WHERE kiosk_id = ? AND delivered_at IS NULL')
          .all(kioskId) as {
          id: number;
          command: string;
        }[];
        db.prepare('UPDATE command SET delivered_at = ? WHERE kiosk_id = ? AND delivered_at IS NULL').run(
          now(),
          kioskId,
        );
        return cmds;
      })();
      return afterCommit(res, 200, { commands: commands.map((c) => ({ id: c.id, command: c.command })) });
    }
    if (p === '/v1/catalogue/packages/latest' && method === 'GET') {
      const dir = path.join(opts.dataDir, 'catalogue');
      const file = fs.existsSync(dir)
        ? fs
            .readdirSync(dir)
            .filter((f) => !f.startsWith('.'))
            .sort()
            .at(-1)
        : undefined;
      if (!file) throw new HttpError(404, 'no catalogue package published');
      const data = fs.readFileSync(path.join(dir, file));
      const etag = `"${crypto.createHash('sha256').update(data).digest('hex')}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag });
        return void res.end();
      }
      res.writeHead(200, {
        etag,
        'content-type': 'application/octet-stream',
        'content-length': data.length,
        'content-disposition': `attachment; filename="${file}"`,
      });
      return void res.end(data);
    }
    if (/^\/v1\/(policies|licences)(\/|$)/.test(p)) {
      return handleLookup(db, kioskId, method, p, body, res, now());
    }
    throw new HttpError(404, 'no such endpoint');
  }

  /** Applies the "after commit" faults: the work is durable, the kiosk just never hears about it. */
  function afterCommit(res: http.ServerResponse, status: number, data: unknown): void {
    if (faults.dropAfterCommit > 0) {
      faults.dropAfterCommit--;
      res.socket?.destroy();
      return;
    }
    if (faults.garbageAfterCommit > 0) {
      faults.garbageAfterCommit--;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('\u0000<html>garbage{{');
      return;
    }
    sendJson(res, status, data);
  }

  async function uploads(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const streamed = method === 'PATCH' || method === 'POST';
    authenticate(req, streamed ? 'unsigned' : Buffer.alloc(0));
    if (faults.status500 > 0) {
      faults.status500--;
      throw new HttpError(500, 'injected fault');
    }
    if (streamed) {
      const cut = faults.cutUploadAfterBytes;
      // Counted where the HTTP parser hands body bytes to the stream: a 'data' listener here would
      // switch the stream to flowing mode under tus's own reader and stall it.
      const push = req.push.bind(req);
      let corrupt = faults.corruptUploads > 0;
      if (corrupt) faults.corruptUploads--;
      req.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
        if (corrupt && Buffer.isBuffer(chunk) && chunk.length > 0) {
          corrupt = false;
          chunk = Buffer.from(chunk);
          (chunk as Buffer)[(chunk as Buffer).length >> 1]! ^= 0x01;
        }
        if (Buffer.isBuffer(chunk)) {
          faults.uploadBytesReceived += chunk.length;
          if (cut !== null && faults.uploadBytesReceived >= cut && faults.cutUploadAfterBytes !== null) {
            faults.cutUploadAfterBytes = null;
            const ok = push(chunk, encoding);
            setImmediate(() => req.socket.destroy());
            return ok;
          }
        }
        return push(chunk, encoding);
      };
    }
    if (faults.dropAfterCommit > 0 && streamed) {
      faults.dropAfterCommit--;
      const origEnd = res.end.bind(res);
      res.end = ((...args: unknown[]) => {
        res.socket?.destroy();
        return origEnd(...(args as []));
      }) as typeof res.end;
    }
    await tus.handle(req, res);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://platform');
    try {
      if (faults.delayMs > 0 && !url.pathname.startsWith('/operator') && url.pathname !== '/') {
        await new Promise((r) => setTimeout(r, faults.delayMs));
      }
      if (url.pathname === '/files' || url.pathname.startsWith('/files/')) return await uploads(req, res);
      if (await video.handle(req, res, url)) return;
      if (url.pathname.startsWith('/v1/')) return await api(req, res, url);
      if (url.pathname === '/' || url.pathname.startsWith('/operator')) return await operator(req, res, url);
      throw new HttpError(404, 'not found');
    } catch (e) {
      if (res.headersSent || res.destroyed) return;
      if (e instanceof HttpError) return sendJson(res, e.status, { error: e.message });
      log(`internal error: ${(e as Error).message}`);
      return sendJson(res, 500, { error: 'internal error' });
    }
  }

  const createEnrolmentCode = (ttlMs = 24 * 3600_000): string => {
    const code = crypto.randomInt(0, 1e8).toString().padStart(8, '0');
    db.prepare('INSERT INTO enrolment_code (code, created_at, expires_at) VALUES (?, ?, ?)').run(
      code,
      now(),
      now() + ttlMs,
    );
    return code;
  };

  async function operator(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const p = url.pathname;
    if (p === '/' && method === 'GET') {
      const html = operatorPage();
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy':
          "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'",
      });
      return void res.end(html);
    }
    if (p === '/operator/api/overview' && method === 'GET') {
      const apps = (
        db.prepare('SELECT key FROM application ORDER BY received_at DESC LIMIT 200').all() as {
          key: string;
        }[]
      ).map((r) => {
        const v = appView(r.key)!;
        const evaluations = db
          .prepare('SELECT id, satisfaction, received_at AS receivedAt FROM evaluation WHERE app_key = ?')
          .all(r.key);
        return { ...v, evaluations };
      });
      const kiosks = (
        db
          .prepare(
            'SELECT id, profile, enrolled_at, last_seen_at, version, queue_json FROM kiosk ORDER BY id',
          )
          .all() as {
          id: string;
          profile: string;
          enrolled_at: number;
          last_seen_at: number | null;
          version: string | null;
          queue_json: string | null;
        }[]
      ).map((k) => ({
        id: k.id,
        profile: k.profile,
        enrolledAt: new Date(k.enrolled_at).toISOString(),
        lastSeenAt: k.last_seen_at ? new Date(k.last_seen_at).toISOString() : null,
        version: k.version,
        queue: k.queue_json ? (JSON.parse(k.queue_json) as unknown) : null,
      }));
      const counts = db
        .prepare('SELECT kind, outcome, COUNT(*) AS n FROM intake_attempt GROUP BY kind, outcome')
        .all();
      const licenceAccess = (
        db
          .prepare(
            'SELECT at, kiosk_id AS kioskId, licence_type AS licenceType, found, consent_receipt AS consentReceipt FROM licence_access ORDER BY at DESC LIMIT 200',
          )
          .all() as {
          at: number;
          kioskId: string;
          licenceType: string;
          found: number;
          consentReceipt: string;
        }[]
      ).map((l) => ({ ...l, at: new Date(l.at).toISOString() }));
      return sendJson(res, 200, {
        applications: apps,
        kiosks,
        intake: counts,
        licenceAccess,
        statuses: APPLICATION_STATUSES,
      });
    }
    let m: RegExpExecArray | null;
    if ((m = /^\/operator\/api\/applications\/([0-9a-f-]{36})\/status$/.exec(p)) && method === 'POST') {
      const b = z
        .object({ status: z.enum(APPLICATION_STATUSES), note: z.string().max(200).default('') })
        .safeParse(JSON.parse((await readBody(req, 16 * 1024)).toString('utf8') || 'null'));
      if (!b.success) throw new HttpError(400, 'invalid status');
      const ch = db.transaction(() => {
        const c = db
          .prepare('UPDATE application SET status = ?, updated_at = ? WHERE key = ?')
          .run(b.data.status, now(), m![1]).changes;
        if (c)
          db.prepare('INSERT INTO status_history (app_key, status, note, at) VALUES (?, ?, ?, ?)').run(
            m![1],
            b.data.status,
            b.data.note,
            now(),
          );
        return c;
      })();
      if (!ch) throw new HttpError(404, 'no such application');
      return sendJson(res, 200, appView(m[1]!));
    }
    if (p === '/operator/api/enrolment-codes' && method === 'POST') {
      return sendJson(res, 201, { code: createEnrolmentCode() });
    }
    if ((m = /^\/operator\/api\/kiosks\/([A-Za-z0-9-]{3,40})\/commands$/.exec(p)) && method === 'POST') {
      const b = z
        .object({ command: z.enum(['sync-now', 'upload-logs', 'restart']) })
        .safeParse(JSON.parse((await readBody(req, 4096)).toString('utf8') || 'null'));
      if (!b.success) throw new HttpError(400, 'invalid command');
      db.prepare('INSERT INTO command (kiosk_id, command, created_at) VALUES (?, ?, ?)').run(
        m[1],
        b.data.command,
        now(),
      );
      return sendJson(res, 201, { ok: true });
    }
    if ((m = /^\/operator\/api\/materials\/([0-9a-f-]{36})$/.exec(p)) && method === 'GET') {
      let mat: ReturnType<typeof openMaterial>;
      try {
        mat = openMaterial(db, uploadsDir, m[1]!);
      } catch (e) {
        if (e instanceof MaterialError) throw new HttpError(422, `material unreadable: ${e.message}`);
        throw e;
      }
      if (!mat) throw new HttpError(404, 'no such material');
      res.writeHead(200, { 'content-type': mat.mime, 'content-length': mat.data.length });
      return void res.end(mat.data);
    }
    throw new HttpError(404, 'not found');
  }

  const server = opts.tls
    ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, (q, s) => void handle(q, s))
    : http.createServer((q, s) => void handle(q, s));
  server.keepAliveTimeout = 30_000;
  server.on('upgrade', (q, sock, head) => void (video.upgrade(q, sock, head) || sock.destroy()));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host ?? '127.0.0.1';
  const url = `${opts.tls ? 'https' : 'http'}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  log(`dev platform listening on ${url} (data in ${opts.dataDir})`);
  return {
    url,
    port,
    server,
    db,
    faults,
    uploadsDir,
    createEnrolmentCode,
    netIds,
    video,
    sessions,
    readMaterial: (id) => openMaterial(db, uploadsDir, id),
    async close() {
      video.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      db.close();
    },
  };
}
