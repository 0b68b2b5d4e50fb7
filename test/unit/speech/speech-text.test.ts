import { describe, expect, it } from 'vitest';
import {
  normaliseForSpeech,
  numberToZh,
  toEspeakPinyin,
  tonedPinyin,
} from '../../../electron/core/speech/speech-text.ts';

describe('pinyin for speech: polyphones take the reading of their word', () => {
  it.each([
    ['银行', 'yín háng'],
    ['行走', 'xíng zǒu'],
    ['重新', 'chóng xīn'],
    ['重量', 'zhòng liàng'],
    ['长度', 'cháng dù'],
    ['成长', 'chéng zhǎng'],
    ['还款', 'huán kuǎn'],
    ['还是', 'hái shì'],
    ['办理', 'bàn lǐ'],
  ])('%s → %s', (word, expected) => {
    expect(tonedPinyin(word)).toBe(expected);
  });

  it('feeds espeak-ng tone digits, neutral tone as 5, punctuation as pauses', () => {
    expect(toEspeakPinyin('好的，请到银行。')).toBe('hao3 de5, qing3 dao4 yin2 hang2,');
  });
});

describe('numbers, dates and identifiers are read as a clerk reads them', () => {
  it('reads numerals with 万 and 零', () => {
    expect(numberToZh(15)).toBe('十五');
    expect(numberToZh(1005)).toBe('一千零五');
    expect(numberToZh(120000)).toBe('十二万');
    expect(numberToZh(100200)).toBe('十万零二百');
  });

  it('reads an ID number digit by digit, X as 叉, without 一 tone sandhi', () => {
    const said = normaliseForSpeech('证件号码11010519900307123X', 'zh-CN');
    expect(said).toBe('证件号码一一零一零五一九九零零三零七一二三叉');
    expect(toEspeakPinyin(said)).toContain('yi1 yi1 ling2 yi1 ling2 wu3');
  });

  it('reads dates, times, percentages and amounts', () => {
    expect(normaliseForSpeech('2026-01-05 08:30', 'zh-CN')).toBe('二零二六年一月五日 八点三十分');
    expect(normaliseForSpeech('优惠20%，共15.5元', 'zh-CN')).toBe('优惠百分之二十，共十五点五元');
    expect(normaliseForSpeech('手机13812345678', 'zh-CN')).toBe('手机一三八一二三四五六七八');
  });

  it('spells long numbers digit by digit in English', () => {
    expect(normaliseForSpeech('Receipt 20260105', 'en')).toBe('Receipt two zero two six zero one zero five');
  });
});
