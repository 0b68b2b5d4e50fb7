import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/**
 * A pseudo-terminal pair made by socat: the kiosk opens `link` like a serial printer, the simulator
 * opens `peer`. Small on purpose; drivers/transport has the shared socat helpers for other devices.
 */
export interface PtyPair {
  link: string;
  peer: string;
  close(): Promise<void>;
}

export async function openPtyPair(link: string, peer = `${link}.sim`, timeoutMs = 5000): Promise<PtyPair> {
  for (const p of [link, peer]) fs.rmSync(p, { force: true });
  const child: ChildProcess = spawn('socat', [`pty,raw,echo=0,link=${link}`, `pty,raw,echo=0,link=${peer}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  let spawnError: Error | null = null;
  child.once('error', (e) => (spawnError = e));
  const deadline = Date.now() + timeoutMs;
  while (!(fs.existsSync(link) && fs.existsSync(peer))) {
    if (spawnError)
      throw new Error(`socat cannot start (install Debian socat): ${(spawnError as Error).message}`);
    if (child.exitCode !== null) throw new Error(`socat exited: ${stderr.trim()}`);
    if (Date.now() > deadline) {
      child.kill();
      throw new Error('socat did not create the pty pair in time');
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    link,
    peer,
    async close() {
      if (child.exitCode === null) {
        child.kill();
        await exited;
      }
    },
  };
}
