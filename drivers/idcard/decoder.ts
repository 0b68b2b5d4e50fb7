import {
  HEADER_SIZE,
  MAX_LEN,
  MIN_REQUEST_LEN,
  MIN_RESPONSE_LEN,
  PREAMBLE,
  xor,
  type Direction,
  type Frame,
} from './frame.ts';

export type FrameErrorKind = 'garbage' | 'length' | 'checksum';

/** A problem found in the byte stream; the decoder has already resynchronised past it. */
export interface FrameError {
  kind: FrameErrorKind;
  /** Bytes discarded because of it. */
  skipped: number;
  detail: string;
}

export type DecodeResult = { ok: true; frame: Frame; size: number } | { ok: false; error: FrameError };

/**
 * Streaming decoder: feed it chunks exactly as the transport delivers them (split anywhere, several
 * frames per chunk, noise in between) and it returns the frames and stream errors in order.
 *
 * Resync rule: scan for the full 5-byte preamble; on a bad Len or bad XOR drop only the first byte of
 * that preamble and scan on, so a real frame that starts inside a false one is still found. Memory is
 * bounded by one maximal frame (7 + 0x1000 bytes) plus the chunk being pushed.
 */
export class FrameDecoder {
  readonly direction: Direction;
  private buf: Buffer = Buffer.alloc(0);
  private readonly minLen: number;

  constructor(direction: Direction) {
    this.direction = direction;
    this.minLen = direction === 'request' ? MIN_REQUEST_LEN : MIN_RESPONSE_LEN;
  }

  /** Bytes held waiting for the rest of a frame (for memory bounds and diagnostics). */
  get pending(): number {
    return this.buf.length;
  }

  /** Forget everything buffered, e.g. after a command timed out and its reply is abandoned. */
  reset(): void {
    this.buf = Buffer.alloc(0);
  }

  push(chunk: Uint8Array): DecodeResult[] {
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
    const out: DecodeResult[] = [];
    let pos = 0;
    const b = this.buf;
    for (;;) {
      const start = findPreamble(b, pos);
      if (start < 0) {
        // Keep a tail that could be the beginning of a preamble split across chunks.
        const keep = partialPreambleTail(b, pos);
        const skipped = b.length - pos - keep;
        if (skipped > 0) out.push(garbage(skipped));
        pos = b.length - keep;
        break;
      }
      if (start > pos) out.push(garbage(start - pos));
      pos = start;
      if (b.length - pos < HEADER_SIZE) break;
      const len = b.readUInt16BE(pos + 5);
      if (len < this.minLen || len > MAX_LEN) {
        out.push({
          ok: false,
          error: {
            kind: 'length',
            skipped: 1,
            detail: `Len 0x${len.toString(16)} outside ${this.minLen}..${MAX_LEN}`,
          },
        });
        pos += 1;
        continue;
      }
      const total = HEADER_SIZE + len;
      if (b.length - pos < total) break;
      const chk = b[pos + total - 1]!;
      const calc = xor(b, pos + 5, pos + total - 1);
      if (chk !== calc) {
        out.push({
          ok: false,
          error: {
            kind: 'checksum',
            skipped: 1,
            detail: `XOR 0x${calc.toString(16).padStart(2, '0')} but CHK 0x${chk.toString(16).padStart(2, '0')} (Len ${len})`,
          },
        });
        pos += 1;
        continue;
      }
      out.push({ ok: true, frame: this.toFrame(b, pos, total), size: total });
      pos += total;
    }
    this.buf = pos >= b.length ? Buffer.alloc(0) : Buffer.from(b.subarray(pos));
    return out;
  }

  private toFrame(b: Buffer, pos: number, total: number): Frame {
    if (this.direction === 'request') {
      return {
        direction: 'request',
        cmd: b[pos + 7]!,
        para: b[pos + 8]!,
        data: Uint8Array.from(b.subarray(pos + 9, pos + total - 1)),
      };
    }
    return {
      direction: 'response',
      sw1: b[pos + 7]!,
      sw2: b[pos + 8]!,
      sw3: b[pos + 9]!,
      data: Uint8Array.from(b.subarray(pos + 10, pos + total - 1)),
    };
  }
}

function garbage(skipped: number): DecodeResult {
  return { ok: false, error: { kind: 'garbage', skipped, detail: `${skipped} byte(s) outside any frame` } };
}

function findPreamble(b: Buffer, from: number): number {
  let i = b.indexOf(0x96, from + 3);
  while (i >= 0 && i + 1 <= b.length) {
    if (
      i + 1 < b.length &&
      b[i + 1] === 0x69 &&
      b[i - 1] === 0xaa &&
      b[i - 2] === 0xaa &&
      b[i - 3] === 0xaa
    ) {
      return i - 3;
    }
    if (i + 1 === b.length) return -1;
    i = b.indexOf(0x96, i + 1);
  }
  return -1;
}

/** Length of the longest suffix of b[from..] that is a proper prefix of the preamble. */
function partialPreambleTail(b: Buffer, from: number): number {
  const avail = b.length - from;
  for (let k = Math.min(PREAMBLE.length - 1, avail); k > 0; k--) {
    let match = true;
    for (let j = 0; j < k; j++) {
      if (b[b.length - k + j] !== PREAMBLE[j]) {
        match = false;
        break;
      }
    }
    if (match) return k;
  }
  return 0;
}
