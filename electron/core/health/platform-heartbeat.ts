import type { Heartbeat, HeartbeatTransport, PlatformCommand } from './heartbeat.ts';

/** The part of the sync helper's PlatformClient (signed requests, pinned CA) that heartbeats need. */
export interface SignedRequester {
  request(o: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: Buffer | null;
  }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>;
}

/**
 * Heartbeats over the platform API (POST /v1/heartbeats). The full health goes in `health`; the dev
 * platform today stores only `version` and `queue` (shown on its operator page), so `queue` also
 * carries the summary an operator needs at a glance: level, problems and the printer's paper state.
 */
export function platformHeartbeatTransport(client: SignedRequester): HeartbeatTransport {
  return {
    async send(hb: Heartbeat) {
      const body = Buffer.from(
        JSON.stringify({
          version: hb.version,
          sentAt: hb.sentAt,
          queue: {
            depth: hb.queue.depth,
            level: hb.health.level,
            printerPaper: hb.health.printer.paper,
            problems: hb.health.problems.slice(0, 12),
          },
          health: hb.health,
          audit: hb.audit,
        }),
      );
      const res = await client.request({
        method: 'POST',
        path: '/v1/heartbeats',
        headers: { 'content-type': 'application/json' },
        body,
      });
      if (res.status !== 200) throw new Error(`heartbeat refused: HTTP ${res.status}`);
      const parsed = JSON.parse(res.body.toString('utf8')) as { commands?: unknown };
      const commands: PlatformCommand[] = Array.isArray(parsed.commands)
        ? parsed.commands
            .filter((c): c is { id: unknown; command: unknown } => typeof c === 'object' && c !== null)
            .map((c) => ({ id: String(c.id).slice(0, 40), command: String(c.command).slice(0, 40) }))
        : [];
      const date = res.headers.date;
      const serverTime = typeof date === 'string' ? Date.parse(date) : NaN;
      return { commands, serverTime: Number.isFinite(serverTime) ? serverTime : null };
    },
  };
}
