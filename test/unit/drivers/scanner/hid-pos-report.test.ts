import { describe, expect, it } from 'vitest';
import {
  defaultHidPosLayout,
  encodeScanReports,
  parseScanReport,
  ScanError,
  ScanReassembler,
  type RawScan,
} from '../../../../drivers/scanner/index.ts';

function collector(opts: { partTimeoutMs?: number; maxBytes?: number } = {}) {
  let now = 0;
  const scans: RawScan[] = [];
  const errors: ScanError[] = [];
  const r = new ScanReassembler({
    now: () => now,
    onScan: (s) => scans.push(s),
    onError: (e) => errors.push(e),
    ...opts,
  });
  return { r, scans, errors, advance: (ms: number) => (now += ms) };
}

// A receipt QR (118 bytes) is longer than one report's 56 data bytes.
const RECEIPT =
  'https://zwfw.example.gov.cn/banjian/chaxun?no=R20261121-0001&k=DEMO-0001&s=Zk3mQ0pX7uY2bT9wLc4vHg';
const ESSC = 'ESSC01' + 'A1b2C3d4E5f6G7h8I9j0'.repeat(3);

describe('HID POS report parsing', () => {
  it('reads length, AIM symbology and data from one report', () => {
    const [rep] = encodeScanReports(Buffer.from('6901234567892'), ']E0');
    const part = parseScanReport(rep!);
    expect(part).toMatchObject({ aimId: ']E0', more: false });
    expect(part.data.toString()).toBe('6901234567892');
    expect(rep!.length).toBe(64);
  });

  it('refuses a report whose length byte runs past its data field, with a typed error', () => {
    const [rep] = encodeScanReports(Buffer.from('abc'), ']Q1');
    rep![1] = 57;
    expect(() => parseScanReport(rep!)).toThrow(expect.objectContaining({ kind: 'bad-length' }));
    expect(() => parseScanReport(Buffer.from([2, 1]))).toThrow(
      expect.objectContaining({ kind: 'short-report' }),
    );
    const wrongId = Buffer.from(rep!);
    wrongId[0] = 1;
    wrongId[1] = 3;
    expect(() => parseScanReport(wrongId)).toThrow(expect.objectContaining({ kind: 'wrong-report-id' }));
  });
});

describe('reassembly', () => {
  it('joins a code split over three reports and decodes its symbology', () => {
    const { r, scans, errors } = collector();
    const reports = encodeScanReports(Buffer.from(RECEIPT), ']Q1');
    expect(reports.length).toBe(Math.ceil(RECEIPT.length / 56));
    for (const rep of reports) r.push(rep);
    expect(errors).toEqual([]);
    expect(scans).toHaveLength(1);
    expect(scans[0]).toMatchObject({ text: RECEIPT, symbology: 'qr', aimId: ']Q1', source: 'hid-pos' });
  });

  it('reads several codes sent back to back in one burst, each whole', () => {
    const { r, scans } = collector();
    const burst = [
      ...encodeScanReports(Buffer.from(RECEIPT), ']Q1'),
      ...encodeScanReports(Buffer.from('6901234567892'), ']E0'),
      ...encodeScanReports(Buffer.from(ESSC), ']Q1'),
    ];
    for (const rep of burst) r.push(rep);
    expect(scans.map((s) => [s.text, s.symbology])).toEqual([
      [RECEIPT, 'qr'],
      ['6901234567892', 'ean-upc'],
      [ESSC, 'qr'],
    ]);
  });

  it('splits a code at every possible data length and still reads it whole', () => {
    const text = '中文回执' + RECEIPT; // multi-byte UTF-8 cut in the middle of a character
    const bytes = Buffer.from(text);
    for (let cap = 1; cap <= 56; cap++) {
      const layout = { ...defaultHidPosLayout, dataCapacity: cap, moreOffset: 5 + cap };
      let now = 0;
      const got: string[] = [];
      const r = new ScanReassembler({
        layout,
        now: () => now++,
        onScan: (s) => got.push(s.text),
        onError: (e) => {
          throw e;
        },
      });
      for (const rep of encodeScanReports(bytes, ']Q1', layout)) r.push(rep);
      expect(got).toEqual([text]);
    }
  });

  it('drops a code whose continuation never comes, and reads the next one', () => {
    const { r, scans, errors, advance } = collector({ partTimeoutMs: 500 });
    const [first] = encodeScanReports(Buffer.from(RECEIPT), ']Q1');
    r.push(first!);
    advance(800);
    r.push(encodeScanReports(Buffer.from('6901234567892'), ']E0')[0]!);
    expect(errors.map((e) => e.kind)).toEqual(['incomplete']);
    expect(scans.map((s) => s.text)).toEqual(['6901234567892']);
  });

  it('a garbled report in the middle costs only the code it broke', () => {
    const { r, scans, errors } = collector();
    const parts = encodeScanReports(Buffer.from(RECEIPT), ']Q1');
    r.push(parts[0]!);
    r.push(Buffer.from([9, 9, 9]));
    r.push(parts[1]!); // orphaned continuation: starts a new partial, which the next code replaces
    for (const rep of encodeScanReports(Buffer.from(ESSC), ']Q1')) r.push(rep);
    expect(errors[0]?.kind).toBe('short-report');
    expect(scans.at(-1)?.text).toBe(ESSC);
  });

  it('refuses an endless code and swallows the rest of it', () => {
    const { r, scans, errors } = collector({ maxBytes: 200 });
    for (const rep of encodeScanReports(Buffer.alloc(1000, 0x41), ']Q1')) r.push(rep);
    for (const rep of encodeScanReports(Buffer.from(ESSC), ']Q1')) r.push(rep);
    expect(errors.map((e) => e.kind)).toEqual(['too-long']);
    expect(scans.map((s) => s.text)).toEqual([ESSC]);
  });

  it('a code with control characters is refused as not-text, not handed on', () => {
    const { r, scans, errors } = collector();
    for (const rep of encodeScanReports(Buffer.from([0x41, 0x00, 0x07, 0x42]), ']Q1')) r.push(rep);
    expect(scans).toEqual([]);
    expect(errors.map((e) => e.kind)).toEqual(['not-text']);
  });

  it("decodes a GBK scanner's Chinese text", () => {
    const { r, scans } = collector();
    // "回执" in GBK: BB D8 D6 B4
    for (const rep of encodeScanReports(Buffer.from([0xbb, 0xd8, 0xd6, 0xb4]), ']Q1')) r.push(rep);
    expect(scans[0]?.text).toBe('回执');
  });
});

describe('fuzz: the parser and reassembler take any bytes', () => {
  it('throws only ScanError, never hangs, and still reads a good code afterwards', () => {
    let seed = 0x2f6e2b1;
    const rnd = (): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    const good = encodeScanReports(Buffer.from(RECEIPT), ']Q1');
    const { r, scans, errors } = collector();
    const t0 = Date.now();
    for (let i = 0; i < 20_000; i++) {
      let rep: Buffer;
      if (rnd() < 0.5) {
        rep = Buffer.from(good[Math.floor(rnd() * good.length)]!);
        const flips = 1 + Math.floor(rnd() * 4);
        for (let f = 0; f < flips; f++) rep[Math.floor(rnd() * rep.length)] = Math.floor(rnd() * 256);
        if (rnd() < 0.2) rep = rep.subarray(0, Math.floor(rnd() * rep.length));
      } else {
        rep = Buffer.alloc(Math.floor(rnd() * 80));
        for (let j = 0; j < rep.length; j++) rep[j] = Math.floor(rnd() * 256);
      }
      try {
        parseScanReport(rep);
      } catch (e) {
        expect(e).toBeInstanceOf(ScanError);
      }
      r.push(rep); // must not throw: errors go to onError
    }
    for (const e of errors) expect(e).toBeInstanceOf(ScanError);
    expect(Date.now() - t0).toBeLessThan(15_000);
    // After all that garbage, a real code still comes through whole.
    const before = scans.length;
    r.reset();
    for (const rep of good) r.push(rep);
    expect(scans.length).toBe(before + 1);
    expect(scans.at(-1)?.text).toBe(RECEIPT);
  });
});
