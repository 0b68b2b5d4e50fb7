import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import type { CryptoProfile } from '../electron/core/sync/crypto-adapter.ts';
import { MAX_CLOCK_SKEW_MS, type PlatformSession } from '../electron/core/sync/signer.ts';

/**
 * The platform's half of request authentication (electron/core/sync/signer.ts).
 *  - Signed requests: their nonces go into request_nonce, so a platform restart inside the
 *    clock-skew window cannot reopen the door to a captured request.
 *  - Sessions: opened by one signed POST /v1/sessions, held in this process's memory only. A restart
 *    forgets them all, the kiosks open new ones on their next request, and every MAC made under an
 *    old session is refused: replay protection across restarts without a write per request.
 */
export const SESSION_TTL_MS = 60 * 60_000;
const MAX_SESSIONS_PER_KIOSK = 8;

export interface SessionRegister {
  seenNonce(kioskId: string, nonce: string, at: number): boolean;
  sessionFor(id: string): PlatformSession | null;
  open(
    kioskId: string,
    who: { profile: CryptoProfile; publicKey: string },
    offer: string,
  ): { sessionId: string; answer: string; expiresInMs: number };
  /** Ends a kiosk's sessions (it enrolled again: whoever held the old key must not keep talking). */
  endKiosk(kioskId: string): void;
  /** Forgets every session, as a restart would (tests). */
  clear(): void;
  readonly size: number;
}

export function createSessionRegister(
  db: Database.Database,
  now: () => number,
  ttlMs: number = SESSION_TTL_MS,
): SessionRegister {
  const sessions = new Map<string, PlatformSession>();
  const insNonce = db.prepare('INSERT OR IGNORE INTO request_nonce (kiosk_id, nonce, at) VALUES (?, ?, ?)');
  const pruneNonces = db.prepare('DELETE FROM request_nonce WHERE at < ?');
  let prunedAt = 0;
  const pruneSessions = (at: number, kioskId: string): void => {
    let mine = 0;
    for (const [id, s] of sessions) {
      if (s.expiresAt <= at) sessions.delete(id);
      else if (s.kioskId === kioskId) mine++;
    }
    // A kiosk that keeps reopening (a restart loop) cannot grow the map: its oldest go first.
    for (const [id, s] of sessions) {
      if (mine < MAX_SESSIONS_PER_KIOSK) break;
      if (s.kioskId === kioskId) {
        sessions.delete(id);
        mine--;
      }
    }
  };
  return {
    seenNonce(kioskId, nonce, at) {
      if (at - prunedAt > 60_000) {
        pruneNonces.run(at - MAX_CLOCK_SKEW_MS * 2);
        prunedAt = at;
      }
      return insNonce.run(kioskId, nonce, at).changes === 0;
    },
    sessionFor: (id) => sessions.get(id) ?? null,
    open(kioskId, who, offer) {
      const at = now();
      pruneSessions(at, kioskId);
      const { answer, key } = who.profile.sessionAnswer(offer, who.publicKey);
      const sessionId = crypto.randomBytes(16).toString('hex');
      sessions.set(sessionId, { kioskId, key, expiresAt: at + ttlMs, nonces: new Map(), prunedAt: at });
      return { sessionId, answer, expiresInMs: ttlMs };
    },
    endKiosk(kioskId) {
      for (const [id, s] of sessions) if (s.kioskId === kioskId) sessions.delete(id);
    },
    clear: () => sessions.clear(),
    get size() {
      return sessions.size;
    },
  };
}
