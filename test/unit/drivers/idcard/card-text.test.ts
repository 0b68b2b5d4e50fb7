import { describe, expect, it } from 'vitest';
import { decodeCardText, encodeCardText, type IdCard } from '../../../../drivers/idcard/card-text.ts';
import {
  checkCharacter,
  idNumberProblems,
  isValidIdNumber,
  maskIdNumber,
} from '../../../../drivers/idcard/id-number.ts';
import { buildDeck } from '../../../../drivers/idcard/sim-deck.ts';
import { ethnicities, ethnicityDisplay, genders } from '../../../../drivers/idcard/tables.ts';
import { idcardZhCN } from '../../../../renderer/src/i18n/idcard.zh-CN.ts';
import { idcardEn } from '../../../../renderer/src/i18n/idcard.en.ts';

describe('GB 11643 check digit', () => {
  it('accepts the appendix example and the 2023 foreigner-card samples', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(isValidIdNumber('932682198501010017')).toBe(true);
    expect(isValidIdNumber('911124198108030024')).toBe(true);
  });
  it('reports a wrong check character, an impossible birth date and a bad format', () => {
    expect(idNumberProblems('110105194912310021')).toEqual(['check-digit']);
    expect(idNumberProblems('110105194902300020').includes('birth-date')).toBe(true);
    expect(idNumberProblems('11010519491231002x')).toEqual(['format']);
  });
  it('masks all but the first and last four characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
  });
});

describe('tables', () => {
  it('has the 56 ethnicities plus 97/98 with 德昂 spelled right, and GB/T 2261.1 genders', () => {
    expect(Object.keys(ethnicities)).toHaveLength(58);
    expect(ethnicities['46']).toBe('德昂');
    expect(ethnicityDisplay('01')).toBe('汉族');
    expect(ethnicityDisplay('98')).toBe('外国血统中国籍人士');
    expect(genders).toEqual({ '0': '未知', '1': '男', '2': '女', '9': '未说明' });
  });
});

describe('256-byte text block', () => {
  const deck = buildDeck();

  it('deck has all three card types, valid numbers, 长期, max-length name and address', () => {
    expect(new Set(deck.map((c) => c.card.cardType))).toEqual(
      new Set(['resident', 'foreign-permanent', 'gat-residence']),
    );
    expect(deck.some((c) => c.card.longTerm)).toBe(true);
    expect(deck.some((c) => c.card.name.length === 15)).toBe(true);
    expect(deck.some((c) => (c.card.address ?? '').length === 35)).toBe(true);
    expect(deck.some((c) => c.card.idNumber.endsWith('X'))).toBe(true);
  });

  it.each(buildDeck().map((c, i) => [i, c.label, c.card] as const))(
    'card %i (%s) round-trips with no problems',
    (_i, _l, card) => {
      const block = encodeCardText(card);
      expect(block.length).toBe(256);
      expect(decodeCardText(block)).toEqual(card);
    },
  );

  it('puts fields at the GA/T 490 offsets (UCS-2LE, space padded, type letter at 248)', () => {
    const r = encodeCardText(deck[0]!.card);
    const at = (o: number, n: number): string => Buffer.from(r.subarray(o, o + n)).toString('utf16le');
    expect(at(0, 4)).toBe('张伟');
    expect(at(4, 2)).toBe(' ');
    expect(at(30, 2)).toBe('1');
    expect(at(32, 4)).toBe('01');
    expect(at(36, 16)).toBe('19850312');
    expect(at(122, 36)).toBe(deck[0]!.card.idNumber);
    expect(at(248, 2)).toBe(' ');
    const lt = encodeCardText(deck[1]!.card);
    expect(Buffer.from(lt.subarray(204, 220)).toString('utf16le')).toBe('长期      ');
    const foreign = encodeCardText(deck.find((c) => c.card.cardType === 'foreign-permanent')!.card);
    expect(Buffer.from(foreign.subarray(248, 250))).toEqual(Buffer.from([0x49, 0x00]));
    expect(Buffer.from(foreign.subarray(152, 158)).toString('utf16le')).toBe('GBR');
    const gat = encodeCardText(deck.find((c) => c.card.cardType === 'gat-residence')!.card);
    expect(Buffer.from(gat.subarray(248, 250))).toEqual(Buffer.from([0x4a, 0x00]));
    expect(Buffer.from(gat.subarray(220, 238)).toString('utf16le').trim()).toBe('H12345678');
  });

  it('reports a card whose number fails the check digit instead of accepting it', () => {
    const good = deck[0]!.card;
    const bad: IdCard = {
      ...good,
      idNumber: good.idNumber.slice(0, 17) + (good.idNumber[17] === '1' ? '2' : '1'),
    };
    const decoded = decodeCardText(encodeCardText(bad));
    expect(decoded.problems).toContain('id-check-digit');
  });

  it('reports impossible dates, unknown codes and an unknown type letter', () => {
    const b = Buffer.from(encodeCardText(deck[0]!.card));
    b.write('19851332', 36, 'utf16le');
    b.write('7', 30, 'utf16le');
    b.write('77', 32, 'utf16le');
    expect(decodeCardText(b).problems).toEqual(
      expect.arrayContaining(['bad-date', 'unknown-gender', 'unknown-ethnicity', 'birth-date-mismatch']),
    );
    b.write('Z', 248, 'utf16le');
    expect(decodeCardText(b).problems).toContain('unknown-card-type');
  });
});

describe('resident messages', () => {
  it('English has every key of the reader messages', () => {
    expect(Object.keys(idcardEn).sort()).toEqual(Object.keys(idcardZhCN).sort());
    expect(idcardZhCN['idcard.noCard']).toBe('未检测到身份证，请将身份证放在感应区');
  });
});
