import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialScannerSim } from '../../../drivers/scanner/simulator/serial-scanner-sim.ts';
import { demoReceiptKey, signedReceiptPayload } from '../../../electron/core/scanner/receipt-signature.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const RECEIPT = signedReceiptPayload(
  'https://zwfw.example.gov.cn/banjian/chaxun?no={receiptNo}',
  'R20261121-0001',
  'DEMO-0001',
  demoReceiptKey('DEMO-0001'),
);
const ESSC = 'ESSC01' + 'Q9w8E7r6T5y4U3i2O1p0'.repeat(2);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('kioskctl scanner listen', () => {
  it('prints each scan from a virtual-COM scanner masked, with its kind, and exits after --count', async () => {
    const sim = await SerialScannerSim.start({ terminator: Buffer.from('\r\n') });
    cleanups.push(() => sim.close());
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kioskctl-scan-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const child = spawn(
      process.execPath,
      [
        path.join(ROOT, 'cli/kioskctl.ts'),
        'scanner',
        'listen',
        '--port',
        sim.port,
        '--terminator',
        'CRLF',
        '--count',
        '3',
        '--timeout',
        '20',
      ],
      { cwd: ROOT, env: { ...process.env, KIOSK_DATA_DIR: dataDir, KIOSK_LOG_LEVEL: 'silent' } },
    );
    cleanups.push(() => void child.kill());
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    const end = Date.now() + 15_000;
    while (!stderr.includes('扫码器已连接') && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(stderr).toContain('扫码器已连接');
    await sim.scan(RECEIPT);
    await sim.scan(ESSC);
    await sim.scan('http://evil.example/pay');
    expect(await exited).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^#1 unknown \d+B ht\*+ → 本机办件回执（签名有效）$/);
    expect(lines[1]).toMatch(/^#2 .* → 电子社保卡（需联网核验）$/);
    expect(lines[2]).toMatch(/^#3 .* → 拒绝：网址$/);
    // Never the code itself.
    expect(stdout).not.toContain('R20261121-0001');
    expect(stdout).not.toContain(ESSC.slice(2, 12));
    expect(stderr).not.toContain(ESSC.slice(2, 12));
  });

  it('refuses VID:PID it cannot read, in plain words', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kioskctl-scan-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'cli/kioskctl.ts'), 'scanner', 'listen', '--hid', 'nonsense'],
      {
        cwd: ROOT,
        env: { ...process.env, KIOSK_DATA_DIR: dataDir, KIOSK_LOG_LEVEL: 'silent' },
      },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/VID:PID/);
  });
});
