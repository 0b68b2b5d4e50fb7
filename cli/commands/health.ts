import path from 'node:path';
import type { CommandSpec } from '../command.ts';
import { computeHealth } from '../../electron/core/health/health-model.ts';
import { diskUsage, HealthStore } from '../../electron/core/health/health-store.ts';
import { buildDiagnostics, logDirOf, writeDiagnostics } from '../../electron/core/health/diagnostics.ts';
import type { KioskHealth } from '../../electron/contract/health.ts';
import { AUDIT_KINDS } from '../../electron/core/audit/audit-kinds.ts';
import { coreSelfTests, runSelfTest, type SelfTestResult } from '../../electron/core/health/self-test.ts';
import { openKioskStore, type KioskStore } from './kiosk-store.ts';

const LEVEL_ZH = { ok: '正常 (ok)', degraded: '降级 (degraded)', fault: '故障 (fault)' } as const;

/**
 * Health as kioskctl sees it: device states and sync inputs as the running kiosk last stored them,
 * disk measured now. `snapshotAt` says how old the kiosk's part is (null: the kiosk never ran).
 */
function healthFromStore(k: KioskStore): { health: KioskHealth; snapshotAt: string | null } {
  const hs = new HealthStore(k.store.db);
  const inputs = hs.inputs();
  const health = computeHealth({
    now: Date.now(),
    kioskId: k.config.kioskId,
    devices: hs.devices(),
    disk: diskUsage(k.config.dataDir),
    queueDepth: inputs.queueDepth,
    platformConfigured: k.config.platform.url !== null,
    lastSyncAt: inputs.lastSyncAt,
    skewMs: inputs.skewMs,
    audit: { count: k.audit.count(), head: k.audit.head() },
  });
  return { health, snapshotAt: inputs.updatedAt };
}

function packageVersion(): string {
  return process.env.npm_package_version ?? 'cli';
}

const gib = (n: number): string => `${(n / 1024 ** 3).toFixed(1)} GiB`;

export const healthCommands: CommandSpec[] = [
  {
    name: 'status',
    summary: '一行显示终端状态：健康等级、问题、队列、审计 (one-line kiosk status)',
    async run({ out }) {
      const k = openKioskStore();
      try {
        const { health: h, snapshotAt } = healthFromStore(k);
        out(
          `${k.config.kioskId} ${k.config.siteName} · ${LEVEL_ZH[h.level]} · 问题 ${h.problems.length ? h.problems.join(', ') : '无'} · 队列 ${h.queue.depth} · 审计 ${h.audit.count} 条 · 快照 ${snapshotAt ?? '无 (kiosk never ran)'}`,
        );
        return h.level === 'fault' ? 2 : 0;
      } finally {
        k.close();
      }
    },
  },
  {
    name: 'health',
    summary: '设备级健康：读卡器、打印机（纸张）、A4、摄像头、磁盘、队列、同步、时钟 (device-level health)',
    usage: 'kioskctl health [--json]',
    options: { json: { type: 'boolean' } },
    async run({ values, out }) {
      const k = openKioskStore();
      try {
        const { health: h, snapshotAt } = healthFromStore(k);
        if (values.json) {
          out(JSON.stringify({ ...h, snapshotAt }));
          return h.level === 'fault' ? 2 : 0;
        }
        out(`总体 overall: ${LEVEL_ZH[h.level]}  (设备状态快照 snapshot: ${snapshotAt ?? '无'})`);
        out(`  读卡器 reader:     ${h.reader.state}${h.reader.simulated ? ' (模拟 simulated)' : ''}`);
        out(`  凭条打印机 printer: ${h.printer.state}, 纸张 paper: ${h.printer.paper}`);
        out(`  A4 打印机 a4:      ${h.a4printer.state}`);
        out(
          `  摄像头 cameras:    ${h.cameras.length ? h.cameras.map((c) => c.state).join(', ') : '无 (none)'}`,
        );
        out(
          `  磁盘 disk:         ${gib(h.disk.freeBytes)} 可用 / ${gib(h.disk.totalBytes)} (${h.disk.level})`,
        );
        out(`  队列 queue:        ${h.queue.depth} (${h.queue.level})`);
        out(
          `  同步 last sync:    ${h.sync.configured ? (h.sync.lastSyncAt ?? '从未 never') : '未配置平台 (no platform)'}`,
        );
        out(
          `  时钟偏差 skew:     ${h.clock.skewMs === null ? '未知 (unknown)' : `${Math.round(h.clock.skewMs / 1000)} s`}`,
        );
        out(`  审计 audit:        ${h.audit.count} 条, head ${h.audit.head.slice(0, 16)}…`);
        if (h.problems.length) out(`  问题 problems:     ${h.problems.join(', ')}`);
        return h.level === 'fault' ? 2 : 0;
      } finally {
        k.close();
      }
    },
  },
  {
    name: 'diagnostics export',
    summary: '导出诊断包（日志与健康，不含个人信息）(export diagnostics without personal data)',
    usage: 'kioskctl diagnostics export <file.json|file.json.gz>',
    positionals: 1,
    async run({ positionals, out }) {
      const file = positionals[0];
      if (!file) throw new Error('请给出输出文件 (give an output file)');
      const k = openKioskStore();
      try {
        const { health } = healthFromStore(k);
        const bundle = buildDiagnostics({
          now: Date.now(),
          kioskId: k.config.kioskId,
          version: packageVersion(),
          health,
          audit: k.audit.verify(),
          logDir: logDirOf(k.config.dataDir),
        });
        writeDiagnostics(path.resolve(file), bundle);
        k.audit.append(AUDIT_KINDS.diagnosticsExport, { logFiles: bundle.logs.length }, { actor: 'cli' });
        out(`诊断包已导出 (exported): ${path.resolve(file)} — 日志文件 ${bundle.logs.length} 个`);
        return 0;
      } finally {
        k.close();
      }
    },
  },
  {
    name: 'selftest',
    summary: '自检：数据库、审计链、磁盘、设备状态，并显示终端最近一次每日自检 (self-test)',
    usage: 'kioskctl selftest [--json]',
    options: { json: { type: 'boolean' } },
    async run({ values, out }) {
      const k = openKioskStore();
      try {
        const hs = new HealthStore(k.store.db);
        const result = await runSelfTest(
          coreSelfTests({
            db: k.store.db,
            audit: k.audit,
            dataDir: k.config.dataDir,
            devices: () => hs.devices(),
          }),
          Date.now,
        );
        const row = k.store.db.prepare("SELECT value FROM meta WHERE key = 'health.selftest'").get() as
          { value: string } | undefined;
        const daily = row ? (JSON.parse(row.value) as SelfTestResult) : null;
        k.audit.append(
          AUDIT_KINDS.selfTest,
          {
            ok: result.ok,
            checks: result.results.length,
            failed:
              result.results
                .filter((r) => !r.ok)
                .map((r) => r.name)
                .join(',') || null,
          },
          { actor: 'cli' },
        );
        if (values.json) out(JSON.stringify({ ...result, daily }));
        else {
          for (const r of result.results)
            out(`  ${r.ok ? '通过 ok  ' : '失败 FAIL'} ${r.name.padEnd(12)} ${r.detail}`);
          out(
            daily
              ? `终端每日自检 (kiosk daily self-test) ${daily.at}: ${
                  daily.ok
                    ? '通过'
                    : `失败 ${daily.results
                        .filter((r) => !r.ok)
                        .map((r) => r.name)
                        .join(', ')}`
                }`
              : '终端尚无每日自检记录 (no daily self-test yet)',
          );
        }
        return result.ok ? 0 : 1;
      } finally {
        k.close();
      }
    },
  },
];
