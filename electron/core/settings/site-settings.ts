import type Database from 'better-sqlite3';
import { KioskError } from '../../contract/errors.ts';
import { SiteSettingsSchema, type SiteSettings, type settingsCalls } from '../../contract/settings.ts';
import type { KioskConfig } from '../config/config.ts';
import type { CoreDeps, Feature } from '../features/feature.ts';
import { AUDIT_KINDS } from '../audit/audit-kinds.ts';

type SettingsCall = keyof typeof settingsCalls;
const META_KEY = 'site.settings';

/** The settings in force: the shipped configuration as overridden so far. */
export function currentSettings(config: KioskConfig): SiteSettings {
  return {
    idleSeconds: config.ui.idleSeconds,
    countdownSeconds: config.ui.countdownSeconds,
    locales: [...config.ui.locales],
    service: { days: [...config.service.days], open: config.service.open, close: config.service.close },
    volume: Math.round(config.speech.defaultVolume * 100),
  };
}

/**
 * Writes settings into the live configuration, in place: every consumer reads these fields when it
 * needs them (or through a getter), so a change applies without a restart.
 */
export function applySettings(config: KioskConfig, s: Partial<SiteSettings>): void {
  if (s.idleSeconds !== undefined) config.ui.idleSeconds = s.idleSeconds;
  if (s.countdownSeconds !== undefined) config.ui.countdownSeconds = s.countdownSeconds;
  if (s.locales) {
    config.ui.locales = [...s.locales];
    if (!s.locales.includes(config.ui.defaultLocale)) config.ui.defaultLocale = 'zh-CN';
  }
  if (s.service) Object.assign(config.service, s.service);
  if (s.volume !== undefined) config.speech.defaultVolume = s.volume / 100;
}

/**
 * Stored overrides, applied at start. A stored value that no longer validates (a newer kiosk wrote
 * it, or the row was edited by hand) is ignored as a whole: the shipped configuration is safe.
 */
/** The technician's overrides as stored; null when none, or when they no longer validate. */
function readOverrides(db: Database.Database): Partial<SiteSettings> | null | 'invalid' {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(META_KEY) as
    { value: string } | undefined;
  if (!row) return null;
  try {
    const r = SiteSettingsSchema.partial().safeParse(JSON.parse(row.value));
    return r.success ? r.data : 'invalid';
  } catch {
    return 'invalid';
  }
}

export function loadStoredSettings(
  db: Database.Database,
  config: KioskConfig,
): 'applied' | 'none' | 'invalid' {
  const o = readOverrides(db);
  if (o === null) return 'none';
  if (o === 'invalid') return 'invalid';
  applySettings(config, o);
  return 'applied';
}

export function createSettingsFeature(
  deps: CoreDeps,
  opts: { isTechnician: () => boolean },
): Feature<SettingsCall> {
  const { db, config, audit, bus } = deps;
  const outcome = loadStoredSettings(db, config);
  if (outcome === 'invalid') deps.log.warn('stored site settings are invalid and were ignored');
  const guard = (): void => {
    if (!opts.isTechnician())
      throw new KioskError('unauthorized', 'site settings need technician mode', 'technician.required');
  };
  return {
    handlers: {
      'settings.get': () => {
        guard();
        return currentSettings(config);
      },
      'settings.set': (patch) => {
        guard();
        const before = currentSettings(config);
        const next = SiteSettingsSchema.safeParse({ ...before, ...patch });
        if (!next.success) {
          throw new KioskError('bad-request', next.error.issues[0]?.message ?? 'invalid settings');
        }
        // Only what a technician set is stored: a later config.json change to anything else still
        // takes effect, instead of being frozen by a copy of the whole set.
        const prior = readOverrides(db);
        const overrides = { ...(prior && prior !== 'invalid' ? prior : {}), ...patch };
        db.prepare(
          'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        ).run(META_KEY, JSON.stringify(overrides));
        applySettings(config, next.data);
        // What changed, from → to (flat values: the audit chain stores scalars). Settings are not
        // personal, and an auditor wants the values, not just the fact of a change.
        const flat = (v: SiteSettings[keyof SiteSettings]): string | number =>
          typeof v === 'number'
            ? v
            : Array.isArray(v)
              ? v.join(',')
              : `${v.days.join('')} ${v.open}-${v.close}`;
        const details: Record<string, string | number> = {};
        for (const k of Object.keys(patch) as (keyof SiteSettings)[]) {
          const from = flat(before[k]);
          const to = flat(next.data[k]);
          if (from === to) continue;
          details[`${k}From`] = from;
          details[`${k}To`] = to;
        }
        if (Object.keys(details).length) {
          audit.append(
            AUDIT_KINDS.configChange,
            { source: 'technician-page', ...details },
            { actor: 'technician' },
          );
        }
        bus.emit('ui.settingsChanged', {
          idleSeconds: config.ui.idleSeconds,
          countdownSeconds: config.ui.countdownSeconds,
          defaultLocale: config.ui.defaultLocale,
          locales: config.ui.locales,
        });
        return currentSettings(config);
      },
    },
  };
}
