import { z } from 'zod';

/** The `sync` section of the kiosk configuration; defaults work for demo mode with nothing set. */
export const SyncConfigSchema = z
  .object({
    /** Days personal data stays on the kiosk after the platform confirmed it (PIPL Art. 19). */
    retentionDays: z.number().int().min(0).max(365).default(7),
    /** Signing profile used at enrolment: 国密 by default. */
    profile: z.enum(['gm', 'intl']).default('gm'),
    /** PEM file of the provincial CA that https connections are pinned to. */
    caFile: z.string().min(1).nullable().default(null),
    /** Upload budget in bytes per second; null = use the whole link. */
    bandwidthBytesPerSec: z.number().int().positive().nullable().default(null),
    /** Below this measured speed, big uploads wait while a resident is mid-flow. */
    slowLinkBytesPerSec: z
      .number()
      .int()
      .positive()
      .default(64 * 1024),
    chunkBytes: z
      .number()
      .int()
      .min(16 * 1024)
      .max(16 * 1024 * 1024)
      .default(1024 * 1024),
    concurrency: z.number().int().min(1).max(16).default(4),
    requestTimeoutMs: z.number().int().min(1000).max(300_000).default(15_000),
    /**
     * How requests are authenticated: "session" (one SM2-signed handshake, then HMAC-SM3 per
     * request) or "signature" (SM3withSM2 on every request, for a provincial gateway that insists
     * on it; costs ~10 ms of pure-JS SM2 per request on the kiosk).
     */
    requestAuth: z.enum(['session', 'signature']).default('session'),
  })
  .strict()
  .default({
    retentionDays: 7,
    profile: 'gm',
    caFile: null,
    bandwidthBytesPerSec: null,
    slowLinkBytesPerSec: 64 * 1024,
    chunkBytes: 1024 * 1024,
    concurrency: 4,
    requestTimeoutMs: 15_000,
    requestAuth: 'session',
  });
export type SyncConfig = z.output<typeof SyncConfigSchema>;
