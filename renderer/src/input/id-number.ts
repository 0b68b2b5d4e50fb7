/**
 * GB 11643-1999 citizen identity numbers: 17 digits and a check character (0–9 or X) computed with
 * ISO 7064 MOD 11-2. A wrong digit is caught before the resident submits, in plain words.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

export type IdProblem = 'length' | 'characters' | 'birth-date' | 'check-digit';

/** Returns null for a valid 18-character ID number, else what is wrong with it. */
export function validateIdNumber(raw: string): IdProblem | null {
  const id = raw.trim().toUpperCase();
  if (id.length !== 18) return 'length';
  if (!/^\d{17}[\dX]$/.test(id)) return 'characters';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return 'birth-date';
  }
  return idCheckChar(id.slice(0, 17)) === id[17] ? null : 'check-digit';
}

/** Mainland mobile numbers: 11 digits starting with 1[3-9]. */
export function validateMobile(raw: string): boolean {
  return /^1[3-9]\d{9}$/.test(raw.trim());
}
