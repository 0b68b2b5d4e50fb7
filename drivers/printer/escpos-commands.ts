import iconv from 'iconv-lite';

/**
 * ESC/POS command bytes, one function per command of the minimal receipt subset in
 * shared/specs/escpos.md. Pure: every function returns a fresh Buffer, so tests pin each command's
 * bytes against the spec table and the encoder only concatenates.
 */

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;
const EOT = 0x04;
export const LF = 0x0a;

export type Align = 'left' | 'center' | 'right';
export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';
export type StatusKind = 1 | 2 | 3 | 4;

/** ESC @: clears the buffer and every mode, so a job never inherits the previous job's bold or size. */
export const init = (): Buffer => Buffer.from([ESC, 0x40]);

/** FS &: bytes ≥ 0x80 are read as two-byte GB codes. Sent after ESC @ because some printers reset to single-byte. */
export const chineseOn = (): Buffer => Buffer.from([FS, 0x26]);

/** FS .: back to single-byte mode (only for printers that need it for ASCII graphics). */
export const chineseOff = (): Buffer => Buffer.from([FS, 0x2e]);

/** GS ! n with n = ((width−1) << 4) | (height−1); both magnifications 1…8. */
export function size(width: number, height: number): Buffer {
  for (const [name, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 8)
      throw new RangeError(`character ${name} must be 1…8, got ${v}`);
  }
  return Buffer.from([GS, 0x21, ((width - 1) << 4) | (height - 1)]);
}

/** FS W n: quadruple-size Chinese characters on (n=1) or off (n=0). */
export const chineseQuad = (on: boolean): Buffer => Buffer.from([FS, 0x57, on ? 1 : 0]);

const ALIGN: Record<Align, number> = { left: 0, center: 1, right: 2 };
/** ESC a n. */
export const align = (a: Align): Buffer => Buffer.from([ESC, 0x61, ALIGN[a]]);

/** ESC E n. */
export const bold = (on: boolean): Buffer => Buffer.from([ESC, 0x45, on ? 1 : 0]);

/** ESC - n: 0 off, 1 thin, 2 thick. */
export function underline(n: 0 | 1 | 2): Buffer {
  return Buffer.from([ESC, 0x2d, n]);
}

/** LF: print the buffer and feed one line. */
export const lineFeed = (): Buffer => Buffer.from([LF]);

/** ESC d n: print and feed n lines (0…255). */
export function feed(lines: number): Buffer {
  if (!Number.isInteger(lines) || lines < 0 || lines > 255)
    throw new RangeError(`feed lines must be 0…255, got ${lines}`);
  return Buffer.from([ESC, 0x64, lines]);
}

/** GS V 0 (full) / GS V 1 (partial): the forms every source confirms. */
export const cut = (partial = false): Buffer => Buffer.from([GS, 0x56, partial ? 1 : 0]);

/**
 * Text in GB18030, which every Chinese ESC/POS printer reads in Chinese mode. ¥ is mapped to the
 * full-width ￥ because GB18030's half-width yen prints as garbage on common printer fonts
 * (lsongdev/node-escpos#332).
 */
export function text(s: string): Buffer {
  // A control byte (ESC, GS, DLE, even LF) inside resident-supplied text would be executed by the
  // printer as a command or break the layout, so each one prints as a space.
  let safe = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    safe += c < 0x20 || c === 0x7f ? ' ' : ch === '¥' ? '￥' : ch;
  }
  return iconv.encode(safe, 'gb18030');
}

const QR_EC: Record<QrErrorLevel, number> = { L: 0x30, M: 0x31, Q: 0x32, H: 0x33 };

/** GS ( k fn 165: QR model 2 (the one phones read). */
export const qrModel = (): Buffer => Buffer.from([GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]);

/** GS ( k fn 167: module size in dots; capped at 8 like [RPE]/[NTP], since some printers reject more. */
export function qrModuleSize(n: number): Buffer {
  if (!Number.isInteger(n) || n < 1 || n > 8) throw new RangeError(`QR module size must be 1…8, got ${n}`);
  return Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, n]);
}

/** GS ( k fn 169. */
export const qrErrorLevel = (level: QrErrorLevel): Buffer =>
  Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, QR_EC[level]]);

/** Largest payload a model 2 QR holds in byte mode at level L; the printer silently prints nothing beyond. */
export const QR_MAX_BYTES = 2953;

/**
 * GS ( k fn 180: store data. pL + 256·pH = k + 3 where k is the ENCODED byte count — the bug
 * node-thermal-printer has (#211): counting JS characters corrupts any non-ASCII payload. The data is
 * UTF-8 because phone QR readers assume UTF-8 for byte mode.
 */
export function qrStore(data: string | Buffer): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (bytes.length === 0) throw new RangeError('QR data is empty');
  if (bytes.length > QR_MAX_BYTES)
    throw new RangeError(`QR data is ${bytes.length} bytes, max ${QR_MAX_BYTES}`);
  const len = bytes.length + 3;
  return Buffer.concat([Buffer.from([GS, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, 0x50, 0x30]), bytes]);
}

/** GS ( k fn 181: print the stored symbol. */
export const qrPrint = (): Buffer => Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]);

/** The full QR sequence: model, size, error level, data, print. */
export function qr(data: string, opts: { moduleSize?: number; level?: QrErrorLevel } = {}): Buffer {
  return Buffer.concat([
    qrModel(),
    qrModuleSize(opts.moduleSize ?? 6),
    qrErrorLevel(opts.level ?? 'M'),
    qrStore(data),
    qrPrint(),
  ]);
}

/** DLE EOT n: real-time status; the printer answers one byte even while its buffer is full. */
export function statusQuery(n: StatusKind): Buffer {
  return Buffer.from([DLE, EOT, n]);
}
