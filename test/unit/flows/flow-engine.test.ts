import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holds, ageOn } from '../../../electron/core/flows/flow-conditions.ts';
import { buildFlow } from '../../../electron/core/flows/flow-build.ts';
import { buildSubmission } from '../../../electron/core/flows/flow-submission.ts';
import type { FlowRun } from '../../../electron/core/flows/flow-run.ts';
import type { CatalogueService } from '../../../electron/core/catalogue/catalogue-service.ts';
import type { LicenceRef } from '../../../electron/contract/flows.ts';
import { cardIdentity, makeId, openDemoCatalogue, runOf, TODAY } from './flow-fixture.ts';

let cat: ReturnType<typeof openDemoCatalogue>;
let service: CatalogueService;
beforeAll(() => {
  cat = openDemoCatalogue();
  service = cat.service;
});
afterAll(() => cat.close());

const stepIds = (r: FlowRun): string[] => r.visibleSteps().map((s) => s.id);
/** Taps 下一步 until the flow stands on a step of that kind (or cannot move). */
const advanceTo = (r: FlowRun, kind: string): void => {
  while (r.step.kind !== kind && r.next().moved);
  expect(r.step.kind).toBe(kind);
};

describe('conditions', () => {
  it('compare answers and facts; unknown facts are false, not() of them true', () => {
    const facts = { 'applicant.type': '法人', '$applicant.age': 61, $proxy: false, empty: '' };
    expect(holds({ key: 'applicant.type', eq: '法人' }, facts)).toBe(true);
    expect(holds({ key: 'applicant.type', eq: '个人' }, facts)).toBe(false);
    expect(holds({ key: '$applicant.age', gte: 60 }, facts)).toBe(true);
    expect(holds({ key: '$applicant.age', lt: 60 }, facts)).toBe(false);
    expect(holds({ key: '$proxy', eq: true }, facts)).toBe(false);
    expect(holds({ key: 'missing', eq: 'x' }, facts)).toBe(false);
    expect(holds({ not: { key: 'missing', eq: 'x' } }, facts)).toBe(true);
    expect(holds({ key: 'empty', present: false }, facts)).toBe(true);
    expect(holds({ key: 'applicant.type', in: ['个人', '法人'] }, facts)).toBe(true);
    expect(
      holds(
        {
          all: [
            { key: 'applicant.type', eq: '法人' },
            {
              any: [
                { key: '$proxy', eq: true },
                { key: '$applicant.age', gte: 18 },
              ],
            },
          ],
        },
        facts,
      ),
    ).toBe(true);
  });

  it('counts age the way residents do (birthday not yet reached this year)', () => {
    expect(ageOn('1966-11-22', TODAY)).toBe(59);
    expect(ageOn('1966-11-21', TODAY)).toBe(60);
  });

  it('个人/法人: the enterprise fields appear only after the resident answers 法人', () => {
    const run = runOf(service, 'matter', 'shichang.individual-business');
    run.identify('applicant', cardIdentity());
    const form = run.visibleSteps().find((s) => s.kind === 'form')!;
    const keys = () => run.visibleFields(form).map((f) => f.key);
    expect(keys()).toContain('applicant.type');
    expect(keys()).not.toContain('company.creditCode');
    run.setAnswers({ 'applicant.type': '法人' });
    expect(keys()).toContain('company.creditCode');
    run.setAnswers({ 'applicant.type': '个人' });
    expect(keys()).not.toContain('company.creditCode');
  });

  it('age from the card: a 16-year-old brings the photo receipt, a 15-year-old does not', () => {
    const run = runOf(service, 'matter', 'renshe.ss-card-apply');
    const has = () => run.visibleMaterials().some((m) => m.key === 'photo-receipt');
    run.identify(
      'applicant',
      cardIdentity({ birthDate: '2010-11-21', idNumber: makeId('510703', '2010-11-21') }),
    );
    expect(has()).toBe(true);
    run.identify(
      'applicant',
      cardIdentity({ birthDate: '2010-11-22', idNumber: makeId('510703', '2010-11-22') }),
    );
    expect(has()).toBe(false);
  });

  it('户籍 in this province: the 居住证 is asked only of a resident whose ID is from elsewhere', () => {
    const run = runOf(service, 'matter', 'jiaoyu.migrant-children');
    const has = () => run.visibleMaterials().some((m) => m.key === 'residence-permit');
    run.identify('applicant', cardIdentity());
    expect(has()).toBe(false);
    run.identify('applicant', cardIdentity({ idNumber: makeId('330106', '1985-05-05') }));
    expect(has()).toBe(true);
  });

  it('an answer shows a field: 邮政寄递 asks for a postal address, 窗口领取 does not', () => {
    const run = runOf(service, 'matter', 'renshe.ss-card-apply');
    const form = run.def.steps.find((s) => s.fields.includes('matter.pickup'))!;
    const keys = () => run.visibleFields(form).map((f) => f.key);
    expect(keys()).not.toContain('applicant.address');
    run.setAnswers({ 'matter.pickup': '邮政寄递' });
    expect(keys()).toContain('applicant.address');
  });

  it('代办: the authorisation is a material only when acting for someone else', () => {
    const run = runOf(service, 'matter', 'gongan.birth-registration');
    const has = () => run.visibleMaterials().some((m) => m.key === 'agent-authorization');
    expect(has()).toBe(false);
    run.setProxy(true);
    expect(has()).toBe(true);
  });

  it('the face step exists only for matters that require it; manual ID entry only where none does', () => {
    const pension = runOf(service, 'matter', 'renshe.resident-pension-certification');
    expect(stepIds(pension)).toContain('face');
    expect(pension.identify('applicant', { ...cardIdentity(), source: 'manual' })).toBe('flows.err.identity');
    const chronic = runOf(service, 'matter', 'yibao.chronic-disease');
    expect(stepIds(chronic)).not.toContain('face');
    expect(chronic.identify('applicant', { ...cardIdentity(), source: 'manual' })).toBeNull();
  });
});

describe('bundle merge (新生儿出生一件事)', () => {
  it('asks each shared field once and lists each material once, against the sum of its members', () => {
    const def = buildFlow(service, 'bundle', 'bundle.newborn');
    const memberFields = def.members.flatMap((m) => m.fields);
    const memberMaterials = def.members.flatMap((m) => m.materials);
    expect(def.totals.fields).toBe(memberFields.length);
    expect(def.totals.materials).toBe(memberMaterials.length);
    const formKeys = def.steps.filter((s) => s.kind === 'form').flatMap((s) => s.fields);
    expect(new Set(formKeys).size).toBe(formKeys.length);
    expect(new Set(formKeys)).toEqual(new Set(memberFields));
    expect(formKeys.length).toBeLessThan(memberFields.length);
    const matKeys = def.materials.map((m) => m.key);
    expect(new Set(matKeys).size).toBe(matKeys.length);
    expect(new Set(matKeys)).toEqual(new Set(memberMaterials));
    expect(matKeys.length).toBeLessThan(memberMaterials.length);
    // Shared: the newborn's name is asked by all five members but appears once, used by all.
    expect(def.fields['newborn.name']!.usedBy.length).toBeGreaterThanOrEqual(3);
    // Member-specific questions are kept: 出生医学证明编号 only 出生登记 asks.
    expect(def.fields['newborn.birthCertNo']!.usedBy).toEqual(['gongan.birth-registration']);
    expect(def.members).toHaveLength(5);
  });

  it('a material is required when any member requires it and deferrable only when every member allows', () => {
    const def = buildFlow(service, 'bundle', 'bundle.newborn');
    const marriage = def.materials.find((m) => m.key === 'marriage-cert')!;
    // optional for 出生医学证明, required for 出生登记
    expect(marriage.required).toBe(true);
    expect(marriage.usedBy).toEqual(['weijian.birth-medical-certificate', 'gongan.birth-registration']);
  });

  it('one submission carries a sub-application per member with its own fields and materials', () => {
    const run = runOf(service, 'bundle', 'bundle.newborn');
    run.identify(
      'applicant',
      cardIdentity({ name: '李梅', gender: '女', idNumber: makeId('510703', '1992-04-04') }),
    );
    run.setAnswers({ 'newborn.name': '李小宝', 'applicant.phone': '13800001234' });
    const { record } = buildSubmission(run, 'R-TEST-1', '2026-11-21T10:00:00+08:00');
    expect(record.subApplications.map((s) => s.matterId)).toEqual(run.def.members.map((m) => m.id));
    const vac = record.subApplications.find((s) => s.matterId === 'weijian.vaccination-certificate')!;
    expect(vac.fields['newborn.name']).toBe('李小宝');
    expect(vac.materials).toEqual(['birth-cert', 'vaccine-book']);
    const ss = record.subApplications.find((s) => s.matterId === 'renshe.ss-card-apply')!;
    expect(Object.keys(ss.fields)).not.toContain('newborn.name');
  });
});

describe('walking a flow', () => {
  const fillPension = (run: FlowRun) => {
    run.identify('applicant', cardIdentity());
    expect(run.next().moved).toBe(true); // identify → face
    run.face = { result: 'passed', at: '2026-11-21T10:00:00+08:00' };
    expect(run.next().moved).toBe(true); // face → form
  };

  it('refuses to move on with errors and keeps answers when going back and forth', () => {
    const run = runOf(service, 'matter', 'yibao.chronic-disease');
    expect(run.next()).toEqual({ moved: false, errors: { applicant: 'flows.err.identity' } });
    run.identify('applicant', cardIdentity());
    expect(run.next().moved).toBe(true);
    expect(run.step.kind).toBe('form');
    // Prefilled from the card.
    expect(run.answers.get('applicant.name')).toBe('张三丰');
    const r = run.next();
    expect(r.moved).toBe(false);
    expect(r.errors).toEqual({ 'applicant.phone': 'flows.err.required' });
    run.setAnswers({ 'applicant.phone': '13912345678' });
    expect(run.next().moved).toBe(true);
    expect(run.next().errors).toEqual({ 'matter.reason': 'flows.err.required' });
    run.setAnswers({ 'matter.reason': '高血压' });
    expect(run.next().moved).toBe(true);
    expect(run.step.kind).toBe('materials');
    expect(run.back()).toBe(true);
    expect(run.step.kind).toBe('form');
    expect(run.answers.get('matter.reason')).toBe('高血压');
    while (run.back());
    expect(run.step.kind).toBe('identify');
    expect(run.answers.get('applicant.phone')).toBe('13912345678');
    advanceTo(run, 'materials');
  });

  it('a field hidden by a later answer keeps its value but is not submitted', () => {
    const run = runOf(service, 'matter', 'renshe.ss-card-apply');
    run.identify('applicant', cardIdentity());
    run.setAnswers({ 'matter.pickup': '邮政寄递', 'applicant.address': '绵阳市涪城区1号' });
    run.setAnswers({ 'matter.pickup': '窗口领取' });
    expect(run.answers.get('applicant.address')).toBe('绵阳市涪城区1号');
    expect(
      buildSubmission(run, 'R-1', '2026-11-21T10:00:00+08:00').record.fields['applicant.address'],
    ).toBeUndefined();
    run.setAnswers({ 'matter.pickup': '邮政寄递' });
    expect(buildSubmission(run, 'R-1', '2026-11-21T10:00:00+08:00').record.fields['applicant.address']).toBe(
      '绵阳市涪城区1号',
    );
  });

  it('the card owns name and ID number; a tampered answer for them or an unknown key is refused', () => {
    const run = runOf(service, 'matter', 'yibao.chronic-disease');
    run.identify('applicant', cardIdentity());
    run.setAnswers({ 'applicant.name': '别人' });
    expect(run.answers.get('applicant.name')).toBe('张三丰');
    expect(() => run.setAnswers({ 'evil.key': 'x' })).toThrow(RangeError);
  });

  it('from review, editing a section returns straight to review', () => {
    const run = runOf(service, 'matter', 'renshe.resident-pension-certification');
    fillPension(run);
    run.setAnswers({ 'applicant.phone': '13912345678' });
    expect(run.next().moved).toBe(true); // form → sign (idcard material is covered by the card)
    expect(run.step.kind).toBe('sign');
    run.signature = { png: Buffer.from('png'), signedAt: '2026-11-21T10:01:00+08:00' };
    expect(run.next().moved).toBe(true);
    expect(run.step.kind).toBe('review');
    const form = run.visibleSteps().find((s) => s.kind === 'form')!;
    expect(run.goto(form.id)).toBe(true);
    run.setAnswers({ 'applicant.phone': '13700000000' });
    expect(run.next().moved).toBe(true);
    expect(run.step.kind).toBe('review');
    expect(run.validate(run.step)).toEqual({});
  });

  it('cannot jump ahead to a step never reached', () => {
    const run = runOf(service, 'matter', 'yibao.chronic-disease');
    expect(run.goto('review')).toBe(false);
    expect(run.step.kind).toBe('identify');
  });

  it('代办 needs both identities, and they must be two people', () => {
    const run = runOf(service, 'matter', 'yibao.chronic-disease');
    run.setProxy(true);
    run.identify('applicant', cardIdentity());
    expect(run.next().errors).toEqual({ agent: 'flows.err.identity' });
    expect(run.identify('agent', cardIdentity())).toBe('flows.err.agentSame');
    expect(
      run.identify('agent', cardIdentity({ name: '张小明', idNumber: makeId('510703', '1990-01-01') })),
    ).toBeNull();
    expect(run.next().moved).toBe(true);
    const { record } = buildSubmission(run, 'R-2', '2026-11-21T10:00:00+08:00');
    expect(record.agent?.name).toBe('张小明');
    expect(record.applicant.name).toBe('张三丰');
  });
});

describe('materials', () => {
  const toMaterials = (run: FlowRun) => {
    run.identify('applicant', cardIdentity());
    run.next();
    run.setAnswers({ 'applicant.phone': '13912345678', 'matter.reason': '高血压' });
    advanceTo(run, 'materials');
  };

  it('required materials: missing blocks, a photo or 容缺 with a valid promised date passes', () => {
    const run = runOf(service, 'matter', 'yibao.chronic-disease');
    toMaterials(run);
    expect(run.next().errors).toEqual({ 'medical-record': 'flows.err.materialMissing' });
    expect(run.setMaterial('medical-record', { status: 'deferred', promisedDate: TODAY })).toBe(
      'flows.err.promisedDate',
    );
    expect(run.setMaterial('medical-record', { status: 'deferred', promisedDate: '2027-06-01' })).toBe(
      'flows.err.promisedDate',
    );
    expect(run.setMaterial('medical-record', { status: 'deferred', promisedDate: '2026-11-30' })).toBeNull();
    expect(run.next().moved).toBe(true);
    const { record } = buildSubmission(run, 'R-3', '2026-11-21T10:00:00+08:00');
    expect(record.materials.find((m) => m.key === 'medical-record')).toMatchObject({
      status: 'deferred',
      promisedDate: '2026-11-30',
    });
    expect(record.materials.find((m) => m.key === 'idcard')).toMatchObject({
      status: 'covered',
      coveredBy: 'card',
    });
  });

  it('容缺 only where the material allows it', () => {
    const run = runOf(service, 'matter', 'renshe.funeral-grant');
    expect(run.setMaterial('death-cert', { status: 'deferred', promisedDate: '2026-11-30' })).toBe(
      'flows.err.promisedDate',
    );
    expect(run.setMaterial('cremation-cert', { status: 'deferred', promisedDate: '2026-12-01' })).toBeNull();
  });

  it('an e-licence stands in only for a material the lookup serves, of its type, and only while valid', () => {
    const licence = (over: Partial<LicenceRef> = {}): LicenceRef => ({
      type: 'marriage-certificate',
      name: '结婚证',
      number: 'J1***12',
      numberMasked: true,
      validUntil: null,
      issuedOn: '2012-05-20',
      issuer: '北京市东城区民政局',
      status: 'valid',
      fetchedAt: `${TODAY}T10:00:00+08:00`,
      consentReceipt: 'consent-7',
      ...over,
    });
    // 死亡医学证明电子证照 is named by the catalogue, but the lookup does not serve it: photo only.
    const funeral = runOf(service, 'matter', 'renshe.funeral-grant');
    expect(funeral.def.materials.find((m) => m.key === 'death-cert')?.licenceType).toBeNull();
    expect(funeral.setMaterial('death-cert', { status: 'elicence', licence: licence() })).toBe(
      'flows.err.materialMissing',
    );

    const run = runOf(service, 'matter', 'weijian.birth-registration');
    expect(run.def.materials.find((m) => m.key === 'marriage-cert')?.licenceType).toBe(
      'marriage-certificate',
    );
    expect(run.def.materials.find((m) => m.key === 'parents-idcard')?.licenceType).toBeNull();
    // Another type's licence is not this material.
    expect(
      run.setMaterial('marriage-cert', {
        status: 'elicence',
        licence: licence({ type: 'property-certificate', name: '不动产权证书' }),
      }),
    ).toBe('flows.err.materialMissing');
    // Expired, by the platform's word or by the kiosk's date: refused, kept only to show why.
    for (const bad of [licence({ status: 'expired' }), licence({ validUntil: '2020-12-31' })]) {
      expect(run.setMaterial('marriage-cert', { status: 'elicence', licence: bad })).toBe(
        'flows.err.elicenceExpired',
      );
      expect(run.materialState(run.def.materials.find((m) => m.key === 'marriage-cert')!).status).toBe(
        'missing',
      );
      expect(run.refusedLicences.get('marriage-cert')).toEqual(bad);
    }
    expect(run.setMaterial('marriage-cert', { status: 'elicence', licence: licence() })).toBeNull();
    expect(run.refusedLicences.size).toBe(0);
    expect(run.validate({ id: 'materials', kind: 'materials', title: '', fields: [] })).not.toHaveProperty(
      'marriage-cert',
    );
  });

  it('a photo goes into the attachments; replacing it by 容缺 zeroes and drops the bytes', () => {
    const run = runOf(service, 'matter', 'yibao.chronic-disease');
    toMaterials(run);
    const data = Buffer.from('jpeg-bytes');
    run.setMaterial(
      'medical-record',
      { status: 'photo', mime: 'image/jpeg', bytes: data.length, takenAt: 'x' },
      { mime: 'image/jpeg', data },
    );
    const sub = buildSubmission(run, 'R-4', '2026-11-21T10:00:00+08:00');
    expect(sub.attachments).toHaveLength(1);
    expect(sub.record.materials.find((m) => m.key === 'medical-record')?.attachment).toBe(1);
    run.setMaterial('medical-record', { status: 'deferred', promisedDate: '2026-11-30' });
    expect(data.toString()).not.toBe('jpeg-bytes');
    expect(buildSubmission(run, 'R-4', '2026-11-21T10:00:00+08:00').attachments).toHaveLength(0);
  });

  it('告知承诺 covers the 承诺书 material and must be accepted before moving on', () => {
    const run = runOf(service, 'matter', 'yibao.offsite-filing');
    expect(stepIds(run)).toContain('promise');
    run.identify('applicant', cardIdentity());
    run.next();
    run.setAnswers({ 'applicant.phone': '13912345678', 'matter.destination': '北京市' });
    advanceTo(run, 'promise');
    expect(run.next().errors).toEqual({ promise: 'flows.err.promise' });
    run.promise = { acceptedAt: '2026-11-21T10:00:00+08:00' };
    expect(run.next().moved).toBe(true);
    const { record } = buildSubmission(run, 'R-5', '2026-11-21T10:00:00+08:00');
    expect(record.materials.find((m) => m.key === 'commitment-letter')).toMatchObject({
      status: 'covered',
      coveredBy: 'promise',
    });
  });
});
