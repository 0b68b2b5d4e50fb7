import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../../electron/core/clock/fake-clock.ts';
import type {
  Heartbeat,
  HeartbeatTransport,
  PlatformCommand,
} from '../../../electron/core/health/heartbeat.ts';
import { makeTestCore, type TestCore } from '../helpers/test-core.ts';

/**
 * An in-memory platform standing in for the dev platform's /v1/heartbeats (not committed when this
 * was written): it keeps the last heartbeat per kiosk as the operator page would show it, queues
 * commands, hands them out once, and stamps its own time (3 s ahead of the kiosk).
 */
class InMemoryPlatform implements HeartbeatTransport {
  readonly seen: Heartbeat[] = [];
  private queue: PlatformCommand[] = [];
  private seq = 0;
  down = false;
  private readonly clock: FakeClock;
  constructor(clock: FakeClock) {
    this.clock = clock;
  }
  command(command: string): void {
    this.queue.push({ id: ++this.seq, command });
  }
  operatorView(kioskId: string): { paper: string; level: string } | null {
    const hb = this.seen.filter((h) => h.kioskId === kioskId).at(-1);
    return hb ? { paper: hb.health.printer.paper, level: hb.health.level } : null;
  }
  async send(hb: Heartbeat) {
    if (this.down) throw new Error('ECONNREFUSED');
    this.seen.push(JSON.parse(JSON.stringify(hb)) as Heartbeat);
    const commands = this.queue;
    this.queue = [];
    return { commands, serverTime: this.clock.now() + 3000 };
  }
}

let t: TestCore | null = null;
afterEach(async () => {
  await t?.cleanup();
  t = null;
});

describe('heartbeats and platform commands', () => {
  it('carry the printer paper state to the platform and run "sync now" from it, audited', async () => {
    const clock = new FakeClock();
    t = await makeTestCore({ clock });
    const { core } = t;
    const platform = new InMemoryPlatform(clock);
    let syncs = 0;
    const sender = core.health.connect(platform, { syncNow: () => void syncs++ });
    sender.stop(); // drive beats by hand below

    expect((await sender.beat()).ok).toBe(true);
    expect(platform.operatorView(core.config.kioskId)).toEqual({ paper: 'ok', level: 'degraded' });

    core.devices.report({
      id: 'printer-sim',
      kind: 'printer',
      state: 'attention',
      simulated: true,
      messageKey: 'printer.state.paper-out',
      detail: 'simulated receipt printer',
    });
    platform.command('sync-now');
    platform.command('format-disk');
    const r = await sender.beat();
    expect(platform.operatorView(core.config.kioskId)?.paper).toBe('out');
    expect(platform.seen.at(-1)!.health.problems).toContain('printer.paper-out');
    expect(r.outcomes).toEqual([
      { command: 'sync-now', outcome: 'done' },
      { command: 'format-disk', outcome: 'unsupported' },
    ]);
    expect(syncs).toBe(1);
    expect(core.audit.recent(2, 'platform.command').map((a) => a.details)).toEqual([
      { id: '2', command: 'format-disk', outcome: 'unsupported' },
      { id: '1', command: 'sync-now', outcome: 'done' },
    ]);
    // Clock skew comes from the platform's answer and shows in health.
    expect(core.health.current().clock.skewMs).toBe(3000);
  });

  it('restart from the platform becomes a shell command; a platform outage is retried at the next beat', async () => {
    const clock = new FakeClock();
    t = await makeTestCore({ clock });
    const { core } = t;
    const platform = new InMemoryPlatform(clock);
    const shell: unknown[] = [];
    core.subscribe((name, p) => name === 'shell.command' && shell.push(p));
    platform.down = true;
    const sender = core.health.connect(platform, {});
    clock.advance(0);
    await vi.waitFor(() => expect(sender.state.failures).toBe(1));
    platform.down = false;
    platform.command('restart');
    clock.advance(59_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(platform.seen).toHaveLength(0); // never sooner than the interval
    clock.advance(1_000);
    await vi.waitFor(() => expect(platform.seen).toHaveLength(1));
    await vi.waitFor(() => expect(shell).toEqual([{ command: 'relaunch', by: 'platform' }]));
    expect(core.audit.recent(1, 'platform.command')[0]!.details).toMatchObject({
      command: 'restart',
      outcome: 'done',
    });
    sender.stop();
  });
});
