import { useEffect, useState } from 'react';
import type { KioskClient, Locale } from '../../../electron/contract/index.ts';
import type { SiteSettings } from '../../../electron/contract/settings.ts';
import { KioskError } from '../../../electron/contract/errors.ts';
import type { TechKey } from './technician-text.ts';

const LOCALES: Locale[] = ['zh-CN', 'en', 'ug', 'bo'];
const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/**
 * The site settings a technician changes on site: idle times, languages offered, service hours and
 * the voice volume each resident starts with. The core validates (the same schema), stores, audits
 * and applies them at once; what it refuses is shown with its reason and nothing is half-saved.
 */
export function SiteSettingsPanel({
  client,
  t,
}: {
  client: KioskClient;
  t: (key: TechKey, params?: Record<string, string | number>) => string;
}) {
  const [s, setS] = useState<SiteSettings | null>(null);
  const [message, setMessage] = useState('');
  useEffect(() => {
    client
      .call('settings.get', {})
      .then(setS)
      .catch(() => undefined);
  }, [client]);
  if (!s) return null;

  const num = (key: 'idleSeconds' | 'countdownSeconds' | 'volume', label: TechKey) => (
    <label className="tech-field">
      <span>{t(label)}</span>
      <input
        data-testid={`settings-${key}`}
        inputMode="numeric"
        value={String(s[key])}
        onChange={(e) => setS({ ...s, [key]: Number(e.target.value.replace(/\D/g, '')) || 0 })}
      />
    </label>
  );
  const time = (key: 'open' | 'close', label: TechKey) => (
    <label className="tech-field">
      <span>{t(label)}</span>
      <input
        data-testid={`settings-${key}`}
        value={s.service[key]}
        onChange={(e) => setS({ ...s, service: { ...s.service, [key]: e.target.value } })}
      />
    </label>
  );
  const toggle = <V,>(list: V[], v: V): V[] =>
    list.includes(v) ? list.filter((x) => x !== v) : [...list, v];

  return (
    <section data-testid="tech-settings">
      <h3>{t('settings.title')}</h3>
      {num('idleSeconds', 'settings.idle')}
      {num('countdownSeconds', 'settings.countdown')}
      {time('open', 'settings.open')}
      {time('close', 'settings.close')}
      <div className="tech-actions" role="group" aria-label={t('settings.days')}>
        {DAYS.map((d) => (
          <button
            key={d}
            type="button"
            aria-pressed={s.service.days.includes(d)}
            data-testid={`settings-day-${d}`}
            onClick={() => setS({ ...s, service: { ...s.service, days: toggle(s.service.days, d) } })}
          >
            {t(`settings.day.${d}` as TechKey)}
          </button>
        ))}
      </div>
      <div className="tech-actions" role="group" aria-label={t('settings.locales')}>
        {LOCALES.map((l) => (
          <button
            key={l}
            type="button"
            aria-pressed={s.locales.includes(l)}
            disabled={l === 'zh-CN'}
            data-testid={`settings-locale-${l}`}
            onClick={() => setS({ ...s, locales: toggle(s.locales, l) })}
          >
            {l}
          </button>
        ))}
      </div>
      {num('volume', 'settings.volume')}
      <div className="tech-actions">
        <button
          type="button"
          data-testid="settings-save"
          onClick={() =>
            void client
              .call('settings.set', s)
              .then((saved) => {
                setS(saved);
                setMessage(t('settings.saved'));
              })
              .catch((e: unknown) =>
                setMessage(
                  t('settings.refused', { detail: e instanceof KioskError ? e.message : String(e) }),
                ),
              )
          }
        >
          {t('settings.save')}
        </button>
      </div>
      {message ? (
        <p role="status" data-testid="settings-message">
          {message}
        </p>
      ) : null}
    </section>
  );
}
