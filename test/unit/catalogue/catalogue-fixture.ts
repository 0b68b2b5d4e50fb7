import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../../electron/core/store/store.ts';
import { CatalogueService } from '../../../electron/core/catalogue/catalogue-service.ts';
import {
  buildCataloguePackage,
  loadCatalogueSource,
  signPackage,
} from '../../../electron/core/catalogue/package-build.ts';
import {
  demoSourceDir,
  devTrustedKeys,
  loadDevSigningKey,
} from '../../../electron/core/catalogue/demo-source.ts';
import type { SigningKey } from '../../../electron/core/catalogue/package-crypto.ts';

/** A real SQLite file in a temp folder with the full migration chain, and a catalogue service on it. */
export interface CatalogueFixture {
  store: Store;
  service: CatalogueService;
  dir: string;
  close(): void;
}

export const SOURCE = demoSourceDir()!;
export const DEMO_VERSION = loadCatalogueSource(SOURCE).meta.version;
export const sm2Key: SigningKey = loadDevSigningKey('sm2', SOURCE);
export const edKey: SigningKey = loadDevSigningKey('ed25519', SOURCE);

let demoPackage: Buffer | null = null;
/** Built once per test file: SM2 signing in pure JS is the slow part. */
export function demoPackageText(): Buffer {
  demoPackage ??= buildCataloguePackage(SOURCE, sm2Key);
  return demoPackage;
}

export function demoData() {
  return structuredClone(loadCatalogueSource(SOURCE).data);
}

export function sign(
  payload: unknown,
  key: SigningKey,
  version: number,
  extra: { kind?: 'full' | 'delta'; baseVersion?: number } = {},
): Buffer {
  return signPackage(payload, key, {
    version,
    province: 'demo-sc',
    createdAt: '2026-11-21T08:00:00+08:00',
    ...extra,
  });
}

export function openCatalogue(opts: { importDemo?: boolean; now?: () => Date } = {}): CatalogueFixture {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-test-'));
  const store = openStore(path.join(dir, 'kiosk.db'));
  const service = new CatalogueService(store.db, {
    trusted: () => devTrustedKeys(SOURCE),
    now: opts.now ?? (() => new Date('2026-11-21T02:00:00Z')),
  });
  if (opts.importDemo ?? true) service.importPackage(demoPackageText());
  return {
    store,
    service,
    dir,
    close() {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
