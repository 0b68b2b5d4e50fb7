import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Seals a print job's content at rest (AES-256-GCM, random 96-bit nonce, job id as associated data
 * so a sealed payload cannot be moved onto another job row). The key lives in a 0600 file beside the
 * database: that protects a copied database file, not a disk stolen whole — which is why done jobs
 * are purged outright rather than kept encrypted. The core's shared key sealer can replace the file
 * key later without changing the stored format.
 */
export interface PayloadCipher {
  seal(plain: Buffer, jobId: string): Buffer;
  open(sealed: Buffer, jobId: string): Buffer;
}

const VERSION = 1;

export function createPayloadCipher(key: Buffer): PayloadCipher {
  if (key.length !== 32) throw new Error('print payload key must be 32 bytes');
  return {
    seal(plain, jobId) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(Buffer.from(jobId, 'utf8'));
      const body = Buffer.concat([c.update(plain), c.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, c.getAuthTag(), body]);
    },
    open(sealed, jobId) {
      if (sealed.length < 29 || sealed[0] !== VERSION)
        throw new Error('sealed print payload has an unknown format');
      const d = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13));
      d.setAAD(Buffer.from(jobId, 'utf8'));
      d.setAuthTag(sealed.subarray(13, 29));
      return Buffer.concat([d.update(sealed.subarray(29)), d.final()]);
    },
  };
}

/** Reads the key file, creating it (0600, written then renamed) on first use. */
export function loadOrCreateKey(file: string): Buffer {
  try {
    const key = fs.readFileSync(file);
    if (key.length === 32) return key;
    throw new Error(`print payload key ${file} has ${key.length} bytes, expected 32`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = crypto.randomBytes(32);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, key, { mode: 0o600 });
  fs.renameSync(tmp, file);
  return key;
}
