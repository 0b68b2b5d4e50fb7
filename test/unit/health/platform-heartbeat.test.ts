import { afterEach, describe, expect, it } from 'vitest';
import { PlatformClient } from '../../../electron/core/sync/platform-client.ts';
import { platformHeartbeatTransport } from '../../../electron/core/health/platform-heartbeat.ts';
import { makeRig, sampleApplication, type Rig } from '../sync/helpers.ts';
import { makeTestCore, type TestCore } from '../helpers/test-core.ts';

let rig: Rig | null = null;
let t: TestCore | null = null;
afterEach(async () => {
  await t?.cleanup();
  await rig?.close();
  t = null;
  rig = null;
});

async function operatorOverview(
  url: string,
): Promise<{ kiosks: { id: string; version: string; queue: Record<string, unknown> }[] }> {
  const res = await fetch(new URL('/operator/api/overview', url));
  return (await res.json()) as never;
}

describe('heartbeats to the dev platform (real HTTP server, signed requests)', () => {
  it("reach the operator page with the printer's paper state, and a platform 'sync now' is executed by the kiosk", async () => {
    rig = await makeRig();
    t = await makeTestCore();
    const id = rig.svc.identity!;
    const client = new PlatformClient({
      baseUrl: id.platformUrl,
      kioskId: id.kioskId,
      profile: id.profile,
      keys: id.keys,
      now: () => Date.now(),
      timeoutMs: 3000,
    });
    const sender = t.core.health.connect(platformHeartbeatTransport(client), {
      syncNow: async () => void (await rig!.svc.syncNow()),
    });
    sender.stop(); // beats are driven by hand below

    t.core.devices.report({
      id: 'printer-sim',
      kind: 'printer',
      state: 'attention',
      simulated: true,
      messageKey: 'printer.state.paper-out',
      detail: 'simulated receipt printer',
    });
    expect((await sender.beat()).ok).toBe(true);
    let kiosk = (await operatorOverview(rig.platform.url)).kiosks.find((k) => k.id === id.kioskId)!;
    expect(kiosk.queue).toMatchObject({ printerPaper: 'out', level: 'degraded' });
    expect(kiosk.queue.problems).toContain('printer.paper-out');

    // An application waits in the outbox; the operator presses "sync now" on the platform.
    rig.svc.submit(sampleApplication());
    expect(rig.svc.summary().rows.pending).toBeGreaterThan(0);
    const cmd = await fetch(new URL(`/operator/api/kiosks/${id.kioskId}/commands`, rig.platform.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ command: 'sync-now' }),
    });
    expect(cmd.status).toBe(201);
    const r = await sender.beat();
    expect(r.outcomes).toEqual([{ command: 'sync-now', outcome: 'done' }]);
    expect(rig.svc.summary().rows.pending).toBe(0);
    expect((rig.platform.db.prepare('SELECT COUNT(*) AS n FROM application').get() as { n: number }).n).toBe(
      1,
    );
    expect(t.core.audit.recent(1, 'platform.command')[0]!.details).toMatchObject({
      command: 'sync-now',
      outcome: 'done',
    });

    // Paper refilled: the next heartbeat clears it on the operator page.
    t.core.devices.report({
      id: 'printer-sim',
      kind: 'printer',
      state: 'ready',
      simulated: true,
      messageKey: 'printer.state.ready',
      detail: 'simulated receipt printer',
    });
    await sender.beat();
    kiosk = (await operatorOverview(rig.platform.url)).kiosks.find((k) => k.id === id.kioskId)!;
    expect(kiosk.queue.printerPaper).toBe('ok');
    client.close();
  });
});
