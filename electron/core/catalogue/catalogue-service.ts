import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type {
  BundleGuide,
  CatalogueHit,
  MaterialView,
  MatterGuide,
  catalogueCalls,
} from '../../contract/catalogue.ts';
import { KioskError } from '../../contract/errors.ts';
import { importPackage, readState, type ImportResult } from './catalogue-import.ts';
import { HOT_SQL } from './catalogue-queries.ts';
import { CatalogueSearcher } from './catalogue-search.ts';
import { ageOn, orderForCardHolder } from './card-holder.ts';
import type { TrustedKey } from './package-crypto.ts';

type Res<K extends keyof typeof catalogueCalls> = z.output<(typeof catalogueCalls)[K]['response']>;
type Audience = 'personal' | 'legal';
type Unit = 'instant' | 'workday' | 'day' | 'month';

interface MatterRow {
  id: string;
  name: string;
  audience: 'personal' | 'legal' | 'both';
  department: string;
  online: number;
  visits: number;
  promised_limit: number | null;
  promised_limit_unit: Unit | null;
  popularity: number;
  age_min: number | null;
  age_max: number | null;
}
interface BundleRow {
  id: string;
  name: string;
  audience: 'personal' | 'legal' | 'both';
  members: number;
  popularity: number;
  age_min: number | null;
  age_max: number | null;
}
interface MaterialRow extends Omit<MaterialView, 'required' | 'deferrable'> {
  required: number;
  deferrable: number;
}
interface FieldRow {
  key: string;
  label: string;
  type: string;
  personal: number;
  required: number;
  schema: string;
  matter_id: string;
}

const limitOf = (value: number | null, unit: Unit | null) =>
  value === null || unit === null ? null : { value, unit };
const material = (r: MaterialRow): MaterialView => ({
  ...r,
  required: r.required === 1,
  deferrable: r.deferrable === 1,
});
const fits = (a: 'personal' | 'legal' | 'both', want?: Audience): boolean =>
  !want || a === 'both' || a === want;

export interface CatalogueServiceOptions {
  trusted: () => readonly TrustedKey[];
  now: () => Date;
}

/** Everything the catalogue feature and kioskctl do, over one database connection. */
export class CatalogueService {
  readonly db: Database.Database;
  private readonly opts: CatalogueServiceOptions;
  private readonly searcher: CatalogueSearcher;
  private readonly stmt;

  constructor(db: Database.Database, opts: CatalogueServiceOptions) {
    this.db = db;
    this.opts = opts;
    this.searcher = new CatalogueSearcher(db);
    const matterCols = `m.id, m.name, m.audience, d.short_name AS department, m.online, m.visits,
      m.promised_limit, m.promised_limit_unit, m.popularity, m.age_min, m.age_max
      FROM cat_matter m JOIN cat_department d ON d.code = m.department_code`;
    const bundleCols = `b.id, b.name, b.audience, b.popularity, b.age_min, b.age_max,
      (SELECT count(*) FROM cat_bundle_member bm WHERE bm.bundle_id = b.id) AS members FROM cat_bundle b`;
    this.stmt = {
      matterSummary: db.prepare(`SELECT ${matterCols} WHERE m.id = ?`),
      mattersById: db.prepare(
        `SELECT m.id, m.name, m.audience, d.short_name AS department, m.online, m.visits, m.promised_limit,
           m.promised_limit_unit, m.popularity, m.age_min, m.age_max
         FROM json_each(?) AS j CROSS JOIN cat_matter m ON m.id = j.value
         JOIN cat_department d ON d.code = m.department_code`,
      ),
      bundlesById: db.prepare(
        `SELECT b.id, b.name, b.audience, b.popularity, b.age_min, b.age_max,
           (SELECT count(*) FROM cat_bundle_member bm WHERE bm.bundle_id = b.id) AS members
         FROM json_each(?) AS j CROSS JOIN cat_bundle b ON b.id = j.value`,
      ),
      bundleSummary: db.prepare(`SELECT ${bundleCols} WHERE b.id = ?`),
      allMatters: db.prepare(`SELECT ${matterCols}`),
      allBundles: db.prepare(`SELECT ${bundleCols}`),
      bundlesByTheme: db.prepare(`SELECT ${bundleCols} WHERE b.theme_code = ? ORDER BY b.popularity DESC`),
      bundlesByAudience: db.prepare(
        `SELECT ${bundleCols} WHERE b.audience IN (?, 'both') ORDER BY b.popularity DESC`,
      ),
      byTheme: db.prepare(HOT_SQL.mattersByTheme).pluck(),
      byDepartment: db.prepare(HOT_SQL.mattersByDepartment).pluck(),
      byAudience: db.prepare(HOT_SQL.mattersByAudience).pluck(),
      frequent: db.prepare(HOT_SQL.frequent),
      materials: db.prepare(HOT_SQL.materialsOfMatter),
      members: db.prepare(HOT_SQL.membersOfBundle),
      bundlesOfMatter: db.prepare(HOT_SQL.bundlesOfMatter),
      regions: db.prepare(HOT_SQL.regionChildren),
      topRegions: db.prepare(
        'SELECT code, name, level FROM cat_region WHERE parent_code IS NULL ORDER BY code',
      ),
      use: db.prepare(`INSERT INTO cat_usage (kind, ref_id, count, last_at) VALUES (?, ?, 1, ?)
        ON CONFLICT (kind, ref_id) DO UPDATE SET count = count + 1, last_at = excluded.last_at`),
      fields: db.prepare(`SELECT f.key, f.label, f.type, f.personal, ff.required, f.schema, ff.matter_id
        FROM cat_form_field ff JOIN cat_dict_field f ON f.key = ff.field_key
        WHERE ff.matter_id = ? ORDER BY ff.seq`),
      form: db.prepare('SELECT schema, layout FROM cat_form WHERE matter_id = ?'),
    };
  }

  importPackage(raw: string | Buffer): ImportResult {
    const result = importPackage(this.db, raw, { trusted: this.opts.trusted(), now: this.opts.now });
    this.searcher.invalidate();
    return result;
  }

  isEmpty(): boolean {
    return readState(this.db) === null;
  }

  info(): Res<'catalogue.info'> {
    const s = readState(this.db);
    const counts = this.db
      .prepare(
        `SELECT (SELECT count(*) FROM cat_matter) AS matters, (SELECT count(*) FROM cat_bundle) AS bundles,
         (SELECT count(*) FROM cat_department) AS departments, (SELECT count(*) FROM cat_theme) AS themes,
         (SELECT count(*) FROM cat_region) AS regions`,
      )
      .get() as Res<'catalogue.info'>['counts'];
    const lastImports = this.db
      .prepare('SELECT at, version, outcome, reason, detail FROM cat_import_log ORDER BY id DESC LIMIT 5')
      .all() as Res<'catalogue.info'>['lastImports'];
    return {
      state: s
        ? {
            version: s.version,
            kind: s.kind,
            province: s.province,
            profile: s.profile,
            keyId: s.keyId,
            createdAt: s.createdAt,
            importedAt: s.importedAt,
          }
        : null,
      counts,
      lastImports,
    };
  }

  private matterHit(r: MatterRow, score: number, matchedBy: CatalogueHit['matchedBy']): CatalogueHit {
    return {
      kind: 'matter',
      id: r.id,
      name: r.name,
      department: r.department,
      audience: r.audience,
      online: r.online === 1,
      visits: r.visits,
      promisedLimit: limitOf(r.promised_limit, r.promised_limit_unit),
      memberCount: null,
      matchedBy,
      score,
    };
  }
  private bundleHit(r: BundleRow, score: number, matchedBy: CatalogueHit['matchedBy']): CatalogueHit {
    return {
      kind: 'bundle',
      id: r.id,
      name: r.name,
      department: null,
      audience: r.audience,
      online: null,
      visits: null,
      promisedLimit: null,
      memberCount: r.members,
      matchedBy,
      score,
    };
  }
  private hit(kind: 'matter' | 'bundle', id: string, score: number, by: CatalogueHit['matchedBy']) {
    if (kind === 'matter') {
      const r = this.stmt.matterSummary.get(id) as MatterRow | undefined;
      return r ? this.matterHit(r, score, by) : null;
    }
    const r = this.stmt.bundleSummary.get(id) as BundleRow | undefined;
    return r ? this.bundleHit(r, score, by) : null;
  }

  search(query: string, audience?: Audience, limit = 20): Res<'catalogue.search'> {
    const out = this.searcher.search(query, audience ? limit * 3 : limit);
    // Display facts for all results in two queries, not one per result: this runs on every keystroke.
    // Most queries find no bundle (or no matter): skip the statement rather than run it on [].
    const rows = <R>(kind: 'matter' | 'bundle', stmt: Database.Statement): R[] => {
      const ids = out.docs.filter((d) => d.kind === kind).map((d) => d.refId);
      return ids.length ? (stmt.all(JSON.stringify(ids)) as R[]) : [];
    };
    const matters = new Map(rows<MatterRow>('matter', this.stmt.mattersById).map((r) => [r.id, r] as const));
    const bundles = new Map(rows<BundleRow>('bundle', this.stmt.bundlesById).map((r) => [r.id, r] as const));
    const hits: CatalogueHit[] = [];
    for (const d of out.docs) {
      const m = d.kind === 'matter' ? matters.get(d.refId) : undefined;
      const b = d.kind === 'bundle' ? bundles.get(d.refId) : undefined;
      const h = m
        ? this.matterHit(m, d.score, d.matchedBy)
        : b
          ? this.bundleHit(b, d.score, d.matchedBy)
          : null;
      if (h && fits(h.audience, audience)) hits.push(h);
      if (hits.length >= limit) break;
    }
    return { query, expanded: out.expanded, hits };
  }

  browse(req: {
    audience: Audience;
    theme?: string;
    department?: string;
    frequent?: boolean;
    limit?: number;
  }) {
    const limit = req.limit ?? 50;
    const aud = req.audience;
    const themes = this.db
      .prepare(
        `SELECT t.code, t.name, (SELECT count(*) FROM cat_matter_theme mt WHERE mt.theme_code = t.code) AS count
         FROM cat_theme t WHERE t.audience = ? ORDER BY t.sort`,
      )
      .all(aud) as Res<'catalogue.browse'>['themes'];
    const departments = this.db
      .prepare(
        `SELECT d.code, d.name, d.short_name AS shortName, count(m.id) AS count FROM cat_department d
         JOIN cat_matter m ON m.department_code = d.code AND m.audience IN (?, 'both')
         GROUP BY d.code ORDER BY d.sort`,
      )
      .all(aud) as Res<'catalogue.browse'>['departments'];

    const hits: CatalogueHit[] = [];
    const push = (h: CatalogueHit | null): void => {
      if (h && fits(h.audience, aud) && !hits.some((x) => x.kind === h.kind && x.id === h.id)) hits.push(h);
    };
    if (req.frequent) {
      for (const u of this.stmt.frequent.all(limit * 2) as {
        kind: 'matter' | 'bundle';
        refId: string;
        count: number;
      }[]) {
        push(this.hit(u.kind, u.refId, u.count, 'browse'));
      }
      // A new kiosk has no local counts yet: fill up with the platform's popularity.
      if (hits.length < limit) this.browseAudience(aud, limit, push);
    } else if (req.theme) {
      for (const b of this.stmt.bundlesByTheme.all(req.theme) as BundleRow[])
        push(this.bundleHit(b, b.popularity, 'browse'));
      for (const id of this.stmt.byTheme.all(req.theme, limit) as string[])
        push(this.hit('matter', id, 0, 'browse'));
    } else if (req.department) {
      for (const id of this.stmt.byDepartment.all(req.department, limit) as string[]) {
        push(this.hit('matter', id, 0, 'browse'));
      }
    } else {
      this.browseAudience(aud, limit, push);
    }
    return { themes, departments, hits: hits.slice(0, limit) };
  }

  private browseAudience(aud: Audience, limit: number, push: (h: CatalogueHit | null) => void): void {
    for (const b of this.stmt.bundlesByAudience.all(aud) as BundleRow[])
      push(this.bundleHit(b, b.popularity, 'browse'));
    for (const a of [aud, 'both']) {
      for (const id of this.stmt.byAudience.all(a, limit) as string[])
        push(this.hit('matter', id, 0, 'browse'));
    }
  }

  forCardHolder(birthDate: string, today: string, audience: Audience = 'personal', limit = 12) {
    const age = ageOn(birthDate, today);
    type Item = { hit: CatalogueHit; min: number | null; max: number | null; popularity: number };
    const items: Item[] = [];
    for (const b of this.stmt.allBundles.all() as BundleRow[]) {
      if (fits(b.audience, audience)) {
        items.push({
          hit: this.bundleHit(b, 0, 'browse'),
          min: b.age_min,
          max: b.age_max,
          popularity: b.popularity,
        });
      }
    }
    for (const m of this.stmt.allMatters.all() as MatterRow[]) {
      if (fits(m.audience, audience)) {
        items.push({
          hit: this.matterHit(m, 0, 'browse'),
          min: m.age_min,
          max: m.age_max,
          popularity: m.popularity,
        });
      }
    }
    return {
      age,
      hits: orderForCardHolder(items, age)
        .slice(0, limit)
        .map((i) => i.hit),
    };
  }

  recordUse(kind: 'matter' | 'bundle', id: string): void {
    this.stmt.use.run(kind, id, this.opts.now().toISOString());
  }

  matter(id: string): MatterGuide {
    const r = this.db
      .prepare(
        `SELECT m.*, d.name AS dep_name, d.short_name AS dep_short FROM cat_matter m
         JOIN cat_department d ON d.code = m.department_code WHERE m.id = ?`,
      )
      .get(id) as Record<string, unknown> | undefined;
    if (!r) throw new KioskError('not-found', `matter ${id} is not in the catalogue`);
    const themes = this.db
      .prepare(
        `SELECT t.code, t.name FROM cat_matter_theme mt JOIN cat_theme t ON t.code = mt.theme_code
         WHERE mt.matter_id = ? ORDER BY t.sort`,
      )
      .all(id) as { code: string; name: string }[];
    const s = (k: string) => r[k] as string;
    const n = (k: string) => r[k] as number;
    const ns = (k: string) => (r[k] as string | null) ?? null;
    return {
      id,
      basicCode: s('basic_code'),
      implCode: s('impl_code'),
      itemCode: ns('item_code'),
      name: s('name'),
      typeCode: s('type_code'),
      department: { code: s('department_code'), name: s('dep_name'), shortName: s('dep_short') },
      bodyName: s('body_name'),
      bodyCreditCode: s('body_credit_code'),
      audience: s('audience') as MatterGuide['audience'],
      serviceObjects: JSON.parse(s('service_objects')) as string[],
      themes,
      legalLimit: limitOf(r.legal_limit as number | null, r.legal_limit_unit as Unit | null),
      promisedLimit: limitOf(r.promised_limit as number | null, r.promised_limit_unit as Unit | null),
      limitNote: ns('limit_note'),
      fee: { charged: n('fee_charged') === 1, note: ns('fee_note') },
      visits: n('visits'),
      visitsReason: ns('visits_reason'),
      flags: {
        online: n('online') === 1,
        commitment: n('commitment') === 1,
        deferral: n('deferral_allowed') === 1,
        faceCheck: n('face_check') === 1,
        offlineCapable: n('offline_capable') === 1,
      },
      resultName: ns('result_name'),
      basis: ns('basis'),
      conditions: s('conditions'),
      process: JSON.parse(s('process')) as string[],
      faq: JSON.parse(s('faq')) as { q: string; a: string }[],
      place: ns('place'),
      phone: ns('phone'),
      materials: (this.stmt.materials.all(id) as MaterialRow[]).map(material),
      formFieldCount: (this.stmt.fields.all(id) as unknown[]).length,
      bundles: this.stmt.bundlesOfMatter.all(id) as { id: string; name: string }[],
    };
  }

  private members(bundleId: string): { id: string; optional: boolean }[] {
    return (this.stmt.members.all(bundleId) as { id: string; optional: number }[]).map((m) => ({
      id: m.id,
      optional: m.optional === 1,
    }));
  }

  /**
   * Merges member forms by data-dictionary key: a field several matters ask for (父母姓名, 联系电话 …)
   * is asked once; it is required if any member requires it.
   */
  private mergedFields(matterIds: string[]) {
    const byKey = new Map<string, FieldRow & { usedBy: number; req: boolean }>();
    let total = 0;
    for (const id of matterIds) {
      for (const f of this.stmt.fields.all(id) as FieldRow[]) {
        total++;
        const seen = byKey.get(f.key);
        if (seen) {
          seen.usedBy++;
          seen.req ||= f.required === 1;
        } else byKey.set(f.key, { ...f, usedBy: 1, req: f.required === 1 });
      }
    }
    const fields = [...byKey.values()].map((f) => ({
      key: f.key,
      label: f.label,
      type: f.type,
      personal: f.personal === 1,
      required: f.req,
      usedBy: f.usedBy,
    }));
    return { fields, total, schemas: new Map([...byKey.values()].map((f) => [f.key, f.schema])) };
  }

  bundle(id: string): BundleGuide {
    const b = this.db.prepare('SELECT id, name, audience, intro FROM cat_bundle WHERE id = ?').get(id) as
      { id: string; name: string; audience: BundleGuide['audience']; intro: string } | undefined;
    if (!b) throw new KioskError('not-found', `bundle ${id} is not in the catalogue`);
    const members = this.members(id);
    const memberViews = members.map((m) => {
      const r = this.stmt.matterSummary.get(m.id) as MatterRow;
      return {
        id: m.id,
        name: r.name,
        department: r.department,
        optional: m.optional,
        promisedLimit: limitOf(r.promised_limit, r.promised_limit_unit),
      };
    });
    // Materials merge by material_key: one paper serves every member that needs it.
    const merged = new Map<string, MaterialView & { usedBy: string[] }>();
    let totalMaterials = 0;
    for (const m of memberViews) {
      for (const row of this.stmt.materials.all(m.id) as MaterialRow[]) {
        totalMaterials++;
        const mat = material(row);
        const required = mat.required && !m.optional;
        const seen = merged.get(mat.key);
        if (seen) {
          seen.originals = Math.max(seen.originals, mat.originals);
          seen.copies = Math.max(seen.copies, mat.copies);
          seen.required ||= required;
          seen.deferrable &&= mat.deferrable;
          seen.usedBy.push(m.name);
        } else merged.set(mat.key, { ...mat, required, usedBy: [m.name] });
      }
    }
    const { fields, total } = this.mergedFields(members.map((m) => m.id));
    return {
      ...b,
      members: memberViews,
      materials: [...merged.values()],
      totalMaterials,
      fields,
      totalFields: total,
    };
  }

  form(kind: 'matter' | 'bundle', id: string): Res<'catalogue.form'> {
    const ids = kind === 'matter' ? [id] : this.members(id).map((m) => m.id);
    if (ids.length === 0 || !this.stmt.form.get(ids[0]!)) {
      throw new KioskError('not-found', `${kind} ${id} is not in the catalogue`);
    }
    const { fields, schemas } = this.mergedFields(ids);
    const properties: Record<string, Record<string, unknown>> = {};
    for (const f of fields)
      properties[f.key] = { title: f.label, ...(JSON.parse(schemas.get(f.key)!) as object) };
    // Layout sections merge by title, keeping the first member's order (新生儿信息 before 父母信息 …).
    const layout: { title: string; fields: string[] }[] = [];
    for (const mid of ids) {
      const row = this.stmt.form.get(mid) as { layout: string } | undefined;
      for (const sec of (row ? JSON.parse(row.layout) : []) as { title: string; fields: string[] }[]) {
        let target = layout.find((s) => s.title === sec.title);
        if (!target) layout.push((target = { title: sec.title, fields: [] }));
        for (const f of sec.fields) if (!layout.some((s) => s.fields.includes(f))) target.fields.push(f);
      }
    }
    return {
      schema: { type: 'object', properties, required: fields.filter((f) => f.required).map((f) => f.key) },
      layout,
      fields,
    };
  }

  /**
   * The province mapping layer: our internal value (e.g. matter.kind "promise") → the code the
   * province's interface expects. Null when the package has no mapping: callers must not guess.
   */
  mapValue(province: string, domain: string, internal: string): string | null {
    const row = this.db
      .prepare('SELECT external FROM cat_mapping WHERE province = ? AND domain = ? AND internal = ?')
      .pluck()
      .get(province, domain, internal) as string | undefined;
    return row ?? null;
  }

  regions(parent: string | null): Res<'catalogue.regions'> {
    const rows = parent === null ? this.stmt.topRegions.all() : this.stmt.regions.all(parent);
    return { regions: rows as Res<'catalogue.regions'>['regions'] };
  }
}
