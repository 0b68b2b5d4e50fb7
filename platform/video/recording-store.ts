import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Recording chunks at rest: AES-256-GCM under a key kept beside them (0600), one file per chunk,
 * written to a temporary name and renamed so a crash never leaves half a chunk under its real name.
 * A recording shows the resident's face and voice: it is personal data and never stored in clear.
 */
export class RecordingStore {
  readonly dir: string;
  private readonly key: Buffer;
  constructor(dir: string) {
    this.dir = dir;
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const keyFile = path.join(dir, '.key');
    if (!fs.existsSync(keyFile)) fs.writeFileSync(keyFile, crypto.randomBytes(32), { mode: 0o600 });
    this.key = fs.readFileSync(keyFile);
  }

  put(callId: string, seq: number, data: Buffer): { file: string; sha256: string } {
    const callDir = path.join(this.dir, callId);
    fs.mkdirSync(callDir, { recursive: true, mode: 0o700 });
    const iv = crypto.randomBytes(12);
    const c = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    c.setAAD(Buffer.from(`${callId}/${seq}`));
    const sealed = Buffer.concat([iv, c.update(data), c.final(), c.getAuthTag()]);
    const file = path.join(callId, `${String(seq).padStart(6, '0')}.webm.sealed`);
    const tmp = path.join(this.dir, `${file}.tmp`);
    fs.writeFileSync(tmp, sealed, { mode: 0o600 });
    fs.renameSync(tmp, path.join(this.dir, file));
    return { file, sha256: crypto.createHash('sha256').update(data).digest('hex') };
  }

  remove(file: string): void {
    fs.rmSync(path.join(this.dir, file), { force: true });
  }

  read(callId: string, file: string): Buffer {
    const sealed = fs.readFileSync(path.join(this.dir, file));
    const seq = Number(/(\d+)\.webm\.sealed$/.exec(file)?.[1] ?? NaN);
    const d = crypto.createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, 12));
    d.setAAD(Buffer.from(`${callId}/${seq}`));
    d.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]);
  }
}
