import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalogue, type CatalogueFixture } from './catalogue-fixture.ts';

let f: CatalogueFixture;
beforeAll(() => {
  f = openCatalogue();
});
afterAll(() => f.close());

const names = (q: string, audience?: 'personal' | 'legal') =>
  f.service.search(q, audience).hits.map((h) => h.name);
const first = (q: string) => f.service.search(q).hits[0];

describe('demo catalogue import', () => {
  it('holds at least 40 matters from 8 departments and 6 bundles, with the flows matter present', () => {
    const info = f.service.info();
    expect(info.counts.matters).toBeGreaterThanOrEqual(40);
    expect(info.counts.departments).toBeGreaterThanOrEqual(8);
    expect(info.counts.bundles).toBeGreaterThanOrEqual(6);
    expect(info.state).toMatchObject({ profile: 'sm2', kind: 'full' });
    expect(info.lastImports[0]).toMatchObject({ outcome: 'accepted' });
    expect(names('城乡居民养老保险待遇资格认证')[0]).toBe('城乡居民养老保险待遇资格认证');
  });
});

describe('Chinese search', () => {
  it('finds a matter by a Chinese substring from the middle of its name (trigram path)', () => {
    expect(names('待遇资格')).toContain('城乡居民养老保险待遇资格认证');
    expect(names('资格认证')[0]).toBe('城乡居民养老保险待遇资格认证');
    expect(names('医学证明')).toContain('出生医学证明首次签发');
  });

  it('answers 2-character queries the trigram index cannot (户口, 社保, 低保)', () => {
    const hukou = names('户口');
    expect(hukou).toEqual(expect.arrayContaining(['户口迁移（市外迁入）', '死亡人员户口注销']));
    const shebao = names('社保');
    expect(shebao).toEqual(
      expect.arrayContaining(['社会保障卡申领', '社会保障卡挂失与补换', '个人参保证明查询打印']),
    );
    expect(names('低保')[0]).toBe('最低生活保障审核确认');
  });

  it("answers a single character, including a name's last character", () => {
    expect(names('证')).toEqual(expect.arrayContaining(['居住证申领', '无犯罪记录证明开具']));
    expect(names('户')).toContain('出生登记');
  });

  it('matches full pinyin and pinyin initials', () => {
    expect(names('shebao')).toContain('社会保障卡申领');
    expect(names('sbk')).toEqual(expect.arrayContaining(['社会保障卡申领', '社会保障卡挂失与补换']));
    expect(names('hukou')).toContain('户口迁移（市外迁入）');
    expect(first('shenfenzheng')?.name).toMatch(/身份证/);
  });

  it('maps everyday words to catalogue words: 生孩子 → 新生儿出生一件事, 社保卡 ↔ 社会保障卡', () => {
    const r = f.service.search('生孩子');
    expect(r.expanded).toContain('新生儿出生');
    expect(r.hits[0]).toMatchObject({ kind: 'bundle', name: '新生儿出生一件事', matchedBy: 'synonym' });
    expect(names('社保卡').slice(0, 3)).toEqual(
      expect.arrayContaining(['社会保障卡申领', '社会保障卡挂失与补换']),
    );
    expect(names('开公司')[0]).toBe('企业开办一件事');
  });

  it('lists matching bundles before matters and ranks an exact name first', () => {
    const hits = f.service.search('新生儿').hits;
    expect(hits[0]).toMatchObject({ kind: 'bundle', name: '新生儿出生一件事' });
    expect(first('出生登记')).toMatchObject({ kind: 'matter', name: '出生登记' });
  });

  it('filters by audience (法人 searches do not show personal matters)', () => {
    const legal = names('登记', 'legal');
    expect(legal).toContain('企业设立登记');
    expect(legal).not.toContain('出生登记');
  });

  it('treats FTS syntax and odd input as text and never throws', () => {
    for (const q of ['"', 'OR NEAR(', '社保 AND *', '  ', '（）', 'ｓｈｅｂａｏ', '\u0000']) {
      expect(() => f.service.search(q)).not.toThrow();
    }
    expect(f.service.search('   ').hits).toEqual([]);
    // Full-width Latin is folded, so a resident's IME setting does not matter.
    expect(names('ｓｈｅｂａｏ')).toContain('社会保障卡申领');
    expect(names('完全不存在的事项名称')).toEqual([]);
  });

  it('requires every word of a multi-word query', () => {
    const hits = names('社保 证明');
    expect(hits).toContain('个人参保证明查询打印');
    expect(hits).not.toContain('社会保障卡申领');
  });
});
