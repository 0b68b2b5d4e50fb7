import type http from 'node:http';
import type Database from 'better-sqlite3';
import { z } from 'zod';

/**
 * The dev platform's face verification (POST /v1/face/verifications, signed by an enrolled kiosk):
 * compares the live template the kiosk computed with the reference template registered for the
 * subject, using the same measure as the model's own matcher (@vladmandic/human `match.similarity`:
 * Euclidean distance ×25, normalised to 0..1 between 0.2 and 0.8). No face image reaches the
 * platform, only the template, and only after the resident consented on the kiosk.
 *
 * POST /v1/face/references registers a reference (dev only: a real platform asks the national
 * identity service). Both store nothing but the subject hash and the numbers.
 */
const Subject = z.string().regex(/^[0-9a-f]{64}$/);
const Embedding = z.array(z.number().finite().min(-10).max(10)).min(64).max(2048);
const VerifyBody = z.object({ subject: Subject, embedding: Embedding }).strict();
const RegisterBody = VerifyBody;
export const FACE_MATCH_THRESHOLD = 0.6;

export function faceSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  const dist = Math.round(100 * 25 * sum) / 100;
  if (dist === 0) return 1;
  const norm = (1 - Math.sqrt(dist) / 100 - 0.2) / (0.8 - 0.2);
  return Math.round(100 * Math.max(Math.min(norm, 1), 0)) / 100;
}

const toBlob = (e: number[]): Buffer => Buffer.from(new Float32Array(e).buffer);
const fromBlob = (b: Buffer): number[] =>
  Array.from(new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));

export function registerFaceReference(
  db: Database.Database,
  subject: string,
  embedding: number[],
  at: number,
): void {
  db.prepare(
    `INSERT INTO face_reference (subject, embedding, registered_at) VALUES (?, ?, ?)
     ON CONFLICT (subject) DO UPDATE SET embedding = excluded.embedding, registered_at = excluded.registered_at`,
  ).run(Subject.parse(subject), toBlob(Embedding.parse(embedding)), at);
}

function send(res: http.ServerResponse, status: number, data: unknown): void {
  const body = JSON.stringify(data);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Handles /v1/face/*; returns false when the path is not one of ours. The caller authenticated the kiosk. */
export function handleFaceRequest(
  db: Database.Database,
  kioskId: string,
  method: string,
  path: string,
  body: Buffer,
  res: http.ServerResponse,
  now: number,
): boolean {
  if (!path.startsWith('/v1/face/')) return false;
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    send(res, 400, { error: 'body is not JSON' });
    return true;
  }
  if (path === '/v1/face/references' && method === 'POST') {
    const b = RegisterBody.safeParse(json);
    if (!b.success) return (send(res, 422, { error: 'invalid reference' }), true);
    registerFaceReference(db, b.data.subject, b.data.embedding, now);
    send(res, 201, { subject: b.data.subject });
    return true;
  }
  if (path === '/v1/face/verifications' && method === 'POST') {
    const b = VerifyBody.safeParse(json);
    if (!b.success) return (send(res, 422, { error: 'invalid verification request' }), true);
    const ref = db.prepare('SELECT embedding FROM face_reference WHERE subject = ?').get(b.data.subject) as
      { embedding: Buffer } | undefined;
    if (!ref) return (send(res, 404, { error: 'no reference for this subject' }), true);
    const similarity = faceSimilarity(b.data.embedding, fromBlob(ref.embedding));
    const match = similarity >= FACE_MATCH_THRESHOLD;
    db.prepare(
      'INSERT INTO face_verification (kiosk_id, subject, similarity, match, at) VALUES (?, ?, ?, ?, ?)',
    ).run(kioskId, b.data.subject, similarity, match ? 1 : 0, now);
    send(res, 200, { match, similarity, threshold: FACE_MATCH_THRESHOLD });
    return true;
  }
  send(res, 404, { error: 'not found' });
  return true;
}
