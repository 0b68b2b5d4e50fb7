import crypto from 'node:crypto';

/**
 * RFC 9562 UUIDv7: 48-bit Unix milliseconds, then random bits. Made on the kiosk when the resident
 * confirms; it is the idempotency key and travels in the body as well as the header, because
 * government gateways drop unknown headers. Time-ordered, so the platform's index stays append-only.
 */
export function uuidV7(now: number = Date.now(), random: Uint8Array = crypto.randomBytes(10)): string {
  const b = Buffer.alloc(16);
  b.writeUIntBE(now, 0, 6);
  Buffer.from(random).copy(b, 6, 0, 10);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const UUID_V7_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
