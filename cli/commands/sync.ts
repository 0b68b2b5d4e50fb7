import path from 'node:path';
import { loadConfig } from '../../electron/core/config/config.ts';
import { openStore } from '../../electron/core/store/store.ts';
import { systemClock } from '../../electron/core/clock/clock.ts';
import { enrol } from '../../electron/core/sync/enrolment.ts';
import { openSyncService } from '../../electron/core/sync/sync-service.ts';
import { readSyncSummary, requestKick } from '../../electron/core/sync/sync-summary.ts';
import { DATA_KEY, sealedKinds } from '../../electron/core/secure/key-sealer.ts';
import type { CommandSpec } from '../command.ts';
import type Database from 'better-sqlite3';

const when = (t: number | null): string => (t === null ? '—' : new Date(t).toISOString());

/**
 * kioskctl runs in plain Node, without Electron's safeStorage: a key the kiosk sealed with the OS
 * keyring cannot be opened here. True when that is so (and no plain copy exists).
 */
function keyringOnly(dataDir: string): boolean {
  const kinds = sealedKinds(path.join(dataDir, 'keys'), DATA_KEY);
  return kinds.length > 0 && !kinds.includes('file');
}

/** Whether a live kiosk process holds the relay lease (what Relay.takeLease would refuse on). */
function kioskRunning(db: Database.Database): boolean {
  const cur = db.prepare('SELECT pid, expires_at FROM sync_lease WHERE id = 1').get() as
    { pid: number; expires_at: number } | undefined;
  if (!cur || cur.expires_at <= Date.now()) return false;
  try {
    process.kill(cur.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function open() {
  const config = loadConfig();
  const store = openStore(path.join(config.dataDir, 'kiosk.db'));
  const svc = openSyncService({
    db: store.db,
    dataDir: config.dataDir,
    clock: systemClock,
    kioskId: config.kioskId,
    retentionDays: config.sync.retentionDays,
    timeoutMs: config.sync.requestTimeoutMs,
    relay: { chunkBytes: config.sync.chunkBytes, concurrency: config.sync.concurrency },
  });
  return { config, store, svc };
}

export const syncCommands: CommandSpec[] = [
  {
    name: 'enroll',
    summary: '用平台登记码登记本终端，生成签名密钥 (enrol with the platform)',
    usage: 'kioskctl enroll --platform URL --code CODE [--ca FILE] [--profile gm|intl]',
    options: {
      platform: { type: 'string' },
      code: { type: 'string' },
      ca: { type: 'string' },
      profile: { type: 'string' },
    },
    async run({ values, out, err }) {
      const url = values.platform;
      const code = values.code;
      if (typeof url !== 'string' || typeof code !== 'string') {
        err('需要 --platform 和 --code (both --platform and --code are required)');
        return 64;
      }
      const profile = values.profile ?? 'gm';
      if (profile !== 'gm' && profile !== 'intl') {
        err('--profile 只能是 gm 或 intl');
        return 64;
      }
      const config = loadConfig();
      const store = openStore(path.join(config.dataDir, 'kiosk.db'));
      try {
        const caFile = typeof values.ca === 'string' ? path.resolve(values.ca) : config.sync.caFile;
        const id = await enrol({
          db: store.db,
          dataDir: config.dataDir,
          platformUrl: url,
          code,
          kioskId: config.kioskId,
          profile,
          caFile,
        });
        out(`登记成功 enrolled: ${id.kioskId} → ${id.platformUrl} (${profile})`);
        if (keyringOnly(config.dataDir))
          out(
            '注意：kioskctl 没有系统钥匙串，新签名私钥暂存为 0600 文件；终端重启后会移入钥匙串并使用新登记 (note: the signing key is in a 0600 file until the kiosk restarts and moves it under its keyring)',
          );
        return 0;
      } finally {
        store.close();
      }
    },
  },
  {
    name: 'sync status',
    summary: '显示上报队列：待发、存疑、被拒、最近同步 (outbox state)',
    options: { json: { type: 'boolean' } },
    async run({ values, out }) {
      // Read straight from the database: no key is needed, so this works on a keyring-sealed kiosk.
      const config = loadConfig();
      const store = openStore(path.join(config.dataDir, 'kiosk.db'));
      try {
        const s = readSyncSummary(store.db);
        if (values.json) {
          out(JSON.stringify(s));
          return 0;
        }
        out(
          s.enrolled
            ? `平台 platform: ${s.platformUrl} (${s.profile})`
            : '未登记 not enrolled: kioskctl enroll --platform URL --code CODE',
        );
        out(
          `办件 applications: 待上报 queued ${s.applications.queued} · 已确认 confirmed ${s.applications.confirmed} · 被拒 rejected ${s.applications.rejected}`,
        );
        out(
          `队列 rows: pending ${s.rows.pending} · sending ${s.rows.sending} · in-doubt ${s.rows.inDoubt} · confirmed ${s.rows.confirmed} · rejected ${s.rows.rejected}`,
        );
        out(`最近同步 last sync: ${when(s.lastSyncAt)} · 已清除 purged: ${s.purgedTotal}`);
        for (const r of s.rejected) out(`  被拒 rejected ${r.appKey} ${r.type}: ${r.error}`);
        for (const r of s.retrying)
          out(`  重试 retry ${r.appKey} ${r.type} ×${r.attempts} next ${when(r.nextAt)}: ${r.error}`);
        const kinds = sealedKinds(path.join(config.dataDir, 'keys'), DATA_KEY);
        out(
          `数据密钥 data key: ${kinds.length === 0 ? '尚未生成 none yet' : kinds.map((k) => (k === 'file' ? '0600 文件 file' : '系统钥匙串 keyring')).join(' + ')}`,
        );
        return s.rows.rejected > 0 ? 2 : 0;
      } finally {
        store.close();
      }
    },
  },
  {
    name: 'sync now',
    summary: '立即上报队列，不等退避 (sync the outbox now)',
    async run({ out, err }) {
      const config = loadConfig();
      if (keyringOnly(config.dataDir)) {
        // The keys are the kiosk's alone: leave a request its relay honours (sync_meta 'kick').
        const store = openStore(path.join(config.dataDir, 'kiosk.db'));
        try {
          requestKick(store.db, Date.now());
          if (kioskRunning(store.db)) {
            out(
              '密钥由系统钥匙串保护，kioskctl 不能自己同步；已请求正在运行的终端立即同步 (keys are in the kiosk keyring: asked the running kiosk to sync now)',
            );
            return 0;
          }
          err(
            '终端未运行，且密钥由系统钥匙串保护，kioskctl 无法自己同步。已留下同步请求：请启动终端，它启动后会立即同步 (the kiosk is not running and its keys need its keyring: start the kiosk; it syncs at start)',
          );
          return 1;
        } finally {
          store.close();
        }
      }
      const { store, svc } = open();
      try {
        if (!svc.relay) {
          err('未登记 not enrolled: kioskctl enroll --platform URL --code CODE');
          return 1;
        }
        if (!svc.relay.takeLease()) {
          // The running kiosk owns the relay: ask it instead of racing it.
          requestKick(store.db, Date.now());
          out('终端正在运行，已请求其立即同步 (asked the running kiosk to sync now)');
          return 0;
        }
        const r = await svc.syncNow();
        const s = svc.summary();
        out(
          `已确认 confirmed ${r.confirmed} 行 · 失败 failed ${r.failed} · 剩余 left: ${s.rows.pending + s.rows.inDoubt} · 被拒 rejected ${s.rows.rejected}`,
        );
        return r.failed > 0 ? 2 : 0;
      } finally {
        svc.relay?.releaseLease();
        await svc.stop();
        store.close();
      }
    },
  },
];
