import crypto from 'node:crypto';
import type { IceConfig } from '../../electron/core/video/wire.ts';

/**
 * TURN REST credentials (coturn `use-auth-secret`): the username carries its expiry and the
 * password is HMAC-SHA1(secret, username) in base64, so coturn checks them with the shared secret
 * and no database. Short-lived and per call: a leaked pair stops working after `ttlSec`.
 */
export interface TurnOptions {
  /** e.g. ['turn:127.0.0.1:3478?transport=udp', 'turns:turn.example.gov.cn:443?transport=tcp'] */
  urls: string[];
  secret: string;
  ttlSec?: number;
}

export function turnCredential(
  secret: string,
  label: string,
  expiresAtSec: number,
): { username: string; credential: string } {
  const username = `${expiresAtSec}:${label}`;
  const credential = crypto.createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential };
}

/** ICE configuration for one party of one call. Without TURN: host candidates only (loopback demo). */
export function iceConfig(
  turn: TurnOptions | undefined,
  label: string,
  nowMs: number,
  relayOnly: boolean,
): IceConfig {
  const ttl = turn?.ttlSec ?? 600;
  const expiresAtSec = Math.floor(nowMs / 1000) + ttl;
  if (!turn || turn.urls.length === 0)
    return { iceServers: [], iceTransportPolicy: 'all', expiresAt: expiresAtSec * 1000 };
  const c = turnCredential(turn.secret, label, expiresAtSec);
  return {
    iceServers: [{ urls: turn.urls, username: c.username, credential: c.credential }],
    iceTransportPolicy: relayOnly ? 'relay' : 'all',
    expiresAt: expiresAtSec * 1000,
  };
}
