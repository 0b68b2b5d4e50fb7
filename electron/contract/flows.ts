import { z } from 'zod';
import { PrintResultSchema } from './printing.ts';
import { LicenceSchema, LicenceTypeSchema } from './lookups.ts';

/**
 * Matter flows (办事流程): the resident walks a matter's or a 一件事 bundle's steps. The draft lives
 * in the core's memory for the resident session only; every call answers with the whole view of
 * the current step, so a reloaded renderer resumes with `flow.current`. Validation problems come
 * back in `errors` (i18n keys flows.err.*), not as failures: the resident fixes and goes on.
 */

const Key = z.string().min(1).max(80);
const Empty = z.object({}).strict();

export const FlowStepKindSchema = z.enum([
  'identify',
  'face',
  'form',
  'materials',
  'promise',
  'sign',
  'review',
]);

export const MaterialStatusSchema = z.enum(['missing', 'photo', 'deferred', 'elicence', 'covered']);

const IdentityViewSchema = z.object({
  name: z.string(),
  /** 330106********1234: the full number never comes back to the screen. */
  idMasked: z.string(),
  /** net-id: a 网证 code the platform verified (the kiosk never sees more than the platform says). */
  source: z.enum(['card', 'manual', 'net-id']),
});

export const FlowFieldViewSchema = z.object({
  key: z.string(),
  label: z.string(),
  type: z.string(),
  required: z.boolean(),
  value: z.string().nullable(),
  /** Read from the card: shown, not editable. */
  locked: z.boolean(),
  options: z.array(z.string()).nullable(),
  maxLength: z.number().int().nullable(),
});

/**
 * An e-licence standing in for a material (电子证照免提交): a reference as the platform gave it, never
 * an image. `number` is masked unless the number is public (统一社会信用代码).
 */
export const LicenceRefSchema = LicenceSchema.extend({
  /** When the kiosk fetched it (ISO 8601, +08:00). */
  fetchedAt: z.string(),
  /** The resident's consent it was fetched under: the kiosk audit record and the platform's access log name it too. */
  consentReceipt: z.string().max(64),
});
export type LicenceRef = z.infer<typeof LicenceRefSchema>;

export const FlowMaterialViewSchema = z.object({
  key: z.string(),
  name: z.string(),
  required: z.boolean(),
  deferrable: z.boolean(),
  elicence: z.string().nullable(),
  /** The e-licence the platform can be asked for in place of this material; null: photo only. */
  licenceType: LicenceTypeSchema.nullable(),
  /**
   * The licence attached (status elicence), or the one found but not accepted (expired), so the
   * resident sees why; null otherwise.
   */
  licence: LicenceRefSchema.nullable(),
  status: MaterialStatusSchema,
  promisedDate: z.string().nullable(),
  coveredBy: z.enum(['card', 'promise']).nullable(),
  usedBy: z.number().int(),
});

export const FlowViewSchema = z.object({
  runId: z.string(),
  kind: z.enum(['matter', 'bundle']),
  id: z.string(),
  name: z.string(),
  members: z.array(z.object({ id: z.string(), name: z.string(), timeLimit: z.string() })),
  step: z.object({
    id: z.string(),
    kind: FlowStepKindSchema,
    title: z.string(),
    index: z.number().int(),
    count: z.number().int(),
  }),
  steps: z.array(z.object({ id: z.string(), kind: FlowStepKindSchema, title: z.string() })),
  fields: z.array(FlowFieldViewSchema),
  materials: z.array(FlowMaterialViewSchema),
  identity: z.object({
    applicant: IdentityViewSchema.nullable(),
    agent: IdentityViewSchema.nullable(),
    proxy: z.boolean(),
    manualAllowed: z.boolean(),
    /** Whether a scanned 网证 code is accepted here (site policy; the platform verifies it online). */
    netIdAllowed: z.boolean(),
  }),
  /** pending: the face check passed liveness but the platform could not verify it yet (offline). */
  face: z.enum(['passed', 'assisted', 'pending']).nullable(),
  promiseAccepted: z.boolean(),
  signedAt: z.string().nullable(),
  review: z.array(
    z.object({
      stepId: z.string(),
      kind: FlowStepKindSchema,
      title: z.string(),
      items: z.array(z.object({ label: z.string(), value: z.string() })),
    }),
  ),
  errors: z.record(z.string(), z.string()),
  /** Fields and materials as merged, against the sum over members (一件事: asked once). */
  totals: z.object({
    fields: z.number().int(),
    materials: z.number().int(),
    memberFields: z.number().int(),
    memberMaterials: z.number().int(),
  }),
});
export type FlowView = z.infer<typeof FlowViewSchema>;

/** Internal 好差评 grades (GB/T 39046 A.8 vs provincial 1–5 conflict: mapped per target at sync). */
export const EvaluationGradeSchema = z.enum([
  'very-satisfied',
  'satisfied',
  'basically-satisfied',
  'dissatisfied',
  'very-dissatisfied',
]);
export type EvaluationGrade = z.infer<typeof EvaluationGradeSchema>;

export const EVALUATION_REASONS = [
  'slow',
  'unclear-guide',
  'hard-to-use',
  'too-many-materials',
  'device-fault',
  'other',
] as const;

const Phone = z.string().regex(/^(1[3-9]\d{9}|0\d{9,11})$/);

export const ApplicationQueryRowSchema = z.object({
  receiptNo: z.string(),
  name: z.string(),
  matters: z.array(z.string()),
  submittedAt: z.string(),
  state: z.enum(['queued', 'confirmed', 'rejected']),
  owed: z.array(z.object({ name: z.string(), promisedDate: z.string() })),
  reprintable: z.boolean(),
});

export const flowsCalls = {
  'flow.start': {
    request: z.object({ kind: z.enum(['matter', 'bundle']), id: z.string().min(1).max(200) }).strict(),
    response: FlowViewSchema,
  },
  /** The draft of this session, if any: a reloaded renderer resumes where the resident was. */
  'flow.current': { request: Empty, response: z.object({ flow: FlowViewSchema.nullable() }) },
  'flow.answer': {
    request: z.object({ values: z.record(Key, z.string().max(2000).nullable()) }).strict(),
    response: FlowViewSchema,
  },
  /** Saves `values` (if any), validates the step and moves on when it is complete. */
  'flow.next': {
    request: z.object({ values: z.record(Key, z.string().max(2000).nullable()).optional() }).strict(),
    response: FlowViewSchema,
  },
  'flow.back': { request: Empty, response: FlowViewSchema },
  /** From the review page: edit one section (only steps already visited). */
  'flow.goto': { request: z.object({ step: z.string().max(40) }).strict(), response: FlowViewSchema },
  /** 代办: acting for someone else (both identities are then needed). */
  'flow.proxy': { request: z.object({ on: z.boolean() }).strict(), response: FlowViewSchema },
  /** Takes the card read in this session (never sent by the renderer) or a typed identity. */
  'flow.identify': {
    request: z.union([
      z.object({ role: z.enum(['applicant', 'agent']), source: z.literal('card') }).strict(),
      z
        .object({
          role: z.enum(['applicant', 'agent']),
          source: z.literal('manual'),
          name: z.string().min(1).max(30),
          idNumber: z.string().min(1).max(18),
        })
        .strict(),
      /** A 网证 code just scanned (by its scan id: the code itself never crosses the bridge). */
      z
        .object({
          role: z.enum(['applicant', 'agent']),
          source: z.literal('net-id'),
          scanId: z.string().min(1).max(64),
        })
        .strict(),
    ]),
    response: FlowViewSchema,
  },
  'flow.face': {
    request: z.object({ result: z.enum(['passed', 'assisted', 'pending']) }).strict(),
    response: FlowViewSchema,
  },
  'flow.material': {
    request: z.union([
      z
        .object({
          key: Key,
          action: z.literal('photo'),
          mime: z.enum(['image/jpeg', 'image/png']),
          /** Base64; the bridge limits a call to 256 KiB, so the camera step sends a compressed still. */
          data: z.string().min(8).max(240_000),
        })
        .strict(),
      z.object({ key: Key, action: z.literal('defer'), promisedDate: z.string().max(10) }).strict(),
      /**
       * 从电子证照调取: the core asks the platform (lookups.licences) for the licence of the card
       * read in this session, with the resident's consent (recorded on the audit chain), and attaches
       * it when valid. The renderer never hands over licence data itself.
       */
      z.object({ key: Key, action: z.literal('elicence'), consent: z.literal(true) }).strict(),
      z.object({ key: Key, action: z.literal('clear') }).strict(),
    ]),
    response: FlowViewSchema,
  },
  'flow.promise': { request: z.object({ accepted: z.literal(true) }).strict(), response: FlowViewSchema },
  'flow.sign': {
    request: z.object({ png: z.string().min(8).max(240_000) }).strict(),
    response: FlowViewSchema,
  },
  /** Writes application, materials and outbox in one transaction (works offline), then prints the receipt. */
  'flow.submit': {
    request: Empty,
    response: z.object({
      receiptNo: z.string(),
      matters: z.array(z.string()),
      owed: z.array(z.object({ name: z.string(), promisedDate: z.string() })),
      print: PrintResultSchema.nullable(),
    }),
  },
  /** 好差评 for the application just submitted; ends the session when stored. */
  'flow.evaluate': {
    request: z
      .object({
        grade: EvaluationGradeSchema,
        reasons: z.array(z.enum(EVALUATION_REASONS)).max(6).default([]),
        comment: z.string().max(200).default(''),
        callbackPhone: Phone.optional(),
      })
      .strict(),
    response: z.object({ stored: z.boolean() }),
  },
  /** 重新开始: drops the draft (and anything photographed) without ending the session. */
  'flow.cancel': { request: Empty, response: z.object({ dropped: z.boolean() }) },
  /** 办件查询 on this kiosk: by receipt number, or by the card read in this session. */
  'flow.query': {
    request: z.union([
      z.object({ receiptNo: z.string().regex(/^[A-Za-z0-9-]{4,40}$/) }).strict(),
      z.object({ byCard: z.literal(true) }).strict(),
    ]),
    response: z.object({ applications: z.array(ApplicationQueryRowSchema) }),
  },
  /** 智能导办: the question tree of a theme, or the next node after an answer. */
  'flow.finder': {
    request: z.object({ node: z.string().max(60).nullable() }).strict(),
    response: z.object({
      node: z.string(),
      question: z.string().nullable(),
      options: z.array(z.object({ label: z.string(), next: z.string() })),
      result: z.object({ kind: z.enum(['matter', 'bundle']), id: z.string(), name: z.string() }).nullable(),
    }),
  },
} as const;
