import { describe, expect, it } from 'vitest';
import { deflate, inflate, partJoiner, toParts } from '../../../renderer/src/video/frame-parts.ts';

describe('screen channel framing', () => {
  it('deflates a batch, and joins its parts arriving in any order, interleaved with another batch', async () => {
    const text = JSON.stringify([{ type: 2, data: '<div class="flow-field">申请人</div>'.repeat(4000) }]);
    const packed = await deflate(text);
    // DOM JSON is repetitive: what crosses a village link is a fraction of it.
    expect(packed.length).toBeLessThan(new TextEncoder().encode(text).length / 10);
    const big = toParts(
      7,
      new Uint8Array(50_000).map((_, i) => i % 251),
      16_000,
    );
    const small = toParts(8, packed, 16_000);
    expect(big).toHaveLength(4);
    const join = partJoiner();
    const out = [big[2]!, small[0]!, big[0]!, big[3]!, big[1]!].map(join).filter((x) => x !== null);
    expect(out).toHaveLength(2);
    expect(await inflate(out[0]!)).toBe(text);
    expect(out[1]!.length).toBe(50_000);
    expect(out[1]![300]).toBe(300 % 251);
  });

  it('ignores garbage instead of throwing', () => {
    const join = partJoiner();
    expect(join(new Uint8Array([1, 2, 3]))).toBeNull();
    const bad = toParts(1, new Uint8Array([1]))[0]!;
    bad[7] = 0; // count 0
    expect(join(bad)).toBeNull();
    const ok = toParts(2, new Uint8Array([9, 9]))[0]!;
    expect([...join(ok)!]).toEqual([9, 9]);
  });
});
