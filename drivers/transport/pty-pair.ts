import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PtyPair {
  /** Path of the end the kiosk (or kioskctl read) opens, a symlink to /dev/pts/N. */
  readonly a: string;
  /** Path of the end the simulator opens. */
  readonly b: string;
  readonly pid: number;
  /** Resolves when socat exits for any reason (e.g. one end was closed). */
  readonly exited: Promise<void>;
  /** Kills socat and removes the links; what an unplugged cable looks like to both ends. */
  close(): Promise<void>;
}

export interface PtyPairOptions {
  /** Link paths; default two fresh names in a temp directory. */
  a?: string;
  b?: string;
  timeoutMs?: number;
}

/**
 * A real pseudo-terminal pair made by socat (Debian package `socat`): bytes written to one end come
 * out of the other, through the kernel tty layer, so serial code under test runs exactly as against
 * a USB-serial adapter. Used by tests, the benchmark and `kioskctl idcard simulate`.
 */
export async function createPtyPair(opts: PtyPairOptions = {}): Promise<PtyPair> {
  const dir = opts.a && opts.b ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-pty-'));
  const a = opts.a ?? path.join(dir!, 'a');
  const b = opts.b ?? path.join(dir!, 'b');
  for (const p of [a, b]) {
    fs.mkdirSync(path.dirname(p), { recursive: true });
    // A stale link from a killed run would make socat fail; only links are removed, never files.
    if (fs.lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink()) fs.unlinkSync(p);
  }
  const child: ChildProcess = spawn(
    'socat',
    ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`socat did not start within ${opts.timeoutMs ?? 5000} ms: ${stderr.slice(-400)}`));
    }, opts.timeoutMs ?? 5000);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`socat could not run (apt-get install socat): ${e.message}`));
    });
    const early = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`socat exited (${code}) before the pty pair was ready: ${stderr.slice(-400)}`));
    };
    child.once('exit', early);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('starting data transfer loop')) {
        clearTimeout(timer);
        child.off('exit', early);
        child.stderr!.removeAllListeners('data');
        child.stderr!.resume();
        resolve();
      }
    });
  });
  const removeLinks = (): void => {
    for (const p of [a, b]) {
      try {
        if (fs.lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink()) fs.unlinkSync(p);
      } catch {
        // Already gone: socat removes its links itself on a clean exit.
      }
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  };
  void exited.then(removeLinks);
  return {
    a,
    b,
    pid: child.pid ?? -1,
    exited,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      removeLinks();
    },
  };
}
