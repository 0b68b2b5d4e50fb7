import type { Condition } from './flow-types.ts';

export type Facts = Readonly<Record<string, string | number | boolean | null | undefined>>;

/**
 * Evaluates a step's or field's condition against answers and derived facts. A condition about a
 * fact nobody knows yet (no card read, question not answered) is false, except `not` of it: a step
 * shown "only when 法人" stays hidden until the resident says 法人.
 */
export function holds(c: Condition | undefined, facts: Facts): boolean {
  if (!c) return true;
  if ('all' in c) return c.all.every((x) => holds(x, facts));
  if ('any' in c) return c.any.some((x) => holds(x, facts));
  if ('not' in c) return !holds(c.not, facts);
  const v = facts[c.key];
  if ('present' in c) return (v !== undefined && v !== null && v !== '') === c.present;
  if (v === undefined || v === null || v === '') return false;
  if ('eq' in c && c.eq !== undefined && v !== c.eq) return false;
  if ('ne' in c && c.ne !== undefined && v === c.ne) return false;
  if ('in' in c && c.in && !c.in.includes(String(v))) return false;
  if ('gte' in c && c.gte !== undefined && !(Number(v) >= c.gte)) return false;
  if ('lt' in c && c.lt !== undefined && !(Number(v) < c.lt)) return false;
  return true;
}

/** Whole years between a YYYY-MM-DD birth date and today (YYYY-MM-DD), as residents count age. */
export function ageOn(birthDate: string, today: string): number | null {
  const b = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  const t = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  if (!b || !t) return null;
  let age = Number(t[1]) - Number(b[1]);
  if (Number(t[2]) * 100 + Number(t[3]) < Number(b[2]) * 100 + Number(b[3])) age--;
  return age;
}

/** Birth date embedded in an 18-digit ID number (positions 7–14). */
export function birthDateOfId(id: string): string | null {
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})\d{3}[\dXx]$/.exec(id);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}
