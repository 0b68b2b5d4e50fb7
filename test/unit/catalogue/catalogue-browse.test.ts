import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageOn, ageRelevance, orderForCardHolder } from '../../../electron/core/catalogue/card-holder.ts';
import { openCatalogue, type CatalogueFixture } from './catalogue-fixture.ts';

let f: CatalogueFixture;
beforeAll(() => {
  f = openCatalogue();
});
afterAll(() => f.close());

describe('browse', () => {
  it('个人 and 法人 see their own matters, bundles first', () => {
    const legal = f.service.browse({ audience: 'legal' });
    expect(legal.hits[0]).toMatchObject({ kind: 'bundle', name: '企业开办一件事' });
    expect(legal.hits.map((h) => h.name)).toContain('企业设立登记');
    expect(legal.hits.map((h) => h.name)).not.toContain('出生登记');
    expect(legal.themes.map((t) => t.name)).toEqual(expect.arrayContaining(['企业开办', '注销退出']));
    const personal = f.service.browse({ audience: 'personal' });
    expect(personal.themes.map((t) => t.name)).toEqual(
      expect.arrayContaining(['生育收养', '身后事', '退休养老']),
    );
    expect(personal.departments.length).toBeGreaterThanOrEqual(8);
  });

  it('by theme: 身后事 shows the 身后一件事 bundle and its matters', () => {
    const r = f.service.browse({ audience: 'personal', theme: 'p.after' });
    expect(r.hits[0]).toMatchObject({ kind: 'bundle', name: '身后一件事' });
    expect(r.hits.map((h) => h.name)).toEqual(
      expect.arrayContaining(['死亡人员户口注销', '丧葬补助金、抚恤金申领']),
    );
  });

  it('by department: only that department, most popular first', () => {
    const r = f.service.browse({ audience: 'personal', department: 'gongan' });
    expect(r.hits.length).toBeGreaterThan(3);
    expect(new Set(r.hits.map((h) => h.department))).toEqual(new Set(['公安']));
    expect(r.hits[0]?.name).toBe('居民身份证换领、补领');
  });

  it('高频 follows what residents open on this kiosk', () => {
    const before = f.service.browse({ audience: 'personal', frequent: true }).hits;
    expect(before.length).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) f.service.recordUse('matter', 'minzheng.elder-allowance');
    f.service.recordUse('bundle', 'bundle.after-death');
    const after = f.service.browse({ audience: 'personal', frequent: true }).hits;
    expect(after[0]).toMatchObject({ id: 'minzheng.elder-allowance', score: 3 });
    expect(after[1]).toMatchObject({ id: 'bundle.after-death' });
  });
});

describe('刷证办 ordering by the card holder age', () => {
  it('computes whole years, counting the birthday itself', () => {
    expect(ageOn('1966-11-21', '2026-11-21')).toBe(60);
    expect(ageOn('1966-11-22', '2026-11-21')).toBe(59);
    expect(ageOn('2000-02-29', '2026-02-28')).toBe(25);
    expect(ageOn('2030-01-01', '2026-01-01')).toBe(0);
  });

  it('ranks in-band over coming-up over age-neutral over out-of-band', () => {
    expect(ageRelevance({ min: 60, max: null }, 61)).toBe(3);
    expect(ageRelevance({ min: 60, max: null }, 58)).toBe(2);
    expect(ageRelevance({ min: null, max: null }, 58)).toBe(1);
    expect(ageRelevance({ min: 20, max: 50 }, 58)).toBe(0);
    const items = [
      { id: 'birth', min: 20, max: 50, popularity: 1500 },
      { id: 'any', min: null, max: null, popularity: 900 },
      { id: 'pension', min: 60, max: null, popularity: 100 },
    ];
    expect(orderForCardHolder(items, 59).map((i) => i.id)).toEqual(['pension', 'any', 'birth']);
    expect(orderForCardHolder(items, 30).map((i) => i.id)).toEqual(['birth', 'any', 'pension']);
  });

  it('a 61-year-old sees retirement and pension matters first; a 30-year-old sees 新生儿出生', () => {
    const older = f.service.forCardHolder('1965-03-02', '2026-11-21');
    expect(older.age).toBe(61);
    const top = older.hits.slice(0, 6).map((h) => h.name);
    expect(top).toEqual(expect.arrayContaining(['退休一件事', '城乡居民养老保险待遇资格认证']));
    expect(top).not.toContain('新生儿出生一件事');
    const young = f.service.forCardHolder('1996-05-10', '2026-11-21');
    expect(young.hits[0]?.name).toBe('新生儿出生一件事');
    expect(young.hits.slice(0, 8).map((h) => h.name)).not.toContain('退休一件事');
  });
});

describe('matter guide and 一件事 bundle', () => {
  it('the guide has conditions, materials, limits, fees and visits', () => {
    const g = f.service.matter('renshe.resident-pension-certification');
    expect(g.department.shortName).toBe('人社');
    expect(g.conditions).toContain('认证周期');
    expect(g.materials[0]).toMatchObject({
      name: '本人居民身份证',
      required: true,
      elicence: '居民身份证电子证照',
    });
    expect(g.promisedLimit).toEqual({ value: 0, unit: 'instant' });
    expect(g.fee.charged).toBe(false);
    expect(g.visits).toBe(0);
    expect(g.flags).toMatchObject({ faceCheck: true, offlineCapable: true });
    expect(() => f.service.matter('nope')).toThrow(/not in the catalogue/);
  });

  it('新生儿出生一件事 merges shared fields and materials: visibly shorter than the sum', () => {
    const b = f.service.bundle('bundle.newborn');
    expect(b.members).toHaveLength(5);
    expect(b.fields.length).toBeLessThan(b.totalFields * 0.6);
    const mother = b.fields.find((x) => x.key === 'mother.idNumber');
    expect(mother).toMatchObject({ label: '母亲身份证号码', required: true, personal: true });
    expect(mother!.usedBy).toBeGreaterThanOrEqual(3);
    expect(b.materials.length).toBeLessThan(b.totalMaterials);
    const birthCert = b.materials.find((m) => m.key === 'birth-cert');
    expect(birthCert!.usedBy.length).toBeGreaterThanOrEqual(2);
  });

  it('the merged form is a JSON Schema whose properties are data-dictionary keys, each asked once', () => {
    const form = f.service.form('bundle', 'bundle.newborn');
    const keys = form.layout.flatMap((s) => s.fields);
    expect(new Set(keys).size).toBe(keys.length);
    expect(Object.keys(form.schema.properties).sort()).toEqual([...keys].sort());
    expect(form.schema.required).toContain('newborn.name');
    expect(form.schema.properties['father.idNumber']).toMatchObject({ pattern: '^\\d{17}[\\dXx]$' });
    expect(form.layout.map((s) => s.title)).toEqual(
      expect.arrayContaining(['新生儿信息', '父亲信息', '母亲信息']),
    );
  });

  it('province-specific codes come from the mapping layer (即办件/承诺件 differ between provinces)', () => {
    expect(f.service.mapValue('demo-sc', 'matter.kind', 'promise')).toBe('2');
    expect(f.service.mapValue('demo-zj', 'matter.kind', 'promise')).toBe('1');
    expect(f.service.mapValue('demo-sc', 'id.type', 'resident-id')).toBe('111');
    expect(f.service.mapValue('demo-xx', 'matter.kind', 'promise')).toBeNull();
  });

  it('regions form a tree for the address picker', () => {
    const top = f.service.regions(null).regions;
    expect(top[0]).toMatchObject({ code: '510000', name: '四川省' });
    expect(f.service.regions('510703').regions.map((r) => r.name)).toContain('石塘镇');
  });
});
