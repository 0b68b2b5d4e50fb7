import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOT_SQL } from '../../../electron/core/catalogue/catalogue-queries.ts';
import { openCatalogue, type CatalogueFixture } from './catalogue-fixture.ts';

let f: CatalogueFixture;
beforeAll(() => {
  f = openCatalogue();
  f.store.db.exec('ANALYZE');
});
afterAll(() => f.close());

function plan(sql: string, ...params: unknown[]): string {
  const rows = f.store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
  return rows.map((r) => r.detail).join('\n');
}

describe('hot queries use their indexes (EXPLAIN QUERY PLAN)', () => {
  it('3+ characters: the trigram FTS index, no sort', () => {
    const p = plan(HOT_SQL.ftsMatch, '{name aliases body}: "养老保险"', 200);
    expect(p).toMatch(/VIRTUAL TABLE INDEX/);
    expect(p).not.toMatch(/TEMP B-TREE/);
  });

  it('1-2 characters: the bigram FTS index (token and prefix), no sort', () => {
    for (const m of ['"社保"', '"证"*']) {
      const p = plan(HOT_SQL.bigramMatch, m, 100);
      expect(p).toMatch(/SCAN cat_search_bigram VIRTUAL TABLE INDEX/);
      expect(p).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('candidate documents by rowid and usage by primary key', () => {
    const p = plan(HOT_SQL.docsByRowid, '[1,2,3]');
    expect(p).toMatch(/SEARCH d USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(p).toMatch(/SEARCH u USING PRIMARY KEY \(kind=\? AND ref_id=\?\)/);
    expect(p).not.toMatch(/SCAN d\b/);
  });

  it('browse by theme, department and audience use their indexes', () => {
    expect(plan(HOT_SQL.mattersByTheme, 'p.birth', 50)).toMatch(
      /SEARCH t USING PRIMARY KEY \(theme_code=\?\)/,
    );
    const dep = plan(HOT_SQL.mattersByDepartment, 'gongan', 50);
    expect(dep).toMatch(/SEARCH cat_matter USING INDEX cat_matter_department \(department_code=\?\)/);
    expect(dep).not.toMatch(/TEMP B-TREE/);
    const aud = plan(HOT_SQL.mattersByAudience, 'personal', 50);
    expect(aud).toMatch(/SEARCH cat_matter USING INDEX cat_matter_audience \(audience=\?\)/);
    expect(aud).not.toMatch(/TEMP B-TREE/);
    expect(plan(HOT_SQL.frequent, 20)).toMatch(/SCAN cat_usage USING (COVERING )?INDEX cat_usage_count/);
  });

  it('guide page: materials, bundle members, bundles of a matter and regions by key', () => {
    expect(plan(HOT_SQL.materialsOfMatter, 'x')).toMatch(
      /SEARCH cat_material USING PRIMARY KEY \(matter_id=\?\)/,
    );
    expect(plan(HOT_SQL.membersOfBundle, 'x')).toMatch(
      /SEARCH cat_bundle_member USING PRIMARY KEY \(bundle_id=\?\)/,
    );
    expect(plan(HOT_SQL.bundlesOfMatter, 'x')).toMatch(
      /USING (COVERING )?INDEX cat_bundle_member_matter \(matter_id=\?\)/,
    );
    expect(plan(HOT_SQL.regionChildren, '510703')).toMatch(
      /USING (COVERING )?INDEX cat_region_parent \(parent_code=\?\)/,
    );
  });
});
