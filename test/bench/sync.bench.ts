import crypto from 'node:crypto';
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { systemClock } from '../../electron/core/clock/clock.ts';
import { openSyncService } from '../../electron/core/sync/sync-service.ts';
import type { ProfileName } from '../../electron/core/sync/crypto-adapter.ts';
import { runCrashTrials } from '../unit/sync/crash-harness.ts';
import { enrolDataDir } from '../unit/helpers/enrol-data-dir.ts';
import { openStore } from '../../electron/core/store/store.ts';
import type { Benchmark, Figure } from './bench.ts';

/**
 * Sync at scale. Crash trials at bench size, then a drain of APPS queued applications with three
 * 200 KB attachments each to the dev platform over loopback (authenticated requests, tus uploads,
 * digest checks, durable intake; the platform in its own process), timed side by side with a plain
 * HTTP upload of the same bytes (same bodies, same request count, same concurrency, server writing
 * each body to a file, no authentication). The plain upload runs twice: to a bare receiver (the
 * target figure) and to one that flushes each file to disk before answering, as the platform must
 * (informational: how much of the gap is durability), and the same bodies go as tus uploads to
 * the platform's tus server with nothing around it (the ceiling any tus-based drain has on this
 * machine). CPU per application of each side is reported too: on this 2-core machine both ends
 * share the cores, so CPU is what the drain is bounded by.
 * Flags (environment): SYNC_BENCH_TRIALS (default 1000), SYNC_BENCH_APPS (default 2000),
 * SYNC_BENCH_PROFILES (default "gm,intl"; the target figure is the 国密 profile's).
 */
const TRIALS = Number(process.env.SYNC_BENCH_TRIALS ?? 1000);
const APPS = Number(process.env.SYNC_BENCH_APPS ?? 2000);
const PROFILES = (process.env.SYNC_BENCH_PROFILES ?? 'gm,intl').split(',') as ProfileName[];
const ATT_BYTES = 200 * 1024;
const CONCURRENCY = 4;

const RECEIVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'receiver-child.ts');

interface Receiver {
  url: string;
  code?: string;
  /** Stops it; resolves with the CPU milliseconds it used from its first request on. */
  stop: () => Promise<number>;
}

/** Starts the receiving end in its own process and waits for its {url, code} line. */
function startReceiver(
  mode: 'platform' | 'plain' | 'plain-durable' | 'tus-only',
  dataDir: string,
): Promise<Receiver> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RECEIVER, mode, dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: string[] = [];
    const waiting: ((line: string) => void)[] = [];
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const w = waiting.shift();
        if (w) w(line);
        else lines.push(line);
      }
    });
    const nextLine = (): Promise<string> =>
      new Promise((res) => (lines.length ? res(lines.shift()!) : waiting.push(res)));
    let stopped: Promise<number> | null = null;
    void nextLine().then((first) =>
      resolve({
        ...(JSON.parse(first) as { url: string; code?: string }),
        stop: () =>
          (stopped ??= (async () => {
            const cpu = nextLine();
            child.kill('SIGTERM');
            return (JSON.parse(await cpu) as { cpuMs: number }).cpuMs;
          })()),
      }),
    );
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`receiver exited ${code}`)));
  });
}

async function plainUpload(
  bodies: Buffer[],
  dir: string,
  mode: 'plain' | 'plain-durable' | 'tus-only',
): Promise<{ ms: number; cpuMs: number }> {
  const rx = await startReceiver(mode, dir);
  const url = new URL(rx.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      await new Promise<void>((resolve, reject) => {
        const req = http.request(
          {
            host: url.hostname,
            port: url.port,
            method: 'POST',
            path: mode === 'tus-only' ? '/files' : '/upload',
            agent,
            headers:
              mode === 'tus-only'
                ? {
                    'content-length': body.length,
                    'tus-resumable': '1.0.0',
                    'upload-length': String(body.length),
                    'content-type': 'application/offset+octet-stream',
                  }
                : { 'content-length': body.length },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve());
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  agent.destroy();
  const serverCpu = await rx.stop();
  return { ms, cpuMs: (c.user + c.system) / 1000 + serverCpu };
}

interface DrainResult {
  drainMs: number;
  kioskCpuMs: number;
  platformCpuMs: number;
  plain: { ms: number; cpuMs: number };
  durable: { ms: number; cpuMs: number };
  tusOnly: { ms: number; cpuMs: number };
  ok: boolean;
}

async function drainRun(profile: ProfileName, log: (l: string) => void): Promise<DrainResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-bench-'));
  const rx = await startReceiver('platform', path.join(dir, 'platform'));
  try {
    const kioskDir = path.join(dir, 'kiosk');
    await enrolDataDir(kioskDir, { url: rx.url, createEnrolmentCode: () => rx.code! }, 'BENCH-0001', profile);
    const store = openStore(path.join(kioskDir, 'kiosk.db'));
    const svc = openSyncService({
      db: store.db,
      dataDir: kioskDir,
      clock: systemClock,
      kioskId: 'BENCH-0001',
      relay: { concurrency: CONCURRENCY, chunkBytes: 1024 * 1024 },
    });
    const plainBodies: Buffer[] = [];
    const t0 = performance.now();
    for (let i = 0; i < APPS; i++) {
      const attachments = [0, 1, 2].map((j) => ({
        kind: `material-${j}`,
        mime: 'image/jpeg',
        data: crypto.randomBytes(ATT_BYTES),
      }));
      const application = { applicant: { name: '测试', idNumber: '11010519491231002X' }, n: i };
      svc.submit({ matterCode: 'XK-00012-000', application, attachments });
      plainBodies.push(Buffer.from(JSON.stringify(application)), ...attachments.map((a) => a.data));
    }
    log(
      `[${profile}] queued ${APPS} applications × 3 × ${ATT_BYTES} B in ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed)`,
    );
    const c0 = process.cpuUsage();
    const d0 = performance.now();
    await svc.syncNow();
    for (let i = 0; i < 5 && svc.summary().applications.queued > 0; i++) await svc.syncNow();
    const drainMs = performance.now() - d0;
    const kc = process.cpuUsage(c0);
    const s = svc.summary();
    const pdb = new Database(path.join(dir, 'platform', 'platform.db'), { readonly: true });
    const onPlatform = (pdb.prepare('SELECT COUNT(*) AS n FROM material').get() as { n: number }).n;
    const apps = (pdb.prepare('SELECT COUNT(*) AS n FROM application').get() as { n: number }).n;
    pdb.close();
    const ok = s.applications.confirmed === APPS && onPlatform === APPS * 3 && apps === APPS;
    await svc.stop();
    store.close();
    const platformCpuMs = await rx.stop();
    const plain = await plainUpload(plainBodies, path.join(dir, 'plain'), 'plain');
    fs.rmSync(path.join(dir, 'plain'), { recursive: true, force: true });
    const durable = await plainUpload(plainBodies, path.join(dir, 'plain-durable'), 'plain-durable');
    fs.rmSync(path.join(dir, 'plain-durable'), { recursive: true, force: true });
    const tusOnly = await plainUpload(plainBodies, path.join(dir, 'tus-only'), 'tus-only');
    const bytes = plainBodies.reduce((a, b) => a + b.length, 0);
    const mbs = (ms: number): string => `${(((bytes / ms) * 1000) / 1e6).toFixed(1)} MB/s`;
    const perApp = (ms: number): string => `${(ms / APPS).toFixed(2)} ms/app`;
    const kioskCpuMs = (kc.user + kc.system) / 1000;
    log(
      `[${profile}] drain ${(drainMs / 1000).toFixed(1)} s (${mbs(drainMs)}; cpu kiosk ${perApp(kioskCpuMs)}, platform ${perApp(platformCpuMs)}); ` +
        `plain upload ${(plain.ms / 1000).toFixed(1)} s (${mbs(plain.ms)}; cpu ${perApp(plain.cpuMs)}); ` +
        `durable plain upload ${(durable.ms / 1000).toFixed(1)} s (${mbs(durable.ms)}; cpu ${perApp(durable.cpuMs)}); ` +
        `bare tus upload ${(tusOnly.ms / 1000).toFixed(1)} s (${mbs(tusOnly.ms)}; cpu ${perApp(tusOnly.cpuMs)}); ` +
        `all confirmed and on the platform once: ${ok}`,
    );
    return { drainMs, kioskCpuMs, platformCpuMs, plain, durable, tusOnly, ok };
  } finally {
    void rx.stop().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const bench: Benchmark = {
  area: 'sync',
  async run(log) {
    const figures: Figure[] = [];
    // SYNC_BENCH_TRIALS=0 measures only the drain (its crash figures are then absent, not zero).
    if (TRIALS > 0) {
      const t0 = performance.now();
      const r = await runCrashTrials({ trials: TRIALS, log });
      log(
        `crash trials: ${r.trials} trials, ${r.killed} killed, ${r.committed} committed, ${r.onPlatform} on platform, ` +
          `lost ${r.lost}, duplicated ${r.duplicated}, bad digests ${r.badDigests}, stuck ${r.stuckRows}, ` +
          `integrity ${r.integrityKiosk}/${r.integrityPlatform} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
      );
      const broken =
        r.badDigests + r.stuckRows + (r.integrityKiosk === 'ok' && r.integrityPlatform === 'ok' ? 0 : 1);
      figures.push(
        { name: 'sync.crash_trials', value: r.trials, unit: 'trials', target: '>= 1000' },
        { name: 'sync.lost', value: r.lost + broken, unit: 'applications', target: '== 0' },
        { name: 'sync.duplicated', value: r.duplicated, unit: 'applications', target: '== 0' },
      );
    }
    for (const profile of PROFILES) {
      const d = await drainRun(profile, log);
      const suffix = profile === 'gm' ? '' : `_${profile}`;
      figures.push(
        {
          name: `sync.drain_ratio_vs_plain_upload${suffix}`,
          value: d.ok ? d.plain.ms / d.drainMs : 0,
          unit: 'ratio',
          target: profile === 'gm' ? '>= 0.8' : null,
        },
        {
          name: `sync.drain_ratio_vs_durable_upload${suffix}`,
          value: d.ok ? d.durable.ms / d.drainMs : 0,
          unit: 'ratio',
          target: null,
        },
        {
          name: `sync.drain_kiosk_cpu_ms_per_app${suffix}`,
          value: d.kioskCpuMs / APPS,
          unit: 'ms',
          target: null,
        },
        {
          name: `sync.drain_platform_cpu_ms_per_app${suffix}`,
          value: d.platformCpuMs / APPS,
          unit: 'ms',
          target: null,
        },
      );
      if (profile === 'gm')
        figures.push(
          { name: 'sync.plain_cpu_ms_per_app', value: d.plain.cpuMs / APPS, unit: 'ms', target: null },
          // The same bodies as bare tus uploads against the same kind of receiver: what @tus/server by
          // itself lets a drain reach here, before authentication, digests and durable intake.
          { name: 'sync.tus_ceiling_ratio', value: d.plain.ms / d.tusOnly.ms, unit: 'ratio', target: null },
        );
    }
    return figures;
  },
};
export default bench;
