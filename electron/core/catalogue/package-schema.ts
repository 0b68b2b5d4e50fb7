import { z } from 'zod';

/**
 * The shape of a catalogue package's payload. The platform builds it, the kiosk refuses anything
 * that does not parse. Codes are opaque text (provinces use composite codes far longer than the
 * national an..24), and province-specific values travel in `mappings`, never in the matter rows.
 */

const Text = (max: number) => z.string().trim().min(1).max(max);
const Code = Text(200);
const Flag = z.boolean();

export const AudienceSchema = z.enum(['personal', 'legal', 'both']);
export const ThemeAudienceSchema = z.enum(['personal', 'legal']);
export const LimitUnitSchema = z.enum(['instant', 'workday', 'day', 'month']);
export const MediumSchema = z.enum(['paper', 'electronic', 'either']);
export const FieldTypeSchema = z.enum([
  'text',
  'name',
  'id-number',
  'phone',
  'address',
  'region',
  'date',
  'enum',
  'number',
  'credit-code',
]);

export const RegionSchema = z
  .object({
    code: z.string().regex(/^\d{6,12}$/),
    name: Text(60),
    parent: z
      .string()
      .regex(/^\d{6,12}$/)
      .nullable(),
    level: z.number().int().min(1).max(5),
  })
  .strict();

export const DepartmentSchema = z
  .object({
    code: Code,
    name: Text(100),
    shortName: Text(20),
    /** 统一社会信用代码, GB 32100: 18 characters. */
    creditCode: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/),
    region: z.string().nullable().default(null),
  })
  .strict();

export const ThemeSchema = z.object({ code: Code, audience: ThemeAudienceSchema, name: Text(30) }).strict();

export const DictFieldSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-zA-Z0-9.]{1,60}$/),
    label: Text(40),
    type: FieldTypeSchema,
    /** Personal data: never logged, encrypted where stored, wiped after each resident. */
    personal: Flag,
    schema: z.record(z.string(), z.unknown()),
  })
  .strict();

export const MaterialSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-zA-Z0-9.-]{1,60}$/),
    name: Text(120),
    source: z.string().max(100).nullable().default(null),
    originals: z.number().int().min(0).max(99),
    copies: z.number().int().min(0).max(99),
    required: Flag,
    medium: MediumSchema,
    /** The 电子证照 type that can replace the paper, if any. */
    elicence: z.string().max(60).nullable().default(null),
    /** 容缺: may be handed in later when the matter allows deferral. */
    deferrable: Flag,
    note: z.string().max(400).nullable().default(null),
  })
  .strict();

const JsonSchemaObject = z
  .object({
    type: z.literal('object'),
    properties: z.record(z.string(), z.record(z.string(), z.unknown())),
    required: z.array(z.string()),
  })
  .loose();

export const FormSchema = z
  .object({
    schema: JsonSchemaObject,
    layout: z.array(z.object({ title: Text(40), fields: z.array(z.string()).min(1) }).strict()),
  })
  .strict();

const Limit = z.object({ value: z.number().int().min(0).max(3650), unit: LimitUnitSchema }).strict();
const Ages = z
  .object({
    min: z.number().int().min(0).max(150).optional(),
    max: z.number().int().min(0).max(150).optional(),
  })
  .strict();

export const MatterSchema = z
  .object({
    id: Code,
    basicCode: Code,
    implCode: Code,
    itemCode: z.string().max(400).nullable().default(null),
    name: Text(200),
    /** GB/T 39046 A.1 事项类型代码, two digits. */
    typeCode: z.string().regex(/^\d{2}$/),
    /** A.2 行使层级代码. */
    levelCode: z.string().regex(/^[1-7]$/),
    department: Code,
    bodyName: Text(100),
    bodyCreditCode: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/),
    audience: AudienceSchema,
    /** A.4 服务对象代码 (1 自然人, 2 企业法人 …). */
    serviceObjects: z.array(z.string().regex(/^[1-6]$/)).min(1),
    themes: z.array(Code),
    legalLimit: Limit.nullable(),
    promisedLimit: Limit.nullable(),
    limitNote: z.string().max(400).nullable().default(null),
    fee: z.object({ charged: Flag, note: z.string().max(400).nullable().default(null) }).strict(),
    visits: z.number().int().min(0).max(9),
    visitsReason: z.string().max(400).nullable().default(null),
    flags: z
      .object({ online: Flag, commitment: Flag, deferral: Flag, faceCheck: Flag, offlineCapable: Flag })
      .strict(),
    resultName: z.string().max(100).nullable().default(null),
    basis: z.string().max(2000).nullable().default(null),
    conditions: Text(4000),
    process: z.array(Text(400)).min(1),
    faq: z.array(z.object({ q: Text(200), a: Text(1000) }).strict()),
    place: z.string().max(200).nullable().default(null),
    phone: z.string().max(40).nullable().default(null),
    aliases: z.array(Text(40)),
    ages: Ages.nullable().default(null),
    popularity: z.number().int().min(0).max(1_000_000_000),
    materials: z.array(MaterialSchema),
    form: FormSchema,
    /** Provincial extension fields (网上办理深度 …) kept verbatim. */
    extensions: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()
  .superRefine((m, ctx) => {
    // Rule seen in provincial validators: a matter needing no visit must be doable online or by post.
    if (m.visits > 0 && !m.visitsReason) {
      ctx.addIssue({ code: 'custom', message: '到办事现场次数大于0时必须说明原因', path: ['visitsReason'] });
    }
    const keys = new Set<string>();
    for (const mat of m.materials) {
      if (keys.has(mat.key))
        ctx.addIssue({ code: 'custom', message: `材料重复 ${mat.key}`, path: ['materials'] });
      keys.add(mat.key);
    }
  });

export const BundleSchema = z
  .object({
    id: Code,
    name: Text(60),
    audience: AudienceSchema,
    theme: Code.nullable().default(null),
    intro: Text(2000),
    aliases: z.array(Text(40)),
    ages: Ages.nullable().default(null),
    popularity: z.number().int().min(0).max(1_000_000_000),
    members: z.array(z.object({ matter: Code, optional: Flag.default(false) }).strict()).min(2),
  })
  .strict();

export const SynonymSchema = z.object({ term: Text(20), expansions: z.array(Text(40)).min(1) }).strict();
export const MappingSchema = z
  .object({ province: Code, domain: Code, internal: Code, external: Code })
  .strict();

export const CatalogueDataSchema = z
  .object({
    regions: z.array(RegionSchema),
    departments: z.array(DepartmentSchema),
    themes: z.array(ThemeSchema),
    dictionary: z.array(DictFieldSchema),
    matters: z.array(MatterSchema),
    bundles: z.array(BundleSchema),
    synonyms: z.array(SynonymSchema),
    mappings: z.array(MappingSchema),
  })
  .strict();

/** A delta carries whole replacement rows plus ids to remove; the result must still be consistent. */
export const CatalogueDeltaSchema = z
  .object({
    upsert: CatalogueDataSchema.partial(),
    remove: z
      .object({ matters: z.array(Code).default([]), bundles: z.array(Code).default([]) })
      .strict()
      .default({ matters: [], bundles: [] }),
  })
  .strict();

export const ManifestSchema = z
  .object({
    format: z.literal('banshi-catalogue/1'),
    kind: z.enum(['full', 'delta']),
    version: z.number().int().positive(),
    baseVersion: z.number().int().positive().nullable(),
    createdAt: z.string().min(10).max(40),
    province: Code,
    profile: z.enum(['sm2', 'ed25519']),
    keyId: Code,
    digestAlg: z.enum(['sm3', 'sha256']),
    digest: z.string().regex(/^[0-9a-f]{64}$/),
    payloadBytes: z.number().int().nonnegative(),
  })
  .strict();

export type CatalogueData = z.output<typeof CatalogueDataSchema>;
export type CatalogueDataInput = z.input<typeof CatalogueDataSchema>;
export type CatalogueDelta = z.output<typeof CatalogueDeltaSchema>;
export type Manifest = z.output<typeof ManifestSchema>;
export type MatterData = z.output<typeof MatterSchema>;
export type BundleData = z.output<typeof BundleSchema>;
export type MaterialData = z.output<typeof MaterialSchema>;
