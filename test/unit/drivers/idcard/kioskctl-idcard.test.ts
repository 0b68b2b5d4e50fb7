import { spawn, execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDeck } from '../../../../drivers/idcard/sim-deck.ts';

// As a technician runs it: `kioskctl idcard simulate` in one process (it makes the pty with socat),
// `kioskctl idcard read --json` in another, against the link path.
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../../..');
const kioskctl = path.join(root, 'cli/kioskctl.ts');
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function startSimulator(
  args: string[],
): Promise<{ child: ChildProcess; link: string; output: () => string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kioskctl-idcard-'));
  dirs.push(dir);
  const link = path.join(dir, 'reader');
  const child = spawn(process.execPath, [kioskctl, 'idcard', 'simulate', '--link', link, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`simulator not ready: ${out}`)), 10_000);
    child.stdout!.on('data', () => {
      if (out.includes('simulator ready')) {
        clearTimeout(t);
        resolve({ child, link, output: () => out });
      }
    });
    child.once('exit', (code) => reject(new Error(`simulator exited ${code}: ${out}`)));
  });
}

describe('kioskctl idcard simulate + read as processes', () => {
  it('prints the card as JSON with the ID number masked, and in full with --show-id', async () => {
    const deck = buildDeck();
    const { child, link } = await startSimulator(['--card', '5']);
    const { stdout } = await run(process.execPath, [kioskctl, 'idcard', 'read', '--port', link, '--json'], {
      cwd: root,
    });
    const card = JSON.parse(stdout) as Record<string, unknown>;
    const want = deck[5]!.card;
    expect(card).toMatchObject({
      cardType: 'gat-residence',
      name: want.name,
      passNumber: 'H12345678',
      problems: [],
      photoBytes: 1024,
    });
    expect(card.idNumber).toBe(`${want.idNumber.slice(0, 4)}**********${want.idNumber.slice(-4)}`);
    expect(stdout).not.toContain(want.idNumber);

    // The simulator keeps serving after a reader closes its end, like a reader left plugged in.
    const full = await run(
      process.execPath,
      [kioskctl, 'idcard', 'read', '--port', link, '--json', '--show-id'],
      {
        cwd: root,
      },
    );
    expect((JSON.parse(full.stdout) as { idNumber: string }).idNumber).toBe(want.idNumber);

    const sam = await run(process.execPath, [kioskctl, 'idcard', 'sam', '--port', link, '--json'], {
      cwd: root,
    });
    expect(JSON.parse(sam.stdout)).toMatchObject({
      status: 'ok',
      samId: '05.01-20101129-0001228293-0296863149',
    });

    const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('with no card inserted, read says 未检测到身份证 and exits 2', async () => {
    const { link } = await startSimulator(['--card', 'none', '--fast']);
    const r = await run(process.execPath, [kioskctl, 'idcard', 'read', '--port', link, '--wait', '0'], {
      cwd: root,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('未检测到身份证，请将身份证放在感应区');
  });
});
