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
