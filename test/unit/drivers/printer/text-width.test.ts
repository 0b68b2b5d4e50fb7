import { describe, expect, it } from 'vitest';
import { displayWidth, PAPER_COLUMNS, twoColumns, wrapText } from '../../../../drivers/printer/text-width.ts';

describe('display width', () => {
  it('counts CJK and full-width as two columns, ASCII as one', () => {
    expect(displayWidth('办件编号')).toBe(8);
    expect(displayWidth('ZJ-001')).toBe(6);
    expect(displayWidth('证件：330106')).toBe(12);
    expect(displayWidth('（）￥')).toBe(6);
    expect(PAPER_COLUMNS).toEqual({ 58: 32, 80: 48 });
  });
});

describe('wrapText on mixed Chinese/ASCII lines', () => {
  const line = '受理终端：DEMO-0001（西湖区政务服务中心），办件编号 ZJ330106-20261121-000123 请妥善保管';

  for (const paper of [58, 80] as const) {
    const cols = PAPER_COLUMNS[paper];
    it(`${paper} mm: no line wider than ${cols} columns, no text lost, ASCII words kept whole`, () => {
      const lines = wrapText(line, cols);
      for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(cols);
      expect(lines.join('').replace(/ /g, '')).toBe(line.replace(/ /g, ''));
      // The receipt number must be readable on one line (technicians type it back in).
      expect(lines.some((l) => l.includes('ZJ330106-20261121-000123'))).toBe(true);
      expect(lines.some((l) => l.includes('DEMO-0001'))).toBe(true);
    });
  }

  it('58 mm: exact breaks', () => {
    expect(wrapText(line, 32)).toEqual([
      '受理终端：DEMO-0001（西湖区政务',
      '服务中心），办件编号',
      'ZJ330106-20261121-000123 请妥善',
      '保管',
    ]);
  });

  it('80 mm: exact breaks', () => {
    expect(wrapText(line, 48)).toEqual([
      '受理终端：DEMO-0001（西湖区政务服务中心），办件',
      '编号 ZJ330106-20261121-000123 请妥善保管',
    ]);
  });

  it('a CJK character never straddles the edge: a 33rd column is not used on 58 mm', () => {
    const l = 'A' + '办'.repeat(16); // 1 + 32 columns
    const out = wrapText(l, 32);
    expect(out).toEqual(['A' + '办'.repeat(15), '办']);
  });

  it('closing punctuation does not start a line; the last character moves down with it', () => {
    const out = wrapText('一二三四五六七八九十一二三四五六，好', 32);
    expect(out[1]!.startsWith('，')).toBe(false);
    expect(out).toEqual(['一二三四五六七八九十一二三四五', '六，好']);
  });

  it('an ASCII run longer than a line is split rather than overflowing', () => {
    const out = wrapText('x'.repeat(70), 32);
    expect(out.map((l) => l.length)).toEqual([32, 32, 6]);
  });

  it('keeps explicit newlines and refuses nonsense widths', () => {
    expect(wrapText('甲\n乙', 32)).toEqual(['甲', '乙']);
    expect(() => wrapText('x', 1)).toThrow(RangeError);
  });

  it('twoColumns right-aligns a value on the same line when it fits', () => {
    expect(twoColumns('受理时间', '2026-11-21 23:20', 32)).toEqual(['受理时间        2026-11-21 23:20']);
    expect(displayWidth(twoColumns('受理时间', '2026-11-21 23:20', 32)[0]!)).toBe(32);
  });
});
