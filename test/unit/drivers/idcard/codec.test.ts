import { describe, expect, it } from 'vitest';
import {
  encodeCommand,
  encodeSetBaud,
  encodeSetRfFrameSize,
  type CommandName,
} from '../../../../drivers/idcard/commands.ts';
import { FrameDecoder, type DecodeResult } from '../../../../drivers/idcard/decoder.ts';
import {
  encodeRequest,
  encodeResponse,
  fromHex,
  hex,
  MAX_LEN,
  type Frame,
  type ResponseFrame,
} from '../../../../drivers/idcard/frame.ts';
import { decodeSamId, encodeSamId } from '../../../../drivers/idcard/sam-id.ts';
import { statusError } from '../../../../drivers/idcard/status.ts';
import { parseReadData, buildReadData } from '../../../../drivers/idcard/read-reply.ts';

// Worked frames of spec idcard-sam.md §1.3 and §1.5, byte for byte.
const requests: [CommandName, string][] = [
  ['reset', 'AA AA AA 96 69 00 03 10 FF EC'],
  ['samStatus', 'AA AA AA 96 69 00 03 11 FF ED'],
  ['samId', 'AA AA AA 96 69 00 03 12 FF EE'],
  ['find', 'AA AA AA 96 69 00 03 20 01 22'],
  ['select', 'AA AA AA 96 69 00 03 20 02 21'],
  ['readText', 'AA AA AA 96 69 00 03 30 01 32'],
  ['readWithFingerprints', 'AA AA AA 96 69 00 03 30 10 23'],
  ['readAppendedAddress', 'AA AA AA 96 69 00 03 30 03 30'],
];

const replies: { name: string; frame: string; sw3: number; data: string }[] = [
  { name: 'status OK', frame: 'AA AA AA 96 69 00 04 00 00 90 94', sw3: 0x90, data: '' },
  { name: 'SAM self-test fail', frame: 'AA AA AA 96 69 00 04 00 00 60 64', sw3: 0x60, data: '' },
  { name: 'find OK', frame: 'AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97', sw3: 0x9f, data: '00 00 00 00' },
  { name: 'find fail', frame: 'AA AA AA 96 69 00 04 00 00 80 84', sw3: 0x80, data: '' },
  {
    name: 'select OK',
    frame: 'AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C',
    sw3: 0x90,
    data: '00 00 00 00 00 00 00 00',
  },
  { name: 'select fail', frame: 'AA AA AA 96 69 00 04 00 00 81 85', sw3: 0x81, data: '' },
  { name: 'read fail', frame: 'AA AA AA 96 69 00 04 00 00 41 45', sw3: 0x41, data: '' },
  {
    name: 'SAM id',
    frame: 'AA AA AA 96 69 00 14 00 00 90 05 00 01 00 09 B8 32 01 05 BE 12 00 AD C5 B1 11 63',
    sw3: 0x90,
    data: '05 00 01 00 09 B8 32 01 05 BE 12 00 AD C5 B1 11',
  },
];

function frames(results: DecodeResult[]): Frame[] {
  return results.flatMap((r) => (r.ok ? [r.frame] : []));
}

describe('SAM codec: worked frames of the spec', () => {
  it.each(requests)('encodes %s byte for byte', (name, frame) => {
    expect(hex(encodeCommand(name))).toBe(frame);
    const d = frames(new FrameDecoder('request').push(fromHex(frame)));
    expect(d).toHaveLength(1);
  });

  it('encodes the unconfirmed set-baud and RF-size commands as the spec computes them', () => {
    expect(hex(encodeSetBaud(115200))).toBe('AA AA AA 96 69 00 03 60 00 63');
    expect(hex(encodeSetRfFrameSize(0x50))).toBe('AA AA AA 96 69 00 04 61 FF 50 CA');
  });

  it.each(replies)('decodes the $name reply byte for byte', ({ frame, sw3, data }) => {
    const out = new FrameDecoder('response').push(fromHex(frame));
    expect(out).toHaveLength(1);
    const f = (out[0] as { ok: true; frame: ResponseFrame }).frame;
    expect(f).toMatchObject({ direction: 'response', sw1: 0, sw2: 0, sw3 });
    expect(hex(f.data)).toBe(data);
    // And our encoder produces exactly the same bytes.
    expect(hex(encodeResponse(f.sw1, f.sw2, f.sw3, f.data))).toBe(frame);
  });

  it('decodes the SAM id as 05.01-20101129-0001228293-0296863149 and encodes it back', () => {
    const data = fromHex('05 00 01 00 09 B8 32 01 05 BE 12 00 AD C5 B1 11');
    expect(decodeSamId(data)).toBe('05.01-20101129-0001228293-0296863149');
    expect(hex(encodeSamId('05.01-20101129-0001228293-0296863149'))).toBe(hex(data));
  });

  it('reads the header seen in the wild: 1295-byte text+photo reply, DATA at frame offset 14', () => {
    const data = buildReadData({
      text: new Uint8Array(256).fill(0x20),
      photo: new Uint8Array(1024).fill(7),
      fingerprints: null,
    });
    const frame = encodeResponse(0, 0, 0x90, data);
    expect(frame.length).toBe(1295);
    expect(hex(frame.subarray(0, 14))).toBe('AA AA AA 96 69 05 08 00 00 90 01 00 04 00');
    const withFp = encodeResponse(
      0,
      0,
      0x90,
      buildReadData({
        text: new Uint8Array(256),
        photo: new Uint8Array(1024),
        fingerprints: new Uint8Array(1024),
      }),
    );
    expect(withFp.length).toBe(2321);
    expect(hex(withFp.subarray(5, 16))).toBe('09 0A 00 00 90 01 00 04 00 04 00');
    for (const fp of [0, 512]) {
      const f = encodeResponse(
        0,
        0,
        0x90,
        buildReadData({
          text: new Uint8Array(256),
          photo: new Uint8Array(1024),
          fingerprints: new Uint8Array(fp),
        }),
      );
      expect(f.length).toBe(fp === 0 ? 1297 : 1809);
    }
    const parsed = parseReadData(data, false);
    expect(parsed.photo.length).toBe(1024);
    expect(() => parseReadData(data.subarray(0, 1000), false)).toThrow(/header says 1284/);
  });

  it('rejects the wrong checksums found in public samples (… 20 01 21, … 20 00 22)', () => {
    for (const bad of ['AA AA AA 96 69 00 03 20 01 21', 'AA AA AA 96 69 00 03 20 00 22']) {
      const out = new FrameDecoder('request').push(fromHex(bad));
      expect(out[0]).toEqual(
        expect.objectContaining({ ok: false, error: expect.objectContaining({ kind: 'checksum' }) }),
      );
      // The rest of the rejected frame is reported as noise; nothing is taken as a frame.
      expect(out.filter((x) => x.ok)).toEqual([]);
    }
  });

  it('maps SW3 to typed errors with a resident message and a technical one', () => {
    const e = statusError(0x80);
    expect(e.kind).toBe('no-card');
    expect(e.residentMessage).toBe('未检测到身份证，请将身份证放在感应区');
    expect(e.message).toContain('SW3=80');
    expect(statusError(0x60).kind).toBe('sam-fault');
    expect(statusError(0x60).residentMessage).toBe('读卡器故障，请联系工作人员');
    expect(statusError(0x41, 0x64, 0x01).message).toContain('SW1SW2=6401');
    expect(statusError(0x10).kind).toBe('bad-frame');
    expect(statusError(0x31).kind).toBe('card-auth');
    expect(statusError(0x40).kind).toBe('card-type');
    expect(statusError(0xee).kind).toBe('device-fault');
  });
});

// Small seeded PRNG so a failing property prints a reproducible case.
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

describe('SAM codec: round-trip properties', () => {
  it('decode(encode(f)) = f for random frames, whatever the chunking, with noise between frames', () => {
    const r = rng(42);
    const int = (n: number): number => Math.floor(r() * n);
    for (let round = 0; round < 300; round++) {
      const dir = round % 2 ? 'request' : 'response';
      const sent: Frame[] = [];
      const parts: Buffer[] = [];
      for (let k = 0; k < 1 + int(6); k++) {
        const size = r() < 0.1 ? int(MAX_LEN - 4) : int(40);
        const data = Uint8Array.from({ length: size }, () => int(256));
        const f: Frame =
          dir === 'request'
            ? { direction: 'request', cmd: int(256), para: int(256), data }
            : { direction: 'response', sw1: int(256), sw2: int(256), sw3: int(256), data };
        sent.push(f);
        // Noise without 0x96 cannot contain a preamble, so every frame must come back.
        if (r() < 0.5)
          parts.push(Buffer.from(Array.from({ length: int(30) }, () => [0xaa, 0x00, 0x69, 0x55][int(4)]!)));
        parts.push(
          dir === 'request'
            ? encodeRequest((f as { cmd: number }).cmd, (f as { para: number }).para, data)
            : encodeResponse(
                (f as ResponseFrame).sw1,
                (f as ResponseFrame).sw2,
                (f as ResponseFrame).sw3,
                data,
              ),
        );
      }
      const stream = Buffer.concat(parts);
      const dec = new FrameDecoder(dir);
      const got: Frame[] = [];
      for (let off = 0; off < stream.length;) {
        const n = 1 + int(r() < 0.3 ? 3 : 700);
        got.push(...frames(dec.push(stream.subarray(off, off + n))));
        off += n;
      }
      expect(got).toEqual(sent);
      expect(dec.pending).toBe(0);
    }
  });

  it('finds every frame when a false preamble with a bad length or checksum precedes it', () => {
    const good = encodeResponse(0, 0, 0x90);
    const falseLen = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0xff, 0xff]);
    const falseChk = Buffer.concat([
      encodeResponse(0, 0, 0x90, Uint8Array.of(1, 2)).subarray(0, 12),
      Buffer.from([0x00]),
    ]);
    const out = new FrameDecoder('response').push(Buffer.concat([falseLen, falseChk, good]));
    expect(out.filter((x) => x.ok)).toHaveLength(1);
    expect(out.filter((x) => !x.ok).map((x) => (x.ok ? '' : x.error.kind))).toEqual(
      expect.arrayContaining(['length', 'checksum']),
    );
  });

  it('keeps a preamble split across chunks', () => {
    const f = encodeResponse(0, 0, 0x9f, new Uint8Array(4));
    const dec = new FrameDecoder('response');
    expect(dec.push(f.subarray(0, 4))).toEqual([]);
    expect(dec.pending).toBe(4);
    expect(frames(dec.push(f.subarray(4)))).toHaveLength(1);
  });
});
