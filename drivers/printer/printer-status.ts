/**
 * DLE EOT reply decoding (shared/specs/escpos.md, "DLE EOT reply bits") and the typed printer state
 * the rest of the kiosk reasons about. Every reply byte has bit 1 and bit 4 set and bits 0 and 7
 * clear; a byte that breaks that rule is line noise or another protocol's answer, never a status.
 */

export type PrinterState = 'ready' | 'paper-near-end' | 'paper-out' | 'cover-open' | 'offline' | 'error';

export interface PrinterStatusBytes {
  /** Replies to DLE EOT 1, 2, 3, 4; null when the printer did not answer that query. */
  printer: number | null;
  offlineCause: number | null;
  errorCause: number | null;
  paper: number | null;
}

export interface PrinterStatus {
  state: PrinterState;
  /** Everything that is true at once (e.g. cover open AND paper out); `state` is the most serious. */
  flags: {
    offline: boolean;
    coverOpen: boolean;
    paperOut: boolean;
    paperNearEnd: boolean;
    error: boolean;
    autocutterError: boolean;
    unrecoverableError: boolean;
  };
}

const bit = (b: number, n: number): boolean => ((b >> n) & 1) === 1;

/** True for a byte shaped like a DLE EOT reply (fixed bits 1 and 4 set, 0 and 7 clear). */
export function isStatusByte(b: number): boolean {
  return (b & 0b1001_0011) === 0b0001_0010;
}

/**
 * Decodes the replies into one typed state. No reply to n=1 at all means the printer is offline
 * (unplugged, powered off, or a cable that carries data one way only).
 */
export function decodeStatus(bytes: PrinterStatusBytes): PrinterStatus {
  for (const [name, b] of Object.entries(bytes)) {
    if (b !== null && !isStatusByte(b))
      throw new RangeError(`not a DLE EOT status byte for ${name}: 0x${b.toString(16)}`);
  }
  const p = bytes.printer;
  const o = bytes.offlineCause ?? 0x12;
  const e = bytes.errorCause ?? 0x12;
  const r = bytes.paper ?? 0x12;
  const flags = {
    offline: p === null || bit(p, 3),
    coverOpen: bit(o, 2),
    paperOut: bit(o, 5) || (bit(r, 5) && bit(r, 6)),
    paperNearEnd: bit(r, 2) && bit(r, 3),
    error: bit(o, 6),
    autocutterError: bit(e, 3),
    unrecoverableError: bit(e, 5),
  };
  // Most serious first: the resident-facing message names the one thing a technician must fix first.
  let state: PrinterState;
  if (p === null) state = 'offline';
  else if (flags.coverOpen) state = 'cover-open';
  else if (flags.paperOut) state = 'paper-out';
  else if (flags.error || flags.autocutterError || flags.unrecoverableError) state = 'error';
  else if (flags.offline) state = 'offline';
  else if (flags.paperNearEnd) state = 'paper-near-end';
  else state = 'ready';
  return { state, flags };
}

/** States in which a job may be sent. Near-end still prints: a roll's tail holds several receipts. */
export function canPrint(state: PrinterState): boolean {
  return state === 'ready' || state === 'paper-near-end';
}

/** Encodes a state as the replies a printer would give: the simulator answers with these. */
export function encodeStatus(s: {
  offline?: boolean;
  coverOpen?: boolean;
  paperOut?: boolean;
  paperNearEnd?: boolean;
  error?: boolean;
}): { 1: number; 2: number; 3: number; 4: number } {
  const base = 0x12;
  const printer = base | (s.offline || s.coverOpen || s.paperOut ? 1 << 3 : 0);
  const offline = base | (s.coverOpen ? 1 << 2 : 0) | (s.paperOut ? 1 << 5 : 0) | (s.error ? 1 << 6 : 0);
  const error = base | (s.error ? 1 << 5 : 0);
  const paper = base | (s.paperNearEnd || s.paperOut ? 0b1100 : 0) | (s.paperOut ? 0b110_0000 : 0);
  return { 1: printer, 2: offline, 3: error, 4: paper };
}
