/**
 * 刷证办 ordering: after an ID card is read, matters relevant to the holder's age come first (e.g.
 * retirement matters near retirement age). Pure functions of the birth date and today, so the card
 * reader feature only passes the date and tests pin "today".
 */

/** Whole years between birth date and today (YYYY-MM-DD, local calendar dates). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age--;
  return Math.max(0, age);
}

export interface AgeBand {
  min: number | null;
  max: number | null;
}

/** Years before a band opens in which it is already shown as relevant ("coming up"). */
export const LEAD_YEARS = 2;

/**
 * 3 = the holder's age is inside the band; 2 = it opens within LEAD_YEARS; 1 = the item has no age
 * band (relevant to anyone); 0 = outside its band.
 */
export function ageRelevance(band: AgeBand, age: number): number {
  if (band.min === null && band.max === null) return 1;
  const min = band.min ?? 0;
  const max = band.max ?? 200;
  if (age >= min && age <= max) return 3;
  if (age < min && age >= min - LEAD_YEARS) return 2;
  return 0;
}

export interface RankedItem extends AgeBand {
  popularity: number;
}

/** Relevance first, then popularity; stable for equal keys. */
export function orderForCardHolder<T extends RankedItem>(items: readonly T[], age: number): T[] {
  return items
    .map((item, i) => ({ item, i, r: ageRelevance(item, age) }))
    .sort((a, b) => b.r - a.r || b.item.popularity - a.item.popularity || a.i - b.i)
    .map((x) => x.item);
}
