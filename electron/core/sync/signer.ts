import crypto from 'node:crypto';
import type { CryptoProfile, KeyPair } from './crypto-adapter.ts';

/**
 * Request signing shared by the kiosk client and the platform: both build the canonical string
 * with this one function, so they cannot drift apart.
 *
 *   METHOD \n PATH \n SORTED-QUERY \n BODY-DIGEST \n TIMESTAMP \n NONCE \n KIOSK-ID
 *
 * tus PATCH bodies are streamed to disk by the platform, so those requests sign the literal
 * UNSIGNED-PAYLOAD instead of a body digest; the whole file's digest is checked when the upload
 * completes, so a tampered chunk still cannot become an accepted material.
 */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export const HEADERS = {
  kiosk: 'x-kiosk-id',
  timestamp: 'x-timestamp',
  nonce: 'x-nonce',
  bodyDigest: 'x-body-digest',
  signature: 'x-signature',
} as const;

export interface SignInput {
  method: string;
  /** Path with optional query string, e.g. /v1/applications?x=1 */
  url: string;
  bodyDigest: string;
  timestamp: number;
  nonce: string;
  kioskId: string;
}

export function canonicalString(i: SignInput): string {
  const q = i.url.indexOf('?');
  const path = q < 0 ? i.url : i.url.slice(0, q);
  const query =
    q < 0
      ? ''
      : [...new URLSearchParams(i.url.slice(q + 1)).entries()]
          .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
          .sort()
          .join('&');
  return [i.method.toUpperCase(), path, query, i.bodyDigest, String(i.timestamp), i.nonce, i.kioskId].join(
    '\n',
  );
}

export function signRequest(
  profile: CryptoProfile,
  keys: KeyPair,
  req: { method: string; url: string; body: Uint8Array | null | 'unsigned'; kioskId: string; now: number },
): Record<string, string> {
  const bodyDigest = req.body === 'unsigned' ? UNSIGNED_PAYLOAD : profile.digest(req.body ?? Buffer.alloc(0));
  const nonce = crypto.randomBytes(16).toString('hex');
  const input = {
    method: req.method,
    url: req.url,
    bodyDigest,
    timestamp: req.now,
    nonce,
    kioskId: req.kioskId,
  };
  return {
    [HEADERS.kiosk]: req.kioskId,
    [HEADERS.timestamp]: String(req.now),
    [HEADERS.nonce]: nonce,
    [HEADERS.bodyDigest]: bodyDigest,
    [HEADERS.signature]: profile.sign(canonicalString(input), keys),
  };
}

export type VerifyFailure =
  'missing' | 'stale' | 'replayed' | 'bad-digest' | 'bad-signature' | 'unknown-kiosk';

/**
 * Platform side. `seenNonce` must record the nonce and answer whether it was already used; nonces
 * only need remembering for the skew window, after which the timestamp check refuses the request.
 */
export function verifyRequest(
  profileFor: (kioskId: string) => { profile: CryptoProfile; publicKey: string } | null,
  req: {
    method: string;
    url: string;
    headers: Record<string, string | string[] | undefined>;
    body: Uint8Array | 'unsigned';
    now: number;
  },
  seenNonce: (kioskId: string, nonce: string, now: number) => boolean,
): { ok: true; kioskId: string } | { ok: false; reason: VerifyFailure } {
  const h = (k: string): string | undefined => {
    const v = req.headers[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const kioskId = h(HEADERS.kiosk);
  const ts = h(HEADERS.timestamp);
  const nonce = h(HEADERS.nonce);
  const digest = h(HEADERS.bodyDigest);
  const sig = h(HEADERS.signature);
  if (
    !kioskId ||
    !ts ||
    !nonce ||
    !digest ||
    !sig ||
    !/^\d{1,16}$/.test(ts) ||
    !/^[0-9a-f]{16,64}$/.test(nonce)
  ) {
    return { ok: false, reason: 'missing' };
  }
  const who = profileFor(kioskId);
  if (!who) return { ok: false, reason: 'unknown-kiosk' };
  if (Math.abs(req.now - Number(ts)) > MAX_CLOCK_SKEW_MS) return { ok: false, reason: 'stale' };
  if (req.body === 'unsigned') {
    if (digest !== UNSIGNED_PAYLOAD) return { ok: false, reason: 'bad-digest' };
  } else if (who.profile.digest(req.body) !== digest) {
    return { ok: false, reason: 'bad-digest' };
  }
  const input = {
    method: req.method,
    url: req.url,
    bodyDigest: digest,
    timestamp: Number(ts),
    nonce,
    kioskId,
  };
  if (!who.profile.verify(canonicalString(input), sig, who.publicKey))
    return { ok: false, reason: 'bad-signature' };
  // Checked last so a forged request cannot burn a genuine kiosk's nonce.
  if (seenNonce(kioskId, nonce, req.now)) return { ok: false, reason: 'replayed' };
  return { ok: true, kioskId };
}
