import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startDevPlatform, type DevPlatform } from '../../../platform/dev-platform.ts';
import type { VideoOptions } from '../../../platform/video/video-service.ts';
import { openStore } from '../../../electron/core/store/store.ts';
import { enrol, type KioskIdentity } from '../../../electron/core/sync/enrolment.ts';
import { PlatformClient } from '../../../electron/core/sync/platform-client.ts';
import { signRequest } from '../../../electron/core/sync/signer.ts';
import { SignallingClient } from '../../../electron/core/video/signalling-client.ts';
import type { CallTicket, PlatformToKiosk } from '../../../electron/core/video/wire.ts';

/**
 * The signalling and queue service on the real dev platform (HTTP + ws + SQLite), driven by the
 * kiosk's own signed client and signalling socket, and by agents over the same socket the console
 * uses. No browser: media is not the point here, the queue is.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const tmp = (p: string) => fs.mkdtempSync(path.join(os.tmpdir(), `${p}-`));
const until = async (cond: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

async function platformAt(
  dataDir: string,
  video: VideoOptions = {},
  now?: () => number,
): Promise<DevPlatform> {
  const p = await startDevPlatform({ dataDir, video, ...(now ? { now } : {}) });
  cleanups.push(() => p.close());
  return p;
}

async function enrolled(p: DevPlatform, kioskId: string): Promise<KioskIdentity> {
  const dir = tmp('video-kiosk');
  const store = openStore(path.join(dir, 'kiosk.db'));
  const id = await enrol({
    db: store.db,
    dataDir: dir,
    platformUrl: p.url,
    code: p.createEnrolmentCode(),
    kioskId,
  });
  store.close();
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return id;
}

async function placeCall(
  p: DevPlatform,
  id: KioskIdentity,
  theme: string | null = null,
): Promise<CallTicket> {
  const client = new PlatformClient({
    baseUrl: p.url,
    kioskId: id.kioskId,
    profile: id.profile,
    keys: id.keys,
    now: Date.now,
  });
  cleanups.push(() => client.close());
  const r = await client.json<CallTicket>({
    method: 'POST',
    path: '/v1/video/calls',
    body: Buffer.from(JSON.stringify({ theme })),
  });
  expect(r.status).toBe(201);
  return r.data!;
}

function kioskSocket(baseUrl: string, id: KioskIdentity, ticket: CallTicket) {
  const got: PlatformToKiosk[] = [];
  let gone: number | null = null;
  const c = new SignallingClient({
    url: `${baseUrl.replace('http', 'ws')}/video/ws?call=${ticket.callId}`,
    headers: (u) => ({
      ...signRequest(id.profile, id.keys, {
        method: 'GET',
        url: u,
        body: null,
        kioskId: id.kioskId,
        now: Date.now(),
      }),
      'x-call-token': ticket.token,
    }),
    onMessage: (m) => got.push(m),
    onLink: () => undefined,
    onGone: (s) => (gone = s),
  });
  cleanups.push(() => c.close());
  return { c, got, gone: () => gone };
}

async function agent(p: DevPlatform, username: string, skills: string[] = []) {
  p.video.addAgent({ username, password: `pw-${username}`, displayName: username, skills });
  const r = await fetch(`${p.url}/video/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: `pw-${username}` }),
  });
  const { token } = (await r.json()) as { token: string };
  const ws = new WebSocket(`${p.url.replace('http', 'ws')}/video/ws?agent=${token}`);
  const got: { t: string; callId?: string }[] = [];
  ws.on('message', (d) => got.push(JSON.parse(d.toString()) as { t: string }));
  await new Promise((r) => ws.once('open', r));
  cleanups.push(() => ws.close());
  return { ws, got, token, send: (m: object) => ws.send(JSON.stringify(m)) };
}

/** An available agent answers a call placed by a newly enrolled kiosk; both sides connected. */
async function answeredCall(p: DevPlatform, agentName: string, kioskId: string) {
  const ag = await agent(p, agentName);
  ag.send({ t: 'available', on: true });
  const k = await enrolled(p, kioskId);
  const t = await placeCall(p, k);
  const s = kioskSocket(p.url, k, t);
  await until(() => ag.got.some((m) => m.t === 'offer'));
  ag.send({ t: 'answer', callId: t.callId });
  await until(() => s.got.some((m) => m.t === 'answered'));
  return { ag, k, t, s };
}

/** Status code of a refused upgrade (0 when it was accepted). */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_q, res) => {
      resolve(res.statusCode ?? -1);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(0);
      ws.close();
    });
    ws.on('error', () => undefined);
  });
}

describe('video signalling and queue service', () => {
  it('offers the head of the queue to the agent who has been free the longest, within the skill', async () => {
    const p = await platformAt(tmp('video-platform'));
    const first = await agent(p, 'free-longest');
    first.send({ t: 'available', on: true });
    await new Promise((r) => setTimeout(r, 20));
    const second = await agent(p, 'free-later');
    second.send({ t: 'available', on: true });
    const pension = await agent(p, 'pension-only', ['养老']);
    pension.send({ t: 'available', on: true });
    await new Promise((r) => setTimeout(r, 50));

    const k1 = await enrolled(p, 'ROUTE-0001');
    const t1 = await placeCall(p, k1);
    await until(() => first.got.some((m) => m.t === 'offer' && m.callId === t1.callId));
    expect(second.got.some((m) => m.t === 'offer')).toBe(false);

    // 不动产 is nobody's skill but the generalist's; the specialist is not offered it.
    const k2 = await enrolled(p, 'ROUTE-0002');
    const t2 = await placeCall(p, k2, '不动产');
    await until(() => second.got.some((m) => m.t === 'offer' && m.callId === t2.callId));
    expect(pension.got.some((m) => m.t === 'offer')).toBe(false);
  });

  it('keeps the queue across a platform restart: each kiosk resumes its place with its call token', async () => {
    const dir = tmp('video-platform');
    const p1 = await startDevPlatform({ dataDir: dir });
    const a = await enrolled(p1, 'QUEUE-0001');
    const b = await enrolled(p1, 'QUEUE-0002');
    const ta = await placeCall(p1, a);
    const tb = await placeCall(p1, b);
    await p1.close();

    const p2 = await platformAt(dir);
    const sb = kioskSocket(p2.url, b, tb);
    await until(() => sb.got.some((m) => m.t === 'welcome'));
    expect(sb.got.find((m) => m.t === 'welcome')).toMatchObject({
      callId: tb.callId,
      state: 'queued',
      position: 2,
    });
    const sa = kioskSocket(p2.url, a, ta);
    await until(() => sa.got.some((m) => m.t === 'welcome'));
    expect(sa.got.find((m) => m.t === 'welcome')).toMatchObject({ callId: ta.callId, position: 1 });

    // And the first agent to come on answers the head of the queue.
    const ag = await agent(p2, 'after-restart');
    ag.send({ t: 'available', on: true });
    await until(() => ag.got.some((m) => m.t === 'offer'));
    expect(ag.got.find((m) => m.t === 'offer')?.callId).toBe(ta.callId);
  });

  it("refuses unsigned sockets, a wrong call token and another kiosk's call", async () => {
    const p = await platformAt(tmp('video-platform'));
    const a = await enrolled(p, 'AUTH-0001');
    const b = await enrolled(p, 'AUTH-0002');
    const ta = await placeCall(p, a);
    const url = `${p.url.replace('http', 'ws')}/video/ws?call=${ta.callId}`;
    const signed = (id: KioskIdentity) =>
      signRequest(id.profile, id.keys, {
        method: 'GET',
        url: `/video/ws?call=${ta.callId}`,
        body: null,
        kioskId: id.kioskId,
        now: Date.now(),
      });
    expect(await upgradeStatus(url, { 'x-call-token': ta.token })).toBe(401);
    expect(await upgradeStatus(url, { ...signed(a), 'x-call-token': 'x'.repeat(43) })).toBe(403);
    expect(await upgradeStatus(url, { ...signed(b), 'x-call-token': ta.token })).toBe(403);
    expect(await upgradeStatus(url, { ...signed(a), 'x-call-token': ta.token })).toBe(0);
    expect(await upgradeStatus(`${p.url.replace('http', 'ws')}/video/ws?agent=forged`, {})).toBe(401);
    // Fresh TURN credentials (before an ICE restart) only for the kiosk's own call.
    const ice = async (id: KioskIdentity) => {
      const client = new PlatformClient({
        baseUrl: p.url,
        kioskId: id.kioskId,
        profile: id.profile,
        keys: id.keys,
        now: Date.now,
      });
      cleanups.push(() => client.close());
      return client.json<{ expiresAt: number }>({
        method: 'POST',
        path: `/v1/video/calls/${ta.callId}/ice`,
        body: Buffer.alloc(0),
      });
    };
    expect((await ice(a)).status).toBe(200);
    expect((await ice(b)).status).toBe(404);
    const bad = await fetch(`${p.url}/video/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nobody', password: 'guess' }),
    });
    expect(bad.status).toBe(401);
  });

  it('ends a call whose kiosk stays away longer than the grace period, and tells the kiosk if it comes back', async () => {
    const p = await platformAt(tmp('video-platform'), { graceMs: 300 });
    const a = await enrolled(p, 'GRACE-0001');
    const ta = await placeCall(p, a);
    await until(
      () =>
        (p.db.prepare('SELECT state FROM video_call WHERE id = ?').get(ta.callId) as { state: string })
          .state === 'ended',
      5000,
    );
    const row = p.db.prepare('SELECT end_reason FROM video_call WHERE id = ?').get(ta.callId) as {
      end_reason: string;
    };
    expect(row.end_reason).toBe('kiosk-lost');
    const s = kioskSocket(p.url, a, ta);
    await until(() => s.gone() !== null);
    expect(s.gone()).toBe(410);
  });

  it('delivers what the kiosk sent while its socket was cut, once it resumes the same call', async () => {
    const p = await platformAt(tmp('video-platform'));
    const { ag, t, s } = await answeredCall(p, 'relay-agent', 'CUT-0001');
    p.video.faults.cutKiosk(t.callId, 600);
    await until(() => !s.c.connected);
    // An ICE-restart offer made during the cut waits in the kiosk's queue…
    s.c.send({ t: 'signal', data: { sdp: { type: 'offer', sdp: 'v=0 restart' } } });
    // …and the agent's answer to an earlier offer waits on the platform.
    ag.send({ t: 'signal', data: { sdp: { type: 'answer', sdp: 'v=0 answer' } } });
    await until(() => s.c.connected, 5000);
    await until(() => ag.got.some((m) => m.t === 'signal'));
    expect(ag.got.find((m) => m.t === 'signal')).toMatchObject({ data: { sdp: { sdp: 'v=0 restart' } } });
    await until(() => s.got.some((m) => m.t === 'signal'));
    expect(s.got.filter((m) => m.t === 'welcome')).toHaveLength(2);
    expect((p.db.prepare('SELECT COUNT(*) AS n FROM video_call').get() as { n: number }).n).toBe(1);
  });

  it('a transfer puts the call back in the queue for another agent, never the one who passed it on', async () => {
    const p = await platformAt(tmp('video-platform'));
    const { ag: first, t, s } = await answeredCall(p, 'first', 'XFER-0001');
    const second = await agent(p, 'second');
    second.send({ t: 'available', on: true });
    first.send({ t: 'transfer' });
    await until(() => second.got.some((m) => m.t === 'offer' && m.callId === t.callId));
    expect(first.got.filter((m) => m.t === 'offer')).toHaveLength(1);
    await until(() => s.got.some((m) => m.t === 'ended'));
    expect(s.got.find((m) => m.t === 'ended')).toMatchObject({ reason: 'transferred' });
  });

  it('keeps a consented recording, sealed, for the retention period only', async () => {
    let clock = Date.now();
    const dir = tmp('video-platform');
    const p = await platformAt(dir, { recordingRetentionDays: 30 }, () => clock);
    const { ag, t, s } = await answeredCall(p, 'recorder', 'REC-0001');
    const upload = (seq: number) =>
      fetch(`${p.url}/video/api/calls/${t.callId}/recording?seq=${seq}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ag.token}`, 'content-type': 'video/webm' },
        body: Buffer.from(`\x1aE\xdf\xa3 webm chunk ${seq} with a face in it`),
      });
    expect((await upload(0)).status).toBe(409);
    s.c.send({ t: 'consent', what: 'recording', granted: true });
    await until(() => ag.got.some((m) => m.t === 'consent'));
    expect((await upload(0)).status).toBe(201);
    expect((await upload(1)).status).toBe(201);
    const files = p.db.prepare('SELECT file FROM video_recording_chunk ORDER BY seq').all() as {
      file: string;
    }[];
    expect(files).toHaveLength(2);
    const onDisk = fs.readFileSync(path.join(p.video.recordingsDir, files[0]!.file));
    expect(onDisk.includes(Buffer.from('with a face'))).toBe(false);

    clock += 29 * 86_400_000;
    expect(p.video.purgeRecordings()).toBe(0);
    clock += 2 * 86_400_000;
    expect(p.video.purgeRecordings()).toBe(2);
    expect(fs.existsSync(path.join(p.video.recordingsDir, files[0]!.file))).toBe(false);
    expect(p.db.prepare('SELECT COUNT(*) AS n FROM video_recording_chunk').get()).toEqual({ n: 0 });
    expect(
      p.db.prepare("SELECT detail FROM video_audit WHERE kind = 'recording.purged'").get() as {
        detail: string;
      },
    ).toEqual({ detail: JSON.stringify({ chunks: 2 }) });
  });
});
