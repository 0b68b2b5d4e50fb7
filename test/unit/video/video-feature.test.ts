import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../../electron/core/config/config.ts';
import { createCore, type Core } from '../../../electron/core/core.ts';
import { startDevPlatform, type DevPlatform } from '../../../platform/dev-platform.ts';
import { readStoredApplication } from '../flows/stored-application.ts';
import { enrolDataDir } from '../helpers/enrol-data-dir.ts';

/**
 * The kiosk core's side of a call, on a real core (SQLite, audit log, sessions) against the real dev
 * platform: placing a call with the enrolled identity, consent audit on both sides, and the hang-up
 * when the resident's session is wiped.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const until = async (cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

async function kioskCore(
  platform: DevPlatform | null,
): Promise<{ core: Core; events: { name: string; payload: unknown }[] }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'video-core-'));
  if (platform) {
    await enrolDataDir(dataDir, platform, 'CORE-0001');
  }
  const core = await createCore({
    config: loadConfig({ KIOSK_DATA_DIR: dataDir, KIOSK_ID: 'CORE-0001', KIOSK_DEMO_PLATFORM: '0' }),
    shell: 'web',
    log: pino({ level: 'silent' }),
  });
  const events: { name: string; payload: unknown }[] = [];
  core.subscribe((name, payload) => void events.push({ name, payload }));
  cleanups.push(async () => {
    await core.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { core, events };
}

const dataDirOf = (core: Core): string => core.config.dataDir;

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(120, 7),
]).toString('base64');

/** The pension certification with the demo card, start to submit; returns the receipt number. */
async function submitPension(core: Core): Promise<string> {
  const ok = async (channel: string, payload: unknown = {}) => {
    const r = await call(core, channel, payload);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.value!;
  };
  await ok('idcard.simulate.insert', { card: 2 });
  await ok('idcard.watch', { on: true });
  await until(async () => Boolean((await ok('idcard.current')).card));
  await ok('flow.start', { kind: 'matter', id: 'renshe.resident-pension-certification' });
  await ok('flow.next');
  await ok('flow.face', { result: 'passed' });
  await ok('flow.next');
  await ok('flow.next', { values: { 'applicant.phone': '13912345678' } });
  await ok('flow.sign', { png: PNG });
  await ok('flow.next');
  const sub = await ok('flow.submit');
  await ok('idcard.simulate.remove');
  return sub.receiptNo as string;
}

const call = async (core: Core, channel: string, payload: unknown = {}) =>
  (await core.dispatch(channel, payload, { shell: 'web' })) as {
    ok: boolean;
    value?: Record<string, unknown>;
    error?: { kind: string; messageKey: string };
  };

describe('video 帮办 in the kiosk core', () => {
  it('says plainly that remote help is unavailable on a kiosk that is not enrolled', async () => {
    const { core } = await kioskCore(null);
    const r = await call(core, 'video.call', {});
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ kind: 'offline', messageKey: 'video.errors.unavailable' });
    expect((await call(core, 'video.status')).value).toMatchObject({ state: 'idle' });
  });

  it('places the call with its identity, audits consent on both sides, and hangs up when the session is wiped', async () => {
    const platform = await startDevPlatform({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'video-p-')) });
    cleanups.push(() => platform.close());
    platform.video.addAgent({ username: 'a1', password: 'pw-a1', displayName: '帮办员甲' });
    const { core, events } = await kioskCore(platform);
    await call(core, 'session.start', {});
    // Another resident's application before any decision: it carries none.
    expect(
      readStoredApplication(dataDirOf(core), await submitPension(core))!.record.remoteIdentity,
    ).toBeNull();
    await call(core, 'session.start', {});

    const placed = await call(core, 'video.call', {});
    expect(placed.value).toMatchObject({ state: 'queued' });
    const callId = placed.value!.callId as string;
    expect(platform.db.prepare('SELECT kiosk_id FROM video_call WHERE id = ?').get(callId)).toEqual({
      kiosk_id: 'CORE-0001',
    });

    const { token } = (await (
      await fetch(`${platform.url}/video/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'a1', password: 'pw-a1' }),
      })
    ).json()) as { token: string };
    const ws = new WebSocket(`${platform.url.replace('http', 'ws')}/video/ws?agent=${token}`);
    cleanups.push(() => ws.close());
    const got: { t: string }[] = [];
    ws.on('message', (d) => got.push(JSON.parse(d.toString()) as { t: string }));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ t: 'available', on: true }));
    await until(() => got.some((m) => m.t === 'offer'));
    ws.send(JSON.stringify({ t: 'answer', callId }));
    await until(async () => (await call(core, 'video.status')).value?.state === 'active');
    expect((await call(core, 'video.status')).value).toMatchObject({
      agentName: '帮办员甲',
      signalling: true,
    });
    expect(events.some((e) => e.name === 'video.status')).toBe(true);

    ws.send(JSON.stringify({ t: 'consent-request', what: 'recording' }));
    await until(() =>
      events.some((e) => e.name === 'video.message' && (e.payload as { t: string }).t === 'consent-request'),
    );
    await call(core, 'video.consent', { what: 'recording', granted: false });
    await until(() => got.some((m) => m.t === 'consent'));
    expect(
      platform.db.prepare('SELECT recording_consent AS c FROM video_call WHERE id = ?').get(callId),
    ).toEqual({
      c: 'refused',
    });
    const kioskAudit = core.store.db
      .prepare("SELECT details FROM audit_log WHERE kind = 'consent.decision'")
      .all() as { details: string }[];
    expect(kioskAudit.map((a) => JSON.parse(a.details))).toContainEqual(
      expect.objectContaining({ purpose: 'video.recording', granted: false }),
    );

    // The agent verifies the resident's identity: kept for this session's application even after
    // the call ends (residents hang up, then submit), and gone with the resident.
    ws.send(JSON.stringify({ t: 'identity-decision', decision: 'verified' }));
    await until(async () => (await call(core, 'video.status')).value?.identityDecision === 'verified');
    await call(core, 'video.hangup', {});
    expect((await call(core, 'video.status')).value).toMatchObject({ identityDecision: null });
    // After hanging up, the resident finishes a matter: the application carries the decision.
    const receiptNo = await submitPension(core);
    expect(readStoredApplication(dataDirOf(core), receiptNo)!.record.remoteIdentity).toEqual({
      decision: 'verified',
    });

    // The resident leaves (or the idle timer ends the session): the call goes with them.
    await call(core, 'session.end', { reason: 'resident' });
    await until(
      () =>
        (platform.db.prepare('SELECT state FROM video_call WHERE id = ?').get(callId) as { state: string })
          .state === 'ended',
    );
    expect((await call(core, 'video.status')).value).toMatchObject({ state: 'idle' });
  });
});
