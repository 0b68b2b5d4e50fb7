import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKioskctl } from '../helpers/run-kioskctl.ts';
import { DEMO_VERSION, demoData, sign, sm2Key } from './catalogue-fixture.ts';

let dataDir: string;
beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kioskctl-catalogue-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('kioskctl catalogue', () => {
  it('search fills an empty demo catalogue and answers initials as JSON', () => {
    const r = runKioskctl(['catalogue', 'search', 'sbk', '--json'], { dataDir });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { hits: { name: string; matchedBy: string }[] };
    expect(out.hits[0]).toMatchObject({ name: '社会保障卡申领', matchedBy: 'initials' });
  });

  it('import refuses a tampered package with its reason and exit code 2, info shows both attempts', () => {
    const good = path.join(dataDir, 'next.pkg');
    fs.writeFileSync(good, sign(demoData(), sm2Key, DEMO_VERSION + 1));
    const ok = runKioskctl(['catalogue', 'import', good], { dataDir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`版本 ${DEMO_VERSION + 1}`);

    const bad = path.join(dataDir, 'old.pkg');
    fs.writeFileSync(bad, sign(demoData(), sm2Key, DEMO_VERSION));
    const refused = runKioskctl(['catalogue', 'import', bad, '--json'], { dataDir });
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, reason: 'older-version' });
    expect(refused.stderr).toContain('原事项目录未改变');

    const info = runKioskctl(['catalogue', 'info', '--json'], { dataDir });
    const parsed = JSON.parse(info.stdout) as {
      state: { version: number };
      lastImports: { outcome: string }[];
    };
    expect(parsed.state.version).toBe(DEMO_VERSION + 1);
    expect(parsed.lastImports.map((l) => l.outcome).slice(0, 2)).toEqual(['rejected', 'accepted']);
  });
});
