import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../../electron/core/store/store.ts';
import { CatalogueService } from '../../../electron/core/catalogue/catalogue-service.ts';
import { devTrustedKeys, prebuiltDemoPackage } from '../../../electron/core/catalogue/demo-source.ts';
import { FlowRun } from '../../../electron/core/flows/flow-run.ts';
import { buildFlow } from '../../../electron/core/flows/flow-build.ts';
import type { Identity } from '../../../electron/core/flows/flow-types.ts';
import { idCheckChar } from '../../../electron/core/flows/flow-validate.ts';

/** The signed demo catalogue imported into a real SQLite file, as the kiosk has it. */
export function openDemoCatalogue(): { service: CatalogueService; store: Store; close(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flows-test-'));
  const store = openStore(path.join(dir, 'kiosk.db'));
  const service = new CatalogueService(store.db, {
    trusted: () => devTrustedKeys(),
    now: () => new Date('2026-11-21T02:00:00Z'),
  });
  service.importPackage(fs.readFileSync(prebuiltDemoPackage()!));
  return {
    service,
    store,
    close() {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A valid ID number (right check digit) for a region and birth date: made up, no real person. */
export function makeId(region: string, birth: string, seq = '123'): string {
  const first = `${region}${birth.replaceAll('-', '')}${seq}`;
  return first + idCheckChar(first);
}

export const TODAY = '2026-11-21';

export function cardIdentity(over: Partial<Identity> = {}): Identity {
  return {
    source: 'card',
    name: '张三丰',
    idNumber: makeId('510703', '1958-03-02'),
    gender: '男',
    birthDate: '1958-03-02',
    address: '四川省绵阳市涪城区临园路1号',
    ...over,
  };
}

export function runOf(service: CatalogueService, kind: 'matter' | 'bundle', id: string): FlowRun {
  return new FlowRun(buildFlow(service, kind, id), {
    today: () => TODAY,
    nowIso: () => '2026-11-21T10:00:00+08:00',
    homeProvince: '51',
  });
}
