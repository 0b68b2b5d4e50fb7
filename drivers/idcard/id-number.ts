/**
 * GB 11643-1999 citizen ID number check (ISO 7064 MOD 11-2; spec §2). Also used for the
 * HK/Macao/Taiwan residence permit and the 2023 foreigner card, which share the 18-digit form.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character for the first 17 digits. */
export function checkCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('need 17 digits');
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[s % 11]!;
}

export type IdNumberProblem = 'format' | 'check-digit' | 'birth-date';

/** Problems of an 18-character number (empty = valid). The birth date must be a real calendar date. */
export function idNumberProblems(id: string): IdNumberProblem[] {
  if (!/^\d{17}[\dX]$/.test(id)) return ['format'];
  const problems: IdNumberProblem[] = [];
  if (checkCharacter(id.slice(0, 17)) !== id[17]) problems.push('check-digit');
  if (!isValidYmd(id.slice(6, 14))) problems.push('birth-date');
  return problems;
}

export function isValidIdNumber(id: string): boolean {
  return idNumberProblems(id).length === 0;
}

export function isValidYmd(ymd: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(ymd);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1850 || mo < 1 || mo > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** Masks an ID number for screens and technician output: first 4 and last 4 kept. */
export function maskIdNumber(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}
