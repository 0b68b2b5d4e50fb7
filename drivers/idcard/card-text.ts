import { ethnicityDisplay, genders } from './tables.ts';
import { idNumberProblems, isValidYmd } from './id-number.ts';

/**
 * The 256-byte text block (spec §1.7, §1.8): fixed-width UCS-2LE fields padded with spaces. The card
 * type comes from the character at offset 248: space = resident card, 'I' = 2017 foreigner permanent
 * residence card, 'J' = HK/Macao/Taiwan residence permit.
 */
export const TEXT_BLOCK_BYTES = 256;
export type CardType = 'resident' | 'foreign-permanent' | 'gat-residence';

/** Why a card's data cannot be trusted; such a card is reported, never silently accepted. */
export type CardProblem =
  | 'id-format'
  | 'id-check-digit'
  | 'id-birth-date'
  | 'birth-date-mismatch'
  | 'bad-date'
  | 'unknown-gender'
  | 'unknown-ethnicity'
  | 'unknown-card-type';

export interface IdCard {
  cardType: CardType;
  /** Chinese name (for a foreigner card the Chinese name if printed, else the English name). */
  name: string;
  nameEn: string | null;
  genderCode: string;
  gender: string;
  ethnicityCode: string | null;
  ethnicity: string | null;
  /** ISO YYYY-MM-DD, null when the card's date is not a real date (then `bad-date` is a problem). */
  birthDate: string | null;
  address: string | null;
  /** Citizen ID number (resident, J) or permanent-residence number (I). */
  idNumber: string;
  authority: string | null;
  authorityCode: string | null;
  validFrom: string | null;
  /** null together with longTerm = true for 长期. */
  validUntil: string | null;
  longTerm: boolean;
  nationality: string | null;
  passNumber: string | null;
  issueCount: string | null;
  cardVersion: string | null;
  problems: CardProblem[];
}

interface Field {
  offset: number;
  bytes: number;
}
const f = (offset: number, bytes: number): Field => ({ offset, bytes });

export const residentLayout = {
  name: f(0, 30),
  gender: f(30, 2),
  ethnicity: f(32, 4),
  birth: f(36, 16),
  address: f(52, 70),
  idNumber: f(122, 36),
  authority: f(158, 30),
  validFrom: f(188, 16),
  validUntil: f(204, 16),
} as const;

export const foreignLayout = {
  nameEn: f(0, 120),
  gender: f(120, 2),
  idNumber: f(122, 30),
  nationality: f(152, 6),
  name: f(158, 30),
  validFrom: f(188, 16),
  validUntil: f(204, 16),
  birth: f(220, 16),
  cardVersion: f(236, 4),
  authorityCode: f(240, 8),
} as const;

export const gatLayout = {
  name: f(0, 30),
  gender: f(30, 2),
  birth: f(36, 16),
  address: f(52, 70),
  idNumber: f(122, 36),
  authority: f(158, 30),
  validFrom: f(188, 16),
  validUntil: f(204, 16),
  passNumber: f(220, 18),
  issueCount: f(238, 4),
} as const;

const TYPE_OFFSET = 248;
const LONG_TERM = '长期';

function read(block: Uint8Array, field: Field): string {
  const s = Buffer.from(block.buffer, block.byteOffset + field.offset, field.bytes).toString('utf16le');
  return trimPad(s);
}

/** Padding is spaces; some writers pad with NUL. Inner spaces (English names) are kept. */
function trimPad(s: string): string {
  const pad = (c: string | undefined): boolean => c === ' ' || c === '\u0000' || c === '\u3000';
  let a = 0;
  let b = s.length;
  while (a < b && pad(s[a])) a++;
  while (b > a && pad(s[b - 1])) b--;
  return s.slice(a, b);
}

function isoDate(ymd: string, problems: Set<CardProblem>): string | null {
  if (!isValidYmd(ymd)) {
    problems.add('bad-date');
    return null;
  }
  return `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;
}

export function cardTypeOf(block: Uint8Array): CardType | null {
  const c = String.fromCharCode(block[TYPE_OFFSET]! | (block[TYPE_OFFSET + 1]! << 8));
  if (c === ' ' || c === '\u0000') return 'resident';
  if (c === 'I') return 'foreign-permanent';
  if (c === 'J') return 'gat-residence';
  return null;
}

/** Decodes a text block. Never throws on content: what does not check out is listed in `problems`. */
export function decodeCardText(block: Uint8Array): IdCard {
  if (block.length !== TEXT_BLOCK_BYTES) throw new RangeError(`text block is ${block.length} bytes, not 256`);
  const problems = new Set<CardProblem>();
  const type = cardTypeOf(block);
  if (!type) problems.add('unknown-card-type');
  const cardType = type ?? 'resident';
  const L =
    cardType === 'foreign-permanent'
      ? foreignLayout
      : cardType === 'gat-residence'
        ? gatLayout
        : residentLayout;

  const genderCode = read(block, L.gender);
  const gender = genders[genderCode];
  if (!gender) problems.add('unknown-gender');
  const birthRaw = read(block, L.birth);
  const birthDate = isoDate(birthRaw, problems);
  const idNumber = read(block, L.idNumber);
  const validFrom = isoDate(read(block, L.validFrom), problems);
  const untilRaw = read(block, L.validUntil);
  const longTerm = untilRaw === LONG_TERM;
  const validUntil = longTerm ? null : isoDate(untilRaw, problems);

  const card: IdCard = {
    cardType,
    name: read(block, L.name),
    nameEn: null,
    genderCode,
    gender: gender ?? '未知',
    ethnicityCode: null,
    ethnicity: null,
    birthDate,
    address: null,
    idNumber,
    authority: null,
    authorityCode: null,
    validFrom,
    validUntil,
    longTerm,
    nationality: null,
    passNumber: null,
    issueCount: null,
    cardVersion: null,
    problems: [],
  };

  if (cardType === 'foreign-permanent') {
    const F = foreignLayout;
    card.nameEn = read(block, F.nameEn);
    if (!card.name) card.name = card.nameEn;
    card.nationality = read(block, F.nationality);
    card.cardVersion = read(block, F.cardVersion);
    card.authorityCode = read(block, F.authorityCode);
    // 2017 card: 15 characters, 3 letters + 12 digits; no published check character.
    if (!/^[A-Z]{3}\d{12}$/.test(idNumber)) problems.add('id-format');
  } else {
    const R = cardType === 'gat-residence' ? gatLayout : residentLayout;
    card.address = read(block, R.address);
    card.authority = read(block, R.authority);
    for (const p of idNumberProblems(idNumber)) problems.add(`id-${p}`);
    if (/^\d{17}[\dX]$/.test(idNumber) && idNumber.slice(6, 14) !== birthRaw)
      problems.add('birth-date-mismatch');
    if (cardType === 'resident') {
      card.ethnicityCode = read(block, residentLayout.ethnicity);
      card.ethnicity = ethnicityDisplay(card.ethnicityCode);
      if (!card.ethnicity) problems.add('unknown-ethnicity');
    } else {
      card.passNumber = read(block, gatLayout.passNumber);
      card.issueCount = read(block, gatLayout.issueCount);
    }
  }
  card.problems = [...problems];
  return card;
}

function write(block: Buffer, field: Field, value: string, what: string): void {
  const bytes = Buffer.from(value, 'utf16le');
  if (bytes.length > field.bytes)
    throw new RangeError(`${what} "${value.length} chars" exceeds ${field.bytes / 2} chars`);
  block.set(bytes, field.offset);
}

function ymd(iso: string | null): string {
  return (iso ?? '').replaceAll('-', '');
}

/** Encodes card fields into a text block (simulator and tests). Unused space is UCS-2 spaces. */
export function encodeCardText(card: IdCard): Uint8Array {
  const block = Buffer.from('\u0020'.repeat(TEXT_BLOCK_BYTES / 2), 'utf16le');
  const until = card.longTerm ? LONG_TERM : ymd(card.validUntil);
  if (card.cardType === 'foreign-permanent') {
    const F = foreignLayout;
    write(block, F.nameEn, card.nameEn ?? '', 'nameEn');
    write(block, F.gender, card.genderCode, 'gender');
    write(block, F.idNumber, card.idNumber, 'idNumber');
    write(block, F.nationality, card.nationality ?? '', 'nationality');
    write(block, F.name, card.name === card.nameEn ? '' : card.name, 'name');
    write(block, F.validFrom, ymd(card.validFrom), 'validFrom');
    write(block, F.validUntil, until, 'validUntil');
    write(block, F.birth, ymd(card.birthDate), 'birth');
    write(block, F.cardVersion, card.cardVersion ?? '', 'cardVersion');
    write(block, F.authorityCode, card.authorityCode ?? '', 'authorityCode');
    write(block, f(TYPE_OFFSET, 2), 'I', 'type');
  } else {
    const R = card.cardType === 'gat-residence' ? gatLayout : residentLayout;
    write(block, R.name, card.name, 'name');
    write(block, R.gender, card.genderCode, 'gender');
    write(block, R.birth, ymd(card.birthDate), 'birth');
    write(block, R.address, card.address ?? '', 'address');
    write(block, R.idNumber, card.idNumber, 'idNumber');
    write(block, R.authority, card.authority ?? '', 'authority');
    write(block, R.validFrom, ymd(card.validFrom), 'validFrom');
    write(block, R.validUntil, until, 'validUntil');
    if (card.cardType === 'resident')
      write(block, residentLayout.ethnicity, card.ethnicityCode ?? '', 'ethnicity');
    else {
      write(block, gatLayout.passNumber, card.passNumber ?? '', 'passNumber');
      write(block, gatLayout.issueCount, card.issueCount ?? '', 'issueCount');
      write(block, f(TYPE_OFFSET, 2), 'J', 'type');
    }
  }
  return Uint8Array.from(block);
}
