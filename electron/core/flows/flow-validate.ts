import type { FieldSpec } from './flow-types.ts';

/**
 * Validation rules of the flow. Each returns null or an i18n key (flows.err.*) whose text tells the
 * resident in plain Chinese what to change: never "invalid input".
 */
export type ErrorKey =
  | 'flows.err.required'
  | 'flows.err.idLength'
  | 'flows.err.idChars'
  | 'flows.err.idBirth'
  | 'flows.err.idCheck'
  | 'flows.err.phone'
  | 'flows.err.date'
  | 'flows.err.dateFuture'
  | 'flows.err.tooShort'
  | 'flows.err.tooLong'
  | 'flows.err.choice'
  | 'flows.err.number'
  | 'flows.err.format'
  | 'flows.err.creditCode'
  | 'flows.err.region'
  | 'flows.err.materialMissing'
  | 'flows.err.elicenceExpired'
  | 'flows.err.promisedDate'
  | 'flows.err.promise'
  | 'flows.err.signature'
  | 'flows.err.identity'
  | 'flows.err.agentSame';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

/** GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** A real calendar date YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

export function validateIdNumber(raw: string, today: string): ErrorKey | null {
  const id = raw.trim().toUpperCase();
  if (id.length !== 18) return 'flows.err.idLength';
  if (!/^\d{17}[\dX]$/.test(id)) return 'flows.err.idChars';
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isCalendarDate(birth) || birth < '1900-01-01' || birth > today) return 'flows.err.idBirth';
  return idCheckChar(id.slice(0, 17)) === id[17] ? null : 'flows.err.idCheck';
}

/** Mainland mobile (1[3-9] + 9 digits) or a landline with area code (0xx-xxxxxxx). */
export function validatePhone(raw: string): ErrorKey | null {
  const p = raw.replace(/[\s-]/g, '');
  return /^1[3-9]\d{9}$/.test(p) || /^0\d{2,3}\d{7,8}$/.test(p) ? null : 'flows.err.phone';
}

/** Dates a resident enters are in the past (birth, death) unless the field says otherwise. */
export function validateDate(raw: string, today: string): ErrorKey | null {
  if (!isCalendarDate(raw)) return 'flows.err.date';
  if (raw > today) return 'flows.err.dateFuture';
  return null;
}

/** GB 32100 unified social credit code check character (MOD 31 over the first 17). */
export function validateCreditCode(raw: string): ErrorKey | null {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const s = raw.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(s)) return 'flows.err.creditCode';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += chars.indexOf(s[i]!) * w[i]!;
  const c = (31 - (sum % 31)) % 31;
  return chars[c] === s[17] ? null : 'flows.err.creditCode';
}

/** A 容缺 promise is a date from tomorrow up to `maxDays` ahead. */
export function validatePromisedDate(raw: string, today: string, maxDays = 60): ErrorKey | null {
  if (!isCalendarDate(raw) || raw <= today) return 'flows.err.promisedDate';
  const limit = new Date(`${today}T00:00:00Z`);
  limit.setUTCDate(limit.getUTCDate() + maxDays);
  return raw > limit.toISOString().slice(0, 10) ? 'flows.err.promisedDate' : null;
}

/** One field's value against its type and dictionary schema; empty optional fields pass. */
export function validateField(f: FieldSpec, value: string | undefined, today: string): ErrorKey | null {
  const v = (value ?? '').trim();
  if (!v) return f.required ? 'flows.err.required' : null;
  const s = f.schema;
  switch (f.type) {
    case 'id-number':
      return validateIdNumber(v, today);
    case 'phone':
      return validatePhone(v);
    case 'date':
      return validateDate(v, today);
    case 'credit-code':
      return validateCreditCode(v);
    case 'region':
      if (!/^\d{6,12}$/.test(v)) return 'flows.err.region';
      break;
    case 'number':
      if (!/^\d+(\.\d+)?$/.test(v)) return 'flows.err.number';
      if (typeof s.minimum === 'number' && Number(v) < s.minimum) return 'flows.err.number';
      break;
    default:
      break;
  }
  if (Array.isArray(s.enum) && !s.enum.includes(v)) return 'flows.err.choice';
  const len = [...v].length;
  if (typeof s.minLength === 'number' && len < s.minLength) return 'flows.err.tooShort';
  if (typeof s.maxLength === 'number' && len > s.maxLength) return 'flows.err.tooLong';
  if (typeof s.pattern === 'string' && f.type !== 'id-number' && !new RegExp(s.pattern).test(v)) {
    return 'flows.err.format';
  }
  return null;
}
