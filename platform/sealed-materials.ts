import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { createGmProfile, createIntlProfile } from '../electron/core/sync/crypto-adapter.ts';

/**
 * Materials are stored as the kiosk sealed them (envelope encryption: the application body carries
 * the content key). Opening one checks both digests: the stored bytes against what the upload was
 * accepted with, and the plaintext against what the kiosk declared, so a material that was damaged
 * on disk or sealed under the wrong key is refused, never shown.
 */
export class MaterialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MaterialError';
  }
}

const gm = createGmProfile();
const intl = createIntlProfile();
const digestWith = (alg: string, data: Uint8Array): string =>
  alg === 'sm3' ? gm.digest(data) : intl.digest(data);

export function openMaterial(
  db: Database.Database,
  uploadsDir: string,
  attachmentId: string,
): { mime: string; data: Buffer } | null {
  const row = db
    .prepare(
      `SELECT m.upload_id, m.mime, m.digest, m.digest_alg, m.sealed_digest, a.payload
       FROM material m JOIN application a ON a.key = m.app_key WHERE m.attachment_id = ?`,
    )
    .get(attachmentId) as
    | {
        upload_id: string;
        mime: string;
        digest: string;
        digest_alg: string;
        sealed_digest: string | null;
        payload: string;
      }
    | undefined;
  if (!row) return null;
  const stored = fs.readFileSync(path.join(uploadsDir, row.upload_id));
  let data: Buffer = stored;
  if (row.sealed_digest) {
    if (digestWith(row.digest_alg, stored) !== row.sealed_digest)
      throw new MaterialError('stored material does not match the digest it was accepted with');
    const { contentKey } = JSON.parse(row.payload) as { contentKey?: string };
    if (!contentKey) throw new MaterialError('application carries no content key');
    try {
      data = gm.open(Buffer.from(contentKey, 'hex'), stored);
    } catch (e) {
      throw new MaterialError(
        `material does not open with its application's content key (${(e as Error).message})`,
      );
    }
  }
  if (digestWith(row.digest_alg, data) !== row.digest)
    throw new MaterialError('material does not match the digest the kiosk declared');
  return { mime: row.mime, data };
}
