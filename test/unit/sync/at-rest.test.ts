import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/core/log/logger.ts';
import type { Clock } from '../../../electron/core/clock/clock.ts';
import { systemClock } from '../../../electron/core/clock/clock.ts';
import { drain, makeRig, RESIDENT, sampleApplication, type Rig } from './helpers.ts';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

/** Every byte the kiosk keeps on disk for sync: the database, its WAL, and the attachment folder. */
function rawKioskBytes(dir: string): { file: string; data: Buffer }[] {
  const kiosk = path.join(dir, 'kiosk');
  const out: { file: string; data: Buffer }[] = [];
  for (const f of ['kiosk.db', 'kiosk.db-wal', 'kiosk.db-shm']) {
    const p = path.join(kiosk, f);
    if (fs.existsSync(p)) out.push({ file: f, data: fs.readFileSync(p) });
  }
  const att = path.join(kiosk, 'attachments');
  for (const f of fs.existsSync(att) ? fs.readdirSync(att) : [])
    out.push({ file: `attachments/${f}`, data: fs.readFileSync(path.join(att, f)) });
  return out;
}

const needles = [RESIDENT.idNumber, RESIDENT.name, RESIDENT.phone, RESIDENT.address].flatMap((s) => [
  Buffer.from(s, 'utf8'),
  Buffer.from(s, 'utf16le'),
]);

describe('personal data at rest', () => {
  it('the raw SQLite file, its WAL and the attachment folder hold no plaintext ID number or name; retention purges rows and files', async () => {
    let now = Date.now();
    const clock: Clock = { ...systemClock, now: () => now };
    const lines: string[] = [];
    const log = createLogger(
      { level: 'debug' },
      new Writable({
        write(chunk, _enc, cb) {
          lines.push(String(chunk));
          cb();
        },
      }),
    );
    rig = await makeRig({ clock, svc: { retentionDays: 7, log } });
    const r = rig.svc.submit(sampleApplication(1, [40_000, 25_000]));
    const raw = rawKioskBytes(rig.dir);
    expect(raw.some((f) => f.file.startsWith('attachments/'))).toBe(true);
    expect(raw.some((f) => f.file === 'kiosk.db-wal')).toBe(true);
    for (const { file, data } of raw) {
      for (const n of needles) expect(data.includes(n), `${file} contains plaintext`).toBe(false);
    }
    const keyFile = path.join(rig.dir, 'kiosk', 'keys', 'data-key.file');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);

    await drain(rig.svc);
    expect(
      (rig.db.prepare('SELECT state FROM sync_application WHERE key = ?').get(r.key) as { state: string })
        .state,
    ).toBe('confirmed');
    // Confirmed but inside the retention window: still here.
    expect(rig.svc.purge()).toBe(0);
    now += 7 * 86_400_000 + 1000;
    expect(rig.svc.purge()).toBe(1);
    expect(rig.db.prepare('SELECT COUNT(*) AS n FROM sync_application').get()).toEqual({ n: 0 });
    expect(rig.db.prepare('SELECT COUNT(*) AS n FROM sync_attachment').get()).toEqual({ n: 0 });
    expect(rig.db.prepare('SELECT COUNT(*) AS n FROM sync_outbox').get()).toEqual({ n: 0 });
    expect(fs.readdirSync(path.join(rig.dir, 'kiosk', 'attachments'))).toEqual([]);
    const auditRow = rig.db.prepare("SELECT app_key, detail FROM sync_audit WHERE event = 'purged'").all();
    expect(auditRow).toEqual([{ app_key: r.key, detail: 'materials=2 retentionDays=7' }]);
    // Logs of the whole submit → sync → purge cycle: nothing personal.
    const text = lines.join('');
    expect(text.length).toBeGreaterThan(0);
    for (const s of [RESIDENT.idNumber, RESIDENT.name, RESIDENT.phone, RESIDENT.address])
      expect(text.includes(s)).toBe(false);
  });

  it('materials travel and rest on the platform sealed: the operator opens them with the application’s key, and a damaged one is refused, not shown', async () => {
    rig = await makeRig();
    const r = rig.svc.submit(sampleApplication(1, [40_000, 25_000]));
    await drain(rig.svc);
    const uploads = path.join(rig.platform.uploadsDir);
    const stored = fs.readdirSync(uploads).map((f) => fs.readFileSync(path.join(uploads, f)));
    expect(stored).toHaveLength(2);
    // What crossed the wire and lies in the upload folder is the kiosk's sealed file, byte for byte.
    const kioskFiles = fs
      .readdirSync(path.join(rig.dir, 'kiosk', 'attachments'))
      .map((f) => fs.readFileSync(path.join(rig!.dir, 'kiosk', 'attachments', f)));
    for (const data of stored) {
      for (const n of needles) expect(data.includes(n)).toBe(false);
      expect(kioskFiles.some((k) => k.equals(data))).toBe(true);
    }
    // The operator page serves the material as the resident gave it.
    const id = r.attachments[0]!.id;
    const res = await fetch(`${rig.platform.url}/operator/api/materials/${id}`);
    expect(res.status).toBe(200);
    const plain = Buffer.from(await res.arrayBuffer());
    expect(plain.includes(Buffer.from(RESIDENT.idNumber))).toBe(true);
    expect(plain.length).toBe(r.attachments[0]!.size);
    // One flipped bit on the platform's disk: refused with a reason, never served as the material.
    const row = rig.platform.db.prepare('SELECT upload_id FROM material WHERE attachment_id = ?').get(id) as {
      upload_id: string;
    };
    const file = path.join(uploads, row.upload_id);
    const bytes = fs.readFileSync(file);
    bytes[100]! ^= 1;
    fs.writeFileSync(file, bytes);
    const bad = await fetch(`${rig.platform.url}/operator/api/materials/${id}`);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/does not match the digest/);
  });

  it('refuses a data key file that others can read', async () => {
    rig = await makeRig();
    const keyFile = path.join(rig.dir, 'kiosk', 'keys', 'data-key.file');
    fs.chmodSync(keyFile, 0o644);
    expect(() => rig!.reopen()).toThrow(/0600/);
    fs.chmodSync(keyFile, 0o600);
  });
});
