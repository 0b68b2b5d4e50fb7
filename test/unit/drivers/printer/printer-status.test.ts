import { describe, expect, it } from 'vitest';
import {
  canPrint,
  decodeStatus,
  encodeStatus,
  isStatusByte,
} from '../../../../drivers/printer/printer-status.ts';

describe('DLE EOT status decoding (spec table)', () => {
  it('idle replies 0x12 / 0x16 mean ready', () => {
    expect(decodeStatus({ printer: 0x16, offlineCause: 0x12, errorCause: 0x12, paper: 0x12 }).state).toBe(
      'ready',
    );
    expect(decodeStatus({ printer: 0x12, offlineCause: 0x12, errorCause: 0x12, paper: 0x12 }).state).toBe(
      'ready',
    );
  });

  it("[HARDLESS]'s out-of-paper example (1A, 32, 7E) decodes as paper out", () => {
    const s = decodeStatus({ printer: 0x1a, offlineCause: 0x32, errorCause: 0x12, paper: 0x7e });
    expect(s.state).toBe('paper-out');
    expect(s.flags).toMatchObject({ offline: true, paperOut: true, paperNearEnd: true });
    expect(canPrint(s.state)).toBe(false);
  });

  it('near end (n=4 bits 2 and 3) still prints', () => {
    const s = decodeStatus({ printer: 0x12, offlineCause: 0x12, errorCause: 0x12, paper: 0x1e });
    expect(s.state).toBe('paper-near-end');
    expect(canPrint(s.state)).toBe(true);
  });

  it('cover open (n=2 bit 2) outranks paper out; errors from n=2 bit 6 and n=3', () => {
    expect(decodeStatus({ printer: 0x1a, offlineCause: 0x36, errorCause: 0x12, paper: 0x7e }).state).toBe(
      'cover-open',
    );
    expect(decodeStatus({ printer: 0x1a, offlineCause: 0x52, errorCause: 0x12, paper: 0x12 }).state).toBe(
      'error',
    );
    expect(
      decodeStatus({ printer: 0x12, offlineCause: 0x12, errorCause: 0x1a, paper: 0x12 }).flags
        .autocutterError,
    ).toBe(true);
  });

  it('no reply to n=1 means offline; a byte breaking the fixed bits is refused', () => {
    expect(decodeStatus({ printer: null, offlineCause: null, errorCause: null, paper: null }).state).toBe(
      'offline',
    );
    expect(isStatusByte(0x12)).toBe(true);
    expect(isStatusByte(0x41)).toBe(false);
    expect(() => decodeStatus({ printer: 0xff, offlineCause: null, errorCause: null, paper: null })).toThrow(
      RangeError,
    );
  });

  it('encodeStatus (the simulator) and decodeStatus agree for every fault', () => {
    for (const [fault, state] of [
      [{}, 'ready'],
      [{ paperOut: true }, 'paper-out'],
      [{ paperNearEnd: true }, 'paper-near-end'],
      [{ coverOpen: true }, 'cover-open'],
      [{ error: true }, 'error'],
    ] as const) {
      const e = encodeStatus(fault);
      expect(decodeStatus({ printer: e[1], offlineCause: e[2], errorCause: e[3], paper: e[4] }).state).toBe(
        state,
      );
    }
    expect(encodeStatus({ paperOut: true })).toEqual({ 1: 0x1a, 2: 0x32, 3: 0x12, 4: 0x7e });
  });
});
