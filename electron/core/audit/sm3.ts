import crypto from 'node:crypto';
import { createRequire } from 'node:module';

/**
 * SM3 for the audit chain. Plain Node's OpenSSL has it natively; Electron's BoringSSL does not, so
 * the core (which runs in both) falls back to sm-crypto (pure JS, pinned). Both give the same bytes:
 * the unit test holds each to the GB/T 32905 vector. The sync helper's gm-crypto.ts covers the same
 * ground for the platform protocol; this file stays tiny so the audit log does not depend on sync.
 */
const require = createRequire(import.meta.url);
const smCrypto = require('sm-crypto') as { sm3(input: string | number[] | Uint8Array): string };

export const nativeSm3Available = crypto.getHashes().includes('sm3');

export function sm3HexPure(data: string | Uint8Array): string {
  return smCrypto.sm3(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
}

export function sm3Hex(data: string | Uint8Array): string {
  if (nativeSm3Available) return crypto.createHash('sm3').update(data).digest('hex');
  return sm3HexPure(data);
}
