/**
 * Redaction rules for anything that reaches a log. Two kinds of rule, because personal data hides
 * both under telling keys and inside free text (an error message that quotes a form value):
 *  - keys whose values are personal (names, ID numbers, phones, addresses, card data) are replaced;
 *  - strings are scanned for ID numbers (GB 11643, 18 or 15 digits) and mainland mobile numbers.
 */
export const REDACTED = '[已脱敏]';

const PERSONAL_KEY =
  /^(name|fullname|applicantname|agentname|holdername|childname|babyname|newbornname|idnumber|idno|idcard|certno|certnumber|citizenid|phone|mobile|tel|telephone|contactphone|callbackphone|address|addr|birth|birthday|birthdate|dateofbirth|photo|fingerprint|face|faceimage|signature|cardnumber)$/i;
// Chinese data-dictionary keys carry their meaning inside longer names (申请人姓名, 新生儿姓名, 户籍地址 …).
const PERSONAL_KEY_PART = /姓名|身份证|证件号|电话|手机|住址|地址|出生日期|照片|人像|指纹|签名/;

// 18-digit resident ID (last may be X), 15-digit legacy ID, mainland mobile (11 digits starting 1[3-9]).
const ID18 = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const ID15 = /(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])/g;
const MOBILE = /(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9A-Za-z])/g;

export function redactString(s: string): string {
  return s.replace(ID18, '[身份证号]').replace(ID15, '[身份证号]').replace(MOBILE, '[手机号]');
}

function normaliseKey(key: string): string {
  return key.replace(/[_\-\s]/g, '');
}

export function isPersonalKey(key: string): boolean {
  return PERSONAL_KEY.test(normaliseKey(key)) || PERSONAL_KEY_PART.test(key);
}

/** Returns a redacted deep copy; cycles and depth are bounded so a hostile object cannot hang logging. */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value === 'number' && Number.isInteger(value) && String(value).length >= 11) {
    return redactString(String(value)) === String(value) ? value : REDACTED;
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[…]';
  if (seen.has(value)) return '[循环]';
  seen.add(value);
  if (value instanceof Error) {
    return {
      type: value.name,
      message: redactString(value.message),
      stack: value.stack && redactString(value.stack),
    };
  }
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => redact(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = isPersonalKey(k) && v !== null && v !== undefined ? REDACTED : redact(v, depth + 1, seen);
  }
  return out;
}
