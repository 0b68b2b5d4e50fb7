import type Database from 'better-sqlite3';
import type { DeviceStatus } from '../../contract/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { HEALTH_LIMITS } from './health-model.ts';
import { diskUsage } from './health-store.ts';

/**
 * The daily self-test (in the quiet window) and `kioskctl selftest`. The core's own checks are
 * here; a driver adds a live check of its device (read a card, print a test receipt) through the
 * health feature's `addSelfTest`, so a device that looks "ready" but no longer works is caught
 * before the first resident of the day finds it.
 */
export interface SelfTestCheck {
  name: string;
  run(): Promise<{ ok: boolean; detail: string }> | { ok: boolean; detail: string };
}

export interface SelfTestResult {
  at: string;
  ok: boolean;
  results: { name: string; ok: boolean; detail: string; ms: number }[];
}

const CHECK_TIMEOUT_MS = 30_000;

export async function runSelfTest(checks: SelfTestCheck[], now: () => number): Promise<SelfTestResult> {
  const results: SelfTestResult['results'] = [];
  for (const c of checks) {
    const start = now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const r = await Promise.race([
        Promise.resolve(c.run()),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)),
            CHECK_TIMEOUT_MS,
          );
        }),
      ]);
      results.push({ name: c.name, ok: r.ok, detail: r.detail.slice(0, 200), ms: now() - start });
    } catch (e) {
      results.push({
        name: c.name,
        ok: false,
        detail: (e as Error).message.slice(0, 200),
        ms: now() - start,
      });
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
  return { at: new Date(now()).toISOString(), ok: results.every((r) => r.ok), results };
}

export function coreSelfTests(o: {
  db: Database.Database;
  audit: AuditLog;
  dataDir: string;
  devices: () => DeviceStatus[];
}): SelfTestCheck[] {
  return [
    {
      name: 'database',
      run: () => {
        const rows = o.db.pragma('quick_check') as { quick_check: string }[];
        const ok = rows.length === 1 && rows[0]!.quick_check === 'ok';
        return { ok, detail: ok ? 'quick_check ok' : rows.map((r) => r.quick_check).join('; ') };
      },
    },
    {
      name: 'audit-chain',
      run: () => {
        const v = o.audit.verify();
        return { ok: v.ok, detail: v.ok ? `${v.count} records` : `broken at record ${v.problems[0]?.seq}` };
      },
    },
    {
      name: 'disk',
      run: () => {
        const d = diskUsage(o.dataDir);
        if (!d) return { ok: false, detail: 'cannot stat data directory' };
        return {
          ok: d.freeBytes >= HEALTH_LIMITS.diskDegradedBytes,
          detail: `${Math.round(d.freeBytes / 1024 ** 2)} MiB free`,
        };
      },
    },
    {
      name: 'devices',
      run: () => {
        const bad = o.devices().filter((d) => d.state === 'fault' || d.state === 'disconnected');
        return {
          ok: bad.length === 0,
          detail: bad.length
            ? bad.map((d) => `${d.id}:${d.state}`).join(', ')
            : `${o.devices().length} devices ok`,
        };
      },
    },
  ];
}
