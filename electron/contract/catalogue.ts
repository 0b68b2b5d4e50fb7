import { z } from 'zod';

/**
 * The matter catalogue: search, browse, 办事指南 (matter guide), 一件事 bundles with merged materials
 * and forms, and the regions for the address picker. Read-only for the renderer: packages are
 * imported by the core (demo start, platform sync, `kioskctl catalogue import`).
 */

const Empty = z.object({}).strict();
const Id = z.string().min(1).max(200);
export const CatalogueAudienceSchema = z.enum(['personal', 'legal']);
const LimitSchema = z.object({
  value: z.number().int(),
  unit: z.enum(['instant', 'workday', 'day', 'month']),
});

export const CatalogueHitSchema = z.object({
  kind: z.enum(['matter', 'bundle']),
  id: z.string(),
  name: z.string(),
  department: z.string().nullable(),
  audience: z.enum(['personal', 'legal', 'both']),
  online: z.boolean().nullable(),
  visits: z.number().int().nullable(),
  promisedLimit: LimitSchema.nullable(),
  memberCount: z.number().int().nullable(),
  /** What matched: the resident sees "按拼音匹配" etc. only as a hint; ranking already used it. */
  matchedBy: z.enum(['name', 'alias', 'pinyin', 'initials', 'body', 'synonym', 'browse']),
  score: z.number(),
});
export type CatalogueHit = z.infer<typeof CatalogueHitSchema>;

export const MaterialViewSchema = z.object({
  key: z.string(),
  name: z.string(),
  source: z.string().nullable(),
  originals: z.number().int(),
  copies: z.number().int(),
  required: z.boolean(),
  medium: z.enum(['paper', 'electronic', 'either']),
  elicence: z.string().nullable(),
  deferrable: z.boolean(),
  note: z.string().nullable(),
});
export type MaterialView = z.infer<typeof MaterialViewSchema>;

export const MatterGuideSchema = z.object({
  id: z.string(),
  basicCode: z.string(),
  implCode: z.string(),
  itemCode: z.string().nullable(),
  name: z.string(),
  typeCode: z.string(),
  department: z.object({ code: z.string(), name: z.string(), shortName: z.string() }),
  bodyName: z.string(),
  bodyCreditCode: z.string(),
  audience: z.enum(['personal', 'legal', 'both']),
  serviceObjects: z.array(z.string()),
  themes: z.array(z.object({ code: z.string(), name: z.string() })),
  legalLimit: LimitSchema.nullable(),
  promisedLimit: LimitSchema.nullable(),
  limitNote: z.string().nullable(),
  fee: z.object({ charged: z.boolean(), note: z.string().nullable() }),
  visits: z.number().int(),
  visitsReason: z.string().nullable(),
  flags: z.object({
    online: z.boolean(),
    commitment: z.boolean(),
    deferral: z.boolean(),
    faceCheck: z.boolean(),
    offlineCapable: z.boolean(),
  }),
  resultName: z.string().nullable(),
  basis: z.string().nullable(),
  conditions: z.string(),
  process: z.array(z.string()),
  faq: z.array(z.object({ q: z.string(), a: z.string() })),
  place: z.string().nullable(),
  phone: z.string().nullable(),
  materials: z.array(MaterialViewSchema),
  formFieldCount: z.number().int(),
  bundles: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type MatterGuide = z.infer<typeof MatterGuideSchema>;

export const FormFieldViewSchema = z.object({
  key: z.string(),
  label: z.string(),
  type: z.string(),
  personal: z.boolean(),
  required: z.boolean(),
  /** How many member matters ask for it (bundles); 1 for a single matter. */
  usedBy: z.number().int(),
});

export const BundleGuideSchema = z.object({
  id: z.string(),
  name: z.string(),
  audience: z.enum(['personal', 'legal', 'both']),
  intro: z.string(),
  members: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      department: z.string(),
      optional: z.boolean(),
      promisedLimit: LimitSchema.nullable(),
    }),
  ),
  materials: z.array(MaterialViewSchema.extend({ usedBy: z.array(z.string()) })),
  /** Sum over members before merging, to show how much the bundle saves. */
  totalMaterials: z.number().int(),
  fields: z.array(FormFieldViewSchema),
  totalFields: z.number().int(),
});
export type BundleGuide = z.infer<typeof BundleGuideSchema>;

export const catalogueCalls = {
  'catalogue.info': {
    request: Empty,
    response: z.object({
      state: z
        .object({
          version: z.number().int(),
          kind: z.enum(['full', 'delta']),
          province: z.string(),
          profile: z.enum(['sm2', 'ed25519']),
          keyId: z.string(),
          createdAt: z.string(),
          importedAt: z.string(),
        })
        .nullable(),
      counts: z.object({
        matters: z.number().int(),
        bundles: z.number().int(),
        departments: z.number().int(),
        themes: z.number().int(),
        regions: z.number().int(),
      }),
      lastImports: z.array(
        z.object({
          at: z.string(),
          version: z.number().int().nullable(),
          outcome: z.enum(['accepted', 'rejected']),
          reason: z.string(),
          detail: z.string(),
        }),
      ),
    }),
  },
  'catalogue.search': {
    request: z
      .object({
        query: z.string().max(50),
        audience: CatalogueAudienceSchema.optional(),
        limit: z.number().int().min(1).max(50).optional(),
      })
      .strict(),
    response: z.object({
      query: z.string(),
      expanded: z.array(z.string()),
      hits: z.array(CatalogueHitSchema),
    }),
  },
  'catalogue.browse': {
    request: z
      .object({
        audience: CatalogueAudienceSchema,
        theme: Id.optional(),
        department: Id.optional(),
        /** 高频: what residents open most on this kiosk. */
        frequent: z.boolean().optional(),
        limit: z.number().int().min(1).max(100).optional(),
      })
      .strict(),
    response: z.object({
      themes: z.array(z.object({ code: z.string(), name: z.string(), count: z.number().int() })),
      departments: z.array(
        z.object({ code: z.string(), name: z.string(), shortName: z.string(), count: z.number().int() }),
      ),
      hits: z.array(CatalogueHitSchema),
    }),
  },
  /** 刷证办: matters relevant to the card holder's age first. Only the birth date crosses, not the card. */
  'catalogue.forCardHolder': {
    request: z
      .object({
        birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        audience: CatalogueAudienceSchema.optional(),
        limit: z.number().int().min(1).max(50).optional(),
      })
      .strict(),
    response: z.object({ age: z.number().int(), hits: z.array(CatalogueHitSchema) }),
  },
  'catalogue.matter': { request: z.object({ id: Id }).strict(), response: MatterGuideSchema },
  'catalogue.bundle': { request: z.object({ id: Id }).strict(), response: BundleGuideSchema },
  /** The form as JSON Schema + layout; for a bundle, the merged form (shared fields asked once). */
  'catalogue.form': {
    request: z.object({ kind: z.enum(['matter', 'bundle']), id: Id }).strict(),
    response: z.object({
      schema: z.object({
        type: z.literal('object'),
        properties: z.record(z.string(), z.record(z.string(), z.unknown())),
        required: z.array(z.string()),
      }),
      layout: z.array(z.object({ title: z.string(), fields: z.array(z.string()) })),
      fields: z.array(FormFieldViewSchema),
    }),
  },
  /** 行政区划 children of a region (null = top level), for the address picker. */
  'catalogue.regions': {
    request: z.object({ parent: z.string().max(12).nullable() }).strict(),
    response: z.object({
      regions: z.array(z.object({ code: z.string(), name: z.string(), level: z.number().int() })),
    }),
  },
} as const;

export const catalogueEvents = {
  /** A new catalogue package was imported; screens showing catalogue data may refresh. */
  'catalogue.updated': z.object({
    version: z.number().int(),
    matters: z.number().int(),
    bundles: z.number().int(),
  }),
} as const;
