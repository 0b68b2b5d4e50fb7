import { describe, expect, it } from 'vitest';
import { partJoiner, toParts } from '../../../renderer/src/video/frame-parts.ts';

describe('screen channel framing', () => {
  it('joins parts arriving in any order, interleaved with another batch', () => {
    const big = JSON.stringify([{ type: 2, data: 'x'.repeat(50_000) + '中文|管道' }]);
    const a = toParts('b1', big, 16_000);
    const b = toParts('b2', '[{"type":3}]', 16_000);
    expect(a).toHaveLength(4);
    const join = partJoiner();
    const order = [a[2]!, b[0]!, a[0]!, a[3]!, a[1]!];
    const out = order.map(join).filter((x) => x !== null);
    expect(out).toEqual(['[{"type":3}]', big]);
  });

  it('ignores garbage instead of throwing', () => {
    const join = partJoiner();
    expect(join('no separators')).toBeNull();
    expect(join('x|5|2|data')).toBeNull();
    expect(join('x|-1|2|data')).toBeNull();
    expect(join('x|0|1|ok')).toBe('ok');
  });
});
