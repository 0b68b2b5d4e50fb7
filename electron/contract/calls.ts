import { z } from 'zod';
import { technicianCalls } from './technician.ts';
import { healthCalls } from './health.ts';
import { setupCalls } from './setup.ts';
import { printingCalls } from './printing.ts';
import { speechCalls } from './speech.ts';
import { LocaleSchema } from './locale.ts';
import { catalogueCalls } from './catalogue.ts';
import { idcardCalls } from './idcard.ts';
import { scannerCalls } from './scanner.ts';
import { applicationsCalls } from './applications.ts';
import { syncCalls } from './sync.ts';
import { flowsCalls } from './flows.ts';
import { cameraCalls } from './camera.ts';
import { videoCalls } from './video.ts';
import { settingsCalls } from './settings.ts';
import { lookupsCalls } from './lookups.ts';

/**
 * The whole request/response surface between renderer and core. Every transport (Electron IPC,
 * browser-mode HTTP) validates requests against these schemas before a handler sees them.
 * Add a call here first; the type checker then asks for its handler and its client use.
 */

export { LocaleSchema, RTL_LOCALES, type Locale } from './locale.ts';

const Empty = z.object({}).strict();

export const SessionSchema = z.object({
  id: z.string(),
  startedAt: z.string(),
  elderMode: z.boolean(),
  locale: LocaleSchema,
});
export type Session = z.infer<typeof SessionSchema>;

export const DeviceKindSchema = z.enum(['idcard', 'printer', 'a4printer', 'camera', 'scanner']);
export const DeviceStateSchema = z.enum(['ready', 'busy', 'attention', 'fault', 'disconnected', 'absent']);
export const DeviceStatusSchema = z.object({
  id: z.string(),
  kind: DeviceKindSchema,
  state: DeviceStateSchema,
  simulated: z.boolean(),
  /** i18n key for a short, plain description of the state (e.g. "缺纸"). */
  messageKey: z.string(),
  detail: z.string(),
});
export type DeviceStatus = z.infer<typeof DeviceStatusSchema>;

export const SyncStatusSchema = z.object({
  state: z.enum(['not-configured', 'online', 'offline', 'syncing', 'error']),
  queued: z.number().int().nonnegative(),
  lastSyncAt: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

/** Calls of the foundation: app, UI settings, resident session, devices, sync status. */
export const coreCalls = {
  'app.info': {
    request: Empty,
    response: z.object({
      name: z.string(),
      version: z.string(),
      shell: z.enum(['electron', 'web']),
      kioskId: z.string(),
      siteName: z.string(),
      demo: z.boolean(),
    }),
  },
  'ui.settings': {
    request: Empty,
    response: z.object({
      idleSeconds: z.number().int().positive(),
      countdownSeconds: z.number().int().positive(),
      defaultLocale: LocaleSchema,
      locales: z.array(LocaleSchema),
    }),
  },
  'session.start': {
    request: z.object({ locale: LocaleSchema.optional() }).strict(),
    response: SessionSchema,
  },
  'session.current': {
    request: Empty,
    response: z.object({ session: SessionSchema.nullable() }),
  },
  'session.update': {
    request: z.object({ elderMode: z.boolean().optional(), locale: LocaleSchema.optional() }).strict(),
    response: SessionSchema,
  },
  /** A resident touched the screen: keeps the core's backstop idle timer from wiping the session. */
  'session.touch': {
    request: Empty,
    response: z.object({ active: z.boolean() }),
  },
  'session.end': {
    request: z.object({ reason: z.enum(['idle', 'resident', 'finished']) }).strict(),
    response: z.object({ wiped: z.boolean() }),
  },
  'device.list': {
    request: Empty,
    response: z.object({ devices: z.array(DeviceStatusSchema) }),
  },
  'sync.status': {
    request: Empty,
    response: SyncStatusSchema,
  },
} as const;

/**
 * Every call of every feature. A feature keeps its calls in its own file (contract/<feature>.ts)
 * and adds one spread here.
 */
export const calls = {
  ...coreCalls,
  ...technicianCalls,
  ...healthCalls,
  ...setupCalls,
  ...printingCalls,
  ...catalogueCalls,
  ...speechCalls,
  ...idcardCalls,
  ...scannerCalls,
  ...applicationsCalls,
  ...syncCalls,
  ...flowsCalls,
  ...cameraCalls,
  ...videoCalls,
  ...settingsCalls,
  ...lookupsCalls,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallRequest<K extends CallName> = z.input<Calls[K]['request']>;
export type CallResponse<K extends CallName> = z.output<Calls[K]['response']>;
export const callNames = Object.keys(calls) as CallName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}
