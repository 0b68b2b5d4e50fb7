import crypto from 'node:crypto';

/**
 * Technician PINs are short, so the hash must be slow: scrypt (memory-hard, in Node's crypto, no
 * native add-on) with a per-PIN salt. The parameters travel with the hash so they can be raised
 * later without invalidating PINs already set.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { N: 1 << 15, r: 8, p: 1 };
const KEY_LEN = 32;

function scrypt(pin: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.scrypt(
      pin.normalize('NFKC'),
      salt,
      KEY_LEN,
      { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

export async function hashPin(pin: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(pin, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Constant-time comparison; a malformed stored hash verifies nothing. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 1 << 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (salt.length < 8 || expected.length !== KEY_LEN) return false;
  const key = await scrypt(pin, salt, { N, r, p });
  return crypto.timingSafeEqual(key, expected);
}

const PIN_FORMAT = /^\d{6,12}$/;

/** Why a new PIN is refused, or null. Chinese first: kioskctl shows it to the technician. */
export function pinWeakness(pin: string): string | null {
  if (!PIN_FORMAT.test(pin)) return 'PIN 须为 6–12 位数字 (PIN must be 6–12 digits)';
  if (/^(\d)\1+$/.test(pin)) return 'PIN 不能是相同数字 (PIN must not repeat one digit)';
  const asc = '01234567890123456789';
  const desc = '98765432109876543210';
  if (asc.includes(pin) || desc.includes(pin)) return 'PIN 不能是连续数字 (PIN must not be a run of digits)';
  return null;
}

export function isPinShaped(pin: string): boolean {
  return PIN_FORMAT.test(pin);
}
