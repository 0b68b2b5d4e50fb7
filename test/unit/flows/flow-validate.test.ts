import { describe, expect, it } from 'vitest';
import {
  idCheckChar,
  validateCreditCode,
  validateDate,
  validateField,
  validateIdNumber,
  validatePhone,
  validatePromisedDate,
} from '../../../electron/core/flows/flow-validate.ts';
import type { FieldSpec } from '../../../electron/core/flows/flow-types.ts';
import { makeId, TODAY } from './flow-fixture.ts';

describe('validation rules (messages are flows.err.* keys)', () => {
  it('GB 11643: the published example number checks, one changed digit does not', () => {
    // The standard's own worked example: 11010519491231002X.
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(validateIdNumber('11010519491231002X', TODAY)).toBeNull();
    expect(validateIdNumber('11010519491231002x', TODAY)).toBeNull();
    expect(validateIdNumber('11010519491231003X', TODAY)).toBe('flows.err.idCheck');
    expect(validateIdNumber('1101051949123100', TODAY)).toBe('flows.err.idLength');
    expect(validateIdNumber('11010519491231A02X', TODAY)).toBe('flows.err.idChars');
    expect(validateIdNumber(makeId('110105', '1949-02-30'), TODAY)).toBe('flows.err.idBirth');
    expect(validateIdNumber(makeId('110105', '2030-01-01'), TODAY)).toBe('flows.err.idBirth');
  });

  it('phone: mobile 1[3-9] + 9 digits or a landline with area code', () => {
    expect(validatePhone('13912345678')).toBeNull();
    expect(validatePhone('139 1234 5678')).toBeNull();
    expect(validatePhone('0816-2345678')).toBeNull();
    expect(validatePhone('12912345678')).toBe('flows.err.phone');
    expect(validatePhone('1391234567')).toBe('flows.err.phone');
  });

  it('dates: real calendar dates, not in the future', () => {
    expect(validateDate('2024-02-29', TODAY)).toBeNull();
    expect(validateDate('2025-02-29', TODAY)).toBe('flows.err.date');
    expect(validateDate('2026/01/01', TODAY)).toBe('flows.err.date');
    expect(validateDate('2026-11-22', TODAY)).toBe('flows.err.dateFuture');
  });

  it('容缺 promised dates: from tomorrow, at most 60 days ahead', () => {
    expect(validatePromisedDate('2026-11-22', TODAY)).toBeNull();
    expect(validatePromisedDate('2026-11-21', TODAY)).toBe('flows.err.promisedDate');
    expect(validatePromisedDate('2027-01-20', TODAY)).toBeNull();
    expect(validatePromisedDate('2027-01-21', TODAY)).toBe('flows.err.promisedDate');
  });

  it('统一社会信用代码 check character (GB 32100)', () => {
    expect(validateCreditCode('91350100M000100Y43')).toBeNull();
    expect(validateCreditCode('91350100M000100Y44')).toBe('flows.err.creditCode');
  });

  it('required, length, choice and pattern from the data dictionary schema', () => {
    const f = (over: Partial<FieldSpec>): FieldSpec => ({
      key: 'k',
      label: 'l',
      type: 'text',
      group: 'g',
      required: true,
      personal: false,
      schema: {},
      usedBy: [],
      ...over,
    });
    expect(validateField(f({}), '  ', TODAY)).toBe('flows.err.required');
    expect(validateField(f({ required: false }), '', TODAY)).toBeNull();
    expect(validateField(f({ type: 'name', schema: { minLength: 2 } }), '张', TODAY)).toBe(
      'flows.err.tooShort',
    );
    expect(validateField(f({ schema: { maxLength: 3 } }), '四个汉字', TODAY)).toBe('flows.err.tooLong');
    expect(validateField(f({ type: 'enum', schema: { enum: ['男', '女'] } }), '未知', TODAY)).toBe(
      'flows.err.choice',
    );
    expect(validateField(f({ schema: { pattern: '^[A-Z]\\d{9}$' } }), 'A12345678', TODAY)).toBe(
      'flows.err.format',
    );
    expect(validateField(f({ type: 'id-number' }), '11010519491231002X', TODAY)).toBeNull();
    expect(
      validateField(f({ type: 'phone', schema: { pattern: '^1\\d{10}$' } }), '0816-2345678', TODAY),
    ).toBeNull();
    expect(validateField(f({ type: 'region' }), '51070', TODAY)).toBe('flows.err.region');
    expect(validateField(f({ type: 'number', schema: { minimum: 0 } }), '-3', TODAY)).toBe(
      'flows.err.number',
    );
  });
});
