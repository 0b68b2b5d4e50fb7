import { z } from 'zod';

/**
 * Device-level health: what the technician page shows, what heartbeats carry to the province, and
 * what `kioskctl health` prints. Plain facts and machine codes only, never personal data.
 */
// Same values as calls.ts DeviceStateSchema; not imported because calls.ts spreads this file (cycle).
const DeviceStateSchema = z.enum(['ready', 'busy', 'attention', 'fault', 'disconnected', 'absent']);

export const HealthLevelSchema = z.enum(['ok', 'degraded', 'fault']);
export type HealthLevel = z.infer<typeof HealthLevelSchema>;

export const DeviceHealthSchema = z.object({
  present: z.boolean(),
  state: DeviceStateSchema,
  level: HealthLevelSchema,
  simulated: z.boolean(),
  messageKey: z.string(),
});
export type DeviceHealth = z.infer<typeof DeviceHealthSchema>;

export const PaperStateSchema = z.enum(['ok', 'low', 'out', 'unknown']);

export const KioskHealthSchema = z.object({
  at: z.string(),
  kioskId: z.string(),
  level: HealthLevelSchema,
  /** Machine codes of everything not ok, most serious first (e.g. "printer.paper-out"). */
  problems: z.array(z.string()),
  reader: DeviceHealthSchema,
  printer: DeviceHealthSchema.extend({ paper: PaperStateSchema }),
  a4printer: DeviceHealthSchema,
  scanner: DeviceHealthSchema,
  cameras: z.array(DeviceHealthSchema),
  disk: z.object({ freeBytes: z.number(), totalBytes: z.number(), level: HealthLevelSchema }),
  queue: z.object({ depth: z.number().int().nonnegative(), level: HealthLevelSchema }),
  sync: z.object({ lastSyncAt: z.string().nullable(), configured: z.boolean(), level: HealthLevelSchema }),
  clock: z.object({ skewMs: z.number().nullable(), level: HealthLevelSchema }),
  audit: z.object({ count: z.number().int().nonnegative(), head: z.string() }),
});
export type KioskHealth = z.infer<typeof KioskHealthSchema>;

export const SelfTestResultSchema = z.object({
  at: z.string(),
  ok: z.boolean(),
  results: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string(), ms: z.number() })),
});

export const healthCalls = {
  'health.get': { request: z.object({}).strict(), response: KioskHealthSchema },
  /** Technician mode only: runs every self-test now (the daily one runs in the quiet window). */
  'health.selftest': { request: z.object({}).strict(), response: SelfTestResultSchema },
} as const;

export const healthEvents = {
  /** Pushed when the overall level or the list of problems changes. */
  'health.changed': z.object({ level: HealthLevelSchema, problems: z.array(z.string()) }),
} as const;
