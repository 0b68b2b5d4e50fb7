import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestCore } from '../helpers/test-core.ts';
import { runKioskctl } from '../helpers/run-kioskctl.ts';

const ID = '110101199003074514';
const PHONE = '13912345678';
const NAME = '王小明';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('kioskctl health, status and diagnostics export', () => {
  it('reports device-level health from what the kiosk stored, including the printer paper state', async () => {
    const t = await makeTestCore();
    t.core.devices.report({
      id: 'printer-sim',
      kind: 'printer',
      state: 'attention',
      simulated: true,
      messageKey: 'printer.state.paper-near-end',
      detail: 'simulated receipt printer',
    });
    // kioskctl reads beside the running kiosk (SQLite WAL): after a stop, drivers report their devices closed.
    const r = runKioskctl(['health', '--json'], { dataDir: t.dataDir });
    const h = JSON.parse(r.stdout) as {
      printer: { paper: string };
      reader: { state: string };
      problems: string[];
      snapshotAt: string;
    };
    expect(h.printer.paper).toBe('low');
    expect(h.reader.state).toBe('ready');
    expect(h.problems).toContain('printer.paper-low');
    expect(h.snapshotAt).toBeTruthy();
    const text = runKioskctl(['health'], { dataDir: t.dataDir });
    expect(text.stdout).toContain('纸张 paper: low');
    const status = runKioskctl(['status'], { dataDir: t.dataDir });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('降级');
    await t.cleanup();
  });

  it('exports a bundle of logs and health in which no planted ID number, phone or name survives', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-diag-'));
    dirs.push(dataDir);
    const logs = path.join(dataDir, 'logs');
    fs.mkdirSync(logs);
    fs.writeFileSync(
      path.join(logs, 'kiosk.log'),
      [
        JSON.stringify({ level: 30, msg: 'session started', session: 'abc' }),
        JSON.stringify({ level: 40, msg: `form rejected: 申请人 ${NAME} 身份证 ${ID}`, phone: PHONE }),
        JSON.stringify({
          level: 30,
          name: NAME,
          idNumber: ID,
          nested: { contactPhone: PHONE, note: `tel ${PHONE}` },
        }),
        `plain stderr line: 姓名：${NAME}, ${ID}, +86 ${PHONE}, card 6222021234567890123`,
        JSON.stringify({ level: 50, err: { message: `boom for ${ID}` } }),
      ].join('\n'),
    );
    const out = path.join(dataDir, 'diag.json.gz');
    const r = runKioskctl(['diagnostics', 'export', out], { dataDir });
    expect(r.code).toBe(0);
    const text = zlib.gunzipSync(fs.readFileSync(out)).toString('utf8');
    const bundle = JSON.parse(text) as {
      health: { reader: unknown };
      logs: { lines: unknown[] }[];
      audit: { ok: boolean };
    };
    expect(bundle.health.reader).toBeTruthy();
    expect(bundle.audit.ok).toBe(true);
    expect(bundle.logs[0]!.lines).toHaveLength(5);
    for (const planted of [ID, PHONE, NAME, '6222021234567890123', '199003074514'])
      expect(text).not.toContain(planted);
    expect(text).toContain('session started');
    // The export itself is audited.
    expect(
      runKioskctl(['audit', 'list', '--kind', 'diagnostics.export', '--json'], { dataDir }).stdout,
    ).toContain('diagnostics.export');
  });
});
