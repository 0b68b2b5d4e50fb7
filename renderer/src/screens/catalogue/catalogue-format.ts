import type { Translate } from '../../i18n/i18n.tsx';

type Limit = { value: number; unit: 'instant' | 'workday' | 'day' | 'month' } | null;

/** "5 个工作日", "即办": the units are the catalogue's, the words the resident's language. */
export function limitText(t: Translate, limit: Limit): string | null {
  if (!limit) return null;
  if (limit.unit === 'instant' || limit.value === 0) return t('catalogue.limit.instant');
  return t(`catalogue.limit.${limit.unit}`, { value: limit.value });
}
