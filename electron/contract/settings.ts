import { z } from 'zod';
import { LocaleSchema } from './locale.ts';

/**
 * Site settings a technician changes at the kiosk (technician mode only): idle times, languages,
 * service hours, the voice volume each resident starts with. They override the shipped
 * configuration, persist in the kiosk's database, apply at once, and every change is audited.
 */
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const SiteSettingsSchema = z.object({
  idleSeconds: z.number().int().min(30).max(600),
  countdownSeconds: z.number().int().min(10).max(60),
  /** zh-CN is always offered: it is the language of the catalogue and of the staff. */
  locales: z
    .array(LocaleSchema)
    .min(1)
    .refine((l) => l.includes('zh-CN'), 'zh-CN must stay available')
    .refine((l) => new Set(l).size === l.length, 'no language twice'),
  service: z.object({
    /** 1 = Monday … 7 = Sunday. */
    days: z
      .array(z.number().int().min(1).max(7))
      .min(1)
      .refine((d) => new Set(d).size === d.length, 'no day twice'),
    open: HHMM,
    close: HHMM,
  }),
  /** Voice volume every resident starts with, in percent. */
  volume: z.number().int().min(0).max(100),
});
export type SiteSettings = z.infer<typeof SiteSettingsSchema>;

export const UiSettingsSchema = z.object({
  idleSeconds: z.number().int().positive(),
  countdownSeconds: z.number().int().positive(),
  defaultLocale: LocaleSchema,
  locales: z.array(LocaleSchema),
});

export const settingsCalls = {
  'settings.get': { request: z.object({}).strict(), response: SiteSettingsSchema },
  /** A partial change; answers the settings now in force. */
  'settings.set': {
    request: z
      .object({
        idleSeconds: SiteSettingsSchema.shape.idleSeconds.optional(),
        countdownSeconds: SiteSettingsSchema.shape.countdownSeconds.optional(),
        locales: SiteSettingsSchema.shape.locales.optional(),
        service: SiteSettingsSchema.shape.service.optional(),
        volume: SiteSettingsSchema.shape.volume.optional(),
      })
      .strict(),
    response: SiteSettingsSchema,
  },
} as const;

export const settingsEvents = {
  /** The renderer re-reads its idle times and languages without a reload. */
  'ui.settingsChanged': UiSettingsSchema,
} as const;
