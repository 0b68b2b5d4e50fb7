import { describe, expect, it } from 'vitest';
import * as cmd from '../../../../drivers/printer/escpos-commands.ts';
import { encodeReceipt } from '../../../../drivers/printer/receipt-encoder.ts';

const hex = (b: Buffer): string => b.toString('hex').replace(/(..)(?!$)/g, '$1 ');

// Each expectation is the byte column of shared/specs/escpos.md's "Minimal receipt subset" table.
describe('ESC/POS command bytes pinned to the spec', () => {
  it('initialise, Chinese mode on/off', () => {
    expect(hex(cmd.init())).toBe('1b 40');
    expect(hex(cmd.chineseOn())).toBe('1c 26');
    expect(hex(cmd.chineseOff())).toBe('1c 2e');
    expect(hex(cmd.chineseQuad(true))).toBe('1c 57 01');
  });

  it('character size GS ! n = ((w-1) << 4) | (h-1), refusing magnifications outside 1…8', () => {
    expect(hex(cmd.size(1, 1))).toBe('1d 21 00');
    expect(hex(cmd.size(2, 2))).toBe('1d 21 11');
    expect(hex(cmd.size(2, 1))).toBe('1d 21 10');
    expect(hex(cmd.size(8, 8))).toBe('1d 21 77');
    expect(() => cmd.size(0, 1)).toThrow(RangeError);
    expect(() => cmd.size(1, 9)).toThrow(RangeError);
  });

  it('alignment, bold, underline, line feed, feed n, cut', () => {
    expect(hex(cmd.align('left'))).toBe('1b 61 00');
    expect(hex(cmd.align('center'))).toBe('1b 61 01');
    expect(hex(cmd.align('right'))).toBe('1b 61 02');
    expect(hex(cmd.bold(true))).toBe('1b 45 01');
    expect(hex(cmd.bold(false))).toBe('1b 45 00');
    expect(hex(cmd.underline(2))).toBe('1b 2d 02');
    expect(hex(cmd.lineFeed())).toBe('0a');
    expect(hex(cmd.feed(4))).toBe('1b 64 04');
    expect(() => cmd.feed(256)).toThrow(RangeError);
    expect(hex(cmd.cut())).toBe('1d 56 00');
    expect(hex(cmd.cut(true))).toBe('1d 56 01');
  });

  it('QR model 2, module size, error level, print', () => {
    expect(hex(cmd.qrModel())).toBe('1d 28 6b 04 00 31 41 32 00');
    expect(hex(cmd.qrModuleSize(6))).toBe('1d 28 6b 03 00 31 43 06');
    expect(() => cmd.qrModuleSize(9)).toThrow(RangeError);
    expect(hex(cmd.qrErrorLevel('L'))).toBe('1d 28 6b 03 00 31 45 30');
    expect(hex(cmd.qrErrorLevel('H'))).toBe('1d 28 6b 03 00 31 45 33');
    expect(hex(cmd.qrPrint())).toBe('1d 28 6b 03 00 31 51 30');
  });

  it('QR store length counts ENCODED bytes (k + 3), not JS characters', () => {
    expect(hex(cmd.qrStore('AB'))).toBe('1d 28 6b 05 00 31 50 30 41 42');
    // "办件" is 2 JS characters but 6 UTF-8 bytes: pL = 6 + 3 = 9.
    const zh = cmd.qrStore('办件');
    expect(hex(zh.subarray(0, 8))).toBe('1d 28 6b 09 00 31 50 30');
    expect(zh.subarray(8).toString('utf8')).toBe('办件');
    // pH carries lengths over 255: 300 bytes + 3 = 303 = 0x012f.
    expect(hex(cmd.qrStore('x'.repeat(300)).subarray(0, 5))).toBe('1d 28 6b 2f 01');
    expect(() => cmd.qrStore('')).toThrow(RangeError);
    expect(() => cmd.qrStore('x'.repeat(cmd.QR_MAX_BYTES + 1))).toThrow(RangeError);
  });

  it('DLE EOT status queries', () => {
    expect(hex(cmd.statusQuery(1))).toBe('10 04 01');
    expect(hex(cmd.statusQuery(4))).toBe('10 04 04');
  });

  it('text is GB18030, ¥ becomes full-width, control bytes cannot smuggle commands', () => {
    expect(hex(cmd.text('办件A'))).toBe('b0 ec bc fe 41');
    expect(hex(cmd.text('¥'))).toBe(hex(cmd.text('￥')));
    // A name containing ESC @ would reset the printer mid-receipt; it prints as a space instead.
    expect(hex(cmd.text('张\x1b@三'))).toBe('d5 c5 20 40 c8 fd');
  });

  it('a receipt job starts with ESC @ then FS &, and only sends mode changes', () => {
    const job = encodeReceipt([
      { kind: 'text', text: '受理回执', align: 'center', bold: true, size: [2, 2] },
      { kind: 'text', text: 'A', align: 'center', bold: true, size: [2, 2] },
      { kind: 'cut', partial: false },
    ]);
    expect(hex(job)).toBe(
      [
        '1b 40 1c 26', // init, Chinese mode
        '1b 61 01 1b 45 01 1d 21 11', // centre, bold, double size
        hex(cmd.text('受理回执')),
        '0a',
        '41 0a', // same modes: no commands repeated
        '1d 56 00',
      ].join(' '),
    );
  });
});
