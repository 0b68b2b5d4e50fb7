import type { cameraCalls, CaptureInfo } from '../../contract/camera.ts';
import { CAPTURE_CHUNK_BYTES, MAX_FACE_BYTES, MAX_PAGE_BYTES } from '../../contract/camera.ts';
import type { CallName, CallRequest } from '../../contract/index.ts';
import { KioskError } from '../../contract/errors.ts';
import type { CoreDeps, Feature } from '../features/feature.ts';
import type { FaceVerifier } from './face-verifier.ts';
import { AUDIT_KINDS } from '../audit/audit-kinds.ts';
import { cameraSettingsOf } from './camera-config.ts';

type CameraCalls = keyof typeof cameraCalls & CallName;

/** Seals bytes with the kiosk's data key (the sync outbox's at-rest profile: SM4 + HMAC-SM3). */
export interface CaptureSealer {
  seal(plain: Buffer): Buffer;
  open(sealed: Buffer): Buffer;
}

export interface CameraFeatureOptions {
  sealer: CaptureSealer;
  verifier: FaceVerifier;
  /** ID number of the resident identified by card in this session (the face is compared to them). */
  currentIdNumber: () => Promise<string | null>;
}

interface Partial {
  sessionId: string;
  req: Omit<CallRequest<'camera.capture.put'>, 'data' | 'part'>;
  chunks: Buffer[];
}

interface Row {
  id: string;
  kind: 'face' | 'page';
  material_key: string | null;
  page: number;
  bytes: number;
  width: number;
  height: number;
  taken_at: string;
}

const CST_MS = 8 * 3600_000;
const localIso = (ms: number): string => new Date(ms + CST_MS).toISOString().replace(/\.\d{3}Z$/, '+08:00');

/** A baseline JPEG or progressive JPEG: SOI at the start, EOI at the end (a truncated upload fails). */
export function isJpeg(b: Buffer): boolean {
  return (
    b.length > 4 && b[0] === 0xff && b[1] === 0xd8 && b[b.length - 2] === 0xff && b[b.length - 1] === 0xd9
  );
}

const toInfo = (r: Row): CaptureInfo => ({
  id: r.id,
  kind: r.kind,
  materialKey: r.material_key,
  page: r.page,
  bytes: r.bytes,
  width: r.width,
  height: r.height,
  takenAt: r.taken_at,
});

/**
 * Camera stills and face-check decisions in the core. The camera itself lives in the renderer; this
 * feature holds only what the resident's consent and the materials step allow, per session:
 *   - consent: recorded per session (and audited without personal data); without it, no face still
 *     is accepted and no template is verified;
 *   - captures: material pages and the consented face still, sealed in SQLite, gone at session wipe
 *     (and at start-up, for rows a crash left behind);
 *   - verification through the configured FaceVerifier; offline → `pending`, policy decides.
 */
export function createCameraFeature(
  deps: CoreDeps,
  o: CameraFeatureOptions,
): Feature<CameraCalls> & {
  /** Sealed pages of one material, opened, in page order (for the submission). */
  pages(materialKey: string): { mime: 'image/jpeg'; data: Buffer; page: number }[];
  consentOf(sessionId: string): string | null;
} {
  const cfg = deps.config.camera;
  const consent = new Map<string, string>();
  const partials = new Map<string, Partial>();

  const session = (): string => {
    const s = deps.sessions.current();
    if (!s) throw new KioskError('conflict', 'no resident session', 'camera.err.noSession');
    return s.id;
  };
  const requireConsent = (sid: string): void => {
    if (!consent.has(sid))
      throw new KioskError('rejected', 'face data without the resident consent', 'camera.err.noConsent');
  };

  const wipe = (sid: string): void => {
    consent.delete(sid);
    for (const [id, p] of partials) {
      if (p.sessionId !== sid) continue;
      for (const c of p.chunks) c.fill(0);
      partials.delete(id);
    }
    deps.db.prepare('DELETE FROM camera_capture WHERE session_id = ?').run(sid);
  };
  const unhook = deps.sessions.onWipe(wipe);

  const rows = (sid: string, materialKey: string | null | undefined): Row[] =>
    (materialKey === undefined
      ? deps.db
          .prepare(
            `SELECT id, kind, material_key, page, bytes, width, height, taken_at FROM camera_capture
             WHERE session_id = ? ORDER BY kind, material_key, page`,
          )
          .all(sid)
      : deps.db
          .prepare(
            `SELECT id, kind, material_key, page, bytes, width, height, taken_at FROM camera_capture
             WHERE session_id = ? AND material_key IS ? ORDER BY page`,
          )
          .all(sid, materialKey)) as Row[];

  const store = (sid: string, p: Partial): CaptureInfo => {
    const data = Buffer.concat(p.chunks);
    for (const c of p.chunks) c.fill(0);
    try {
      const limit = p.req.kind === 'face' ? MAX_FACE_BYTES : MAX_PAGE_BYTES;
      if (data.length > limit)
        throw new KioskError(
          'too-large',
          `${p.req.kind} still of ${data.length} bytes`,
          'camera.err.tooLarge',
        );
      if (!isJpeg(data)) throw new KioskError('bad-request', 'not a complete JPEG', 'camera.err.badImage');
      if (p.req.kind === 'face') requireConsent(sid);
      const materialKey = p.req.kind === 'face' ? null : p.req.materialKey;
      if (p.req.kind === 'page' && !materialKey)
        throw new KioskError('bad-request', 'a page belongs to a material', 'camera.err.badImage');
      const takenAt = localIso(deps.clock.now());
      return deps.db.transaction((): CaptureInfo => {
        // One face still per session: a new check replaces the old one.
        if (p.req.kind === 'face')
          deps.db.prepare(`DELETE FROM camera_capture WHERE session_id = ? AND kind = 'face'`).run(sid);
        const page =
          p.req.kind === 'face'
            ? 1
            : ((
                deps.db
                  .prepare(
                    'SELECT MAX(page) AS n FROM camera_capture WHERE session_id = ? AND material_key = ?',
                  )
                  .get(sid, materialKey) as { n: number | null }
              ).n ?? 0) + 1;
        const row: Row = {
          id: p.req.captureId,
          kind: p.req.kind,
          material_key: materialKey,
          page,
          bytes: data.length,
          width: p.req.width,
          height: p.req.height,
          taken_at: takenAt,
        };
        deps.db
          .prepare(
            `INSERT INTO camera_capture (id, session_id, kind, material_key, page, bytes, width, height, taken_at, sealed)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            row.id,
            sid,
            row.kind,
            row.material_key,
            page,
            row.bytes,
            row.width,
            row.height,
            takenAt,
            o.sealer.seal(data),
          );
        return toInfo(row);
      })();
    } finally {
      data.fill(0);
    }
  };

  return {
    handlers: {
      'camera.settings': () => cameraSettingsOf(cfg, deps.config),
      'camera.consent': ({ granted }) => {
        const sid = session();
        const at = localIso(deps.clock.now());
        if (granted) consent.set(sid, at);
        else wipe(sid); // withdrawing consent also drops what it allowed
        deps.audit.append(
          AUDIT_KINDS.consentDecision,
          { purpose: 'face-check', granted },
          { actor: 'resident' },
        );
        return { granted, at };
      },
      'camera.face.verify': async (req) => {
        const sid = session();
        requireConsent(sid);
        const l = cfg.liveness;
        // The renderer ran the challenge; the core still refuses a template whose liveness record is
        // incomplete, so a bypassed UI cannot verify a photo.
        if (!req.liveness.challenges.includes('blink') || !req.liveness.challenges.includes('turn'))
          throw new KioskError('rejected', 'liveness challenge incomplete', 'camera.err.liveness');
        if (req.liveness.real < l.minReal || req.liveness.live < l.minLive)
          throw new KioskError('rejected', 'passive liveness below threshold', 'camera.err.liveness');
        const idNumber = await o.currentIdNumber();
        if (!idNumber) throw new KioskError('conflict', 'no identified resident', 'camera.err.noIdentity');
        const r = await o.verifier.verify({ idNumber, embedding: req.embedding });
        // Not verifiable now — platform unreachable, or no reference for this resident (a demo
        // platform, a resident not in the identity service): the matter's policy decides, and the
        // application carries "pending" for the acceptance check. A no-match never continues.
        const mayContinue =
          r.outcome === 'match'
            ? true
            : r.outcome === 'no-match'
              ? false
              : cfg.offlinePolicy === 'continue-pending';
        deps.audit.append(
          AUDIT_KINDS.faceVerify,
          { outcome: r.outcome, verifier: r.verifier, mayContinue },
          { actor: 'resident' },
        );
        if (r.outcome === 'pending' || r.outcome === 'not-configured')
          deps.log.info({ verifier: r.verifier, reason: r.reason }, 'face verification not available');
        return { outcome: r.outcome, similarity: r.similarity, verifier: r.verifier, mayContinue };
      },
      'camera.capture.put': (req) => {
        const sid = session();
        if (req.kind === 'face') requireConsent(sid);
        if (req.part >= req.parts)
          throw new KioskError('bad-request', 'part beyond parts', 'camera.err.badImage');
        let p = partials.get(req.captureId);
        if (req.part === 0) {
          if (p || deps.db.prepare('SELECT 1 FROM camera_capture WHERE id = ?').get(req.captureId))
            throw new KioskError('conflict', 'capture id already used', 'camera.err.badImage');
          const { data: _d, part: _p, ...meta } = req;
          p = { sessionId: sid, req: meta, chunks: [] };
          partials.set(req.captureId, p);
        }
        if (!p || p.sessionId !== sid || p.chunks.length !== req.part || p.req.parts !== req.parts)
          throw new KioskError('conflict', 'chunk out of order', 'camera.err.badImage');
        p.chunks.push(Buffer.from(req.data, 'base64'));
        const size = p.chunks.reduce((n, c) => n + c.length, 0);
        if (size > MAX_PAGE_BYTES) {
          partials.delete(req.captureId);
          for (const c of p.chunks) c.fill(0);
          throw new KioskError('too-large', `capture exceeds ${MAX_PAGE_BYTES} bytes`, 'camera.err.tooLarge');
        }
        if (req.part < req.parts - 1) return { complete: false, capture: null };
        partials.delete(req.captureId);
        return { complete: true, capture: store(sid, p) };
      },
      'camera.capture.list': ({ materialKey }) => ({ captures: rows(session(), materialKey).map(toInfo) }),
      'camera.capture.get': ({ id, part }) => {
        const sid = session();
        const r = deps.db
          .prepare('SELECT sealed FROM camera_capture WHERE id = ? AND session_id = ?')
          .get(id, sid) as { sealed: Buffer } | undefined;
        if (!r) throw new KioskError('not-found', 'no such capture in this session', 'camera.err.gone');
        const data = o.sealer.open(r.sealed);
        try {
          const CHUNK = CAPTURE_CHUNK_BYTES;
          const parts = Math.max(1, Math.ceil(data.length / CHUNK));
          if (part >= parts) throw new KioskError('bad-request', 'part beyond parts', 'camera.err.gone');
          return {
            data: data.subarray(part * CHUNK, (part + 1) * CHUNK).toString('base64'),
            part,
            parts,
            mime: 'image/jpeg',
          };
        } finally {
          data.fill(0);
        }
      },
      'camera.capture.delete': ({ id }) => {
        const sid = session();
        const r = deps.db.prepare('DELETE FROM camera_capture WHERE id = ? AND session_id = ?').run(id, sid);
        return { deleted: r.changes > 0 };
      },
    },
    start() {
      // Rows of a session that never reached its wipe (power cut, crash) belong to nobody now.
      const n = deps.db.prepare('DELETE FROM camera_capture').run().changes;
      if (n) deps.log.info({ rows: n }, 'camera stills of an interrupted session removed');
    },
    close() {
      unhook();
      for (const p of partials.values()) for (const c of p.chunks) c.fill(0);
      partials.clear();
    },
    pages(materialKey) {
      const s = deps.sessions.current();
      if (!s) return [];
      return (
        deps.db
          .prepare(
            `SELECT page, sealed FROM camera_capture WHERE session_id = ? AND kind = 'page' AND material_key = ? ORDER BY page`,
          )
          .all(s.id, materialKey) as { page: number; sealed: Buffer }[]
      ).map((r) => ({ mime: 'image/jpeg' as const, data: o.sealer.open(r.sealed), page: r.page }));
    },
    consentOf: (sid) => consent.get(sid) ?? null,
  };
}
