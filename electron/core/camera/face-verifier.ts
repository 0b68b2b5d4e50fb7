import crypto from 'node:crypto';
import type { SignedRequester } from '../health/platform-heartbeat.ts';

/**
 * Who compares a live face template with a reference. The kiosk never decides identity on its own
 * model alone (the 2025 face-recognition rules prefer the national/provincial services): it asks a
 * verifier and records the answer. Implementations:
 *   - platformFaceVerifier: the provincial platform's endpoint (the dev platform compares with the
 *     same model's template registered for the resident);
 *   - idCardPhotoVerifier: the plug point for a licensed vendor SDK comparing with the ID card chip
 *     photo. The chip photo is WLT-compressed and only a licensed decoder reads it, so without an SDK
 *     it answers `not-configured` instead of pretending.
 */
export type VerifyOutcome =
  | { outcome: 'match' | 'no-match'; similarity: number; verifier: string }
  /** Could not ask now (offline, platform error): the matter's policy decides what happens. */
  | { outcome: 'pending'; similarity: null; verifier: string; reason: string }
  | { outcome: 'not-configured'; similarity: null; verifier: string; reason: string };

export interface FaceVerifyRequest {
  /** ID number of the identified resident (from the card); hashed before it leaves the verifier. */
  idNumber: string;
  embedding: number[];
}

export interface FaceVerifier {
  readonly name: string;
  verify(req: FaceVerifyRequest): Promise<VerifyOutcome>;
}

/** What the platform sees instead of the ID number: a hash it can look the reference up by. */
export function faceSubject(idNumber: string): string {
  return crypto.createHash('sha256').update(`face-subject:${idNumber.toUpperCase()}`).digest('hex');
}

/** POST /v1/face/verifications on the platform, signed like every other kiosk request. */
export function platformFaceVerifier(client: () => SignedRequester | null, timeoutMs = 8000): FaceVerifier {
  const name = 'platform';
  return {
    name,
    async verify(req) {
      const c = client();
      if (!c)
        return { outcome: 'pending', similarity: null, verifier: name, reason: 'platform not connected' };
      const body = Buffer.from(
        JSON.stringify({
          subject: faceSubject(req.idNumber),
          embedding: req.embedding.map((v) => +v.toFixed(6)),
        }),
      );
      let res: Awaited<ReturnType<SignedRequester['request']>>;
      try {
        res = await Promise.race([
          c.request({
            method: 'POST',
            path: '/v1/face/verifications',
            headers: { 'content-type': 'application/json' },
            body,
          }),
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error('timeout')), timeoutMs).unref(),
          ),
        ]);
      } catch (e) {
        return {
          outcome: 'pending',
          similarity: null,
          verifier: name,
          reason: (e as Error).message.slice(0, 120),
        };
      }
      if (res.status === 404)
        return {
          outcome: 'not-configured',
          similarity: null,
          verifier: name,
          reason: 'no reference registered',
        };
      if (res.status !== 200)
        return {
          outcome: 'pending',
          similarity: null,
          verifier: name,
          reason: `platform answered ${res.status}`,
        };
      try {
        const j = JSON.parse(res.body.toString('utf8')) as { match?: unknown; similarity?: unknown };
        if (typeof j.match !== 'boolean' || typeof j.similarity !== 'number') throw new Error('shape');
        return { outcome: j.match ? 'match' : 'no-match', similarity: j.similarity, verifier: name };
      } catch {
        return { outcome: 'pending', similarity: null, verifier: name, reason: 'unreadable platform answer' };
      }
    },
  };
}

/**
 * Plug point for a licensed ID-card photo SDK (e.g. the card reader vendor's WLT decoder plus its
 * comparison engine). A deployment passes `sdk`; none ships with this code base.
 */
export interface IdCardPhotoSdk {
  /** Decodes the chip's WLT photo and compares it with the live template (vendor-defined score 0..1). */
  compare(input: { wltPhoto: Buffer; embedding: number[] }): Promise<{ similarity: number; match: boolean }>;
}

export function idCardPhotoVerifier(
  sdk: IdCardPhotoSdk | null,
  chipPhoto: () => Promise<Buffer | null>,
): FaceVerifier {
  const name = 'idcard-photo';
  return {
    name,
    async verify(req) {
      if (!sdk)
        return {
          outcome: 'not-configured',
          similarity: null,
          verifier: name,
          reason: 'no licensed WLT decoder/comparison SDK configured',
        };
      const photo = await chipPhoto();
      if (!photo)
        return { outcome: 'pending', similarity: null, verifier: name, reason: 'no chip photo read' };
      try {
        const r = await sdk.compare({ wltPhoto: photo, embedding: req.embedding });
        return { outcome: r.match ? 'match' : 'no-match', similarity: r.similarity, verifier: name };
      } finally {
        photo.fill(0);
      }
    },
  };
}
