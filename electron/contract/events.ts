import { z } from 'zod';
import { DeviceStatusSchema, SyncStatusSchema } from './calls.ts';
import { technicianEvents } from './technician.ts';
import { healthEvents } from './health.ts';
import { printingEvents } from './printing.ts';
import { speechEvents } from './speech.ts';
import { catalogueEvents } from './catalogue.ts';
import { idcardEvents } from './idcard.ts';
import { scannerEvents } from './scanner.ts';
import { videoEvents } from './video.ts';
import { settingsEvents } from './settings.ts';

/** Events pushed from core to renderer. Same rule as calls: validated where they cross a boundary. */
export const coreEvents = {
  'device.status': DeviceStatusSchema,
  'sync.status': SyncStatusSchema,
  /** The resident session was wiped (idle timeout, backstop timer, finished, or resident's choice). */
  'session.ended': z.object({ reason: z.enum(['idle', 'resident', 'finished', 'backstop']) }),
} as const;

/** Every event of every feature: a feature keeps its events in contract/<feature>.ts and adds a spread. */
export const events = {
  ...coreEvents,
  ...technicianEvents,
  ...healthEvents,
  ...printingEvents,
  ...catalogueEvents,
  ...speechEvents,
  ...idcardEvents,
  ...scannerEvents,
  ...videoEvents,
  ...settingsEvents,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;
export const eventNames = Object.keys(events) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
