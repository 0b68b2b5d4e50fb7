import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/core.ts';
import type { Envelope } from '../../../electron/contract/index.ts';
import type { DevPlatform } from '../../../platform/dev-platform.ts';
import { zhCN } from '../../../renderer/src/i18n/zh-CN.ts';
import { en } from '../../../renderer/src/i18n/en.ts';
import { makeTestCore } from '../helpers/test-core.ts';

// A real core (demo devices, SQLite in a temp folder) enrolled with a real dev platform: the
// contract calls a screen would make, with the ID card read from the demo reader.
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const ZHANG_WEI_CARD = 0; // demo deck: 张伟, 北京东城

async function kiosk(o: { enrolled: boolean }): Promise<{ core: Core; platform: DevPlatform | null }> {
  const t = await makeTestCore(o.enrolled ? { enrolAs: 'LOOKUP-0001' } : {});
  cleanups.push(t.cleanup);
  return t;
}

const call = (c: Core, name: string, payload: object = {}): Promise<Envelope> =>
  c.dispatch(name, payload, { shell: 'web' });

async function readCard(c: Core, card: number): Promise<void> {
  await call(c, 'session.start');
  const read = new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no idcard.read')), 5000);
    const off = c.subscribe((n) => {
      if (n === 'idcard.read') {
        clearTimeout(t);
        off();
        resolve();
      }
    });
  });
  expect(await call(c, 'idcard.simulate.insert', { card })).toMatchObject({ ok: true });
  await call(c, 'idcard.watch', { on: true });
  await read;
}

describe('lookups.* contract calls', () => {
  it("lookups.licences answers the licences of the card read in this session, after the resident's consent", async () => {
    const { core, platform } = await kiosk({ enrolled: true });
    // No card read yet: nothing is asked.
    expect(await call(core, 'lookups.licences', { licenceType: 'all', consent: true })).toEqual({
      ok: true,
      value: { ok: false, messageKey: 'lookups.err.noCard' },
    });
    expect(platform!.db.prepare('SELECT COUNT(*) AS n FROM licence_access').get()).toEqual({ n: 0 });

    await readCard(core, ZHANG_WEI_CARD);
    const r = (await call(core, 'lookups.licences', { licenceType: 'all', consent: true })) as {
      ok: true;
      value: { ok: true; licences: { name: string; number: string }[] };
    };
    expect(r.value.ok).toBe(true);
    expect(r.value.licences.map((l) => l.name)).toEqual(['结婚证', '不动产权证书', '营业执照']);

    // The kiosk's audit chain has the consent and the answer; the platform logged the same receipt.
    const audit = core.audit.recent(10);
    const consent = audit.find((a) => a.kind === 'consent.decision');
    const answer = audit.find((a) => a.kind === 'lookups.licence');
    expect(consent).toMatchObject({
      actor: 'resident',
      details: { purpose: 'e-licence-lookup', licenceType: 'all', granted: true },
    });
    expect(answer?.details).toEqual({
      consentReceipt: `consent-${consent!.seq}`,
      outcome: 'answered',
      found: 3,
    });
    expect(
      platform!.db.prepare('SELECT kiosk_id, licence_type, found, consent_receipt FROM licence_access').all(),
    ).toEqual([
      {
        kiosk_id: 'LOOKUP-0001',
        licence_type: 'all',
        found: 3,
        consent_receipt: `consent-${consent!.seq}`,
      },
    ]);
  });

  it('refuses a licence lookup without consent at the contract', async () => {
    const { core } = await kiosk({ enrolled: true });
    const r = await call(core, 'lookups.licences', { licenceType: 'all' });
    expect(r).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
  });

  it('lookups.policies answers the matching policies', async () => {
    const { core } = await kiosk({ enrolled: true });
    const r = (await call(core, 'lookups.policies', { areaCode: '110101', tags: ['养老'], age: 85 })) as {
      ok: true;
      value: { ok: true; policies: { id: string }[] };
    };
    expect(r.value.policies.map((p) => p.id)).toEqual(['POL-110101-001', 'POL-110000-001', 'POL-000000-001']);
  });

  it('a kiosk that is not enrolled answers a plain refusal with a message in every catalogue', async () => {
    const { core } = await kiosk({ enrolled: false });
    await readCard(core, ZHANG_WEI_CARD);
    for (const [name, req] of [
      ['lookups.policies', { areaCode: '110101', tags: ['养老'] }],
      ['lookups.licences', { licenceType: 'marriage-certificate', consent: true }],
    ] as const) {
      expect(await call(core, name, req)).toEqual({
        ok: true,
        value: { ok: false, messageKey: 'lookups.err.offline' },
      });
    }
    expect(core.audit.recent(20).some((a) => a.kind === 'lookups.licence')).toBe(false);
    for (const key of [
      'lookups.err.offline',
      'lookups.err.unavailable',
      'lookups.err.refused',
      'lookups.err.noCard',
    ] as const) {
      expect(zhCN[key]).toMatch(/[\u4e00-\u9fff]/);
      expect(en[key]).toMatch(/[a-z]/);
    }
  });
});
