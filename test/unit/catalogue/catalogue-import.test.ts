import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CatalogueImportError,
  type RejectReason,
} from '../../../electron/core/catalogue/catalogue-import.ts';
import { generateSigningKey } from '../../../electron/core/catalogue/package-crypto.ts';
import { decodePackage, encodePackage } from '../../../electron/core/catalogue/package-format.ts';
import {
  DEMO_VERSION,
  demoData,
  edKey,
  openCatalogue,
  sign,
  sm2Key,
  type CatalogueFixture,
} from './catalogue-fixture.ts';

let f: CatalogueFixture;
beforeEach(() => {
  f = openCatalogue();
});
afterEach(() => f.close());

function rejected(raw: string | Buffer): CatalogueImportError {
  try {
    f.service.importPackage(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(CatalogueImportError);
    return e as CatalogueImportError;
  }
  throw new Error('package was accepted');
}

/** The catalogue in use must be exactly the one before the bad package. */
function expectPreviousStillServed(reason: RejectReason): void {
  const info = f.service.info();
  expect(info.state?.version).toBe(DEMO_VERSION);
  expect(info.counts.matters).toBe(demoData().matters.length);
  expect(f.service.search('社保').hits.length).toBeGreaterThan(0);
  expect(f.service.matter('renshe.resident-pension-certification').materials.length).toBeGreaterThan(0);
  expect(info.lastImports[0]).toMatchObject({ outcome: 'rejected', reason });
}

describe('package rejection keeps the previous catalogue serving', () => {
  it('bad signature: signed by a key that is not the platform key but claims its id', () => {
    const impostor = { ...generateSigningKey('sm2', sm2Key.keyId) };
    const err = rejected(sign(demoData(), impostor, DEMO_VERSION + 1));
    expect(err.reason).toBe('bad-signature');
    expect(err.message).toContain('签名验证失败');
    expectPreviousStillServed('bad-signature');
  });

  it('bad signature: the manifest was edited after signing (version bumped)', () => {
    const pkg = decodePackage(sign(demoData(), sm2Key, DEMO_VERSION + 1))!;
    const edited = pkg.manifest.replace(`"version":${DEMO_VERSION + 1}`, `"version":${DEMO_VERSION + 9}`);
    expect(edited).not.toBe(pkg.manifest);
    expect(rejected(encodePackage(edited, pkg.signature, pkg.payload)).reason).toBe('bad-signature');
    expectPreviousStillServed('bad-signature');
  });

  it('payload edited after signing: digest mismatch', () => {
    const pkg = decodePackage(sign(demoData(), sm2Key, DEMO_VERSION + 1))!;
    const payload = pkg.payload.toString('utf8').replace('出生登记', '出生登錄');
    expect(rejected(encodePackage(pkg.manifest, pkg.signature, payload)).reason).toBe('digest-mismatch');
    expectPreviousStillServed('digest-mismatch');
  });

  it('unknown key id', () => {
    const other = generateSigningKey('ed25519', 'someone-else');
    expect(rejected(sign(demoData(), other, DEMO_VERSION + 1)).reason).toBe('unknown-key');
    expectPreviousStillServed('unknown-key');
  });

  it('schema error: a matter with an invalid type code and a negative visit count', () => {
    const data = demoData() as unknown as { matters: Record<string, unknown>[] };
    data.matters[0]!.typeCode = 'XK';
    data.matters[1]!.visits = -1;
    const err = rejected(sign(data, sm2Key, DEMO_VERSION + 1));
    expect(err.reason).toBe('schema');
    expect(err.detail).toMatch(/matters\.0\.typeCode/);
    expectPreviousStillServed('schema');
  });

  it('dangling reference: a bundle member and a form field that do not exist', () => {
    const data = demoData();
    data.bundles[0]!.members.push({ matter: 'gongan.no-such-matter', optional: false });
    data.matters[0]!.form.schema.properties['applicant.shoeSize'] = { type: 'string' };
    const err = rejected(sign(data, sm2Key, DEMO_VERSION + 1));
    expect(err.reason).toBe('dangling-reference');
    expect(err.detail).toContain('gongan.no-such-matter');
    expect(err.detail).toContain('applicant.shoeSize');
    expectPreviousStillServed('dangling-reference');
  });

  it('older version (and the same version again)', () => {
    expect(rejected(sign(demoData(), sm2Key, DEMO_VERSION - 1)).reason).toBe('older-version');
    expectPreviousStillServed('older-version');
    expect(rejected(sign(demoData(), sm2Key, DEMO_VERSION)).reason).toBe('older-version');
    expectPreviousStillServed('older-version');
  });

  it('garbage, truncated files and a delta on the wrong base', () => {
    expect(rejected(Buffer.from([0xff, 0xfe, 0x00, 0x12])).reason).toBe('bad-format');
    const good = sign(demoData(), sm2Key, DEMO_VERSION + 1);
    // Cut inside the header, and cut inside the payload (the digest no longer matches).
    expect(rejected(good.subarray(0, 40)).reason).toBe('bad-format');
    expect(rejected(good.subarray(0, good.length / 2)).reason).toBe('digest-mismatch');
    expect(rejected('{"manifest":"{}","payload":"","signature":"00"}').reason).toBe('bad-format');
    const delta = sign({ upsert: {}, remove: { matters: [], bundles: [] } }, sm2Key, DEMO_VERSION + 1, {
      kind: 'delta',
      baseVersion: DEMO_VERSION - 5,
    });
    expect(rejected(delta).reason).toBe('base-mismatch');
    expectPreviousStillServed('base-mismatch');
  });
});

describe('a failure in the middle of the swap', () => {
  it('rolls back everything: half a new catalogue is never served', () => {
    // Matters and materials are already written when the first bundle row fails.
    f.store.db.exec(`CREATE TEMP TRIGGER fail_mid_write BEFORE INSERT ON cat_bundle
      BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END`);
    const data = demoData();
    data.matters[0]!.name = '只在新目录里的名字';
    const err = rejected(sign(data, sm2Key, DEMO_VERSION + 1));
    expect(err.reason).toBe('write-failed');
    expect(err.detail).toContain('simulated');
    f.store.db.exec('DROP TRIGGER temp.fail_mid_write');
    expect(f.service.search('只在新目录里的名字').hits).toEqual([]);
    expectPreviousStillServed('write-failed');
  });
});

describe('accepted packages', () => {
  it('an Ed25519-signed full package replaces the catalogue and keeps local 高频 counts', () => {
    f.service.recordUse('matter', 'gongan.idcard-renew');
    const data = demoData();
    data.matters = data.matters.filter((m) => m.id !== 'gongan.no-crime-proof');
    const r = f.service.importPackage(sign(data, edKey, DEMO_VERSION + 1));
    expect(r).toMatchObject({ version: DEMO_VERSION + 1, matters: data.matters.length });
    expect(f.service.info().state).toMatchObject({ profile: 'ed25519', version: DEMO_VERSION + 1 });
    expect(f.service.search('无犯罪').hits).toEqual([]);
    expect(f.service.browse({ audience: 'personal', frequent: true }).hits[0]?.id).toBe(
      'gongan.idcard-renew',
    );
  });

  it('a delta renames one matter, removes another, and search follows', () => {
    const data = demoData();
    const m = data.matters.find((x) => x.id === 'gongan.residence-permit')!;
    m.name = '居住证申领（含电子居住证）';
    const delta = { upsert: { matters: [m] }, remove: { matters: ['gongan.no-crime-proof'], bundles: [] } };
    f.service.importPackage(
      sign(delta, sm2Key, DEMO_VERSION + 1, { kind: 'delta', baseVersion: DEMO_VERSION }),
    );
    expect(f.service.info().state).toMatchObject({ kind: 'delta', version: DEMO_VERSION + 1 });
    expect(f.service.search('电子居住证').hits[0]?.id).toBe('gongan.residence-permit');
    expect(f.service.search('无犯罪').hits).toEqual([]);
    expect(f.service.info().counts.matters).toBe(data.matters.length - 1);
  });

  it('a delta that removes a matter a bundle still uses is a dangling reference', () => {
    const delta = { upsert: {}, remove: { matters: ['gongan.birth-registration'], bundles: [] } };
    const err = rejected(sign(delta, sm2Key, DEMO_VERSION + 1, { kind: 'delta', baseVersion: DEMO_VERSION }));
    expect(err.reason).toBe('dangling-reference');
    expect(err.detail).toContain('bundle.newborn');
    expectPreviousStillServed('dangling-reference');
  });
});
