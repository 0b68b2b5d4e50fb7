import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/core.ts';
import type { Envelope } from '../../../electron/contract/index.ts';
import type { FlowView } from '../../../electron/contract/flows.ts';
import { idCheckChar } from '../../../electron/core/flows/flow-validate.ts';
import type { DevPlatform } from '../../../platform/dev-platform.ts';
import { readStoredApplication } from './stored-application.ts';
import { makeTestCore } from '../helpers/test-core.ts';

// 从电子证照调取 in the materials step: a real core (SQLite, demo card reader) enrolled with a real
// dev platform, whose licence register (resources/lookups/licences.json) answers the lookup.
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const ZHANG_WEI = 0; // 结婚证, 不动产权证书, 营业执照 (all valid)
const LI_XIUYING = 2; // 营业执照 expired 2020-12-31

interface Rig {
  core: Core;
  platform: DevPlatform | null;
  dataDir: string;
}

async function kiosk(o: { enrolled: boolean }): Promise<Rig> {
  const t = await makeTestCore(o.enrolled ? { enrolAs: 'ELIC-0001' } : {});
  cleanups.push(t.cleanup);
  return t;
}

async function call<T = FlowView>(c: Core, name: string, payload: object = {}): Promise<T> {
  const env = (await c.dispatch(name, payload, { shell: 'web' })) as Envelope;
  if (!env.ok) throw new Error(`${name}: ${JSON.stringify(env.error)}`);
  return env.value as T;
}

async function readCard(c: Core, card: number): Promise<void> {
  await call(c, 'idcard.simulate.insert', { card });
  await call(c, 'idcard.watch', { on: true });
  for (let i = 0; i < 150; i++) {
    const cur = await call<{ card: { idNumber: string } | null }>(c, 'idcard.current');
    if (cur.card) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('card not read');
}

const material = (v: FlowView, key: string) => v.materials.find((m) => m.key === key)!;
const fetch = (c: Core, key: string) => call(c, 'flow.material', { key, action: 'elicence', consent: true });
const accessRows = (p: DevPlatform) =>
  p.db.prepare('SELECT licence_type, found FROM licence_access ORDER BY rowid').all();

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(120, 7),
]).toString('base64');
const JPEG = Buffer.alloc(200, 9).toString('base64');

describe('materials: 从电子证照调取', () => {
  it('attaches the applicant’s 结婚证 as a reference after consent; the stored and relayed application carry it', async () => {
    const { core, platform, dataDir } = await kiosk({ enrolled: true });
    await call(core, 'session.start');
    await readCard(core, ZHANG_WEI);
    let v = await call(core, 'flow.start', { kind: 'matter', id: 'weijian.birth-registration' });
    expect(material(v, 'marriage-cert')).toMatchObject({
      licenceType: 'marriage-certificate',
      licence: null,
    });
    // The ID card's e-licence is not one the lookup serves: photo only.
    expect(material(v, 'parents-idcard').licenceType).toBeNull();

    v = await call(core, 'flow.next');
    const values = {
      'father.name': '张伟',
      'father.idNumber': '11010519491231002X',
      'mother.name': '李梅',
      'mother.idNumber': `11010119900101124${idCheckChar('11010119900101124')}`,
      'applicant.phone': '13800001234',
    };
    for (let i = 0; i < 5 && v.step.kind === 'form'; i++) v = await call(core, 'flow.next', { values });
    expect(v.errors).toEqual({});
    expect(v.step.kind).toBe('materials');
    v = await call(core, 'flow.next');
    expect(v.errors['marriage-cert']).toBe('flows.err.materialMissing');

    v = await fetch(core, 'marriage-cert');
    const m = material(v, 'marriage-cert');
    expect(v.errors).not.toHaveProperty('marriage-cert');
    expect(m.status).toBe('elicence');
    expect(m.licence).toMatchObject({
      type: 'marriage-certificate',
      name: '结婚证',
      numberMasked: true,
      issuer: '北京市东城区民政局',
      issuedOn: '2012-05-20',
      validUntil: null,
      status: 'valid',
    });
    // Masked: the full certificate number never reaches the screen.
    expect(m.licence!.number).not.toContain('2012-004512');
    expect(m.licence!.number).toMatch(/\*/);

    // The consent is on the kiosk's audit chain; the platform logged one lookup of that type.
    const consent = core.audit.recent(20).find((a) => a.kind === 'consent.decision');
    expect(consent).toMatchObject({
      actor: 'resident',
      details: { purpose: 'e-licence-lookup', licenceType: 'marriage-certificate', granted: true },
    });
    expect(accessRows(platform!)).toEqual([{ licence_type: 'marriage-certificate', found: 1 }]);
    // The attached reference names that consent, as the platform's access log does.
    expect(m.licence!.consentReceipt).toBe(`consent-${(consent as { seq: number }).seq}`);
    expect(
      platform!.db.prepare('SELECT consent_receipt AS r FROM licence_access').all() as { r: string }[],
    ).toEqual([{ r: m.licence!.consentReceipt }]);

    await call(core, 'flow.material', {
      key: 'parents-idcard',
      action: 'photo',
      mime: 'image/jpeg',
      data: JPEG,
    });
    v = await call(core, 'flow.next');
    expect(v.step.kind).toBe('sign');
    await call(core, 'flow.sign', { png: PNG });
    v = await call(core, 'flow.next');
    expect(v.step.kind).toBe('review');
    const sub = await call<{ receiptNo: string }>(core, 'flow.submit');

    const stored = readStoredApplication(dataDir, sub.receiptNo)!;
    const rec = stored.record.materials.find((x) => x.key === 'marriage-cert')!;
    expect(rec).toMatchObject({
      status: 'elicence',
      licence: {
        type: 'marriage-certificate',
        name: '结婚证',
        number: m.licence!.number,
        numberMasked: true,
        issuer: '北京市东城区民政局',
        validUntil: null,
      },
    });
    expect(rec.attachment).toBeUndefined();
    // A reference, not a photo: only the ID card photo and the signature are attachments.
    expect(stored.attachments.map((a) => a.kind)).toEqual(['parents-idcard', 'signature']);

    // Relayed to the platform, the application still names the licence.
    let payload: { application: { materials: { key: string; licence?: unknown }[] } } | null = null;
    for (let i = 0; i < 50 && !payload; i++) {
      await call(core, 'sync.now');
      const row = platform!.db.prepare('SELECT payload FROM application').get() as
        { payload: string } | undefined;
      if (row) payload = JSON.parse(row.payload) as typeof payload;
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(payload!.application.materials.find((x) => x.key === 'marriage-cert')?.licence).toEqual(
      rec.licence,
    );
  });

  it('an expired 营业执照 is shown as expired and not accepted; the photo path stays open', async () => {
    const { core } = await kiosk({ enrolled: true });
    await call(core, 'session.start');
    await readCard(core, LI_XIUYING);
    await call(core, 'flow.start', { kind: 'matter', id: 'shuiwu.tax-clearance' });
    let v = await fetch(core, 'business-license');
    expect(v.errors['business-license']).toBe('flows.err.elicenceExpired');
    expect(material(v, 'business-license')).toMatchObject({
      status: 'missing',
      licence: { type: 'business-licence', status: 'expired', validUntil: '2020-12-31' },
    });
    v = await call(core, 'flow.material', {
      key: 'business-license',
      action: 'photo',
      mime: 'image/jpeg',
      data: JPEG,
    });
    expect(material(v, 'business-license')).toMatchObject({ status: 'photo', licence: null });
  });

  it('asks nothing when the card last read is not the applicant’s (代办: the agent’s card)', async () => {
    const { core, platform } = await kiosk({ enrolled: true });
    await call(core, 'session.start');
    await readCard(core, ZHANG_WEI);
    await call(core, 'flow.start', { kind: 'matter', id: 'weijian.birth-registration' });
    await call(core, 'idcard.simulate.remove');
    await readCard(core, LI_XIUYING);
    for (let i = 0; i < 150; i++) {
      const cur = await call<{ card: { name: string } | null }>(core, 'idcard.current');
      if (cur.card?.name === '李秀英') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const v = await fetch(core, 'marriage-cert');
    expect(v.errors['marriage-cert']).toBe('flows.err.elicenceHolder');
    expect(material(v, 'marriage-cert').status).toBe('missing');
    expect(accessRows(platform!)).toEqual([]);
    expect(core.audit.recent(20).some((a) => a.kind === 'consent.decision')).toBe(false);
  });

  it('offline (no platform): a plain refusal, the material stays to be photographed', async () => {
    const { core } = await kiosk({ enrolled: false });
    await call(core, 'session.start');
    await readCard(core, ZHANG_WEI);
    await call(core, 'flow.start', { kind: 'matter', id: 'weijian.birth-registration' });
    const v = await fetch(core, 'marriage-cert');
    expect(v.errors['marriage-cert']).toBe('lookups.err.offline');
    expect(material(v, 'marriage-cert')).toMatchObject({ status: 'missing', licence: null });
    // A material the lookup does not serve is refused at the core too.
    expect((await fetch(core, 'parents-idcard')).errors['parents-idcard']).toBe('flows.err.materialMissing');
  });
});
