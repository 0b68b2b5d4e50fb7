import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/core/store/store.ts';
import { enrol } from '../../../electron/core/sync/enrolment.ts';
import { TransportError } from '../../../electron/core/sync/platform-client.ts';
import { signRequest } from '../../../electron/core/sync/signer.ts';
import { createGmProfile } from '../../../electron/core/sync/crypto-adapter.ts';
import { startDevPlatform } from '../../../platform/dev-platform.ts';
import { drain, makeRig, platformView, sampleApplication, tmpDir, type Rig } from './helpers.ts';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

/** Exactly once on the platform, every material there with the right digest, nothing left queued. */
function expectExactlyOnce(r: Rig, keys: string[]): void {
  const view = platformView(r.platform);
  expect(view.size).toBe(keys.length);
  for (const k of keys) {
    const v = view.get(k);
    expect(v?.count).toBe(1);
    const local = r.db
      .prepare('SELECT digest FROM sync_attachment WHERE app_key = ? ORDER BY seq')
      .all(k) as { digest: string }[];
    expect(v!.materials.map((m) => m.digest).sort()).toEqual(local.map((l) => l.digest).sort());
    expect(v!.materials.every((m) => m.fileOk)).toBe(true);
  }
  const s = r.svc.summary();
  expect(s.rows).toMatchObject({ pending: 0, sending: 0, inDoubt: 0, rejected: 0 });
  expect(s.applications.confirmed).toBe(keys.length);
}

function intake(r: Rig): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of r.platform.db
    .prepare('SELECT kind, outcome, COUNT(*) AS n FROM intake_attempt GROUP BY kind, outcome')
    .all() as {
    kind: string;
    outcome: string;
    n: number;
  }[])
    out[`${row.kind}:${row.outcome}`] = row.n;
  return out;
}

describe('fault tests against the dev platform: no loss, no duplicate', () => {
  it('500s are retried with backoff until they pass', async () => {
    rig = await makeRig();
    const keys = [rig.svc.submit(sampleApplication(1)).key, rig.svc.submit(sampleApplication(2)).key];
    rig.platform.faults.status500 = 5;
    await rig.svc.syncNow();
    expect(rig.svc.summary().retrying.length).toBeGreaterThan(0);
    await drain(rig.svc);
    expectExactlyOnce(rig, keys);
  });

  it('responses dropped after the platform committed: the relay asks by key instead of re-sending', async () => {
    rig = await makeRig();
    const key = rig.svc.submit(sampleApplication(1)).key;
    rig.platform.faults.dropAfterCommit = 1;
    await rig.svc.syncNow();
    const apply = rig.db.prepare("SELECT status FROM sync_outbox WHERE type = 'apply'").get() as {
      status: string;
    };
    expect(apply.status).toBe('in-doubt');
    await drain(rig.svc);
    expectExactlyOnce(rig, [key]);
    // The in-doubt lookup found it: the application was never POSTed twice.
    expect(intake(rig)['apply:created']).toBe(1);
    expect(intake(rig)['apply:duplicate']).toBeUndefined();
  });

  it('dropped answers to uploads and to material lookups', async () => {
    rig = await makeRig();
    const key = rig.svc.submit(sampleApplication(1, [100_000, 100_000, 100_000])).key;
    await rig.svc.relay!.runUntilIdle({ force: true }).then(() => undefined);
    rig.platform.faults.dropAfterCommit = 3;
    await drain(rig.svc);
    expectExactlyOnce(rig, [key]);
  });

  it('timeouts: the platform answers after the kiosk gave up; no duplicate', async () => {
    rig = await makeRig();
    rig.reopen({ timeoutMs: 200 });
    const key = rig.svc.submit(sampleApplication(1)).key;
    rig.platform.faults.delayMs = 600;
    await rig.svc.syncNow();
    expect(rig.svc.summary().rows.inDoubt).toBeGreaterThan(0);
    rig.platform.faults.delayMs = 0;
    await new Promise((r) => setTimeout(r, 700)); // let the late request finish on the platform
    await drain(rig.svc);
    expectExactlyOnce(rig, [key]);
    expect(intake(rig)['apply:created']).toBe(1);
  });

  it('a slow link still delivers, and with a resident mid-flow big uploads wait while JSON goes', async () => {
    rig = await makeRig();
    let residentActive = true;
    rig.reopen({
      relay: { residentActive: () => residentActive, slowLinkBytesPerSec: 10_000_000, chunkBytes: 32 * 1024 },
    });
    rig.platform.faults.delayMs = 50;
    const first = rig.svc.submit(sampleApplication(1, [80_000])).key;
    await drain(rig.svc); // measures the (slow) link
    expect(rig.svc.relay!.linkBytesPerSec).not.toBeNull();
    const second = rig.svc.submit(sampleApplication(2, [80_000])).key;
    await rig.svc.relay!.runUntilIdle();
    const rows = rig.db
      .prepare('SELECT type, status FROM sync_outbox WHERE app_key = ? ORDER BY seq')
      .all(second);
    expect(rows).toEqual([
      { type: 'apply', status: 'confirmed' },
      { type: 'material', status: 'pending' },
    ]);
    residentActive = false;
    await rig.svc.relay!.runUntilIdle();
    rig.platform.faults.delayMs = 0;
    expectExactlyOnce(rig, [first, second]);
  });

  it('garbage bodies on 200 are treated as "no answer" and resolved by lookup', async () => {
    rig = await makeRig();
    const key = rig.svc.submit(sampleApplication(1)).key;
    rig.platform.faults.garbageAfterCommit = 2;
    await drain(rig.svc);
    expectExactlyOnce(rig, [key]);
  });

  it('a 4xx is "rejected": kept, visible to technicians, never retried', async () => {
    rig = await makeRig();
    // Larger than the platform accepts for an application body: 413.
    const big = rig.svc.submit({
      matterCode: 'XK-1',
      application: { blob: 'x'.repeat(2_200_000) },
      attachments: [],
    }).key;
    const ok = rig.svc.submit(sampleApplication(1)).key;
    await drain(rig.svc);
    const s = rig.svc.summary();
    expect(s.applications).toMatchObject({ rejected: 1, confirmed: 1 });
    expect(s.rejected).toEqual([
      expect.objectContaining({ appKey: big, type: 'apply', error: expect.stringMatching(/413/) }),
    ]);
    const attempts = (
      rig.db.prepare('SELECT attempts FROM sync_outbox WHERE app_key = ?').get(big) as { attempts: number }
    ).attempts;
    await drain(rig.svc);
    expect(
      (rig.db.prepare('SELECT attempts FROM sync_outbox WHERE app_key = ?').get(big) as { attempts: number })
        .attempts,
    ).toBe(attempts);
    expect(platformView(rig.platform).has(big)).toBe(false);
    expect(platformView(rig.platform).get(ok)?.count).toBe(1);
  });

  it('damage in transit: the digest check refuses the upload (460), the kiosk sends it again, the platform keeps the right bytes', async () => {
    rig = await makeRig();
    const key = rig.svc.submit(sampleApplication(1, [50_000])).key;
    rig.platform.faults.corruptUploads = 1;
    await drain(rig.svc);
    expectExactlyOnce(rig, [key]);
    expect(intake(rig)).toMatchObject({ 'material:digest-mismatch': 1, 'material:created': 1 });
    // The refused upload left nothing behind on the platform: one stored file, the right one.
    expect(fs.readdirSync(rig.platform.uploadsDir)).toHaveLength(1);
  });

  it('a damaged file on the kiosk’s own disk is rejected at once with a local error, never re-sent', async () => {
    rig = await makeRig();
    const key = rig.svc.submit(sampleApplication(1, [50_000])).key;
    const { file } = rig.db.prepare('SELECT file FROM sync_attachment').get() as { file: string };
    const p = path.join(rig.svc.outbox.attachmentsDir, file);
    const bytes = fs.readFileSync(p);
    bytes[bytes.length >> 1]! ^= 0x01;
    fs.writeFileSync(p, bytes);
    await drain(rig.svc);
    const s = rig.svc.summary();
    expect(s.applications).toMatchObject({ rejected: 1 });
    expect(s.rejected).toEqual([
      expect.objectContaining({
        appKey: key,
        type: 'material',
        error: expect.stringMatching(/^local: .*content address/),
      }),
    ]);
    expect(intake(rig)['material:digest-mismatch']).toBe(1);
    expect(intake(rig)['material:created']).toBeUndefined();
  });

  it('replayed, mis-signed, stale and foreign-key requests are refused', async () => {
    rig = await makeRig();
    const id = rig.svc.identity!;
    const url = new URL(rig.platform.url);
    const send = (method: string, p: string, headers: Record<string, string>, body?: Buffer) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: url.hostname, port: url.port, method, path: p, headers }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
      });
    const p = '/v1/applications/01a20077-a6af-778b-a290-055ed0d65e33';
    const h = signRequest(id.profile, id.keys, {
      method: 'GET',
      url: p,
      body: null,
      kioskId: id.kioskId,
      now: Date.now(),
    });
    expect(await send('GET', p, h)).toBe(404); // genuine: passes the checks, the application just does not exist
    expect(await send('GET', p, h)).toBe(401); // the same bytes again: replay
    const tampered = signRequest(id.profile, id.keys, {
      method: 'GET',
      url: p,
      body: null,
      kioskId: id.kioskId,
      now: Date.now(),
    });
    expect(await send('GET', `${p}?x=1`, tampered)).toBe(401); // signed for another URL
    const stale = signRequest(id.profile, id.keys, {
      method: 'GET',
      url: p,
      body: null,
      kioskId: id.kioskId,
      now: Date.now() - 10 * 60_000,
    });
    expect(await send('GET', p, stale)).toBe(401);
    const other = createGmProfile().generateKeyPair();
    const forged = signRequest(id.profile, other, {
      method: 'GET',
      url: p,
      body: null,
      kioskId: id.kioskId,
      now: Date.now(),
    });
    expect(await send('GET', p, forged)).toBe(401);
    const body = Buffer.from('{"key":"x"}');
    const bodySig = signRequest(id.profile, id.keys, {
      method: 'POST',
      url: '/v1/applications',
      body,
      kioskId: id.kioskId,
      now: Date.now(),
    });
    expect(await send('POST', '/v1/applications', bodySig, Buffer.from('{"key":"y"}'))).toBe(401);
    expect(rig.platform.faults.refused).toMatchObject({
      replayed: 1,
      'bad-signature': 2,
      stale: 1,
      'bad-digest': 1,
    });
    // And the real relay still gets through afterwards.
    const key = rig.svc.submit(sampleApplication(1)).key;
    await drain(rig.svc);
    expectExactlyOnce(rig, [key]);
  });
});

describe('TLS with a pinned provincial CA', () => {
  it('refuses a platform whose certificate was not issued by the pinned CA, and works with the right pin', async () => {
    const dir = tmpDir('tls');
    const ssl = (...args: string[]): void =>
      void execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    const ca = (name: string): void =>
      ssl(
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.crt`,
        '-days',
        '2',
        '-subj',
        `/CN=${name}`,
      );
    ca('province-ca');
    ca('wrong-ca');
    ssl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'srv.key',
      '-out',
      'srv.csr',
      '-subj',
      '/CN=127.0.0.1',
    );
    fs.writeFileSync(path.join(dir, 'ext'), 'subjectAltName=IP:127.0.0.1\n');
    ssl(
      'x509',
      '-req',
      '-in',
      'srv.csr',
      '-CA',
      'province-ca.crt',
      '-CAkey',
      'province-ca.key',
      '-CAcreateserial',
      '-out',
      'srv.crt',
      '-days',
      '2',
      '-extfile',
      'ext',
    );
    const tls = {
      key: fs.readFileSync(path.join(dir, 'srv.key')),
      cert: fs.readFileSync(path.join(dir, 'srv.crt')),
    };

    const platform = await startDevPlatform({ dataDir: path.join(dir, 'platform'), tls });
    const store = openStore(path.join(dir, 'kiosk', 'kiosk.db'));
    try {
      const code = platform.createEnrolmentCode();
      const attempt = enrol({
        db: store.db,
        dataDir: path.join(dir, 'kiosk'),
        platformUrl: platform.url,
        code,
        kioskId: 'TLS-0001',
        caFile: path.join(dir, 'wrong-ca.crt'),
      });
      await expect(attempt).rejects.toBeInstanceOf(TransportError);
      await expect(attempt).rejects.toMatchObject({ kind: 'tls' });
      expect(platform.db.prepare('SELECT COUNT(*) AS n FROM kiosk').get()).toEqual({ n: 0 });
    } finally {
      store.close();
      await platform.close();
    }
    rig = await makeRig({ platform: { tls }, caFile: path.join(dir, 'province-ca.crt') });
    expect(rig.platform.url).toMatch(/^https:/);
    const key = rig.svc.submit(sampleApplication(1)).key;
    await drain(rig.svc);
    expectExactlyOnce(rig, [key]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
