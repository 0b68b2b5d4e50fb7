import { LICENCE_NAMES, LICENCE_TYPES, type Licence, type LicenceType } from '../../contract/lookups.ts';

/**
 * Which e-licence the platform's lookup (lookups.licences) can fetch for a material. The catalogue
 * names the 电子证照 that may stand in for a material (`elicence`, e.g. "结婚证电子证照"); the
 * lookup serves a few licence types by their official names. A material whose e-licence the lookup
 * does not serve (户口簿, 社保卡 …) stays photo-only: offering a button that can never find
 * anything would only send the resident round in circles.
 */
export function licenceTypeOf(elicence: string | null): LicenceType | null {
  if (!elicence) return null;
  const name = elicence.trim().replace(/电子证照$/, '');
  return LICENCE_TYPES.find((t) => LICENCE_NAMES[t] === name) ?? null;
}

/**
 * Expired by the platform's word or by the kiosk's own date (the platform judged it at its clock;
 * a licence that lapsed since is not accepted either). `today` is YYYY-MM-DD in Beijing time.
 */
export function licenceExpired(l: Licence, today: string): boolean {
  return l.status !== 'valid' || (l.validUntil !== null && l.validUntil < today);
}

/**
 * The licence to attach from what the lookup answered: the valid one (the most recently issued if
 * several), else the expired one to show why it is not accepted, else none.
 */
export function pickLicence(
  found: Licence[],
  type: LicenceType,
  today: string,
): { licence: Licence; expired: boolean } | null {
  const mine = found.filter((l) => l.type === type).sort((a, b) => b.issuedOn.localeCompare(a.issuedOn));
  const valid = mine.find((l) => !licenceExpired(l, today));
  if (valid) return { licence: valid, expired: false };
  return mine[0] ? { licence: mine[0], expired: true } : null;
}
