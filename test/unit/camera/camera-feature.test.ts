import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { callFails, callOk, makeTestCore, type TestCore } from '../helpers/test-core.ts';
import { CAPTURE_CHUNK_BYTES } from '../../../electron/contract/camera.ts';
import { readStoredApplication } from '../flows/stored-application.ts';

// The camera feature inside a real core (SQLite file, sealing with the outbox data key, demo card
// reader, no platform): consent, chunked stills, sealing at rest, wipe, offline verification.
let t: TestCore | null = null;
afterEach(async () => {
  await t?.cleanup();
  t = null;
});

const call = <T = unknown>(name: string, payload: object = {}): Promise<T> =>
  callOk<T>(t!.core, name, payload);
const callErr = (name: string, payload: object = {}) => callFails(t!.core, name, payload);

/** A JPEG-framed buffer (SOI … EOI) with a recognisable marker inside, of `size` bytes. */
function jpeg(size: number, marker = 'RESIDENT-FACE-PIXELS'): Buffer {
  const b = Buffer.alloc(size, 0x41);
  b.set([0xff, 0xd8, 0xff, 0xe0], 0);
  b.write(marker, 100);
  b.set([0xff, 0xd9], size - 2);
  return b;
}

let n = 0;
async function put(
  kind: 'face' | 'page',
  data: Buffer,
  materialKey: string | null = kind === 'page' ? 'm1' : null,
) {
  const captureId = `cap-${String(++n).padStart(8, '0')}`;
  const parts = Math.ceil(data.length / CAPTURE_CHUNK_BYTES);
  let last: { complete: boolean; capture: { id: string; bytes: number; page: number } | null } | null = null;
  for (let part = 0; part < parts; part++)
    last = await call('camera.capture.put', {
      captureId,
      kind,
      materialKey,
      width: 1131,
      height: 1600,
      part,
      parts,
      data: data.subarray(part * CAPTURE_CHUNK_BYTES, (part + 1) * CAPTURE_CHUNK_BYTES).toString('base64'),
    });
  return last!;
}

function rows(dataDir: string): { n: number; blobs: Buffer[] } {
  const db = new Database(path.join(dataDir, 'kiosk.db'), { readonly: true });
  try {
    const r = db.prepare('SELECT sealed FROM camera_capture').all() as { sealed: Buffer }[];
    return { n: r.length, blobs: r.map((x) => x.sealed) };
  } finally {
    db.close();
  }
}

async function insertCard(index: number): Promise<void> {
  await call('idcard.simulate.insert', { card: index });
  await call('idcard.watch', { on: true });
  for (let i = 0; i < 100; i++) {
    if ((await call<{ card: unknown }>('idcard.current')).card) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('card not read');
}

const liveness = { challenges: ['blink', 'turn'], real: 0.8, live: 0.9 };
const embedding = Array.from({ length: 1024 }, (_, i) => Math.sin(i) / 10);

describe('camera feature in the core', () => {
  it('refuses a face still and a verification without consent; keeps nothing', async () => {
    t = await makeTestCore();
    await call('session.start');
    expect(
      await callErr('camera.capture.put', {
        captureId: 'cap-noconsent1',
        kind: 'face',
        materialKey: null,
        width: 320,
        height: 240,
        part: 0,
        parts: 1,
        data: jpeg(2000).toString('base64'),
      }),
    ).toMatchObject({ kind: 'rejected', messageKey: 'camera.err.noConsent' });
    expect(await callErr('camera.face.verify', { embedding, liveness })).toMatchObject({
      messageKey: 'camera.err.noConsent',
    });
    // Refusing records the decision (audited without personal data) and still keeps nothing.
    await call('camera.consent', { granted: false });
    expect(rows(t.dataDir).n).toBe(0);
  });

  it('a 280 KB page arrives in chunks, is sealed at rest, reads back intact, and is wiped with the session', async () => {
    t = await makeTestCore();
    await call('session.start');
    const page = jpeg(280 * 1024, 'PAGE-TEXT-IN-CLEAR');
    const r = await put('page', page);
    expect(r.complete).toBe(true);
    expect(r.capture).toMatchObject({ bytes: page.length, page: 1 });
    const second = await put('page', jpeg(50_000));
    expect(second.capture?.page).toBe(2);

    // At rest: the row holds sealed bytes, not the JPEG (no SOI marker, no plain text), and no file
    // in the data folder holds the page in clear.
    const stored = rows(t.dataDir);
    expect(stored.n).toBe(2);
    for (const b of stored.blobs) {
      expect(b.includes(Buffer.from('PAGE-TEXT-IN-CLEAR'))).toBe(false);
      expect(b.subarray(0, 2).toString('hex')).not.toBe('ffd8');
    }
    const clear = fs
      .readdirSync(t.dataDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .filter((e) =>
        fs.readFileSync(path.join(e.parentPath, e.name)).includes(Buffer.from('PAGE-TEXT-IN-CLEAR')),
      );
    expect(clear).toEqual([]);

    // Read back in chunks: identical bytes.
    const parts: Buffer[] = [];
    for (let part = 0, total = 1; part < total; part++) {
      const g = await call<{ data: string; parts: number }>('camera.capture.get', {
        id: r.capture!.id,
        part,
      });
      total = g.parts;
      parts.push(Buffer.from(g.data, 'base64'));
    }
    expect(Buffer.concat(parts).equals(page)).toBe(true);

    // 重拍 drops one page; the session wipe drops the rest.
    expect(await call('camera.capture.delete', { id: second.capture!.id })).toEqual({ deleted: true });
    expect(
      (await call<{ captures: unknown[] }>('camera.capture.list', { materialKey: 'm1' })).captures,
    ).toHaveLength(1);
    await call('session.end', { reason: 'resident' });
    expect(rows(t.dataDir).n).toBe(0);
  });

  it('refuses what is not a complete bounded JPEG, chunks out of order, and another session’s stills', async () => {
    t = await makeTestCore();
    await call('session.start');
    // Over 300 KB: refused while still arriving; nothing stored.
    const big = jpeg(310 * 1024);
    const err = await (async () => {
      try {
        await put('page', big);
        return null;
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(err).toContain('camera.err.tooLarge');
    // Truncated (no EOI) and garbage: refused.
    const truncated = jpeg(5000).subarray(0, 4000);
    await expect(put('page', truncated)).rejects.toThrow(/camera.err.badImage/);
    await expect(put('page', Buffer.from('not an image at all, just text'))).rejects.toThrow(
      /camera.err.badImage/,
    );
    // Part 1 before part 0.
    expect(
      await callErr('camera.capture.put', {
        captureId: 'cap-outoforder',
        kind: 'page',
        materialKey: 'm1',
        width: 10_00,
        height: 1000,
        part: 1,
        parts: 2,
        data: jpeg(100).toString('base64'),
      }),
    ).toMatchObject({ kind: 'conflict' });
    expect(rows(t.dataDir).n).toBe(0);

    const mine = await put('page', jpeg(3000));
    await call('session.end', { reason: 'resident' });
    await call('session.start');
    expect(await callErr('camera.capture.get', { id: mine.capture!.id, part: 0 })).toMatchObject({
      kind: 'not-found',
    });
  });

  it('with consent: the face still is kept sealed; offline verification is pending and the default policy lets the resident continue', async () => {
    t = await makeTestCore();
    await call('session.start');
    await insertCard(2);
    await call('camera.consent', { granted: true });
    const face = await put('face', jpeg(20_000, 'FACE-IN-CLEAR'));
    expect(face.capture).toMatchObject({ page: 1 });
    expect(rows(t.dataDir).blobs.some((b) => b.includes(Buffer.from('FACE-IN-CLEAR')))).toBe(false);
    // Incomplete liveness is refused whatever the renderer claims.
    expect(
      await callErr('camera.face.verify', { embedding, liveness: { ...liveness, challenges: ['blink'] } }),
    ).toMatchObject({ messageKey: 'camera.err.liveness' });
    expect(
      await callErr('camera.face.verify', { embedding, liveness: { ...liveness, real: 0.1 } }),
    ).toMatchObject({ messageKey: 'camera.err.liveness' });
    const r = await call('camera.face.verify', { embedding, liveness });
    expect(r).toEqual({ outcome: 'pending', similarity: null, verifier: 'platform', mayContinue: true });
    // Withdrawing consent deletes the face still at once.
    await call('camera.consent', { granted: false });
    expect(rows(t.dataDir).n).toBe(0);
  });

  it('the assisted policy sends an unverifiable face check to staff', async () => {
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'cam-cfg-'));
    const cfg = path.join(dir, 'config.json');
    fs.writeFileSync(cfg, JSON.stringify({ camera: { offlinePolicy: 'assisted' } }));
    t = await makeTestCore({ env: { KIOSK_CONFIG: cfg } });
    await call('session.start');
    await insertCard(2);
    await call('camera.consent', { granted: true });
    expect(await call('camera.face.verify', { embedding, liveness })).toMatchObject({
      outcome: 'pending',
      mayContinue: false,
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stills a crash left behind are removed at start-up', async () => {
    t = await makeTestCore();
    await call('session.start');
    await put('page', jpeg(3000));
    const dataDir = t.dataDir;
    // Simulate a crash: close the core without ending the session, then start a new core on the data.
    await t.core.close();
    const again = await makeTestCore({ env: { KIOSK_DATA_DIR: dataDir } });
    try {
      expect(rows(dataDir).n).toBe(0);
    } finally {
      await again.core.close();
    }
    t = { ...t, cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  });
});

describe('captured pages in the submission', () => {
  it('a material photographed as two pages goes to the platform as both pages, in order', async () => {
    t = await makeTestCore();
    await call('session.start');
    await insertCard(2);
    type View = {
      step: { kind: string };
      fields: {
        key: string;
        type: string;
        required: boolean;
        options: string[] | null;
        value: string | null;
      }[];
      errors: Record<string, string>;
    };
    let v = await call<View>('flow.start', { kind: 'matter', id: 'yibao.chronic-disease' });
    const page1 = jpeg(40_000, 'PAGE-ONE');
    const page2 = jpeg(42_000, 'PAGE-TWO');
    for (let i = 0; i < 12 && v.step.kind !== 'review'; i++) {
      if (v.step.kind === 'form') {
        const values: Record<string, string> = {};
        for (const f of v.fields.filter((x) => x.required && !x.value)) {
          values[f.key] =
            f.options?.[0] ??
            (f.type === 'phone' ? '13912345678' : f.type === 'date' ? '2026-01-05' : '高血压');
        }
        v = await call<View>('flow.next', { values });
        continue;
      }
      if (v.step.kind === 'materials') {
        await put('page', page1, 'medical-record');
        await put('page', page2, 'medical-record');
        await call('flow.material', {
          key: 'medical-record',
          action: 'photo',
          mime: 'image/jpeg',
          data: page1.toString('base64'),
        });
      }
      if (v.step.kind === 'promise') await call('flow.promise');
      if (v.step.kind === 'sign') {
        const png = Buffer.concat([
          Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
          Buffer.alloc(120, 7),
        ]);
        await call('flow.sign', { png: png.toString('base64') });
      }
      v = await call<View>('flow.next');
    }
    expect(v.step.kind).toBe('review');
    const sub = await call<{ receiptNo: string }>('flow.submit');
    const stored = readStoredApplication(t.dataDir, sub.receiptNo)!;
    const rec = stored.record.materials.find((m) => m.key === 'medical-record')!;
    expect(rec.pages).toEqual([rec.attachment, rec.attachment! + 1]);
    const pages = stored.attachments.filter((a) => a.kind === 'medical-record');
    expect(pages.map((p) => p.size)).toEqual([40_000, 42_000]);
  });
});
