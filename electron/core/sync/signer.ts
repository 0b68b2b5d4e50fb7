import crypto from 'node:crypto';
import type { CryptoProfile, KeyPair } from './crypto-adapter.ts';

/**
 * Request signing shared by the kiosk client and the platform: both build the canonical string
 * with this one function, so they cannot drift apart.
 *
 * Two ways to authenticate the same canonical string:
 *   - signature (x-signature): SM3withSM2 / Ed25519 with the kiosk's enrolled key. Used to open a
 *     session and by anything that talks to the platform rarely. Nonces are remembered durably.
 *   - session (x-session + x-signature = MAC): after one signed POST /v1/sessions, requests carry an
 *     HMAC-SM3 / HMAC-SHA256 under the session key. Pure-JS SM2 costs ~10 ms to sign and ~30 ms to
 *     verify; a drain of thousands of uploads paid that four times per application. Sessions live in
 *     the platform's memory only, so a platform restart ends them all and no MAC from before it can
 *     be replayed; nonces are remembered per session.
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
  session: 'x-session',
} as const;

export interface SessionKey {
  id: string;
  key: Buffer;
}

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

type RequestToSign = {
  method: string;
  url: string;
  body: Uint8Array | null | 'unsigned';
  kioskId: string;
  now: number;
};

function authHeaders(
  profile: CryptoProfile,
  req: RequestToSign,
  authenticate: (canonical: string) => string,
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
    [HEADERS.signature]: authenticate(canonicalString(input)),
  };
}

export function signRequest(
  profile: CryptoProfile,
  keys: KeyPair,
  req: RequestToSign,
): Record<string, string> {
  return authHeaders(profile, req, (c) => profile.sign(c, keys));
}

/** The same headers, authenticated by the session's MAC instead of a signature. */
export function macRequest(
  profile: CryptoProfile,
  session: SessionKey,
  req: RequestToSign,
): Record<string, string> {
  return {
    ...authHeaders(profile, req, (c) => profile.mac(session.key, c)),
    [HEADERS.session]: session.id,
  };
}

export type VerifyFailure =
  | 'missing'
  | 'stale'
  | 'replayed'
  | 'bad-digest'
  | 'bad-signature'
  | 'unknown-kiosk'
  | 'session-unknown'
  | 'session-expired';

/** What the platform remembers of a session: whose it is, its key, until when. */
export interface PlatformSession {
  kioskId: string;
  key: Buffer;
  expiresAt: number;
  /** Nonces seen in this session (nonce → timestamp), pruned past the skew window. */
  nonces: Map<string, number>;
  prunedAt: number;
}

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
  sessionFor: (id: string) => PlatformSession | null = () => null,
): { ok: true; kioskId: string; session: boolean } | { ok: false; reason: VerifyFailure } {
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
  const sessionId = h(HEADERS.session);
  const session = sessionId ? sessionFor(sessionId) : null;
  if (sessionId) {
    if (!session) return { ok: false, reason: 'session-unknown' };
    if (session.kioskId !== kioskId) return { ok: false, reason: 'session-unknown' };
    if (session.expiresAt <= req.now) return { ok: false, reason: 'session-expired' };
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
  if (session) {
    const want = Buffer.from(who.profile.mac(session.key, canonicalString(input)), 'hex');
    const got = Buffer.from(/^[0-9a-f]{64}$/.test(sig) ? sig : '', 'hex');
    if (got.length !== want.length || !crypto.timingSafeEqual(got, want))
      return { ok: false, reason: 'bad-signature' };
    // Checked last so a forged request cannot burn a genuine kiosk's nonce.
    if (session.nonces.has(nonce)) return { ok: false, reason: 'replayed' };
    if (req.now - session.prunedAt > 60_000) {
      for (const [n, t] of session.nonces) if (req.now - t > MAX_CLOCK_SKEW_MS * 2) session.nonces.delete(n);
      session.prunedAt = req.now;
    }
    session.nonces.set(nonce, req.now);
    return { ok: true, kioskId, session: true };
  }
  if (!who.profile.verify(canonicalString(input), sig, who.publicKey))
    return { ok: false, reason: 'bad-signature' };
  // Checked last so a forged request cannot burn a genuine kiosk's nonce.
  if (seenNonce(kioskId, nonce, req.now)) return { ok: false, reason: 'replayed' };
  return { ok: true, kioskId, session: false };
}
