/**
 * Wire frames of the GA 467-style SAM reader (spec idcard-sam.md §1.2). Pure: no I/O.
 *
 *   AA AA AA 96 69 | Len(2, big-endian) | CMD PARA DATA… (request) or SW1 SW2 SW3 DATA… (reply) | CHK
 *
 * Len counts everything after itself including CHK; CHK is the XOR of Len1 … last DATA byte.
 */
export const PREAMBLE = Uint8Array.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]);
export const HEADER_SIZE = 7;
/** Smallest legal Len: CMD PARA CHK (request); a reply needs SW1 SW2 SW3 CHK. */
export const MIN_REQUEST_LEN = 3;
export const MIN_RESPONSE_LEN = 4;
/** Largest Len we accept (§3); the biggest real reply (text+photo+2 fingerprints) has Len 0x090A. */
export const MAX_LEN = 0x1000;
export const MAX_FRAME = HEADER_SIZE + MAX_LEN;

export interface RequestFrame {
  readonly direction: 'request';
  cmd: number;
  para: number;
  data: Uint8Array;
}

export interface ResponseFrame {
  readonly direction: 'response';
  sw1: number;
  sw2: number;
  sw3: number;
  data: Uint8Array;
}

export type Frame = RequestFrame | ResponseFrame;
export type Direction = Frame['direction'];

/** XOR of bytes[start, end). */
export function xor(bytes: Uint8Array, start: number, end: number): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i]!;
  return x;
}

function build(body: number[], data: Uint8Array): Buffer {
  const len = body.length + data.length + 1;
  if (len > MAX_LEN) throw new RangeError(`frame Len ${len} exceeds ${MAX_LEN}`);
  const out = Buffer.alloc(HEADER_SIZE + len);
  out.set(PREAMBLE, 0);
  out.writeUInt16BE(len, 5);
  out.set(body, 7);
  out.set(data, 7 + body.length);
  out[out.length - 1] = xor(out, 5, out.length - 1);
  return out;
}

function byte(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0 || n > 0xff) throw new RangeError(`${what} must be a byte, got ${n}`);
  return n;
}

export function encodeRequest(cmd: number, para: number, data: Uint8Array = new Uint8Array()): Buffer {
  return build([byte(cmd, 'CMD'), byte(para, 'PARA')], data);
}

export function encodeResponse(
  sw1: number,
  sw2: number,
  sw3: number,
  data: Uint8Array = new Uint8Array(),
): Buffer {
  return build([byte(sw1, 'SW1'), byte(sw2, 'SW2'), byte(sw3, 'SW3')], data);
}

export function encodeFrame(f: Frame): Buffer {
  return f.direction === 'request'
    ? encodeRequest(f.cmd, f.para, f.data)
    : encodeResponse(f.sw1, f.sw2, f.sw3, f.data);
}

/** Hex dump for logs and tests ("AA AA AA 96 69 …"). Frames of card data are never logged. */
export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

export function fromHex(s: string): Buffer {
  const clean = s.replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`not hex: ${s.slice(0, 40)}`);
  return Buffer.from(clean, 'hex');
}

/** Bits on the wire per byte for 8N1 (start + 8 data + stop). */
export const BITS_PER_BYTE_8N1 = 10;

/** Time the bytes need on a UART at `baud` (8N1), in milliseconds. */
export function wireMs(bytes: number, baud: number): number {
  return (bytes * BITS_PER_BYTE_8N1 * 1000) / baud;
}
