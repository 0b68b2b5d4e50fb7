import { z } from 'zod';

/**
 * The ID card reader as the renderer sees it. A flow's identify step calls idcard.watch {on: true},
 * waits for idcard.read (or shows the idcard.fault message), then idcard.watch {on: false}. Card data
 * crosses here once per read and lives in the core only until the resident session is wiped. The photo
 * (opaque WLT bytes) never crosses: `hasPhoto` says whether the card carried one.
 */
export const IdCardTypeSchema = z.enum(['resident', 'foreign-permanent', 'gat-residence']);

export const IdCardDataSchema = z.object({
  cardType: IdCardTypeSchema,
  name: z.string().max(60),
  nameEn: z.string().max(60).nullable(),
  genderCode: z.string().max(1),
  gender: z.string().max(4),
  ethnicityCode: z.string().max(2).nullable(),
  ethnicity: z.string().max(20).nullable(),
  /** YYYY-MM-DD */
  birthDate: z.string().nullable(),
  address: z.string().max(35).nullable(),
  idNumber: z.string().max(18),
  authority: z.string().max(15).nullable(),
  authorityCode: z.string().max(4).nullable(),
  validFrom: z.string().nullable(),
  /** null with longTerm = true for 长期. */
  validUntil: z.string().nullable(),
  longTerm: z.boolean(),
  nationality: z.string().max(3).nullable(),
  passNumber: z.string().max(9).nullable(),
  issueCount: z.string().max(2).nullable(),
  cardVersion: z.string().max(2).nullable(),
  hasPhoto: z.boolean(),
});
export type IdCardData = z.infer<typeof IdCardDataSchema>;

export const IdCardReaderStateSchema = z.enum([
  'stopped',
  'connecting',
  'ready',
  'watching',
  'fault',
  'disconnected',
  'absent',
]);

export const IdCardFaultSchema = z.object({
  kind: z.enum([
    'read-failed',
    'removed-mid-read',
    'card-auth',
    'card-type',
    'invalid-card',
    'sam-fault',
    'bad-command',
    'bad-frame',
    'timeout',
    'disconnected',
    'device-fault',
  ]),
  /** idcard.* key of the renderer catalogue: the sentence the resident sees. */
  messageKey: z.string().max(120),
  /** Technical, for logs and technicians; never personal data. */
  detail: z.string().max(500),
});

export const SimFaultSchema = z.enum([
  'none',
  'no-card',
  'removed-mid-read',
  'sam-fail',
  'bad-checksum',
  'garbage',
  'slow',
  'mute',
  'bad-check-digit',
]);

const Empty = z.object({}).strict();
const Status = z.object({
  deviceId: z.string(),
  simulated: z.boolean(),
  state: IdCardReaderStateSchema,
  watching: z.boolean(),
});

export const idcardCalls = {
  /** A flow needs a card (on) or no longer does (off). The reader polls only while on. */
  'idcard.watch': { request: z.object({ on: z.boolean() }).strict(), response: Status },
  'idcard.status': { request: Empty, response: Status },
  /** The card read during the current resident session, if any (for a renderer that missed the event). */
  'idcard.current': { request: Empty, response: z.object({ card: IdCardDataSchema.nullable() }) },
  /** Demo mode only (devices.mode 'simulated'); otherwise rejected with messageKey idcard.notSimulated. */
  'idcard.simulate.deck': {
    request: Empty,
    response: z.object({
      cards: z.array(z.object({ index: z.number().int(), label: z.string(), cardType: IdCardTypeSchema })),
      inserted: z.number().int().nullable(),
      fault: SimFaultSchema,
    }),
  },
  'idcard.simulate.insert': {
    request: z.object({ card: z.number().int().min(0).max(99) }).strict(),
    response: z.object({ inserted: z.number().int(), label: z.string() }),
  },
  'idcard.simulate.remove': { request: Empty, response: z.object({ removed: z.boolean() }) },
  'idcard.simulate.fault': {
    request: z.object({ fault: SimFaultSchema }).strict(),
    response: z.object({ fault: SimFaultSchema }),
  },
} as const;

export const idcardEvents = {
  /** A card came into the field (once per card); the renderer can say 正在读取. No card data. */
  'idcard.inserted': z.object({}),
  'idcard.read': z.object({ card: IdCardDataSchema }),
  'idcard.removed': z.object({}),
  'idcard.fault': IdCardFaultSchema,
} as const;
