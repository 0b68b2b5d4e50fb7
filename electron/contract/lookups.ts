import { z } from 'zod';

/**
 * Online-only helpers (api/openapi.yaml /v1/policies/match, /v1/licences/lookup): which policies
 * (政策) may apply to a resident, and which e-licences (电子证照) the platform holds for the resident
 * whose ID card was read in this session. Offline, or when the platform answers nonsense, the
 * answer is a refusal with an i18n key to show, never a stale or made-up list.
 */
export const LICENCE_TYPES = [
  'marriage-certificate',
  'birth-certificate',
  'business-licence',
  'property-certificate',
] as const;
export const LicenceTypeSchema = z.enum(LICENCE_TYPES);
export type LicenceType = z.infer<typeof LicenceTypeSchema>;
/** Official names, shown as given by the platform (the resident knows the licence by this name). */
export const LICENCE_NAMES: Record<LicenceType, string> = {
  'marriage-certificate': '结婚证',
  'birth-certificate': '出生医学证明',
  'business-licence': '营业执照',
  'property-certificate': '不动产权证书',
};

const Tag = z.string().min(1).max(20);
export const AreaCodeSchema = z.string().regex(/^\d{6}$/, 'areaCode must be a 6-digit division code');

export const PolicySchema = z.object({
  id: z.string().min(1).max(40),
  title: z.string().min(1).max(120),
  summary: z.string().max(500),
  url: z.string().max(500),
  areaCode: AreaCodeSchema,
  matchedTags: z.array(Tag).max(20),
  /** 'met': every condition checked against what was given; 'check': staff must confirm one. */
  eligibility: z.enum(['met', 'check']),
});
export type Policy = z.infer<typeof PolicySchema>;

export const LicenceSchema = z.object({
  type: LicenceTypeSchema,
  name: z.string().min(1).max(40),
  /** Masked (ends only) unless the number is public, like a 统一社会信用代码. */
  number: z.string().min(1).max(60),
  numberMasked: z.boolean(),
  /** YYYY-MM-DD; null = 长期有效. */
  validUntil: z.string().nullable(),
  issuedOn: z.string(),
  issuer: z.string().min(1).max(80),
  status: z.enum(['valid', 'expired']),
});
export type Licence = z.infer<typeof LicenceSchema>;

const PolicyQuery = {
  areaCode: AreaCodeSchema,
  /** Topics the resident picked (养老, 救助 …); empty = every policy of the area. */
  tags: z.array(Tag).max(20).default([]),
  age: z.number().int().min(0).max(150).optional(),
  /** 人员类别 the resident said they are in (低保, 残疾人, 退役军人 …). */
  categories: z.array(Tag).max(20).optional(),
};

/** Body of POST /v1/policies/match (kiosk → platform). */
export const MatchRequestSchema = z
  .object({ ...PolicyQuery, limit: z.number().int().min(1).max(50).default(20) })
  .strict();

/** Body of POST /v1/licences/lookup (kiosk → platform). Never an ID number, only its digest. */
export const LicenceRequestSchema = z
  .object({
    licenceType: z.union([LicenceTypeSchema, z.literal('all')]),
    holderIdDigest: z.string().regex(/^[0-9a-f]{64}$/, 'holderIdDigest must be 64 lowercase hex digits'),
    /** The digest of the kiosk's enrolled crypto profile: sm3 (国密) or sha256. */
    digestAlg: z.enum(['sm3', 'sha256']),
    /** Id of the consent the resident gave on the kiosk (also in the kiosk's audit log). */
    consentReceipt: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'consentReceipt must be 8-64 of [A-Za-z0-9-]'),
  })
  .strict();

const Refused = z.object({ ok: z.literal(false), messageKey: z.string().max(120) });

export const lookupsCalls = {
  /** Policies that may apply, best first. */
  'lookups.policies': {
    request: z.object(PolicyQuery).strict(),
    response: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), policies: z.array(PolicySchema) }),
      Refused,
    ]),
  },
  /**
   * The e-licences of the resident whose ID card was read in this session; `consent` is the
   * resident's tap on "同意查询", without which nothing is asked.
   */
  'lookups.licences': {
    request: z
      .object({
        licenceType: z.union([LicenceTypeSchema, z.literal('all')]),
        consent: z.literal(true),
      })
      .strict(),
    response: z.discriminatedUnion('ok', [
      z.object({
        ok: z.literal(true),
        licences: z.array(LicenceSchema),
        /** The consent this lookup was made under (kiosk audit record, platform access log). */
        consentReceipt: z.string().max(64),
      }),
      Refused,
    ]),
  },
} as const;
