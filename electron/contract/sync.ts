import { z } from 'zod';

/**
 * Sync to the provincial platform, as technicians and the maintenance screen see it. `sync.status`
 * (in calls.ts) stays the small summary the renderer shows; `sync.detail` is the outbox in full:
 * rows per state, what the platform rejected, what waits for its next attempt. Keys are random
 * UUIDs and errors are platform status lines: nothing personal crosses here.
 */
const Empty = z.object({}).strict();

export const SyncDetailSchema = z.object({
  enrolled: z.boolean(),
  platformUrl: z.string().nullable(),
  profile: z.string().nullable(),
  online: z.boolean().nullable(),
  applications: z.object({
    queued: z.number().int().nonnegative(),
    confirmed: z.number().int().nonnegative(),
    rejected: z.number().int().nonnegative(),
  }),
  rows: z.object({
    pending: z.number().int().nonnegative(),
    sending: z.number().int().nonnegative(),
    inDoubt: z.number().int().nonnegative(),
    confirmed: z.number().int().nonnegative(),
    rejected: z.number().int().nonnegative(),
  }),
  rejected: z.array(z.object({ appKey: z.string(), type: z.string(), error: z.string(), at: z.string() })),
  retrying: z.array(
    z.object({
      appKey: z.string(),
      type: z.string(),
      attempts: z.number().int(),
      nextAt: z.string(),
      error: z.string(),
    }),
  ),
  lastSyncAt: z.string().nullable(),
  purgedTotal: z.number().int().nonnegative(),
});
export type SyncDetail = z.infer<typeof SyncDetailSchema>;

export const syncCalls = {
  'sync.detail': { request: Empty, response: SyncDetailSchema },
  /** Work through the outbox now, ignoring backoff (technician or platform command). */
  'sync.now': {
    request: Empty,
    response: z.object({ confirmed: z.number().int().nonnegative(), failed: z.number().int().nonnegative() }),
  },
} as const;
