import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildInputIndexes } from '../../../scripts/build-input-index.ts';
import { PinyinEngine, type PinyinIndex } from '../../../renderer/src/input/pinyin-engine.ts';
import {
  HandwritingEngine,
  type HandwritingIndex,
  type Point,
} from '../../../renderer/src/input/handwriting-engine.ts';
import { idCheckChar, validateIdNumber, validateMobile } from '../../../renderer/src/input/id-number.ts';

let pinyinEngine: PinyinEngine;
let hw: HandwritingEngine;

beforeAll(() => {
  // The same files the renderer loads lazily; built from the npm dictionaries if missing.
  const files = buildInputIndexes();
  pinyinEngine = new PinyinEngine(JSON.parse(fs.readFileSync(files.pinyin, 'utf8')) as PinyinIndex);
  hw = new HandwritingEngine(JSON.parse(fs.readFileSync(files.handwriting, 'utf8')) as HandwritingIndex);
}, 60_000);

describe('pinyin input with word and phrase candidates', () => {
  it('typing "zhangsan" offers 张三 among the first candidates, consuming all letters', () => {
    const c = pinyinEngine.candidates('zhangsan');
    const top = c.slice(0, 5).map((x) => x.text);
    expect(top).toContain('张三');
    expect(c.find((x) => x.text === '张三')!.consumed).toBe(8);
    // Single characters for the first syllable follow, consuming only "zhang".
    expect(c.find((x) => x.text === '张')).toEqual({ text: '张', consumed: 5 });
  });

  it('ranks whole-word phrases by frequency, with the reading chosen by word', () => {
    expect(pinyinEngine.candidates('yinhang')[0]!.text).toBe('银行');
    expect(pinyinEngine.candidates('shenfenzheng')[0]!.text).toBe('身份证');
    expect(
      pinyinEngine
        .candidates('banli')
        .map((x) => x.text)
        .slice(0, 3),
    ).toContain('办理');
    // 行 is offered under both readings.
    expect(pinyinEngine.candidates('hang').map((x) => x.text)).toContain('行');
    expect(pinyinEngine.candidates('xing').map((x) => x.text)).toContain('行');
  });

  it('composes a sentence from words when no single phrase covers the input', () => {
    const first = pinyinEngine.candidates('woyaobanshenfenzheng')[0]!;
    expect(first.consumed).toBe(20);
    expect(first.text).toMatch(/身份证$/);
  });

  it('completes a half-typed last syllable and ignores non-letters', () => {
    expect(pinyinEngine.candidates('shenfenzh').map((x) => x.text)).toContain('身份证');
    expect(pinyinEngine.candidates("zhang'san").map((x) => x.text)).toContain('张三');
    expect(pinyinEngine.candidates('')).toEqual([]);
  });
});

describe('handwriting recognition over Make Me a Hanzi medians', () => {
  /** A resident's drawing: the template on a 300 px pad, shifted, scaled, with hand tremor. */
  function draw(char: string, seed: number): Point[][] {
    const t = hw.template(char)!;
    let s = seed;
    const rnd = (): number => {
      s = (s * 16807) % 2147483647;
      return s / 2147483647 - 0.5;
    };
    return t.map((stroke) =>
      stroke.map(([x, y]) => [40 + x * 260 + rnd() * 14, 25 + y * 230 + rnd() * 14] as Point),
    );
  }

  it.each(['我', '你', '的', '是', '办', '证', '人', '大', '国', '家'])(
    'recognises a shaky %s among the top 5',
    (char) => {
      for (const seed of [7, 99, 12345]) expect(hw.recognise(draw(char, seed)).slice(0, 5)).toContain(char);
    },
  );

  it('still finds the character when the resident drops one stroke', () => {
    const strokes = draw('证', 3);
    strokes.splice(3, 1);
    expect(hw.recognise(strokes).slice(0, 5)).toContain('证');
  });
});

describe('ID numbers (GB 11643) and phone numbers', () => {
  it('computes the MOD 11-2 check character, including X', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(validateIdNumber('11010519491231002X')).toBeNull();
    expect(validateIdNumber('11010519491231002x')).toBeNull();
    expect(validateIdNumber('110105194912310021')).toBe('check-digit');
    expect(validateIdNumber('11010519491331002X')).toBe('birth-date');
    expect(validateIdNumber('1101051949123100')).toBe('length');
    expect(validateIdNumber('11010519491231002Y')).toBe('characters');
  });

  it('accepts mainland mobile numbers only', () => {
    expect(validateMobile('13812345678')).toBe(true);
    expect(validateMobile('12812345678')).toBe(false);
    expect(validateMobile('1381234567')).toBe(false);
  });
});
