import { describe, expect, it } from 'vitest';
import {
  isPersonalField,
  maskText,
  shouldMaskInput,
  type MaskableElement,
} from '../../../renderer/src/video/masking.ts';

/** A stand-in for an <input> inside a form field box: attributes, and the nearest field key. */
function input(attrs: Record<string, string>, field: string | null, personalBlock = false): MaskableElement {
  return {
    getAttribute: (n) => attrs[n] ?? null,
    closest: (sel) => {
      if (sel === '[data-personal]') return personalBlock ? { getAttribute: () => '' } : null;
      if (sel === '[data-field]') return field === null ? null : { getAttribute: () => field };
      return null;
    },
  };
}

const types = new Map([
  ['applicant.name', 'name'],
  ['applicant.idNumber', 'id-number'],
  ['applicant.phone', 'phone'],
  ['matter.reason', 'text'],
  ['matter.copies', 'number'],
  ['guardian.name', 'text'],
]);

describe('what the agent may see of the kiosk screen', () => {
  it('masks name, ID number and phone fields, and shows non-personal fields as typed', () => {
    expect(shouldMaskInput(input({}, 'applicant.name'), types)).toBe(true);
    expect(shouldMaskInput(input({}, 'applicant.idNumber'), types)).toBe(true);
    expect(shouldMaskInput(input({}, 'applicant.phone'), types)).toBe(true);
    expect(shouldMaskInput(input({}, 'matter.reason'), types)).toBe(false);
    expect(shouldMaskInput(input({}, 'matter.copies'), types)).toBe(false);
  });

  it('masks by default: unknown fields, inputs outside any field, personal-looking keys, tel/password/email', () => {
    expect(shouldMaskInput(input({}, 'unknown.field'), types)).toBe(true);
    expect(shouldMaskInput(input({}, null), types)).toBe(true);
    expect(shouldMaskInput(input({}, 'guardian.name'), types)).toBe(true);
    expect(shouldMaskInput(input({ type: 'tel' }, 'matter.reason'), types)).toBe(true);
    expect(shouldMaskInput(input({ type: 'password' }, null), types)).toBe(true);
    expect(shouldMaskInput(input({}, 'matter.reason', true), types)).toBe(true);
    expect(isPersonalField(null, types)).toBe(true);
  });

  it('masks ID numbers and mobile numbers inside any text, and everything in a personal block', () => {
    expect(maskText('身份证 11010519491231002X 已读取', false)).toBe('身份证 ****************** 已读取');
    expect(maskText('电话13800138000', false)).toBe('电话***********');
    // Ordinary numbers (receipt numbers, counts) stay readable.
    expect(maskText('受理号 2026112200001 共 3 份', false)).toBe('受理号 2026112200001 共 3 份');
    expect(maskText('王小明', true)).toBe('***');
  });
});
