import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../electron/core/config/config.ts';
import { openStore, type Store } from '../../../electron/core/store/store.ts';
import { EventBus } from '../../../electron/core/events/event-bus.ts';
import { createLogger } from '../../../electron/core/log/logger.ts';
import { systemClock } from '../../../electron/core/clock/clock.ts';
import type { CoreDeps } from '../../../electron/core/features/feature.ts';
import { createCatalogueFeature } from '../../../electron/core/catalogue/catalogue-feature.ts';
import { decodePackage } from '../../../electron/core/catalogue/package-format.ts';
import { verifyPackage } from '../../../electron/core/catalogue/catalogue-import.ts';
import {
  demoSourceDir,
  devTrustedKeys,
  prebuiltDemoPackage,
} from '../../../electron/core/catalogue/demo-source.ts';
import { buildCataloguePackage } from '../../../electron/core/catalogue/package-build.ts';
import { demoPackageText, sm2Key } from './catalogue-fixture.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function deps(configJson: object | null): { deps: CoreDeps; store: Store; events: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-feature-'));
  const env: NodeJS.ProcessEnv = { KIOSK_DATA_DIR: dir };
  if (configJson) {
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(configJson));
  }
  const config = loadConfig(env);
  const store = openStore(path.join(dir, 'kiosk.db'));
  const bus = new EventBus();
  const events: string[] = [];
  bus.subscribe((name) => events.push(name));
  cleanups.push(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  // The catalogue uses only these parts of the core's dependencies.
  const d = { config, db: store.db, bus, clock: systemClock, log: createLogger({ level: 'silent' }) };
  return { deps: d as unknown as CoreDeps, store, events };
}

describe('catalogue feature', () => {
  it('demo mode: the first start imports the demo catalogue after start() returns, calls wait for it', async () => {
    const { deps: d, events } = deps(null);
    const feature = createCatalogueFeature(d);
    feature.start?.();
    expect(feature.service.isEmpty()).toBe(true);
    const r = await feature.handlers['catalogue.search']({ query: '社保' }, { shell: 'web' });
    expect(r.hits.length).toBeGreaterThan(0);
    expect(events).toContain('catalogue.updated');
    await feature.close?.();
  });

  it('a configured kiosk does not trust the published development keys', async () => {
    const { deps: d } = deps({ siteName: '测试网点' });
    const feature = createCatalogueFeature(d);
    feature.start?.();
    await feature.ready;
    expect(feature.service.isEmpty()).toBe(true);
    expect(() => feature.service.importPackage(demoPackageText())).toThrow(/unknown-key/);
  });

  it('a configured kiosk accepts packages signed by its configured platform key', async () => {
    const { deps: d } = deps({
      catalogue: { trustedKeys: [{ keyId: sm2Key.keyId, profile: 'sm2', publicKey: sm2Key.publicKey }] },
    });
    const feature = createCatalogueFeature(d);
    expect(feature.service.importPackage(demoPackageText()).matters).toBeGreaterThanOrEqual(40);
  });

  it('the prebuilt demo package verifies and is in step with resources/catalogue', () => {
    const file = prebuiltDemoPackage();
    expect(
      file,
      'run: node cli/kioskctl.ts catalogue build --out resources/catalogue/demo-catalogue.pkg',
    ).toBeTruthy();
    const prebuilt = fs.readFileSync(file!);
    const { manifest } = verifyPackage(prebuilt, devTrustedKeys());
    const fresh = decodePackage(buildCataloguePackage(demoSourceDir()!, sm2Key))!;
    // SM2 signatures are randomised, so compare what they sign: the payload digest.
    expect(
      JSON.parse(fresh.manifest).digest,
      'demo package is stale: rebuild it with kioskctl catalogue build',
    ).toBe(manifest.digest);
  });
});
