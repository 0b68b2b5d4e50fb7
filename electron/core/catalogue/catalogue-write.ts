import type Database from 'better-sqlite3';
import type { CatalogueData, CatalogueDelta, MatterData, BundleData } from './package-schema.ts';
import { normalize, pinyinOf } from './search-text.ts';

/**
 * Row writers for the catalogue tables. They run only inside the import transaction
 * (catalogue-import.ts), which is what makes a package swap all-or-nothing.
 */

const json = (v: unknown): string => JSON.stringify(v);
const b = (v: boolean): number => (v ? 1 : 0);

/** Tables a full package replaces; cat_usage (local 高频 counts) and the import log are kept. */
const REPLACED_TABLES = [
  'cat_search_doc',
  'cat_bundle_member',
  'cat_bundle',
  'cat_form_field',
  'cat_form',
  'cat_material',
  'cat_matter_theme',
  'cat_matter',
  'cat_dict_field',
  'cat_theme',
  'cat_department',
  'cat_region',
  'cat_synonym',
  'cat_mapping',
];

export function clearCatalogue(db: Database.Database): void {
  db.prepare(`INSERT INTO cat_search_bigram (cat_search_bigram) VALUES ('delete-all')`).run();
  for (const t of REPLACED_TABLES) db.prepare(`DELETE FROM ${t}`).run();
}

function writer(db: Database.Database) {
  const s = {
    region: db.prepare(
      'INSERT OR REPLACE INTO cat_region (code, name, parent_code, level) VALUES (?, ?, ?, ?)',
    ),
    department: db.prepare(
      'INSERT OR REPLACE INTO cat_department (code, name, short_name, credit_code, region_code, sort) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    theme: db.prepare('INSERT OR REPLACE INTO cat_theme (code, audience, name, sort) VALUES (?, ?, ?, ?)'),
    dict: db.prepare(
      'INSERT OR REPLACE INTO cat_dict_field (key, label, type, personal, schema) VALUES (?, ?, ?, ?, ?)',
    ),
    matter: db.prepare(`INSERT INTO cat_matter (id, basic_code, impl_code, item_code, name, type_code,
      level_code, department_code, body_name, body_credit_code, audience, service_objects, legal_limit,
      legal_limit_unit, promised_limit, promised_limit_unit, limit_note, fee_charged, fee_note, visits,
      visits_reason, online, commitment, deferral_allowed, face_check, offline_capable, result_name, basis,
      conditions, process, faq, place, phone, aliases, age_min, age_max, popularity, extensions)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    matterTheme: db.prepare('INSERT INTO cat_matter_theme (theme_code, matter_id) VALUES (?, ?)'),
    material: db.prepare(`INSERT INTO cat_material (matter_id, seq, material_key, name, source, originals,
      copies, required, medium, elicence, may_defer, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    form: db.prepare('INSERT INTO cat_form (matter_id, schema, layout) VALUES (?, ?, ?)'),
    formField: db.prepare(
      'INSERT INTO cat_form_field (matter_id, seq, field_key, required) VALUES (?, ?, ?, ?)',
    ),
    bundle:
      db.prepare(`INSERT INTO cat_bundle (id, name, audience, theme_code, intro, aliases, age_min, age_max,
      popularity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    member: db.prepare(
      'INSERT INTO cat_bundle_member (bundle_id, matter_id, seq, optional) VALUES (?, ?, ?, ?)',
    ),
    synonym: db.prepare('INSERT OR IGNORE INTO cat_synonym (term, expansion) VALUES (?, ?)'),
    mapping: db.prepare(
      'INSERT OR REPLACE INTO cat_mapping (province, domain, internal, external) VALUES (?, ?, ?, ?)',
    ),
    deleteMatter: db.prepare('DELETE FROM cat_matter WHERE id = ?'),
    deleteBundle: db.prepare('DELETE FROM cat_bundle WHERE id = ?'),
  };

  const matter = (m: MatterData): void => {
    s.matter.run(
      m.id,
      m.basicCode,
      m.implCode,
      m.itemCode,
      m.name,
      m.typeCode,
      m.levelCode,
      m.department,
      m.bodyName,
      m.bodyCreditCode,
      m.audience,
      json(m.serviceObjects),
      m.legalLimit?.value ?? null,
      m.legalLimit?.unit ?? null,
      m.promisedLimit?.value ?? null,
      m.promisedLimit?.unit ?? null,
      m.limitNote,
      b(m.fee.charged),
      m.fee.note,
      m.visits,
      m.visitsReason,
      b(m.flags.online),
      b(m.flags.commitment),
      b(m.flags.deferral),
      b(m.flags.faceCheck),
      b(m.flags.offlineCapable),
      m.resultName,
      m.basis,
      m.conditions,
      json(m.process),
      json(m.faq),
      m.place,
      m.phone,
      json(m.aliases),
      m.ages?.min ?? null,
      m.ages?.max ?? null,
      m.popularity,
      json(m.extensions),
    );
    for (const t of m.themes) s.matterTheme.run(t, m.id);
    m.materials.forEach((x, i) =>
      s.material.run(
        m.id,
        i,
        x.key,
        x.name,
        x.source,
        x.originals,
        x.copies,
        b(x.required),
        x.medium,
        x.elicence,
        b(x.deferrable),
        x.note,
      ),
    );
    s.form.run(m.id, json(m.form.schema), json(m.form.layout));
    const required = new Set(m.form.schema.required);
    Object.keys(m.form.schema.properties).forEach((key, i) =>
      s.formField.run(m.id, i, key, b(required.has(key))),
    );
  };
  const bundle = (x: BundleData): void => {
    s.bundle.run(
      x.id,
      x.name,
      x.audience,
      x.theme,
      x.intro,
      json(x.aliases),
      x.ages?.min ?? null,
      x.ages?.max ?? null,
      x.popularity,
    );
    x.members.forEach((mem, i) => s.member.run(x.id, mem.matter, i, b(mem.optional)));
  };

  const data = (d: Partial<CatalogueData>): void => {
    // Parents before children, so a region's parent exists when foreign keys are checked.
    const regions = [...(d.regions ?? [])].sort((a, c) => a.level - c.level);
    for (const r of regions) s.region.run(r.code, r.name, r.parent, r.level);
    d.departments?.forEach((x, i) =>
      s.department.run(x.code, x.name, x.shortName, x.creditCode, x.region, i),
    );
    d.themes?.forEach((x, i) => s.theme.run(x.code, x.audience, x.name, i));
    for (const f of d.dictionary ?? []) s.dict.run(f.key, f.label, f.type, b(f.personal), json(f.schema));
    // In key order, so every table keyed by matter id grows at its right edge instead of splitting
    // pages all over the b-tree (a province's list arrives in department order, not id order).
    const matters = [...(d.matters ?? [])].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    for (const m of matters) {
      s.deleteMatter.run(m.id);
      matter(m);
    }
    for (const x of d.bundles ?? []) {
      s.deleteBundle.run(x.id);
      bundle(x);
    }
    for (const syn of d.synonyms ?? []) {
      for (const e of syn.expansions) s.synonym.run(normalize(syn.term), e);
    }
    for (const m of d.mappings ?? []) s.mapping.run(m.province, m.domain, m.internal, m.external);
  };
  return { data, deleteMatter: s.deleteMatter, deleteBundle: s.deleteBundle };
}

export function writeFull(db: Database.Database, d: CatalogueData): void {
  clearCatalogue(db);
  writer(db).data(d);
}

export function writeDelta(db: Database.Database, d: CatalogueDelta): void {
  const w = writer(db);
  for (const id of d.remove.bundles) w.deleteBundle.run(id);
  for (const id of d.remove.matters) {
    db.prepare('DELETE FROM cat_bundle_member WHERE matter_id = ?').run(id);
    w.deleteMatter.run(id);
  }
  w.data(d.upsert);
}

/**
 * Every 2-character window of the terms plus each term's last character, space-separated: FTS5's
 * unicode61 tokenizer turns each into one token, so 户口 is a token match and 户 a prefix match
 * (every character starts some token).
 */
export function bigramText(terms: readonly string[]): string {
  const grams = new Set<string>();
  for (const term of terms) {
    const chars = [...term];
    for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
    if (chars.length) grams.add(chars[chars.length - 1]!);
  }
  return [...grams].join(' ');
}

interface DocSource {
  kind: 'matter' | 'bundle';
  ref_id: string;
  name: string;
  aliases: string;
  body: string;
  popularity: number;
}

/**
 * Rebuilds the search documents, the trigram FTS index and the short-gram index from the tables.
 * Rowids follow rank order (bundles first, then popularity), which the search relies on to stop early.
 */
export function rebuildSearch(db: Database.Database): number {
  db.prepare(`INSERT INTO cat_search_bigram (cat_search_bigram) VALUES ('delete-all')`).run();
  db.prepare('DELETE FROM cat_search_doc').run();
  const bundles = db
    .prepare(
      `SELECT 'bundle' AS kind, id AS ref_id, name, aliases, intro AS body, popularity FROM cat_bundle
       ORDER BY popularity DESC, id`,
    )
    .all() as DocSource[];
  const matters = db
    .prepare(
      `SELECT 'matter' AS kind, m.id AS ref_id, m.name, m.aliases,
         d.short_name || ' ' || m.conditions AS body, m.popularity
       FROM cat_matter m JOIN cat_department d ON d.code = m.department_code
       ORDER BY m.popularity DESC, m.id`,
    )
    .all() as DocSource[];
  const insertDoc = db.prepare(
    `INSERT INTO cat_search_doc (rowid, kind, ref_id, name, aliases, body, pinyin, initials, popularity)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertGrams = db.prepare('INSERT INTO cat_search_bigram (rowid, grams) VALUES (?, ?)');
  // A provincial catalogue repeats names (每个县都有“居民身份证换领”): pinyin once per distinct term.
  const pinyinCache = new Map<string, { full: string; initials: string }>();
  let rowid = 0;
  for (const d of [...bundles, ...matters]) {
    rowid++;
    const aliases = JSON.parse(d.aliases) as string[];
    const terms = [d.name, ...aliases];
    const py = terms.map((t) => {
      let p = pinyinCache.get(t);
      if (!p) pinyinCache.set(t, (p = pinyinOf(t)));
      return p;
    });
    const full = py.map((p) => p.full).join(' ');
    const initials = py.map((p) => p.initials).join(' ');
    // Stored normalised: queries are normalised the same way, so scoring compares plain strings.
    const normTerms = terms.map(normalize);
    insertDoc.run(
      rowid,
      d.kind,
      d.ref_id,
      normTerms[0],
      normTerms.slice(1).join(' '),
      normalize(d.body),
      full,
      initials,
      d.popularity,
    );
    insertGrams.run(rowid, bigramText([...normTerms, ...py.map((p) => p.initials)]));
  }
  db.prepare(`INSERT INTO cat_search_fts (cat_search_fts) VALUES ('rebuild')`).run();
  return rowid;
}
