import type Database from 'better-sqlite3';
import type { CatalogueData, CatalogueDelta } from './package-schema.ts';

/** Ids of everything a reference can point at. */
export interface IdSets {
  regions: Set<string>;
  departments: Set<string>;
  themes: Set<string>;
  dictionary: Set<string>;
  matters: Set<string>;
  bundles: Set<string>;
  /** bundle → member matter ids, to find bundles left pointing at a removed matter. */
  members: Map<string, string[]>;
}

const col = (db: Database.Database, sql: string): Set<string> =>
  new Set((db.prepare(sql).pluck().all() as string[]).map(String));

export function currentIds(db: Database.Database): IdSets {
  const members = new Map<string, string[]>();
  for (const r of db.prepare('SELECT bundle_id, matter_id FROM cat_bundle_member').all() as {
    bundle_id: string;
    matter_id: string;
  }[]) {
    members.set(r.bundle_id, [...(members.get(r.bundle_id) ?? []), r.matter_id]);
  }
  return {
    regions: col(db, 'SELECT code FROM cat_region'),
    departments: col(db, 'SELECT code FROM cat_department'),
    themes: col(db, 'SELECT code FROM cat_theme'),
    dictionary: col(db, 'SELECT key FROM cat_dict_field'),
    matters: col(db, 'SELECT id FROM cat_matter'),
    bundles: col(db, 'SELECT id FROM cat_bundle'),
    members,
  };
}

function emptyIds(): IdSets {
  return {
    regions: new Set(),
    departments: new Set(),
    themes: new Set(),
    dictionary: new Set(),
    matters: new Set(),
    bundles: new Set(),
    members: new Map(),
  };
}

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  const dup: string[] = [];
  for (const id of ids) {
    if (seen.has(id)) dup.push(id);
    seen.add(id);
  }
  return dup;
}

/**
 * Every reference the package makes must land on something in the resulting catalogue: a full
 * package must be self-contained; a delta is checked against the catalogue in use plus its changes.
 * Returns human-readable problems (empty = consistent).
 */
export function findDanglingReferences(
  d: Partial<CatalogueData>,
  delta: CatalogueDelta | null,
  base: IdSets = emptyIds(),
): string[] {
  const out: string[] = [];
  const ids: IdSets = {
    regions: new Set([...base.regions, ...(d.regions ?? []).map((x) => x.code)]),
    departments: new Set([...base.departments, ...(d.departments ?? []).map((x) => x.code)]),
    themes: new Set([...base.themes, ...(d.themes ?? []).map((x) => x.code)]),
    dictionary: new Set([...base.dictionary, ...(d.dictionary ?? []).map((x) => x.key)]),
    matters: new Set(base.matters),
    bundles: new Set(base.bundles),
    members: new Map(base.members),
  };
  for (const id of delta?.remove.matters ?? []) ids.matters.delete(id);
  for (const id of delta?.remove.bundles ?? []) {
    ids.bundles.delete(id);
    ids.members.delete(id);
  }
  for (const m of d.matters ?? []) ids.matters.add(m.id);
  for (const x of d.bundles ?? []) {
    ids.bundles.add(x.id);
    ids.members.set(
      x.id,
      x.members.map((mem) => mem.matter),
    );
  }

  for (const [what, list] of [
    ['matter', (d.matters ?? []).map((x) => x.id)],
    ['bundle', (d.bundles ?? []).map((x) => x.id)],
    ['department', (d.departments ?? []).map((x) => x.code)],
    ['region', (d.regions ?? []).map((x) => x.code)],
    ['dictionary field', (d.dictionary ?? []).map((x) => x.key)],
  ] as const) {
    for (const dup of duplicates([...list])) out.push(`${what} "${dup}" appears twice`);
  }

  for (const r of d.regions ?? []) {
    if (r.parent && !ids.regions.has(r.parent)) out.push(`region ${r.code}: parent ${r.parent} not found`);
  }
  for (const dep of d.departments ?? []) {
    if (dep.region && !ids.regions.has(dep.region))
      out.push(`department ${dep.code}: region ${dep.region} not found`);
  }
  for (const m of d.matters ?? []) {
    if (!ids.departments.has(m.department)) out.push(`matter ${m.id}: department ${m.department} not found`);
    for (const t of m.themes) if (!ids.themes.has(t)) out.push(`matter ${m.id}: theme ${t} not found`);
    const props = new Set(Object.keys(m.form.schema.properties));
    for (const p of props)
      if (!ids.dictionary.has(p)) out.push(`matter ${m.id}: form field ${p} not in dictionary`);
    for (const r of m.form.schema.required)
      if (!props.has(r)) out.push(`matter ${m.id}: required ${r} not a field`);
    for (const sec of m.form.layout) {
      for (const f of sec.fields)
        if (!props.has(f)) out.push(`matter ${m.id}: layout field ${f} not in schema`);
    }
  }
  for (const [bundle, members] of ids.members) {
    for (const mid of members) {
      if (!ids.matters.has(mid)) out.push(`bundle ${bundle}: member matter ${mid} not found`);
    }
  }
  for (const x of d.bundles ?? []) {
    if (x.theme && !ids.themes.has(x.theme)) out.push(`bundle ${x.id}: theme ${x.theme} not found`);
  }
  return out;
}
