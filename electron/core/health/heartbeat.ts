import type { Clock, TimerHandle } from '../clock/clock.ts';
import type { KioskHealth } from '../../contract/health.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { AUDIT_KINDS } from '../audit/audit-kinds.ts';

/** What a heartbeat carries: health (with the printer's paper state), version, queue, audit head. */
export interface Heartbeat {
  kioskId: string;
  version: string;
  sentAt: string;
  health: KioskHealth;
  queue: { depth: number };
  /** Lets the platform notice a truncated audit log: the head must only ever move forward. */
  audit: { count: number; head: string };
}

export interface PlatformCommand {
  id: number | string;
  command: string;
}

/** The platform end of heartbeats; the sync helper's PlatformClient is adapted to this in platform-heartbeat.ts. */
export interface HeartbeatTransport {
  send(hb: Heartbeat): Promise<{ commands: PlatformCommand[]; serverTime?: number | null }>;
}

/** What the kiosk does for each platform command. Missing ports make the command "unsupported". */
export interface CommandPorts {
  syncNow?(): Promise<void> | void;
  uploadDiagnostics?(): Promise<void> | void;
  restart?(): Promise<void> | void;
  reloadCatalogue?(): Promise<void> | void;
}

const COMMAND_ALIASES: Record<string, keyof CommandPorts> = {
  'sync-now': 'syncNow',
  'upload-diagnostics': 'uploadDiagnostics',
  'upload-logs': 'uploadDiagnostics',
  restart: 'restart',
  'reload-catalogue': 'reloadCatalogue',
};

/**
 * Sends a heartbeat every `intervalMs` and runs the commands that come back, each audited with its
 * outcome. A failed send is retried at the next beat (never faster: a platform outage must not turn
 * a province of kiosks into a flood). Clock skew comes from the platform's answer time.
 */
export class HeartbeatSender {
  private timer: TimerHandle | null = null;
  private running = false;
  private skew: number | null = null;
  private lastOk: string | null = null;
  private failures = 0;
  private readonly opts: {
    clock: Clock;
    transport: HeartbeatTransport;
    build: () => Heartbeat;
    ports: CommandPorts;
    audit: AuditLog;
    intervalMs: number;
    onSkew?: (skewMs: number) => void;
  };

  constructor(opts: HeartbeatSender['opts']) {
    this.opts = opts;
  }

  get skewMs(): number | null {
    return this.skew;
  }
  get state(): { lastOkAt: string | null; failures: number } {
    return { lastOkAt: this.lastOk, failures: this.failures };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    if (this.timer) this.opts.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** One heartbeat now; returns the commands' outcomes (tests and `kioskctl` use it directly). */
  async beat(): Promise<{ ok: boolean; outcomes: { command: string; outcome: string }[] }> {
    const { clock, transport } = this.opts;
    const sentAt = clock.now();
    let answer;
    try {
      answer = await transport.send(this.opts.build());
    } catch {
      this.failures++;
      return { ok: false, outcomes: [] };
    }
    const receivedAt = clock.now();
    this.failures = 0;
    this.lastOk = new Date(receivedAt).toISOString();
    if (typeof answer.serverTime === 'number' && Number.isFinite(answer.serverTime)) {
      // The platform stamped its time somewhere in our round trip; its middle is the best guess.
      this.skew = answer.serverTime - (sentAt + receivedAt) / 2;
      this.opts.onSkew?.(this.skew);
    }
    const outcomes: { command: string; outcome: string }[] = [];
    for (const c of Array.isArray(answer.commands) ? answer.commands.slice(0, 20) : []) {
      outcomes.push({ command: String(c.command).slice(0, 40), outcome: await this.run(c) });
    }
    return { ok: true, outcomes };
  }

  private async run(c: PlatformCommand): Promise<string> {
    const name = String(c.command).slice(0, 40);
    const port = Object.hasOwn(COMMAND_ALIASES, name) ? COMMAND_ALIASES[name] : undefined;
    const fn = port ? this.opts.ports[port] : undefined;
    let outcome = 'unsupported';
    if (fn) {
      try {
        await fn.call(this.opts.ports);
        outcome = 'done';
      } catch {
        outcome = 'failed';
      }
    }
    this.opts.audit.append(
      AUDIT_KINDS.platformCommand,
      { id: String(c.id).slice(0, 40), command: /^[a-z-]{1,40}$/.test(name) ? name : 'invalid', outcome },
      { actor: 'platform' },
    );
    return outcome;
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = this.opts.clock.setTimeout(() => {
      this.timer = null;
      void this.beat().finally(() => this.schedule(this.opts.intervalMs));
    }, ms);
  }
}
