import crypto from 'node:crypto';
import { createRequire } from 'node:module';

/**
 * The signed receipt QR (办件回执). The printed QR stays the lookup address a phone can open
 * (`lookupUrl` with {receiptNo}), with two parameters appended: `k` = the kiosk id and `s` = a
 * 128-bit tag, HMAC-SM3 under that kiosk's receipt key over "banshi-receipt-v1|<kioskId>|<receiptNo>",
 * base64url. A kiosk only believes a receipt QR whose tag verifies, so a hand-made QR with someone
 * else's number cannot open their application here.
 *
 *   https://zwfw.example.gov.cn/banjian/chaxun?no=R20261121-0001&k=DEMO-0001&s=3q2-7wZ1yQ0aX9bC4dE5fA
 */
const require = createRequire(import.meta.url);
const smCrypto = require('sm-crypto') as { sm3(input: number[] | Uint8Array, opts: { key: string }): string };

const TAG_BYTES = 16;
const CONTEXT = 'banshi-receipt-v1';
const RECEIPT_NO = '[A-Za-z0-9-]{4,40}';
const nativeSm3 = crypto.getHashes().includes('sm3');

/** HMAC-SM3: native where OpenSSL has SM3 (plain Node), pure JS elsewhere (Electron's BoringSSL). */
export function hmacSm3(key: Uint8Array, data: string): Buffer {
  if (nativeSm3) return crypto.createHmac('sm3', key).update(data, 'utf8').digest();
  return Buffer.from(
    smCrypto.sm3(Buffer.from(data, 'utf8'), { key: Buffer.from(key).toString('hex') }),
    'hex',
  );
}

export function receiptTag(key: Uint8Array, kioskId: string, receiptNo: string): string {
  return hmacSm3(key, `${CONTEXT}|${kioskId}|${receiptNo}`).subarray(0, TAG_BYTES).toString('base64url');
}

/** What the printer should put in the QR (printing helper: call this instead of lookupPayload). */
export function signedReceiptPayload(
  lookupUrl: string,
  receiptNo: string,
  kioskId: string,
  key: Uint8Array,
): string {
  if (!new RegExp(`^${RECEIPT_NO}$`).test(receiptNo))
    throw new RangeError('receipt number has an unexpected shape');
  const base = lookupUrl.replaceAll('{receiptNo}', encodeURIComponent(receiptNo));
  return `${base}${base.includes('?') ? '&' : '?'}k=${kioskId}&s=${receiptTag(key, kioskId, receiptNo)}`;
}

export type ReceiptCheck =
  | { match: false }
  | { match: true; valid: true; receiptNo: string; kioskId: string }
  | { match: true; valid: false; reason: 'bad-signature' | 'unknown-kiosk' | 'unsigned' };

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Is this text our receipt QR, and is it genuine? `match` says it has the shape of our lookup
 * address; `valid` that its tag verifies under the key of the kiosk it names.
 */
export function checkReceiptPayload(
  text: string,
  lookupUrl: string,
  keys: ReadonlyMap<string, Uint8Array>,
): ReceiptCheck {
  const [head, tail] = lookupUrl.split('{receiptNo}') as [string, string | undefined];
  const base = `^${escapeRe(head)}(${RECEIPT_NO})${escapeRe(tail ?? '')}`;
  const signed = new RegExp(`${base}[?&]k=([A-Za-z0-9-]{3,40})&s=([A-Za-z0-9_-]{22})$`).exec(text);
  if (!signed) {
    // The address with a number but no tag: an old or a forged receipt, not a foreign URL.
    return new RegExp(`${base}$`).test(text)
      ? { match: true, valid: false, reason: 'unsigned' }
      : { match: false };
  }
  const [, receiptNo, kioskId, tag] = signed as unknown as [string, string, string, string];
  const key = keys.get(kioskId);
  if (!key) return { match: true, valid: false, reason: 'unknown-kiosk' };
  // Compared as text, not decoded: base64url's last character carries padding bits that decoding
  // ignores, so two different strings could otherwise both "verify".
  const want = Buffer.from(receiptTag(key, kioskId, receiptNo), 'latin1');
  const got = Buffer.from(tag, 'latin1');
  if (got.length !== want.length || !crypto.timingSafeEqual(got, want)) {
    return { match: true, valid: false, reason: 'bad-signature' };
  }
  return { match: true, valid: true, receiptNo, kioskId };
}

/**
 * Demo mode only: a key derived from the kiosk id, so a fresh install can print and scan receipts.
 * A deployed kiosk must be configured with its own random key (scanner.receiptKeyHex).
 */
export function demoReceiptKey(kioskId: string): Buffer {
  return hmacSm3(Buffer.from('banshi-demo-receipt-key'), kioskId);
}
