import crypto from 'node:crypto';
import { DEFAULT_SM2_USER_ID, gmPrimitives, smCrypto, type GmPrimitives } from './gm-crypto.ts';

/**
 * One interface for everything the kiosk signs, hashes and encrypts. A province picks a profile at
 * enrolment ("gm": SM2/SM3/SM4, what 密评 expects; "intl": Ed25519/SHA-256/AES-256-GCM where a
 * gateway has no 国密). Nothing outside this file names an algorithm.
 */
export type ProfileName = 'gm' | 'intl';
export const PROFILE_NAMES: readonly ProfileName[] = ['gm', 'intl'];

export interface KeyPair {
  publicKey: string;
  privateKey: string;
}

export interface CryptoProfile {
  readonly name: ProfileName;
  /** Name of the digest, as sent to the platform with every hash (e.g. in tus metadata). */
  readonly hashName: 'sm3' | 'sha256';
  digest(data: Uint8Array | string): string;
  /** Incremental digest, for files read in chunks. */
  digester(): { update(data: Uint8Array): void; hex(): string };
  generateKeyPair(): KeyPair;
  sign(message: string, keys: KeyPair): string;
  verify(message: string, signature: string, publicKey: string): boolean;
  /** Authenticated encryption under a 32-byte data key; output carries its own version, IV and tag. */
  seal(dataKey: Uint8Array, plaintext: Uint8Array): Buffer;
  open(dataKey: Uint8Array, sealed: Uint8Array): Buffer;
  /**
   * Kiosk side of the session handshake (signer.ts): `offer` travels in the one signed request,
   * `finish` turns the platform's answer into the 32-byte session key. Only the holder of the
   * kiosk's private key (gm) or of this offer's ephemeral key (intl) can finish it.
   */
  sessionOffer(keys: KeyPair): { offer: string; finish(answer: string): Buffer };
  /** Platform side: a fresh session key and the answer that carries it to this kiosk alone. */
  sessionAnswer(offer: string, kioskPublicKey: string): { answer: string; key: Buffer };
  /** Message authentication under a session key (hex): HMAC-SM3 or HMAC-SHA256. */
  mac(key: Uint8Array, message: string): string;
}

export class CryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CryptoError';
  }
}

const GM_SEAL_VERSION = 0x01;
const INTL_SEAL_VERSION = 0x02;

function checkKey(dataKey: Uint8Array): void {
  if (dataKey.length !== 32) throw new CryptoError('data key must be 32 bytes');
}

/**
 * SM4 has no AEAD mode in either implementation we can use (OpenSSL registers no SM4-GCM), so at
 * rest we use encrypt-then-MAC: SM4-CBC under the first half of the data key, HMAC-SM3 over
 * version‖IV‖ciphertext under the second half. A flipped bit is refused before decryption.
 */
export function createGmProfile(opts: { userId?: string; primitives?: GmPrimitives } = {}): CryptoProfile {
  const gm = opts.primitives ?? gmPrimitives();
  const userId = opts.userId ?? DEFAULT_SM2_USER_ID;
  return {
    name: 'gm',
    hashName: 'sm3',
    digest: (data) => gm.sm3(typeof data === 'string' ? Buffer.from(data, 'utf8') : data).toString('hex'),
    digester() {
      if (gm.native) {
        const h = crypto.createHash('sm3');
        return { update: (d) => void h.update(d), hex: () => h.digest('hex') };
      }
      const parts: Buffer[] = [];
      return {
        update: (d) => void parts.push(Buffer.from(d)),
        hex: () => gm.sm3(Buffer.concat(parts)).toString('hex'),
      };
    },
    generateKeyPair: () => smCrypto.sm2.generateKeyPairHex(),
    sign: (message, keys) =>
      smCrypto.sm2.doSignature(message, keys.privateKey, { hash: true, publicKey: keys.publicKey, userId }),
    verify(message, signature, publicKey) {
      if (!/^[0-9a-f]{128}$/i.test(signature) || !/^04[0-9a-f]{128}$/i.test(publicKey)) return false;
      try {
        return smCrypto.sm2.doVerifySignature(message, signature, publicKey, { hash: true, userId });
      } catch {
        return false;
      }
    },
    seal(dataKey, plaintext) {
      checkKey(dataKey);
      const iv = crypto.randomBytes(16);
      const head = Buffer.concat([Buffer.from([GM_SEAL_VERSION]), iv]);
      const ct = gm.sm4CbcEncrypt(dataKey.subarray(0, 16), iv, plaintext);
      const mac = gm.hmacSm3(dataKey.subarray(16, 32), Buffer.concat([head, ct]));
      return Buffer.concat([head, ct, mac]);
    },
    open(dataKey, sealed) {
      checkKey(dataKey);
      const buf = Buffer.from(sealed);
      if (buf.length < 1 + 16 + 16 + 32 || buf[0] !== GM_SEAL_VERSION) {
        throw new CryptoError('sealed data is not SM4 v1');
      }
      const body = buf.subarray(0, buf.length - 32);
      const mac = buf.subarray(buf.length - 32);
      const want = gm.hmacSm3(dataKey.subarray(16, 32), body);
      if (!crypto.timingSafeEqual(mac, want)) throw new CryptoError('sealed data failed its integrity check');
      return gm.sm4CbcDecrypt(dataKey.subarray(0, 16), body.subarray(1, 17), body.subarray(17));
    },
    // SM2 public-key encryption (GM/T 0003.4, C1C3C2) of a fresh key to the kiosk's enrolled key:
    // one SM2 operation per side per session instead of a signature and a verification per request.
    sessionOffer(keys) {
      return {
        offer: '',
        finish(answer) {
          if (!/^04[0-9a-f]{256}$/i.test(answer))
            throw new CryptoError('session answer is not SM2 ciphertext');
          let key: number[] | string;
          try {
            key = smCrypto.sm2.doDecrypt(answer.slice(2), keys.privateKey, 1, { output: 'array' });
          } catch {
            throw new CryptoError('session answer could not be decrypted');
          }
          if (!Array.isArray(key) || key.length !== 32)
            throw new CryptoError('session answer is not for this kiosk');
          return Buffer.from(key);
        },
      };
    },
    sessionAnswer(_offer, kioskPublicKey) {
      if (!/^04[0-9a-f]{128}$/i.test(kioskPublicKey)) throw new CryptoError('not an SM2 public key');
      const key = crypto.randomBytes(32);
      return { answer: `04${smCrypto.sm2.doEncrypt(Array.from(key), kioskPublicKey, 1)}`, key };
    },
    mac: (key, message) => gm.hmacSm3(key, Buffer.from(message, 'utf8')).toString('hex'),
  };
}

/** X25519 ephemeral–ephemeral agreement; the kiosk's half is covered by its Ed25519 signature. */
function x25519Offer(): { publicDer: string; agree(peer: string, transcript: string): Buffer } {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('x25519');
  const publicDer = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    publicDer,
    agree(peer, transcript) {
      let peerKey: crypto.KeyObject;
      try {
        peerKey = crypto.createPublicKey({ key: Buffer.from(peer, 'base64'), format: 'der', type: 'spki' });
      } catch {
        throw new CryptoError('session key share is not an X25519 public key');
      }
      if (peerKey.asymmetricKeyType !== 'x25519') throw new CryptoError('session key share is not X25519');
      const shared = crypto.diffieHellman({ privateKey, publicKey: peerKey });
      return Buffer.from(crypto.hkdfSync('sha256', shared, transcript, 'banshi-session-v1', 32));
    },
  };
}

export function createIntlProfile(): CryptoProfile {
  const sha = (d: Uint8Array | string): string => crypto.createHash('sha256').update(d).digest('hex');
  return {
    name: 'intl',
    hashName: 'sha256',
    digest: sha,
    digester() {
      const h = crypto.createHash('sha256');
      return { update: (d) => void h.update(d), hex: () => h.digest('hex') };
    },
    generateKeyPair() {
      const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
      return {
        publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
        privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
      };
    },
    sign(message, keys) {
      const key = crypto.createPrivateKey({
        key: Buffer.from(keys.privateKey, 'base64'),
        format: 'der',
        type: 'pkcs8',
      });
      return crypto.sign(null, Buffer.from(message, 'utf8'), key).toString('hex');
    },
    verify(message, signature, publicKey) {
      if (!/^[0-9a-f]{128}$/i.test(signature)) return false;
      try {
        const key = crypto.createPublicKey({
          key: Buffer.from(publicKey, 'base64'),
          format: 'der',
          type: 'spki',
        });
        return crypto.verify(null, Buffer.from(message, 'utf8'), key, Buffer.from(signature, 'hex'));
      } catch {
        return false;
      }
    },
    seal(dataKey, plaintext) {
      checkKey(dataKey);
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', dataKey, iv);
      c.setAAD(Buffer.from([INTL_SEAL_VERSION]));
      const ct = Buffer.concat([c.update(plaintext), c.final()]);
      return Buffer.concat([Buffer.from([INTL_SEAL_VERSION]), iv, ct, c.getAuthTag()]);
    },
    open(dataKey, sealed) {
      checkKey(dataKey);
      const buf = Buffer.from(sealed);
      if (buf.length < 1 + 12 + 16 || buf[0] !== INTL_SEAL_VERSION)
        throw new CryptoError('sealed data is not AES-GCM v2');
      const d = crypto.createDecipheriv('aes-256-gcm', dataKey, buf.subarray(1, 13));
      d.setAAD(Buffer.from([INTL_SEAL_VERSION]));
      d.setAuthTag(buf.subarray(buf.length - 16));
      try {
        return Buffer.concat([d.update(buf.subarray(13, buf.length - 16)), d.final()]);
      } catch {
        throw new CryptoError('sealed data failed its integrity check');
      }
    },
    sessionOffer() {
      const mine = x25519Offer();
      return { offer: mine.publicDer, finish: (answer) => mine.agree(answer, `${mine.publicDer}.${answer}`) };
    },
    sessionAnswer(offer) {
      const mine = x25519Offer();
      return { answer: mine.publicDer, key: mine.agree(offer, `${offer}.${mine.publicDer}`) };
    },
    mac: (key, message) => crypto.createHmac('sha256', key).update(message, 'utf8').digest('hex'),
  };
}

/** Per-province profile settings; the map grows as province adapters arrive. */
export interface ProfileOptions {
  profile: ProfileName;
  /** SM2 signer identity if the province's SDK uses one other than the GM/T 0009 default. */
  sm2UserId?: string;
}

export function createProfile(opts: ProfileOptions | ProfileName): CryptoProfile {
  const o = typeof opts === 'string' ? { profile: opts } : opts;
  if (o.profile === 'gm') return createGmProfile(o.sm2UserId ? { userId: o.sm2UserId } : {});
  return createIntlProfile();
}
