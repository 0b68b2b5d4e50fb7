import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { startDevPlatform } from '../../../platform/dev-platform.ts';
import { platformView, tmpDir } from './helpers.ts';
import { enrolDataDir } from '../helpers/enrol-data-dir.ts';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'kiosk-child.ts');

export interface CrashReport {
  trials: number;
  killed: number;
  submittedSeen: number;
  committed: number;
  onPlatform: number;
  lost: number;
  duplicated: number;
  badDigests: number;
  stuckRows: number;
  integrityKiosk: string;
  integrityPlatform: string;
  retriesAbsorbed: number;
}

interface ChildRun {
  submitted: string[];
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

function runChild(
  dataDir: string,
  mode: 'submit' | 'sync',
  count: number,
  killAfterReadyMs: number | null,
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    // The compile cache keeps a child's start near 150 ms instead of ~700 ms of TypeScript stripping.
    const env = { ...process.env, NODE_COMPILE_CACHE: path.join(os.tmpdir(), 'banshi-crash-ncc') };
    const child = spawn(process.execPath, [CHILD, dataDir, mode, String(count)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    const submitted: string[] = [];
    let buf = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line === 'ready' && killAfterReadyMs !== null)
          setTimeout(() => child.kill('SIGKILL'), killAfterReadyMs);
        const m = /^submitted (\S+)$/.exec(line);
        if (m) submitted.push(m[1]!);
      }
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (code !== 0 && signal === null)
        reject(new Error(`kiosk child failed (${code}): ${err.slice(-500)}`));
      else resolve({ submitted, exitCode: code, signal });
    });
  });
}

/**
 * SIGKILLs a kiosk core child at random points of submit and sync, `trials` times, then lets one
 * last child finish and checks: every application the kiosk committed (and every one a child
 * reported as submitted) is on the platform exactly once, every material's digest matches the
 * bytes the platform stored, both databases pass integrity_check, and no outbox row is stuck.
 */
export async function runCrashTrials(opts: {
  trials: number;
  seed?: number;
  lanes?: number;
  log?: (l: string) => void;
}): Promise<CrashReport> {
  const dir = tmpDir('crash');
  const lanes = Math.max(1, opts.lanes ?? 2);
  const platform = await startDevPlatform({ dataDir: path.join(dir, 'platform') });
  try {
    const kioskDirs: string[] = [];
    for (let l = 0; l < lanes; l++) {
      const kioskDir = path.join(dir, `kiosk-${l}`);
      await enrolDataDir(kioskDir, platform, `CRASH-000${l}`);
      kioskDirs.push(kioskDir);
    }
    const seen = new Set<string>();
    let killed = 0;
    let done = 0;
    let seed = opts.seed ?? crypto.randomInt(0, 2 ** 31);
    opts.log?.(`crash trials: ${opts.trials} in ${lanes} lanes, seed ${seed}`);
    const rand = (): number => {
      // Mulberry32: the kill schedule is reproducible from the printed seed.
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    // Lanes are separate kiosks (own data dir, own key) sharing the platform, so two cores stay busy.
    const lane = async (kioskDir: string, n: number): Promise<void> => {
      for (let t = 0; t < n; t++) {
        const mode = rand() < 0.75 ? 'submit' : 'sync';
        const run = await runChild(kioskDir, mode, 1 + Math.floor(rand() * 2), Math.floor(rand() * 150));
        for (const k of run.submitted) seen.add(k);
        if (run.signal === 'SIGKILL') killed++;
        if (++done % 50 === 0)
          opts.log?.(`  ${done}/${opts.trials} trials, ${killed} killed, ${seen.size} reported submitted`);
      }
    };
    await Promise.all(
      kioskDirs.map((d, i) => lane(d, Math.floor(opts.trials / lanes) + (i < opts.trials % lanes ? 1 : 0))),
    );
    // Let sync finish: a child that is not killed.
    for (const kioskDir of kioskDirs) {
      let final: ChildRun | null = null;
      for (let i = 0; i < 3 && (!final || final.exitCode !== 0); i++)
        final = await runChild(kioskDir, 'sync', 0, null);
    }
    const committed: string[] = [];
    const atts: { id: string; app_key: string; digest: string }[] = [];
    let stuck = 0;
    let notConfirmed = 0;
    const integrity: string[] = [];
    for (const kioskDir of kioskDirs) {
      const db = new Database(path.join(kioskDir, 'kiosk.db'), { readonly: true });
      committed.push(
        ...(db.prepare('SELECT key FROM sync_application').all() as { key: string }[]).map((r) => r.key),
      );
      atts.push(...(db.prepare('SELECT id, app_key, digest FROM sync_attachment').all() as typeof atts));
      stuck += (
        db.prepare("SELECT COUNT(*) AS n FROM sync_outbox WHERE status != 'confirmed'").get() as { n: number }
      ).n;
      notConfirmed += (
        db.prepare("SELECT COUNT(*) AS n FROM sync_application WHERE state != 'confirmed'").get() as {
          n: number;
        }
      ).n;
      integrity.push(String(db.pragma('integrity_check', { simple: true })));
      db.close();
    }
    const integrityKiosk = integrity.every((i) => i === 'ok') ? 'ok' : integrity.join(',');
    const integrityPlatform = String(platform.db.pragma('integrity_check', { simple: true }));
    const view = platformView(platform);
    const committedSet = new Set(committed);
    let lost = 0;
    let duplicated = 0;
    let badDigests = 0;
    for (const k of new Set([...committed, ...seen])) {
      const v = view.get(k);
      if (!committedSet.has(k) || !v) {
        lost++;
        continue;
      }
      if (v.count !== 1) duplicated += v.count - 1;
    }
    for (const k of view.keys()) if (!committedSet.has(k)) duplicated++; // on the platform but never committed
    const platformMats = new Map<string, { digest: string; fileOk: boolean }>();
    for (const v of view.values()) for (const m of v.materials) platformMats.set(m.id, m);
    for (const a of atts) {
      const m = platformMats.get(a.id);
      if (!m) lost++;
      else if (m.digest !== a.digest || !m.fileOk) badDigests++;
    }
    if (platformMats.size !== atts.length) duplicated += Math.max(0, platformMats.size - atts.length);
    const retries = platform.db
      .prepare("SELECT COUNT(*) AS n FROM intake_attempt WHERE outcome = 'duplicate'")
      .get() as { n: number };
    return {
      trials: opts.trials,
      killed,
      submittedSeen: seen.size,
      committed: committed.length,
      onPlatform: view.size,
      lost,
      duplicated,
      badDigests,
      stuckRows: stuck + notConfirmed,
      integrityKiosk,
      integrityPlatform,
      retriesAbsorbed: retries.n,
    };
  } finally {
    await platform.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
