import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A4 output through a named CUPS queue with the command-line client (lp / lpstat), the route
 * shared/specs/kiosk-shell.md §2.6 recommends. The PDF is handed to lp as a file that is deleted as
 * soon as lp has copied it into the spool.
 */
export type SpoolOutcome =
  { ok: true; spoolJob: string } | { ok: false; spoolJob: string | null; reason: string };

function run(
  cmd: string,
  args: string[],
  timeoutMs = 15_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, env: { ...process.env, LANG: 'C' } }, (err, stdout, stderr) => {
      const code = err
        ? typeof (err as { code?: unknown }).code === 'number'
          ? (err as { code: number }).code
          : -1
        : 0;
      resolve({
        code,
        stdout: String(stdout),
        stderr: String(stderr) || (err && code === -1 ? err.message : ''),
      });
    });
  });
}

export interface CupsSpooler {
  print(pdf: Buffer, title: string): Promise<SpoolOutcome>;
}

export function cupsSpooler(
  queue: string,
  opts: { completionTimeoutMs?: number; pollMs?: number } = {},
): CupsSpooler {
  if (!/^[A-Za-z0-9_.-]{1,127}$/.test(queue)) throw new RangeError(`invalid CUPS queue name: ${queue}`);
  const timeout = opts.completionTimeoutMs ?? 60_000;
  const poll = opts.pollMs ?? 250;
  return {
    async print(pdf, title) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-lp-'));
      const file = path.join(dir, 'doc.pdf');
      let spoolJob: string | null = null;
      try {
        fs.writeFileSync(file, pdf, { mode: 0o600 });
        const lp = await run('lp', ['-d', queue, '-o', 'media=A4', '-t', title, file]);
        if (lp.code !== 0)
          return { ok: false, spoolJob: null, reason: `lp failed: ${(lp.stderr || lp.stdout).trim()}` };
        const m = /request id is (\S+)/.exec(lp.stdout);
        if (!m) return { ok: false, spoolJob: null, reason: `lp gave no job id: ${lp.stdout.trim()}` };
        spoolJob = m[1]!;
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      // Read the job's fate back from CUPS: still queued, completed, or stuck on a stopped printer.
      const deadline = Date.now() + timeout;
      while (Date.now() < deadline) {
        const active = await run('lpstat', ['-W', 'not-completed', '-o', queue]);
        if (active.code === 0 && !active.stdout.split('\n').some((l) => l.startsWith(`${spoolJob} `))) {
          const done = await run('lpstat', ['-W', 'completed', '-o', queue]);
          if (done.stdout.split('\n').some((l) => l.startsWith(`${spoolJob} `))) {
            const printer = await run('lpstat', ['-p', queue]);
            // An aborted job is also "completed" to lpstat; a stopped queue tells them apart.
            if (/disabled|stopped/i.test(printer.stdout))
              return { ok: false, spoolJob, reason: `queue stopped: ${printer.stdout.trim()}` };
            return { ok: true, spoolJob };
          }
          return { ok: false, spoolJob, reason: 'job vanished from the queue (cancelled)' };
        }
        const printer = await run('lpstat', ['-p', queue]);
        if (/disabled/i.test(printer.stdout))
          return { ok: false, spoolJob, reason: `queue disabled: ${printer.stdout.trim()}` };
        await new Promise((r) => setTimeout(r, poll));
      }
      return { ok: false, spoolJob, reason: `job ${spoolJob} not finished within ${timeout} ms` };
    },
  };
}

/** Whether the CUPS client and a scheduler are here at all (for status and for tests' skip reasons). */
export async function cupsAvailable(queue: string): Promise<{ ok: boolean; reason: string }> {
  const r = await run('lpstat', ['-p', queue], 5000);
  if (r.code === -1 && /ENOENT/.test(r.stderr))
    return { ok: false, reason: 'lpstat not installed (Debian cups-client)' };
  if (r.code !== 0)
    return { ok: false, reason: `CUPS queue ${queue} not available: ${(r.stderr || r.stdout).trim()}` };
  return { ok: true, reason: '' };
}
