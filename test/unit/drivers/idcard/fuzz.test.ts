import { describe, expect, it } from 'vitest';
import { FrameDecoder } from '../../../../drivers/idcard/decoder.ts';
import { encodeResponse, encodeRequest, MAX_FRAME } from '../../../../drivers/idcard/frame.ts';
import { decodeCardText } from '../../../../drivers/idcard/card-text.ts';
import { parseReadData, ReadReplyError } from '../../../../drivers/idcard/read-reply.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('decoder fuzz', () => {
  it('takes 200,000 random and mutated frames: only typed results, no hang, bounded memory', () => {
    const r = rng(20261121);
    const int = (n: number): number => Math.floor(r() * n);
    const dec = new FrameDecoder('response');
    const kinds = new Set(['garbage', 'length', 'checksum']);
    let frames = 0;
    let errors = 0;
    let maxPending = 0;
    const templates = [
      encodeResponse(0, 0, 0x90),
      encodeResponse(0, 0, 0x9f, new Uint8Array(4)),
      encodeResponse(0, 0, 0x90, new Uint8Array(8)),
      encodeResponse(
        0,
        0,
        0x90,
        Uint8Array.from({ length: 1288 }, (_, i) => i & 0xff),
      ),
      encodeRequest(0x20, 0x01),
    ];
    const start = Date.now();
    const N = 200_000;
    for (let i = 0; i < N; i++) {
      let chunk: Buffer;
      const mode = int(4);
      if (mode === 0) {
        // Pure random bytes, sometimes salted with preamble pieces.
        chunk = Buffer.from(
          Array.from({ length: 1 + int(24) }, () => (r() < 0.2 ? [0xaa, 0x96, 0x69][int(3)]! : int(256))),
        );
      } else {
        // A real frame with mutations: flipped bytes, truncation, bogus Len, duplicated slices.
        const t = templates[int(templates.length)]!;
        chunk = Buffer.from(t.length > 200 && r() < 0.7 ? t.subarray(0, 7 + int(40)) : t);
        const flips = mode === 1 ? 0 : 1 + int(3);
        for (let k = 0; k < flips; k++) chunk[int(chunk.length)] = int(256);
        if (mode === 3 && chunk.length > 7) chunk.writeUInt16BE(int(0x10000), 5);
      }
      let results;
      try {
        results = dec.push(chunk);
      } catch (e) {
        throw new Error(`decoder threw on input ${i}: ${String(e)}`, { cause: e });
      }
      for (const res of results) {
        if (res.ok) {
          frames++;
          expect(res.frame.direction).toBe('response');
        } else {
          errors++;
          if (!kinds.has(res.error.kind)) throw new Error(`untyped error ${JSON.stringify(res.error)}`);
        }
      }
      maxPending = Math.max(maxPending, dec.pending);
      if (dec.pending > MAX_FRAME + 64)
        throw new Error(`decoder holds ${dec.pending} bytes after input ${i}`);
    }
    const ms = Date.now() - start;
    expect(frames).toBeGreaterThan(10_000);
    expect(errors).toBeGreaterThan(10_000);
    expect(maxPending).toBeLessThanOrEqual(MAX_FRAME + 64);
    // Memory stays bounded: the decoder never holds more than one maximal frame plus a chunk.
    expect(process.memoryUsage().heapUsed).toBeLessThan(1024 * 1024 * 1024);
    console.log(
      `fuzz: ${N} inputs, ${frames} frames, ${errors} stream errors, max pending ${maxPending} B, ${ms} ms`,
    );
  });

  it('the simulator-side request decoder takes 50,000 mutated requests the same way', () => {
    const r = rng(4242);
    const int = (n: number): number => Math.floor(r() * n);
    const dec = new FrameDecoder('request');
    let frames = 0;
    for (let i = 0; i < 50_000; i++) {
      const chunk = Buffer.from(
        encodeRequest(
          int(256),
          int(256),
          Uint8Array.from({ length: int(8) }, () => int(256)),
        ),
      );
      for (let k = int(3); k > 0; k--) chunk[int(chunk.length)] = int(256);
      for (const res of dec.push(chunk.subarray(0, 1 + int(chunk.length)))) {
        if (res.ok) frames++;
        else expect(['garbage', 'length', 'checksum']).toContain(res.error.kind);
      }
      expect(dec.pending).toBeLessThanOrEqual(MAX_FRAME + 64);
    }
    expect(frames).toBeGreaterThan(1000);
  });

  it('text and read-reply parsers take random blocks without untyped failures', () => {
    const r = rng(7);
    for (let i = 0; i < 20_000; i++) {
      const block = Uint8Array.from({ length: 256 }, () => Math.floor(r() * 256));
      const card = decodeCardText(block);
      expect(Array.isArray(card.problems)).toBe(true);
      const data = Uint8Array.from({ length: Math.floor(r() * 1400) }, () => Math.floor(r() * 256));
      try {
        parseReadData(data, r() < 0.5);
      } catch (e) {
        expect(e).toBeInstanceOf(ReadReplyError);
      }
    }
  });
});
