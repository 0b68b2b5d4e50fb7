import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGmProfile } from '../../../electron/core/sync/crypto-adapter.ts';
import {
  HEADERS,
  macRequest,
  signRequest,
  verifyRequest,
  type SessionKey,
} from '../../../electron/core/sync/signer.ts';
import { startDevPlatform } from '../../../platform/dev-platform.ts';
import { drain, makeRig, platformView, sampleApplication, type Rig } from './helpers.ts';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

type Sent = { status: number; body: string };

function sender(baseUrl: () => string) {
  return (method: string, p: string, headers: Record<string, string>, body?: Buffer): Promise<Sent> =>
    new Promise((resolve, reject) => {
      const url = new URL(baseUrl());
      const req = http.request(
        { host: url.hostname, port: url.port, method, path: p, headers, agent: false },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
}

/** The handshake as the kiosk's client does it, by hand: one signed POST /v1/sessions. */
async function openSession(r: Rig, send: ReturnType<typeof sender>): Promise<SessionKey> {
  const id = r.svc.identity!;
  const { offer, finish } = id.profile.sessionOffer(id.keys);
  const body = Buffer.from(JSON.stringify({ offer }));
  const h = signRequest(id.profile, id.keys, {
    method: 'POST',
    url: '/v1/sessions',
    body,
    kioskId: id.kioskId,
    now: Date.now(),
  });
  const res = await send('POST', '/v1/sessions', { ...h, 'content-type': 'application/json' }, body);
  expect(res.status).toBe(201);
  const a = JSON.parse(res.body) as { sessionId: string; answer: string };
  return { id: a.sessionId, key: finish(a.answer) };
}

describe('sessions: one signed handshake, then a MAC per request', () => {
  it('a drain opens one session; replayed, mis-keyed, foreign and self-extending session requests are refused', async () => {
    rig = await makeRig();
    const r = rig;
    const keys = [r.svc.submit(sampleApplication(1)).key, r.svc.submit(sampleApplication(2)).key];
    await drain(r.svc);
    // Two applications, four materials, every request after the first under one session.
    expect(r.svc.client!.sessionsOpened).toBe(1);
    expect(r.platform.faults.refused).toEqual({});
    expect(platformView(r.platform).size).toBe(2);

    const send = sender(() => r.platform.url);
    const id = r.svc.identity!;
    const session = await openSession(r, send);
    const p = `/v1/applications/${keys[0]}`;
    const mac = (s: SessionKey, url = p) =>
      macRequest(id.profile, s, { method: 'GET', url, body: null, kioskId: id.kioskId, now: Date.now() });
    const genuine = mac(session);
    expect((await send('GET', p, genuine)).status).toBe(200);
    expect(await send('GET', p, genuine)).toMatchObject({
      status: 401,
      body: expect.stringMatching(/replayed/),
    });
    const wrongKey = mac({ id: session.id, key: Buffer.alloc(32, 7) });
    expect(await send('GET', p, wrongKey)).toMatchObject({ status: 401, body: /bad-signature/ });
    const unknown = mac({ id: 'f'.repeat(32), key: session.key });
    expect(await send('GET', p, unknown)).toMatchObject({ status: 401, body: /session-unknown/ });
    // Another kiosk id presenting this kiosk's session: refused before its MAC is even looked at.
    const foreign = { ...mac(session), [HEADERS.kiosk]: 'OTHER-0001' };
    expect(await send('GET', p, foreign)).toMatchObject({ status: 401, body: /session-unknown/ });
    // A session cannot open another session: only the enrolled key can.
    const body = Buffer.from(JSON.stringify({ offer: '' }));
    const extend = macRequest(id.profile, session, {
      method: 'POST',
      url: '/v1/sessions',
      body,
      kioskId: id.kioskId,
      now: Date.now(),
    });
    expect((await send('POST', '/v1/sessions', extend, body)).status).toBe(400);
    // A handshake signed by a key the platform never enrolled gets no session.
    const stranger = createGmProfile().generateKeyPair();
    const forged = signRequest(id.profile, stranger, {
      method: 'POST',
      url: '/v1/sessions',
      body,
      kioskId: id.kioskId,
      now: Date.now(),
    });
    expect((await send('POST', '/v1/sessions', forged, body)).status).toBe(401);
    expect(r.platform.faults.refused).toEqual({
      replayed: 1,
      'bad-signature': 2,
      'session-unknown': 2,
    });
  });

  it('a platform restart ends every session: the kiosk opens a new one by itself, a captured request is refused after it, and an upload cut before it resumes', async () => {
    rig = await makeRig({ svc: { relay: { chunkBytes: 64 * 1024, backoffBaseMs: 1, backoffMaxMs: 5 } } });
    const r = rig;
    const send = sender(() => r.platform.url);
    const id = r.svc.identity!;
    const first = r.svc.submit(sampleApplication(1)).key;
    await drain(r.svc);
    const session = await openSession(r, send);
    const p = `/v1/applications/${first}`;
    const capturedMac = macRequest(id.profile, session, {
      method: 'GET',
      url: p,
      body: null,
      kioskId: id.kioskId,
      now: Date.now(),
    });
    const capturedSig = signRequest(id.profile, id.keys, {
      method: 'GET',
      url: p,
      body: null,
      kioskId: id.kioskId,
      now: Date.now(),
    });
    expect((await send('GET', p, capturedMac)).status).toBe(200);
    expect((await send('GET', p, capturedSig)).status).toBe(200);

    // An upload cut mid-way, then the platform restarts on the same data and port.
    const second = r.svc.submit(sampleApplication(2, [400_000])).key;
    r.platform.faults.cutUploadAfterBytes = 150_000;
    await r.svc.syncNow();
    const { dataDir, port } = { dataDir: path.join(r.dir, 'platform'), port: r.platform.port };
    await r.platform.close();
    r.platform = await startDevPlatform({ dataDir, port });

    // Nothing said before the restart can be said again after it: the session is gone, and the
    // signed request's nonce was kept on disk.
    expect(await send('GET', p, capturedMac)).toMatchObject({ status: 401, body: /session-unknown/ });
    expect(await send('GET', p, capturedSig)).toMatchObject({ status: 401, body: /replayed/ });

    await drain(r.svc);
    expect(r.svc.client!.sessionsOpened).toBe(2);
    const view = platformView(r.platform);
    expect(view.get(first)?.count).toBe(1);
    expect(view.get(second)?.count).toBe(1);
    expect(view.get(second)!.materials).toEqual([expect.objectContaining({ fileOk: true })]);
    expect(r.svc.summary().applications.confirmed).toBe(2);
  });

  it('a province that wants a signature on every request gets one: requestAuth "signature" drains without a session', async () => {
    rig = await makeRig({ svc: { requestAuth: 'signature' } });
    const keys = [rig.svc.submit(sampleApplication(1)).key, rig.svc.submit(sampleApplication(2)).key];
    await drain(rig.svc);
    expect(rig.svc.client!.sessionsOpened).toBe(0);
    const view = platformView(rig.platform);
    for (const k of keys) expect(view.get(k)?.count).toBe(1);
    // Every one of those requests left its nonce in the platform's database.
    const nonces = rig.platform.db.prepare('SELECT COUNT(*) AS n FROM request_nonce').get() as { n: number };
    expect(nonces.n).toBeGreaterThanOrEqual(2 + 4);
  });

  it('an expired session is refused as expired, never accepted', () => {
    const gm = createGmProfile();
    const keys = gm.generateKeyPair();
    const session = { id: 'a'.repeat(32), key: Buffer.alloc(32, 1) };
    const now = Date.now();
    const headers = macRequest(gm, session, {
      method: 'GET',
      url: '/v1/health',
      body: null,
      kioskId: 'K-1',
      now,
    });
    const verify = (expiresAt: number) =>
      verifyRequest(
        () => ({ profile: gm, publicKey: keys.publicKey }),
        { method: 'GET', url: '/v1/health', headers, body: Buffer.alloc(0), now },
        () => false,
        () => ({ kioskId: 'K-1', key: session.key, expiresAt, nonces: new Map(), prunedAt: now }),
      );
    expect(verify(now + 1000)).toEqual({ ok: true, kioskId: 'K-1', session: true });
    expect(verify(now)).toEqual({ ok: false, reason: 'session-expired' });
  });
});
