import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runKioskctl } from '../../helpers/run-kioskctl.ts';
import { inspectReceiptPng } from './png-check.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
let stop: (() => Promise<void>) | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await stop?.();
  stop = null;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tmp = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kioskctl-printer-'));
  dirs.push(d);
  return d;
};

/** `kioskctl printer simulate` in the background, as a technician runs it in a second terminal. */
async function simulate(
  dir: string,
  extra: string[] = [],
): Promise<{ link: string; png: string; output: () => string }> {
  const link = path.join(dir, 'printer');
  const png = path.join(dir, 'png');
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'cli/kioskctl.ts'), 'printer', 'simulate', '--link', link, '--png-dir', png, ...extra],
    {
      cwd: ROOT,
      env: { ...process.env, KIOSK_DATA_DIR: dir, KIOSK_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  const end = Date.now() + 15_000;
  while (!out.includes('模拟打印机就绪')) {
    if (Date.now() > end || child.exitCode !== null) throw new Error(`simulator did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { link, png, output: () => out };
}

// Each kioskctl run is a fresh Node process (about a second to start): generous per-test time.
describe('kioskctl printer', { timeout: 60_000 }, () => {
  it('simulate + status + test: a test receipt with a QR comes out as PNG', async () => {
    const dir = tmp();
    const sim = await simulate(dir, ['--paper', '58']);
    const st = runKioskctl(['printer', 'status', '--port', sim.link], { dataDir: dir });
    expect(st.stdout).toContain('打印机状态: 就绪 (ready)');
    expect(st.code).toBe(0);
    const json = runKioskctl(['printer', 'status', '--port', sim.link, '--json'], { dataDir: dir });
    expect(JSON.parse(json.stdout)).toMatchObject({ state: 'ready' });

    const t = runKioskctl(['printer', 'test', '--port', sim.link, '--paper', '58'], { dataDir: dir });
    expect(t.stdout).toContain('测试小票已打印');
    expect(t.code).toBe(0);
    const end = Date.now() + 10_000;
    while (!sim.output().includes('小票 1: 完整') && Date.now() < end)
      await new Promise((r) => setTimeout(r, 50));
    const files = fs.readdirSync(sim.png);
    expect(files).toEqual(['receipt-001.png']);
    const png = await inspectReceiptPng(path.join(sim.png, files[0]!));
    expect(png.width).toBe(384);
    expect(png.qr).toMatch(/^https:\/\/.*no=TEST-\d{8}$/);
  });

  it('simulate --fault paper-out: status says 缺纸 (exit 2) and test prints nothing', async () => {
    const dir = tmp();
    const sim = await simulate(dir, ['--fault', 'paper-out']);
    const st = runKioskctl(['printer', 'status', '--port', sim.link], { dataDir: dir });
    expect(st.stdout).toContain('缺纸');
    expect(st.code).toBe(2);
    const t = runKioskctl(['printer', 'test', '--port', sim.link], { dataDir: dir });
    expect(t.code).toBe(2);
    expect(t.stderr).toContain('未发送');
    expect(fs.existsSync(sim.png) ? fs.readdirSync(sim.png) : []).toEqual([]);
  });

  it('a bad port or fault gets a plain error, not a stack', () => {
    const dir = tmp();
    const r = runKioskctl(['printer', 'status', '--port', path.join(dir, 'nothing-here')], { dataDir: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('无法打开打印机');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const f = runKioskctl(['printer', 'simulate', '--link', path.join(dir, 'p'), '--fault', 'on-fire'], {
      dataDir: dir,
    });
    expect(f.code).toBe(1);
    expect(f.stderr).toContain('unknown printer fault');
  });
});
