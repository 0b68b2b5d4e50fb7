import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CatalogueDataSchema, type CatalogueData, type Manifest } from './package-schema.ts';
import { digestHex, signText, type SigningKey } from './package-crypto.ts';
import { encodePackage } from './package-format.ts';

/**
 * Builds a signed catalogue package from an authored source folder (resources/catalogue/ for the
 * demo; the dev platform calls this too). The source is written for people: shared materials come
 * from a library by key, forms are lists of data-dictionary keys, body and credit code default to the
 * department's. Everything is expanded here into the strict package payload and validated before
 * signing, so an authoring mistake fails the build, not a kiosk.
 */

const Limit = z.tuple([z.number().int(), z.enum(['instant', 'workday', 'day', 'month'])]).nullable();
const MaterialRef = z.union([z.string(), z.object({ key: z.string() }).catchall(z.unknown())]);
const SourceMatter = z
  .object({
    id: z.string(),
    basicCode: z.string(),
    implCode: z.string(),
    itemCode: z.string().nullable().optional(),
    name: z.string(),
    typeCode: z.string(),
    levelCode: z.string().default('4'),
    department: z.string(),
    bodyName: z.string().optional(),
    bodyCreditCode: z.string().optional(),
    audience: z.enum(['personal', 'legal', 'both']),
    serviceObjects: z.array(z.string()).optional(),
    themes: z.array(z.string()),
    legalLimit: Limit,
    promisedLimit: Limit,
    limitNote: z.string().nullable().optional(),
    fee: z.string().nullable().default(null),
    visits: z.number().int(),
    visitsReason: z.string().nullable().optional(),
    flags: z.string().default(''),
    resultName: z.string().nullable().optional(),
    basis: z.string().nullable().optional(),
    conditions: z.string(),
    process: z.array(z.string()),
    faq: z.array(z.object({ q: z.string(), a: z.string() })).default([]),
    place: z.string().nullable().optional(),
    phone: z.string().nullable().optional(),
    aliases: z.array(z.string()).default([]),
    ages: z.object({ min: z.number().optional(), max: z.number().optional() }).nullable().optional(),
    popularity: z.number().int().default(0),
    materials: z.array(MaterialRef),
    form: z.array(z.string()),
    layout: z.array(z.object({ title: z.string(), fields: z.array(z.string()) })).optional(),
    extensions: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const SourceDictionary = z.object({
  groups: z.record(z.string(), z.string()),
  fields: z.array(z.object({ key: z.string() }).catchall(z.unknown())),
});

export interface CatalogueSourceMeta {
  version: number;
  province: string;
  createdAt: string;
}

function readJson(dir: string, file: string): unknown {
  const p = path.join(dir, file);
  try {
    return JSON.parse(fs.readFileSync(p, 'utf8'));
  } catch (e) {
    throw new Error(`catalogue source ${p}: ${(e as Error).message}`, { cause: e });
  }
}

/** Reads and expands an authored source folder into a validated package payload. */
export function loadCatalogueSource(sourceDir: string): { meta: CatalogueSourceMeta; data: CatalogueData } {
  const meta = readJson(sourceDir, 'catalogue.json') as CatalogueSourceMeta;
  const departments = readJson(sourceDir, 'departments.json') as {
    code: string;
    name: string;
    creditCode: string;
  }[];
  const dict = SourceDictionary.parse(readJson(sourceDir, 'dictionary.json'));
  const library = readJson(sourceDir, 'materials.json') as Record<string, Record<string, unknown>>;
  const matterDir = path.join(sourceDir, 'matters');
  const sourceMatters = fs
    .readdirSync(matterDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => {
      const parsed = z.array(SourceMatter).safeParse(readJson(matterDir, f));
      if (!parsed.success) throw new Error(`catalogue source matters/${f}: ${parsed.error.message}`);
      return parsed.data;
    });
  const dictByKey = new Map(dict.fields.map((f) => [f.key, f]));

  const matters = sourceMatters.map((m) => {
    const dep = departments.find((d) => d.code === m.department);
    const materials = m.materials.map((ref) => {
      const key = typeof ref === 'string' ? ref : ref.key;
      const base = library[key];
      if (!base) throw new Error(`matter ${m.id}: material "${key}" is not in materials.json`);
      const over = typeof ref === 'string' ? {} : ref;
      return { required: true, deferrable: false, ...base, ...over, key };
    });
    const fieldKeys = m.form.map((f) => f.replace(/\*$/, ''));
    const properties: Record<string, Record<string, unknown>> = {};
    for (const k of fieldKeys) {
      const f = dictByKey.get(k) as { label?: string; schema?: Record<string, unknown> } | undefined;
      properties[k] = { title: f?.label ?? k, ...(f?.schema ?? {}) };
    }
    const layout =
      m.layout ??
      [...new Set(fieldKeys.map((k) => k.split('.')[0]!))].map((g) => ({
        title: dict.groups[g] ?? '办理信息',
        fields: fieldKeys.filter((k) => k.split('.')[0] === g),
      }));
    const flag = (name: string): boolean => m.flags.split(/\s+/).includes(name);
    return {
      id: m.id,
      basicCode: m.basicCode,
      implCode: m.implCode,
      itemCode: m.itemCode ?? null,
      name: m.name,
      typeCode: m.typeCode,
      levelCode: m.levelCode,
      department: m.department,
      bodyName: m.bodyName ?? dep?.name ?? m.department,
      bodyCreditCode: m.bodyCreditCode ?? dep?.creditCode ?? '',
      audience: m.audience,
      serviceObjects:
        m.serviceObjects ?? (m.audience === 'legal' ? ['2'] : m.audience === 'both' ? ['1', '2'] : ['1']),
      themes: m.themes,
      legalLimit: m.legalLimit ? { value: m.legalLimit[0], unit: m.legalLimit[1] } : null,
      promisedLimit: m.promisedLimit ? { value: m.promisedLimit[0], unit: m.promisedLimit[1] } : null,
      limitNote: m.limitNote ?? null,
      fee: { charged: m.fee !== null, note: m.fee },
      visits: m.visits,
      visitsReason: m.visitsReason ?? null,
      flags: {
        online: flag('online'),
        commitment: flag('commitment'),
        deferral: flag('deferral'),
        faceCheck: flag('face'),
        offlineCapable: flag('offline'),
      },
      resultName: m.resultName ?? null,
      basis: m.basis ?? null,
      conditions: m.conditions,
      process: m.process,
      faq: m.faq,
      place: m.place ?? null,
      phone: m.phone ?? null,
      aliases: m.aliases,
      ages: m.ages ?? null,
      popularity: m.popularity,
      materials,
      form: {
        schema: {
          type: 'object',
          properties,
          required: m.form.filter((f) => f.endsWith('*')).map((f) => f.slice(0, -1)),
        },
        layout,
      },
      extensions: m.extensions ?? {},
    };
  });

  const payload = {
    regions: readJson(sourceDir, 'regions.json'),
    departments,
    themes: readJson(sourceDir, 'themes.json'),
    dictionary: dict.fields,
    matters,
    bundles: readJson(sourceDir, 'bundles.json'),
    synonyms: readJson(sourceDir, 'synonyms.json'),
    mappings: readJson(sourceDir, 'mappings.json'),
  };
  const parsed = CatalogueDataSchema.safeParse(payload);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`catalogue source ${sourceDir} is invalid:\n${lines.join('\n')}`);
  }
  return { meta, data: parsed.data };
}

export interface PackageOptions {
  kind?: 'full' | 'delta';
  version: number;
  baseVersion?: number | null;
  province: string;
  createdAt: string;
}

/** Signs any payload (full data or a delta) into the package file bytes. */
export function signPackage(payload: unknown, key: SigningKey, opts: PackageOptions): Buffer {
  const payloadText = JSON.stringify(payload);
  const bytes = Buffer.from(payloadText, 'utf8');
  const digestAlg = key.profile === 'sm2' ? 'sm3' : 'sha256';
  const manifest: Manifest = {
    format: 'banshi-catalogue/1',
    kind: opts.kind ?? 'full',
    version: opts.version,
    baseVersion: opts.baseVersion ?? null,
    createdAt: opts.createdAt,
    province: opts.province,
    profile: key.profile,
    keyId: key.keyId,
    digestAlg,
    digest: digestHex(digestAlg, bytes),
    payloadBytes: bytes.length,
  };
  const manifestText = JSON.stringify(manifest);
  return encodePackage(manifestText, signText(manifestText, key), bytes);
}

/**
 * The function the dev platform calls to serve catalogue packages: source folder + platform key →
 * signed full package bytes (serve as application/octet-stream). `overrides` lets it bump the
 * version without editing the source.
 */
export function buildCataloguePackage(
  sourceDir: string,
  key: SigningKey,
  overrides: Partial<PackageOptions> = {},
): Buffer {
  const { meta, data } = loadCatalogueSource(sourceDir);
  return signPackage(data, key, {
    version: meta.version,
    province: meta.province,
    createdAt: meta.createdAt,
    ...overrides,
  });
}
