/**
 * AIM symbology identifiers ("]Q1" = QR Code, "]E0" = EAN-13 …) as HID POS scanners report them.
 * The kiosk only needs the family: a receipt or 电子社保卡 arrives as a 2D code, a paper notice as 1D.
 */
export type SymbologyName =
  | 'qr'
  | 'datamatrix'
  | 'pdf417'
  | 'aztec'
  | 'code128'
  | 'code39'
  | 'code93'
  | 'ean-upc'
  | 'itf'
  | 'codabar'
  | 'unknown';

const BY_AIM: Record<string, SymbologyName> = {
  Q: 'qr',
  d: 'datamatrix',
  L: 'pdf417',
  z: 'aztec',
  C: 'code128',
  A: 'code39',
  G: 'code93',
  E: 'ean-upc',
  I: 'itf',
  F: 'codabar',
};

const TWO_D = new Set<SymbologyName>(['qr', 'datamatrix', 'pdf417', 'aztec']);

/** "]Q1" → "qr"; anything not shaped like an AIM id (scanners with the id switched off send 0s) → "unknown". */
export function symbologyName(aimId: string): SymbologyName {
  if (aimId.length < 2 || aimId[0] !== ']') return 'unknown';
  return BY_AIM[aimId[1]!] ?? 'unknown';
}

export function isTwoDimensional(name: SymbologyName): boolean {
  return TWO_D.has(name);
}
