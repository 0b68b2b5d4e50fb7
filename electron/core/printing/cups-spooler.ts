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
      let spoolJob: string;
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
      // Read the job's fate back from CUPS. A job that does not finish cleanly is cancelled, so a
      // later reprint can never put a second copy of the same document in the tray.
      const id = Number(spoolJob.slice(spoolJob.lastIndexOf('-') + 1));
      const deadline = Date.now() + timeout;
      while (Date.now() < deadline) {
        const state = (await ippJobState(queue, id)) ?? (await lpstatJobState(queue, spoolJob));
        if (state.state === 'completed') return { ok: true, spoolJob };
        if (state.state === 'pending' || state.state === 'processing') {
          // A job waits forever on a stopped (disabled) printer: that is a failure the resident
          // must hear about now, not after the timeout.
          const printer = await run('lpstat', ['-p', queue]);
          if (/disabled|stopped/i.test(printer.stdout)) {
            await run('cancel', [spoolJob]);
            return { ok: false, spoolJob, reason: `printer stopped: ${printer.stdout.trim().slice(0, 300)}` };
          }
        }
        if (state.state === 'canceled' || state.state === 'aborted') {
          return { ok: false, spoolJob, reason: `CUPS job ${state.state}: ${state.reasons}` };
        }
        if (
          state.state === 'processing-stopped' ||
          state.state === 'pending-held' ||
          state.state === 'stopped'
        ) {
          await run('cancel', [spoolJob]);
          return { ok: false, spoolJob, reason: `CUPS job ${state.state}: ${state.reasons}` };
        }
        await new Promise((r) => setTimeout(r, poll));
      }
      await run('cancel', [spoolJob]);
      return { ok: false, spoolJob, reason: `job ${spoolJob} not finished within ${timeout} ms (cancelled)` };
    },
  };
}

interface JobState {
  /** IPP job-state keyword (pending, pending-held, processing, processing-stopped, canceled, aborted, completed). */
  state: string;
  reasons: string;
}

const IPP_TEST = `{
  NAME "kiosk job state"
  OPERATION Get-Job-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR integer job-id $job_id
  STATUS successful-ok
  DISPLAY job-state
  DISPLAY job-state-reasons
}
`;
let ippTestFile: string | null = null;

/** The job's IPP state from the local scheduler (ipptool, Debian cups-ipp-utils); null if unavailable. */
async function ippJobState(queue: string, id: number): Promise<JobState | null> {
  if (!Number.isInteger(id)) return null;
  if (!ippTestFile) {
    ippTestFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-ipp-')), 'get-job-state.test');
    fs.writeFileSync(ippTestFile, IPP_TEST);
  }
  const r = await run('ipptool', [
    '-c',
    '-d',
    `job_id=${id}`,
    `ipp://localhost/printers/${queue}`,
    ippTestFile,
  ]);
  if (r.code !== 0) return null;
  const row = r.stdout.trim().split('\n')[1];
  if (!row) return null;
  const [state = '', ...reasons] = row.split(',');
  return { state: state.trim(), reasons: reasons.join(',').replace(/"/g, '').trim() };
}

/**
 * Fallback without ipptool: lpstat only knows "not completed" vs "completed", where completed
 * includes aborted and cancelled jobs; a disabled queue is the tell that the job did not print.
 */
async function lpstatJobState(queue: string, spoolJob: string): Promise<JobState> {
  const listed = (out: string): boolean => out.split('\n').some((l) => l.startsWith(`${spoolJob} `));
  const printer = await run('lpstat', ['-p', queue]);
  const stopped = /disabled|stopped/i.test(printer.stdout);
  const active = await run('lpstat', ['-W', 'not-completed', '-o', queue]);
  if (listed(active.stdout))
    return { state: stopped ? 'stopped' : 'processing', reasons: printer.stdout.trim() };
  const done = await run('lpstat', ['-W', 'completed', '-o', queue]);
  if (!listed(done.stdout)) return { state: 'canceled', reasons: 'job vanished from the queue' };
  return stopped ? { state: 'aborted', reasons: printer.stdout.trim() } : { state: 'completed', reasons: '' };
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
