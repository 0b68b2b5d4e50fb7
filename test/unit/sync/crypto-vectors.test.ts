import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  nativeGmPrimitives,
  pureGmPrimitives,
  smCrypto,
  type GmPrimitives,
} from '../../../electron/core/sync/gm-crypto.ts';
import {
  createGmProfile,
  createIntlProfile,
  CryptoError,
} from '../../../electron/core/sync/crypto-adapter.ts';

// Published vectors: GM/T 0004-2012 (SM3) Appendix A, GM/T 0002-2012 (SM4) Appendix A,
// GM/T 0003.5-2012 (SM2 signature on the recommended curve, user ID 1234567812345678).
const SM3_ABC = '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0';
const SM3_ABCD16 = 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732';
const SM4_KEY = '0123456789abcdeffedcba9876543210';
const SM4_CT = '681edf34d206965e86b3e94f536e4246';
const SM2 = {
  d: '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8',
  pub:
    '04' +
    '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020' +
    'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
  msg: 'message digest',
  r: 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3',
  s: 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
};

const impls: [string, GmPrimitives][] = [['sm-crypto (pure JS)', pureGmPrimitives]];
if (nativeGmPrimitives) impls.push(['node OpenSSL', nativeGmPrimitives]);

describe.each(impls)('SM3/SM4 published vectors: %s', (_name, gm) => {
  it('SM3 of "abc" and of "abcd"×16 match GM/T 0004 Appendix A', () => {
    expect(gm.sm3(Buffer.from('abc')).toString('hex')).toBe(SM3_ABC);
    expect(gm.sm3(Buffer.from('abcd'.repeat(16))).toString('hex')).toBe(SM3_ABCD16);
  });
  it('SM4 single block matches GM/T 0002 Appendix A example 1', () => {
    const key = Buffer.from(SM4_KEY, 'hex');
    expect(gm.sm4EcbBlock(key, key).toString('hex')).toBe(SM4_CT);
  });
  it('SM4 CBC round-trips and refuses the wrong key', () => {
    const key = crypto.randomBytes(16);
    const iv = crypto.randomBytes(16);
    const data = crypto.randomBytes(1000);
    const ct = gm.sm4CbcEncrypt(key, iv, data);
    expect(ct.length).toBe(1008);
    expect(gm.sm4CbcDecrypt(key, iv, ct)).toEqual(data);
  });
});

describe('SM2 (sm-crypto 0.5.8) against GM/T 0003.5 Appendix A', () => {
  it('derives the published public key from the published private key', () => {
    expect(smCrypto.sm2.getPublicKeyFromPrivateKey(SM2.d)).toBe(SM2.pub);
  });
  it('accepts the published signature (SM3withSM2, Z value with the default user id)', () => {
    const p = createGmProfile();
    expect(SM2.r.length).toBe(64);
    expect(p.verify(SM2.msg, SM2.r + SM2.s, SM2.pub)).toBe(true);
  });
  it('refuses the published signature for another message, a flipped bit, or another user id', () => {
    const p = createGmProfile();
    expect(p.verify('message digesT', SM2.r + SM2.s, SM2.pub)).toBe(false);
    const flipped = SM2.r + SM2.s.slice(0, 63) + (SM2.s.endsWith('a') ? 'b' : 'a');
    expect(p.verify(SM2.msg, flipped, SM2.pub)).toBe(false);
    expect(createGmProfile({ userId: 'ALICE123@YAHOO.COM' }).verify(SM2.msg, SM2.r + SM2.s, SM2.pub)).toBe(
      false,
    );
    expect(p.verify(SM2.msg, 'zz', SM2.pub)).toBe(false);
  });
  it('signs so that the published key verifies, with a fresh k every time', () => {
    const p = createGmProfile();
    const keys = { privateKey: SM2.d, publicKey: SM2.pub };
    const a = p.sign(SM2.msg, keys);
    const b = p.sign(SM2.msg, keys);
    expect(a).not.toBe(b);
    expect(p.verify(SM2.msg, a, SM2.pub)).toBe(true);
    expect(p.verify(SM2.msg, b, SM2.pub)).toBe(true);
  });
});

describe('pure JS and native agree byte for byte', () => {
  it.skipIf(!nativeGmPrimitives)('on SM3, HMAC-SM3 and SM4-CBC of random inputs', () => {
    const n = nativeGmPrimitives!;
    for (let i = 0; i < 20; i++) {
      const data = crypto.randomBytes(1 + i * 97);
      const key = crypto.randomBytes(16);
      const iv = crypto.randomBytes(16);
      expect(pureGmPrimitives.sm3(data)).toEqual(n.sm3(data));
      expect(pureGmPrimitives.hmacSm3(key, data)).toEqual(n.hmacSm3(key, data));
      expect(pureGmPrimitives.sm4CbcEncrypt(key, iv, data)).toEqual(n.sm4CbcEncrypt(key, iv, data));
    }
  });
  it.skipIf(!nativeGmPrimitives)('sealed data from one opens with the other', () => {
    const key = crypto.randomBytes(32);
    const pure = createGmProfile({ primitives: pureGmPrimitives });
    const native = createGmProfile({ primitives: nativeGmPrimitives! });
    const msg = Buffer.from('张三 110101199003077777');
    expect(native.open(key, pure.seal(key, msg))).toEqual(msg);
    expect(pure.open(key, native.seal(key, msg))).toEqual(msg);
  });
});

describe.each([
  ['gm', createGmProfile()],
  ['intl', createIntlProfile()],
])('profile %s', (_n, p) => {
  it('signs with a fresh key pair and refuses another key', () => {
    const k1 = p.generateKeyPair();
    const k2 = p.generateKeyPair();
    const sig = p.sign('POST\n/v1/x', k1);
    expect(p.verify('POST\n/v1/x', sig, k1.publicKey)).toBe(true);
    expect(p.verify('POST\n/v1/x', sig, k2.publicKey)).toBe(false);
    expect(p.verify('POST\n/v1/y', sig, k1.publicKey)).toBe(false);
  });
  it('seals without plaintext in the output and refuses tampering', () => {
    const key = crypto.randomBytes(32);
    const msg = Buffer.from('身份证号 110101199003077777 姓名 张三');
    const sealed = p.seal(key, msg);
    expect(sealed.includes(Buffer.from('110101199003077777'))).toBe(false);
    expect(p.open(key, sealed)).toEqual(msg);
    const bad = Buffer.from(sealed);
    bad[20] = bad[20]! ^ 1;
    expect(() => p.open(key, bad)).toThrow(CryptoError);
    expect(() => p.open(crypto.randomBytes(32), sealed)).toThrow(CryptoError);
  });
  it('a session handshake gives both ends the same key, and only the kiosk it was made for', () => {
    const kiosk = p.generateKeyPair();
    const other = p.generateKeyPair();
    const mine = p.sessionOffer(kiosk);
    const { answer, key } = p.sessionAnswer(mine.offer, kiosk.publicKey);
    expect(key).toHaveLength(32);
    expect(mine.finish(answer)).toEqual(key);
    // Two handshakes never share a key.
    expect(p.sessionAnswer(p.sessionOffer(kiosk).offer, kiosk.publicKey).key).not.toEqual(key);
    // Someone else's offer (intl) or private key (gm) cannot reach this key.
    const theirs = p.sessionOffer(other);
    let stolen: Buffer | null = null;
    try {
      stolen = theirs.finish(answer);
    } catch (e) {
      expect(e).toBeInstanceOf(CryptoError);
    }
    expect(stolen === null || !stolen.equals(key)).toBe(true);
    expect(() => mine.finish('not an answer')).toThrow(CryptoError);
    // MACs: deterministic under one key, different under another.
    expect(p.mac(key, 'GET\n/v1/health')).toBe(p.mac(key, 'GET\n/v1/health'));
    expect(p.mac(key, 'GET\n/v1/health')).not.toBe(p.mac(crypto.randomBytes(32), 'GET\n/v1/health'));
    expect(p.mac(key, 'GET\n/v1/health')).toMatch(/^[0-9a-f]{64}$/);
  });
});
