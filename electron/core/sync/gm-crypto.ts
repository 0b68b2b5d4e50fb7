import crypto from 'node:crypto';
import { createRequire } from 'node:module';

/**
 * The 国密 primitives. SM2 always comes from sm-crypto (pinned 0.5.8, pure JS): no runtime we ship
 * on has a usable SM2 (Electron's BoringSSL has none; Node's OpenSSL signs without the GM/T 0009
 * Z value, nodejs/node#53761). SM3 and SM4 come from sm-crypto too, except that plain Node's
 * OpenSSL has both natively and is ~50x faster for 200 KB attachments; the unit tests hold both
 * paths to the same published vectors and to each other, so the choice never changes a byte.
 */
interface SmCrypto {
  sm2: {
    generateKeyPairHex(): { publicKey: string; privateKey: string };
    getPublicKeyFromPrivateKey(privateKey: string): string;
    doSignature(
      msg: string | number[],
      privateKey: string,
      opts: { hash: boolean; publicKey?: string; userId?: string; der?: boolean },
    ): string;
    /** C1C3C2 (cipherMode 1) hex, C1 without its 04 prefix. */
    doEncrypt(msg: string | number[], publicKey: string, cipherMode: 0 | 1): string;
    doDecrypt(encrypted: string, privateKey: string, cipherMode: 0 | 1, opts: { output: 'array' }): number[];
    doVerifySignature(
      msg: string | number[],
      signHex: string,
      publicKey: string,
      opts: { hash: boolean; userId?: string; der?: boolean },
    ): boolean;
  };
  sm3(input: string | number[] | Uint8Array, opts?: { key: string }): string;
  sm4: {
    encrypt(
      input: number[] | Uint8Array,
      key: number[] | string,
      opts: { mode?: 'ecb' | 'cbc'; iv?: number[] | string; padding?: 'pkcs#7' | 'none'; output: 'array' },
    ): number[];
    decrypt(
      input: number[] | Uint8Array,
      key: number[] | string,
      opts: { mode?: 'ecb' | 'cbc'; iv?: number[] | string; padding?: 'pkcs#7' | 'none'; output: 'array' },
    ): number[];
  };
}

const require = createRequire(import.meta.url);
export const smCrypto = require('sm-crypto') as SmCrypto;

/** The GM/T 0009-2012 default signer identity, used for the Z value unless a province sets its own. */
export const DEFAULT_SM2_USER_ID = '1234567812345678';

const nativeSm3 = crypto.getHashes().includes('sm3');
const nativeSm4 = crypto.getCiphers().includes('sm4-cbc');

export interface GmPrimitives {
  readonly native: boolean;
  sm3(data: Uint8Array): Buffer;
  hmacSm3(key: Uint8Array, data: Uint8Array): Buffer;
  /** SM4-CBC with PKCS#7 padding. */
  sm4CbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer;
  sm4CbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer;
  /** One raw block, no padding: what the GM/T 0002 vectors are stated in. */
  sm4EcbBlock(key: Uint8Array, block: Uint8Array): Buffer;
}

const toArr = (b: Uint8Array): number[] => Array.from(b);

const pureGm: GmPrimitives = {
  native: false,
  sm3: (data) => Buffer.from(smCrypto.sm3(data), 'hex'),
  hmacSm3: (key, data) => Buffer.from(smCrypto.sm3(data, { key: Buffer.from(key).toString('hex') }), 'hex'),
  sm4CbcEncrypt: (key, iv, data) =>
    Buffer.from(smCrypto.sm4.encrypt(data, toArr(key), { mode: 'cbc', iv: toArr(iv), output: 'array' })),
  sm4CbcDecrypt: (key, iv, data) =>
    Buffer.from(smCrypto.sm4.decrypt(data, toArr(key), { mode: 'cbc', iv: toArr(iv), output: 'array' })),
  sm4EcbBlock: (key, block) =>
    Buffer.from(smCrypto.sm4.encrypt(block, toArr(key), { padding: 'none', output: 'array' })),
};

// A session key MACs every request of a drain: importing it once saves a key import per request.
const hmacKeys = new WeakMap<Uint8Array, crypto.KeyObject>();
function hmacKey(key: Uint8Array): crypto.KeyObject {
  let k = hmacKeys.get(key);
  if (!k) hmacKeys.set(key, (k = crypto.createSecretKey(key)));
  return k;
}

const nativeGm: GmPrimitives = {
  native: true,
  sm3: (data) => crypto.createHash('sm3').update(data).digest(),
  hmacSm3: (key, data) => crypto.createHmac('sm3', hmacKey(key)).update(data).digest(),
  sm4CbcEncrypt: (key, iv, data) => {
    const c = crypto.createCipheriv('sm4-cbc', key, iv);
    return Buffer.concat([c.update(data), c.final()]);
  },
  sm4CbcDecrypt: (key, iv, data) => {
    const d = crypto.createDecipheriv('sm4-cbc', key, iv);
    return Buffer.concat([d.update(data), d.final()]);
  },
  sm4EcbBlock: (key, block) => {
    const c = crypto.createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    return Buffer.concat([c.update(block), c.final()]);
  },
};

export const pureGmPrimitives: GmPrimitives = pureGm;
export const nativeGmPrimitives: GmPrimitives | null = nativeSm3 && nativeSm4 ? nativeGm : null;

/** Fastest implementation that this runtime has; pure JS inside Electron. */
export function gmPrimitives(preferNative = true): GmPrimitives {
  return preferNative && nativeGmPrimitives ? nativeGmPrimitives : pureGm;
}
