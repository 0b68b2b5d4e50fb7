import type { CommandSpec } from '../command.ts';
import { systemClock } from '../../electron/core/clock/clock.ts';
import { TechnicianAuth } from '../../electron/core/technician/technician-auth.ts';
import { openKioskStore } from './kiosk-store.ts';

/** The PIN is read from standard input, never from the command line (shell history, `ps`). */
async function readPin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('新 PIN (new PIN, 6–12 digits): ');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) {
    chunks.push(c as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0]!.trim();
}

export const technicianCommands: CommandSpec[] = [
  {
    name: 'technician set-pin',
    summary: '设置技术员 PIN（从标准输入读取），并解除锁定 (set the technician PIN from stdin)',
    usage: 'echo 135790 | kioskctl technician set-pin',
    async run({ out }) {
      const pin = await readPin();
      const k = openKioskStore();
      try {
        const auth = new TechnicianAuth({
          db: k.store.db,
          clock: systemClock,
          audit: k.audit,
          config: k.config.technician,
        });
        await auth.setPin(pin, 'cli');
        out('技术员 PIN 已设置，锁定已解除 (technician PIN set)');
        return 0;
      } finally {
        k.close();
      }
    },
  },
  {
    name: 'technician status',
    summary: '显示技术员 PIN 是否已设置、是否被锁定 (technician PIN and lockout state)',
    options: { json: { type: 'boolean' } },
    async run({ values, out }) {
      const k = openKioskStore();
      try {
        const auth = new TechnicianAuth({
          db: k.store.db,
          clock: systemClock,
          audit: k.audit,
          config: k.config.technician,
        });
        const s = auth.status();
        const state = { pinSet: s.pinSet, lockedUntil: s.lockedUntil };
        if (values.json) out(JSON.stringify(state));
        else {
          out(`PIN: ${s.pinSet ? '已设置 (set)' : '未设置 (not set) — kioskctl technician set-pin'}`);
          out(`锁定 (locked): ${s.lockedUntil ?? '否 (no)'}`);
        }
        return 0;
      } finally {
        k.close();
      }
    },
  },
];
