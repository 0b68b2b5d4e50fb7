import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevPlatform, type DevPlatform } from '../../../platform/dev-platform.ts';
import { makeTestCore, type TestCore } from '../helpers/test-core.ts';
import { tmpDir } from '../sync/helpers.ts';

let t: TestCore | null = null;
let platform: DevPlatform | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await t?.cleanup();
  await platform?.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  t = null;
  platform = null;
});

describe('first-boot setup (core side)', () => {
  it('enrols, refuses a weak PIN, finishes, and then refuses to run again outside technician mode', async () => {
    const dir = tmpDir('setup-unit');
    dirs.push(dir);
    platform = await startDevPlatform({ dataDir: path.join(dir, 'platform') });
    const cfg = path.join(dir, 'config.json');
    fs.writeFileSync(cfg, JSON.stringify({ kioskId: 'SETUP-0002', setup: { required: true } }));
    t = await makeTestCore({ env: { KIOSK_DATA_DIR: path.join(dir, 'kiosk'), KIOSK_CONFIG: cfg } });
    const call = (name: string, req: unknown) => t!.core.dispatch(name, req, { shell: 'web' });
    const site = {
      siteName: '东城区政务服务中心',
      regionCode: '110101001000',
      platformUrl: platform.url,
      enrolmentCode: platform.createEnrolmentCode(),
    };

    expect(await call('setup.status', {})).toMatchObject({
      ok: true,
      value: { required: true, provisioned: false },
    });
    expect(await call('setup.finish', { pin: '482916' })).toMatchObject({
      ok: false,
      error: { kind: 'conflict' },
    });
    expect(await call('setup.enrol', { ...site, regionCode: '1101' })).toMatchObject({
      ok: false,
      error: { kind: 'bad-request' },
    });
    expect(await call('setup.enrol', site)).toMatchObject({
      ok: true,
      value: { enrolled: true, regionCode: '110101001000' },
    });
    expect(await call('setup.finish', { pin: '123456' })).toMatchObject({
      ok: false,
      error: { kind: 'bad-request' },
    });
    expect(await call('setup.finish', { pin: '482916' })).toMatchObject({
      ok: true,
      value: { provisioned: true },
    });

    expect(
      await call('setup.enrol', { ...site, enrolmentCode: platform.createEnrolmentCode() }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'unauthorized' },
    });
    expect(await call('technician.enter', { pin: '482916' })).toMatchObject({
      ok: true,
      value: { result: 'entered' },
    });
    expect(await call('setup.selftest', {})).toMatchObject({ ok: true, value: { ok: true } });

    const kinds = t.core.audit.recent(30).map((r) => r.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['setup.enrol', 'technician.pin-set', 'setup.complete', 'health.selftest']),
    );
    expect(t.core.audit.verify().ok).toBe(true);
  });
});
