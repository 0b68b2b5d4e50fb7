import { afterEach, describe, expect, it } from 'vitest';
import { drain, makeRig, platformView, sampleApplication, type Rig } from './helpers.ts';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('outbox relay against the dev platform', () => {
  it('delivers apply then every material, confirms the application, and stores the platform number', async () => {
    rig = await makeRig();
    const r = rig.svc.submit(sampleApplication(1, [150_000, 10_000, 70_000]));
    await drain(rig.svc);
    const app = rig.db
      .prepare('SELECT state, platform_no FROM sync_application WHERE key = ?')
      .get(r.key) as {
      state: string;
      platform_no: string;
    };
    expect(app.state).toBe('confirmed');
    expect(app.platform_no).toMatch(/^\d{21}$/);
    const view = platformView(rig.platform).get(r.key)!;
    expect(view.count).toBe(1);
    expect(view.materials.map((m) => m.digest).sort()).toEqual(r.attachments.map((a) => a.digest).sort());
    expect(view.materials.every((m) => m.fileOk)).toBe(true);
    expect(rig.svc.summary().rows).toMatchObject({ pending: 0, inDoubt: 0, sending: 0, rejected: 0 });
  });

  it('sends an evaluation after the materials and the platform records it once', async () => {
    rig = await makeRig();
    const r = rig.svc.submit(sampleApplication(2));
    const evId = rig.svc.evaluate(r.key, { satisfaction: 'very-satisfied', indicators: ['501'] });
    await drain(rig.svc);
    const ev = rig.platform.db.prepare('SELECT satisfaction FROM evaluation WHERE id = ?').all(evId);
    expect(ev).toEqual([{ satisfaction: 'very-satisfied' }]);
  });
});

describe('relay timing and link state', () => {
  it('backs off exponentially with jitter from the injected clock and randomness', async () => {
    let now = Date.now();
    let jitter = 0;
    rig = await makeRig({
      clock: { now: () => now, setTimeout: () => ({ id: 0 }), clearTimeout: () => {} },
      svc: { random: () => jitter, relay: { backoffBaseMs: 1000, backoffMaxMs: 60_000 } },
    });
    rig.svc.submit(sampleApplication(1, [1000]));
    rig.platform.faults.status500 = 100;
    const nextAt = () =>
      rig!.db.prepare("SELECT next_at, attempts FROM sync_outbox WHERE type = 'apply'").get() as {
        next_at: number;
        attempts: number;
      };
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      jitter = i % 2 ? 1 : 0;
      await rig.svc.syncNow();
      delays.push(nextAt().next_at - now);
      now = nextAt().next_at;
    }
    // attempt n: base·2^(n-1), halved at jitter 0 and whole at jitter 1, capped at 60 s.
    expect(delays).toEqual([500, 2000, 2000, 8000, 8000, 32000, 30000, 60000]);
    // They were 500s (signatures and timestamps were fine), and the row is still there, in doubt.
    expect(rig.platform.faults.refused).toEqual({});
    expect(nextAt().attempts).toBe(8);
    rig.platform.faults.status500 = 0;
  });

  it('a platform that is down for a while: rows wait, the relay reports offline, and everything arrives once it is back', async () => {
    rig = await makeRig();
    const keys = [rig.svc.submit(sampleApplication(1)).key, rig.svc.submit(sampleApplication(2)).key];
    const port = rig.platform.port;
    const dataDir = rig.platform.db.name.replace(/platform\.db$/, '');
    await rig.platform.close();
    await rig.svc.syncNow();
    expect(rig.svc.relay!.online).toBe(false);
    expect(await rig.svc.relay!.probe()).toBe(false);
    expect(rig.svc.summary().applications.queued).toBe(2);
    const { startDevPlatform } = await import('../../../platform/dev-platform.ts');
    rig.platform = await startDevPlatform({ dataDir, port });
    expect(await rig.svc.relay!.probe()).toBe(true);
    await drain(rig.svc);
    const view = platformView(rig.platform);
    expect(keys.map((k) => view.get(k)?.count)).toEqual([1, 1]);
  });
});
