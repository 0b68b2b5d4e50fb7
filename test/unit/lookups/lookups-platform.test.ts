import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRig, type Rig } from '../sync/helpers.ts';
import {
  createLookupClient,
  holderIdDigest,
  type LookupClient,
} from '../../../electron/core/lookups/lookups-client.ts';
import { loadLookupData } from '../../../platform/lookups.ts';
import {
  LICENCE_TYPES,
  LicenceRequestSchema,
  MatchRequestSchema,
  type Licence,
  type Policy,
} from '../../../electron/contract/lookups.ts';

// The real dev platform over loopback, an enrolled kiosk (国密 profile: SM3 digests) and its signed
// client: the same path the core takes, nothing mocked.
const ZHANG_WEI = '11010119850312013X'; // demo card 0 (北京东城)
const LI_XIUYING = '64010419491231030X'; // demo card with check letter X
const NOBODY = '110101199001010011';
const loadLookupDataDir = (f: string): string =>
  path.join(import.meta.dirname, '../../../resources/lookups', f);

let rig: Rig;
let lookups: LookupClient;
beforeAll(async () => {
  rig = await makeRig();
  lookups = createLookupClient({
    client: () => rig.svc.client,
    profile: () => rig.svc.identity?.profile ?? null,
  });
});
afterAll(async () => {
  await rig.close();
});

const ids = (r: Policy[] | string): string[] | string => (typeof r === 'string' ? r : r.map((p) => p.id));
const post = (p: string, body: unknown) =>
  rig.svc.client!.json<{ error?: string }>({
    method: 'POST',
    path: p,
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  });

describe('policy matching (POST /v1/policies/match)', () => {
  it('answers the policies of the area and its parents that share a tag, most local first', async () => {
    // 东城区, 85 years old, asking about 养老: the district, Beijing and national policies.
    expect(ids(await lookups.policies({ areaCode: '110101', tags: ['养老'], age: 85 }))).toEqual([
      'POL-110101-001',
      'POL-110000-001',
      'POL-000000-001',
    ]);
    // 70 is too young for Beijing's 高龄津贴 (80+): it is left out, not shown as "maybe".
    expect(ids(await lookups.policies({ areaCode: '110101', tags: ['养老'], age: 70 }))).toEqual([
      'POL-110101-001',
      'POL-000000-001',
    ]);
    // The same topic in 银川: Ningxia's policy and the national one, never Beijing's.
    expect(ids(await lookups.policies({ areaCode: '640104', tags: ['养老'], age: 85 }))).toEqual([
      'POL-640000-001',
      'POL-000000-001',
    ]);
  });

  it('ranks by shared tags first and is deterministic', async () => {
    const q = { areaCode: '110101', tags: ['津贴', '老年人'], age: 85 };
    const first = await lookups.policies(q);
    // Two shared tags beat one; among equals a policy whose conditions were all checked comes before
    // one with a condition left open (残疾人 补贴: no 人员类别 given), then the more local one.
    expect(ids(first)).toEqual(['POL-110000-001', 'POL-110101-001', 'POL-000000-001', 'POL-000000-002']);
    expect((first as Policy[]).map((p) => p.eligibility)).toEqual(['met', 'met', 'met', 'check']);
    expect((first as Policy[])[0]).toMatchObject({
      title: '北京市高龄老年人津贴',
      url: 'https://policies.example/POL-110000-001',
      matchedTags: ['老年人', '津贴'],
      eligibility: 'met',
    });
    expect(await lookups.policies({ ...q, tags: ['老年人', '津贴'] })).toEqual(first);
  });

  it('leaves an unchecked condition to staff and applies 人员类别 when given', async () => {
    const unknownAge = (await lookups.policies({ areaCode: '110101', tags: ['助餐'] })) as Policy[];
    expect(unknownAge.map((p) => [p.id, p.eligibility])).toEqual([['POL-110101-001', 'check']]);
    expect(
      ids(await lookups.policies({ areaCode: '110101', tags: ['救助'], categories: ['残疾人'] })),
    ).toEqual(['POL-000000-002']);
  });

  it('answers none for other areas and other topics', async () => {
    expect(await lookups.policies({ areaCode: '310101', tags: ['低保'], categories: ['低保'] })).toEqual([]);
    expect(await lookups.policies({ areaCode: '110101', tags: ['不存在的主题'] })).toEqual([]);
    expect(await lookups.policies({ areaCode: '450103', tags: ['高龄'], age: 85 })).toEqual([]);
  });

  it('refuses a bad body with 400 and says what is wrong', async () => {
    const bad = await post('/v1/policies/match', { areaCode: '北京', tags: ['养老'] });
    expect(bad.status).toBe(400);
    expect(bad.data?.error).toMatch(/areaCode/);
    const extra = await post('/v1/policies/match', { areaCode: '110101', tags: [], idNumber: ZHANG_WEI });
    expect(extra.status).toBe(400);
    expect((await post('/v1/policies/match', '{not json')).status).toBe(400);
  });
});

describe('e-licence lookup (POST /v1/licences/lookup)', () => {
  const digest = (id: string): string => holderIdDigest(rig.svc.identity!.profile, id);

  it("finds the demo holder's licences by the SM3 digest of the ID number, numbers masked", async () => {
    expect(rig.svc.identity!.profile.hashName).toBe('sm3');
    const all = (await lookups.licences({
      licenceType: 'all',
      idNumber: ZHANG_WEI,
      consentReceipt: 'consent-101',
    })) as Licence[];
    expect(all.map((l) => [l.type, l.name, l.status])).toEqual([
      ['marriage-certificate', '结婚证', 'valid'],
      ['property-certificate', '不动产权证书', 'valid'],
      ['business-licence', '营业执照', 'valid'],
    ]);
    const marriage = all[0]!;
    expect(marriage).toMatchObject({ numberMasked: true, issuer: '北京市东城区民政局', validUntil: null });
    expect(marriage.number).toMatch(/^J1\*+4512$/);
    // A 统一社会信用代码 is public: shown in full.
    expect(all[2]).toMatchObject({ number: '92110101MA01ABCD3X', numberMasked: false });

    const one = (await lookups.licences({
      licenceType: 'marriage-certificate',
      idNumber: ZHANG_WEI.toLowerCase(), // a lower-case check letter names the same person
      consentReceipt: 'consent-102',
    })) as Licence[];
    expect(one.map((l) => l.type)).toEqual(['marriage-certificate']);

    const li = (await lookups.licences({
      licenceType: 'business-licence',
      idNumber: LI_XIUYING,
      consentReceipt: 'consent-103',
    })) as Licence[];
    expect(li).toMatchObject([{ validUntil: '2020-12-31', status: 'expired' }]);
  });

  it('a kiosk enrolled with the international profile asks by SHA-256 and finds the same licences', async () => {
    const intl = await makeRig({ profile: 'intl' });
    try {
      expect(intl.svc.identity!.profile.hashName).toBe('sha256');
      const c = createLookupClient({
        client: () => intl.svc.client,
        profile: () => intl.svc.identity?.profile ?? null,
      });
      const r = (await c.licences({
        licenceType: 'all',
        idNumber: ZHANG_WEI,
        consentReceipt: 'consent-900',
      })) as Licence[];
      expect(r.map((l) => l.type)).toEqual([
        'marriage-certificate',
        'property-certificate',
        'business-licence',
      ]);
    } finally {
      await intl.close();
    }
  });

  it('answers an empty list for a holder it does not know', async () => {
    expect(
      await lookups.licences({ licenceType: 'all', idNumber: NOBODY, consentReceipt: 'consent-104' }),
    ).toEqual([]);
  });

  it('refuses bad bodies with 400: unknown type, no consent, a clear ID number, the wrong digest', async () => {
    const good = {
      licenceType: 'all',
      holderIdDigest: digest(ZHANG_WEI),
      digestAlg: 'sm3',
      consentReceipt: 'consent-105',
    };
    const cases: [unknown, RegExp][] = [
      [{ ...good, licenceType: 'passport' }, /licenceType/],
      [{ ...good, consentReceipt: undefined }, /consentReceipt/],
      [{ ...good, holderIdDigest: ZHANG_WEI }, /holderIdDigest/],
      [{ ...good, idNumber: ZHANG_WEI }, /invalid licence lookup request/],
      [{ ...good, digestAlg: 'sha256' }, /digestAlg/],
      ['[]', /invalid licence lookup request/],
      ['{"licenceType":', /not JSON/],
    ];
    for (const [body, why] of cases) {
      const r = await post('/v1/licences/lookup', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.data?.error).toMatch(why);
    }
  });

  it('answers 404 for a helper it does not have', async () => {
    expect((await post('/v1/licences/renew', {})).status).toBe(404);
  });

  it('refuses demo data that breaks the schema instead of half-loading it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lookups-data-'));
    try {
      fs.copyFileSync(loadLookupDataDir('policies.json'), path.join(dir, 'policies.json'));
      fs.writeFileSync(
        path.join(dir, 'licences.json'),
        JSON.stringify({ holders: [{ idDigests: { sm3: ZHANG_WEI, sha256: ZHANG_WEI }, licences: [] }] }),
      );
      expect(() => loadLookupData(dir)).toThrow(/sm3|sha256|Invalid/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers only signed requests from an enrolled kiosk', async () => {
    const r = await fetch(`${rig.platform.url}/v1/licences/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        licenceType: 'all',
        holderIdDigest: digest(ZHANG_WEI),
        digestAlg: 'sm3',
        consentReceipt: 'consent-106',
      }),
    });
    expect(r.status).toBe(401);
  });

  it('logs every lookup (kiosk, time, type, count, consent) and no ID number or digest anywhere', async () => {
    const before = Date.now();
    await lookups.licences({
      licenceType: 'property-certificate',
      idNumber: ZHANG_WEI,
      consentReceipt: 'consent-200',
    });
    const rows = rig.platform.db
      .prepare('SELECT * FROM licence_access WHERE consent_receipt = ?')
      .all('consent-200') as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kiosk_id: 'TEST-0001', licence_type: 'property-certificate', found: 1 });
    expect(rows[0]!.at as number).toBeGreaterThanOrEqual(before - 1000);
    // Earlier lookups of this suite are logged as well (one row each, refused bodies none).
    const n = rig.platform.db.prepare('SELECT COUNT(*) AS n FROM licence_access').get() as { n: number };
    expect(n.n).toBe(5);
    // The raw platform database (and its WAL) holds neither the ID numbers nor their digests.
    rig.platform.db.pragma('wal_checkpoint(PASSIVE)');
    const dir = path.join(rig.dir, 'platform');
    const raw = Buffer.concat(
      fs
        .readdirSync(dir)
        .filter((f) => f.startsWith('platform.db'))
        .map((f) => fs.readFileSync(path.join(dir, f))),
    );
    for (const id of [ZHANG_WEI, LI_XIUYING, NOBODY]) {
      expect(raw.includes(id)).toBe(false);
      expect(raw.includes(digest(id))).toBe(false);
    }
  });

  it('the demo register in resources/ holds digests only, never an ID number', () => {
    const text = fs.readFileSync(
      path.join(import.meta.dirname, '../../../resources/lookups/licences.json'),
      'utf8',
    );
    expect(text).not.toMatch(/\d{17}[\dXx]/);
    expect(loadLookupData().holders.get(`sm3:${digest(ZHANG_WEI)}`)).toHaveLength(3);
  });
});

describe('kiosk side without a usable platform', () => {
  const card = { licenceType: 'all' as const, idNumber: ZHANG_WEI, consentReceipt: 'consent-300' };

  it('not enrolled (no client): a plain refusal, nothing asked', async () => {
    const off = createLookupClient({ client: () => null, profile: () => null });
    expect(await off.policies({ areaCode: '110101', tags: ['养老'] })).toBe('lookups.err.offline');
    expect(await off.licences(card)).toBe('lookups.err.offline');
  });

  it('no answer in time, or a 500: the same refusal, never a partial list', async () => {
    const slow = createLookupClient({
      client: () => rig.svc.client,
      profile: () => rig.svc.identity!.profile,
      timeoutMs: 100,
    });
    rig.platform.faults.delayMs = 400;
    try {
      expect(await slow.policies({ areaCode: '110101', tags: ['养老'] })).toBe('lookups.err.offline');
    } finally {
      rig.platform.faults.delayMs = 0;
    }
    rig.platform.faults.status500 = 1;
    expect(await lookups.licences(card)).toBe('lookups.err.offline');
    expect(rig.platform.faults.status500).toBe(0);
  });

  it('a platform that is gone: offline refusal', async () => {
    const gone = await makeRig();
    const client = createLookupClient({
      client: () => gone.svc.client,
      profile: () => gone.svc.identity!.profile,
      timeoutMs: 2000,
    });
    await gone.platform.close();
    expect(await client.licences(card)).toBe('lookups.err.offline');
    await gone.svc.stop();
    gone.store.close();
    fs.rmSync(gone.dir, { recursive: true, force: true });
  });
});

describe('api/openapi.yaml', () => {
  it('specifies both helpers as implemented, with the fields and answers the platform uses', () => {
    const text = fs.readFileSync(path.join(import.meta.dirname, '../../../api/openapi.yaml'), 'utf8');
    const section = (from: string, to: string): string => text.slice(text.indexOf(from), text.indexOf(to));
    const match = section('  /v1/policies/match:', '  /v1/licences/lookup:');
    const licences = section('  /v1/licences/lookup:', '  /v1/identity/');
    for (const s of [match, licences]) {
      expect(s).not.toMatch(/501|not implemented/i);
      for (const code of ['200', '400', '401', '404', '503']) expect(s).toContain(`'${code}':`);
    }
    for (const k of Object.keys(MatchRequestSchema.shape)) expect(match).toContain(`${k}:`);
    for (const k of Object.keys(LicenceRequestSchema.shape)) expect(licences).toContain(`${k}:`);
    expect(licences).toContain(`enum: [all, ${LICENCE_TYPES.join(', ')}]`);
  });
});
