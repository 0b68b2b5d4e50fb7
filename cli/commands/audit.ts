import type { CommandSpec } from '../command.ts';
import type { AuditProblemKind } from '../../electron/core/audit/audit-log.ts';
import { openKioskStore } from './kiosk-store.ts';

const PROBLEM_ZH: Record<AuditProblemKind, string> = {
  'hash-mismatch': '内容被修改 (record edited)',
  'broken-link': '链接断开，前一条被替换或移动 (chain link broken: a record before it was replaced or moved)',
  missing: '记录缺失，被删除 (record missing: deleted)',
  'bad-row': '记录格式损坏 (malformed row)',
};

/** Exit code for a broken chain, distinct from 1 (command failed) so scripts can tell them apart. */
export const AUDIT_TAMPERED_EXIT = 3;

export const auditCommands: CommandSpec[] = [
  {
    name: 'audit verify',
    summary: '校验审计日志的 SM3 哈希链，发现篡改、删除或重排 (verify the audit hash chain)',
    options: { json: { type: 'boolean' } },
    async run({ values, out, err }) {
      const k = openKioskStore();
      try {
        const r = k.audit.verify();
        if (values.json) out(JSON.stringify(r));
        else if (r.ok)
          out(`审计日志完整：共 ${r.count} 条，链头 ${r.head.slice(0, 16)}… (audit chain intact)`);
        else {
          err(`审计日志校验失败：${r.problems.length} 处问题，共 ${r.count} 条 (audit chain BROKEN)`);
          for (const p of r.problems.slice(0, 50))
            err(`  第 ${p.seq} 条 (record ${p.seq}): ${PROBLEM_ZH[p.problem]}`);
        }
        return r.ok ? 0 : AUDIT_TAMPERED_EXIT;
      } finally {
        k.close();
      }
    },
  },
  {
    name: 'audit list',
    summary: '列出最近的审计记录 (list recent audit records)',
    usage: 'kioskctl audit list [--limit 50] [--kind technician.] [--json]',
    options: { json: { type: 'boolean' }, limit: { type: 'string' }, kind: { type: 'string' } },
    async run({ values, out }) {
      const limit = values.limit === undefined ? 50 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
        throw new Error('--limit 应为 1–10000 的整数');
      const k = openKioskStore();
      try {
        const records = k.audit.recent(limit, typeof values.kind === 'string' ? values.kind : undefined);
        if (values.json) out(JSON.stringify(records));
        else
          for (const r of records)
            out(
              `${String(r.seq).padStart(6)} ${r.at} ${r.actor.padEnd(10)} ${r.kind} ${JSON.stringify(r.details)}`,
            );
        return 0;
      } finally {
        k.close();
      }
    },
  },
];
