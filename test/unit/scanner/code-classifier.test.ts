import { describe, expect, it } from 'vitest';
import {
  classifyCode,
  compileShapes,
  defaultShapeSources,
  messageKeyFor,
  type ClassifierRules,
} from '../../../electron/core/scanner/code-classifier.ts';
import {
  checkReceiptPayload,
  demoReceiptKey,
  signedReceiptPayload,
} from '../../../electron/core/scanner/receipt-signature.ts';

const LOOKUP = 'https://zwfw.example.gov.cn/banjian/chaxun?no={receiptNo}';
const KEY = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
const OTHER_KEY = Buffer.from('ffeeddccbbaa99887766554433221100', 'hex');
const rules: ClassifierRules = {
  lookupUrl: LOOKUP,
  receiptKeys: new Map([
    ['KIOSK-A', KEY],
    ['KIOSK-B', OTHER_KEY],
  ]),
  shapes: compileShapes(defaultShapeSources),
};

describe('receipt QR signature', () => {
  it('signs the lookup address so a phone can still open it, and verifies it', () => {
    const qr = signedReceiptPayload(LOOKUP, 'R20261121-0001', 'KIOSK-A', KEY);
    expect(qr).toMatch(
      /^https:\/\/zwfw\.example\.gov\.cn\/banjian\/chaxun\?no=R20261121-0001&k=KIOSK-A&s=[A-Za-z0-9_-]{22}$/,
    );
    expect(checkReceiptPayload(qr, LOOKUP, rules.receiptKeys)).toEqual({
      match: true,
      valid: true,
      receiptNo: 'R20261121-0001',
      kioskId: 'KIOSK-A',
    });
  });

  it('works with a lookup address that holds the number in its path', () => {
    const tmpl = 'https://gov.example.cn/q/{receiptNo}/detail';
    const qr = signedReceiptPayload(tmpl, 'AB-1234', 'KIOSK-A', KEY);
    expect(qr).toContain('/q/AB-1234/detail?k=KIOSK-A&s=');
    expect(checkReceiptPayload(qr, tmpl, rules.receiptKeys)).toMatchObject({
      valid: true,
      receiptNo: 'AB-1234',
    });
  });

  it('the demo key differs per kiosk', () => {
    expect(demoReceiptKey('DEMO-0001').equals(demoReceiptKey('DEMO-0002'))).toBe(false);
    expect(demoReceiptKey('DEMO-0001').length).toBe(32);
  });
});

describe('code classification', () => {
  const genuine = signedReceiptPayload(LOOKUP, 'R20261121-0001', 'KIOSK-A', KEY);

  it('a genuine receipt QR gives its receipt number', () => {
    expect(classifyCode(genuine, rules)).toEqual({
      kind: 'receipt',
      receiptNo: 'R20261121-0001',
      kioskId: 'KIOSK-A',
    });
    expect(classifyCode(`  ${genuine}\n`, rules)).toMatchObject({ kind: 'receipt' });
  });

  it("someone else's number with a copied tag is refused as an invalid receipt", () => {
    const forged = genuine.replace('R20261121-0001', 'R20261121-0002');
    expect(classifyCode(forged, rules)).toEqual({ kind: 'refused', refusal: 'receipt-invalid' });
    // Every single-character change of the tag is caught, including the last one (padding bits).
    const tagAt = genuine.length - 22;
    for (let i = tagAt; i < genuine.length; i++) {
      const c = genuine[i] === 'A' ? 'B' : 'A';
      const flipped = genuine.slice(0, i) + c + genuine.slice(i + 1);
      expect(classifyCode(flipped, rules)).toEqual({ kind: 'refused', refusal: 'receipt-invalid' });
    }
  });

  it('an unsigned lookup address (old printer template) is refused as invalid, not as a URL', () => {
    expect(classifyCode('https://zwfw.example.gov.cn/banjian/chaxun?no=R20261121-0001', rules)).toEqual({
      kind: 'refused',
      refusal: 'receipt-invalid',
    });
  });

  it('a receipt signed by an unknown kiosk is refused as foreign', () => {
    const foreign = signedReceiptPayload(LOOKUP, 'R1234', 'KIOSK-Z', KEY);
    expect(classifyCode(foreign, rules)).toEqual({ kind: 'refused', refusal: 'receipt-foreign' });
    // A trusted neighbour's receipt verifies under its own key.
    expect(classifyCode(signedReceiptPayload(LOOKUP, 'R1234', 'KIOSK-B', OTHER_KEY), rules)).toMatchObject({
      kind: 'receipt',
    });
  });

  it('电子社保卡, 医保码 and 网证 are recognised by shape', () => {
    expect(classifyCode('ESSC01' + 'A1b2C3d4'.repeat(4), rules)).toEqual({ kind: 'social-security-card' });
    expect(classifyCode('NHSA' + '0123456789abcdef'.repeat(2), rules)).toEqual({ kind: 'medical-insurance' });
    expect(classifyCode('CTID' + 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldY', rules)).toEqual({ kind: 'net-id' });
    // Too short for the shape: not recognised.
    expect(classifyCode('ESSC01abc', rules)).toEqual({ kind: 'refused', refusal: 'unknown' });
  });

  it('URLs of every kind are refused, with their own message', () => {
    for (const u of [
      'http://example.com/x',
      'https://zwfw.example.gov.cn/other?no=R20261121-0001',
      'weixin://dl/business/?t=abc',
      'www.example.com',
      'example.com/pay',
      'javascript:alert(1)',
    ]) {
      expect(classifyCode(u, rules), u).toEqual({ kind: 'refused', refusal: 'url' });
    }
    expect(messageKeyFor({ kind: 'refused', refusal: 'url' }, true)).toBe('scanner.refused.url');
  });

  it('anything else is refused; garbage and control characters as garbled', () => {
    expect(classifyCode('6901234567892', rules)).toEqual({ kind: 'refused', refusal: 'unknown' });
    expect(classifyCode('hello world', rules)).toEqual({ kind: 'refused', refusal: 'unknown' });
    expect(classifyCode('', rules)).toEqual({ kind: 'refused', refusal: 'garbled' });
    expect(classifyCode('AB\u0007CD', rules)).toEqual({ kind: 'refused', refusal: 'garbled' });
    expect(classifyCode('x'.repeat(5000), rules)).toEqual({ kind: 'refused', refusal: 'garbled' });
  });

  it('offline, a code that needs the platform tells the resident to use the ID card', () => {
    expect(messageKeyFor({ kind: 'net-id' }, false)).toBe('scanner.offline');
    expect(messageKeyFor({ kind: 'net-id' }, true)).toBe('scanner.verifying');
    expect(messageKeyFor({ kind: 'receipt', receiptNo: 'x', kioskId: 'y' }, false)).toBe('scanner.receipt');
  });
});
