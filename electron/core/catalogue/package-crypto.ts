import crypto from 'node:crypto';
import { createRequire } from 'node:module';

/**
 * Signing profiles for catalogue packages. SM2 (GM/T 0003, SM3 with the Z-value of the default user
 * ID) through pure-JS sm-crypto, because Electron's BoringSSL has neither SM2 nor SM3; Ed25519
 * through Node crypto as the alternative profile for platforms without GM requirements.
 */

interface SmCrypto {
  sm2: {
    generateKeyPairHex(): { privateKey: string; publicKey: string };
    doSignature(msg: string, privateKey: string, opts: { hash: boolean; der: boolean }): string;
    doVerifySignature(
      msg: string,
      sig: string,
      publicKey: string,
      opts: { hash: boolean; der: boolean },
    ): boolean;
    getPublicKeyFromPrivateKey(privateKey: string): string;
  };
  sm3(input: string | number[] | Uint8Array): string;
}

// sm-crypto is CommonJS without types; loaded once, lazily, so a kiosk that never verifies pays nothing.
let smCache: SmCrypto | null = null;
function sm(): SmCrypto {
  smCache ??= createRequire(import.meta.url)('sm-crypto') as SmCrypto;
  return smCache;
}

export type Profile = 'sm2' | 'ed25519';

export interface SigningKey {
  profile: Profile;
  keyId: string;
  /** sm2: 64 hex chars; ed25519: PKCS#8 PEM. */
  privateKey: string;
  /** sm2: uncompressed point, 130 hex chars; ed25519: SPKI PEM. */
  publicKey: string;
}

export type TrustedKey = Omit<SigningKey, 'privateKey'>;

export function generateSigningKey(profile: Profile, keyId: string): SigningKey {
  if (profile === 'sm2') {
    const k = sm().sm2.generateKeyPairHex();
    return { profile, keyId, privateKey: k.privateKey, publicKey: k.publicKey };
  }
  const k = crypto.generateKeyPairSync('ed25519');
  return {
    profile,
    keyId,
    privateKey: k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: k.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

let nativeSm3: boolean | null = null;
/**
 * SM3 digest of the payload. Node's OpenSSL has SM3 and is ~70× faster than the JS version; inside
 * Electron (BoringSSL) createHash('sm3') throws, so we fall back to sm-crypto. Same bytes, same digest.
 */
export function sm3Hex(data: Buffer): string {
  if (nativeSm3 !== false) {
    try {
      const h = crypto.createHash('sm3').update(data).digest('hex');
      nativeSm3 = true;
      return h;
    } catch {
      nativeSm3 = false;
    }
  }
  return sm().sm3(data);
}

export function digestHex(alg: 'sm3' | 'sha256', data: Buffer): string {
  return alg === 'sm3' ? sm3Hex(data) : crypto.createHash('sha256').update(data).digest('hex');
}

export function signText(text: string, key: SigningKey): string {
  if (key.profile === 'sm2') {
    return sm().sm2.doSignature(text, key.privateKey, { hash: true, der: true });
  }
  return crypto
    .sign(null, Buffer.from(text, 'utf8'), crypto.createPrivateKey(key.privateKey))
    .toString('base64');
}

/** False for any malformed key or signature: a hostile package must not be able to throw its way past. */
export function verifyText(text: string, signature: string, key: TrustedKey): boolean {
  try {
    if (key.profile === 'sm2') {
      if (!/^[0-9a-f]+$/i.test(signature)) return false;
      return sm().sm2.doVerifySignature(text, signature, key.publicKey, { hash: true, der: true });
    }
    return crypto.verify(
      null,
      Buffer.from(text, 'utf8'),
      crypto.createPublicKey(key.publicKey),
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}
