import type { KioskConfig } from '../config/config.ts';
import { demoReceiptKey } from './receipt-signature.ts';

/**
 * The receipt keys a kiosk knows: its own (signs the receipts it prints, verifies them when scanned)
 * and those of trusted neighbours (verify only). One place, so the printer and the scanner can never
 * disagree about the key.
 */
export function receiptKeys(config: Pick<KioskConfig, 'kioskId' | 'scanner'>): Map<string, Uint8Array> {
  const cfg = config.scanner;
  const keys = new Map<string, Uint8Array>();
  keys.set(config.kioskId, ownReceiptKey(config));
  for (const [id, hex] of Object.entries(cfg.trustedKiosks))
    if (id !== config.kioskId) keys.set(id, Buffer.from(hex, 'hex'));
  return keys;
}

/** This kiosk's signing key: configured, or in demo mode one derived from the kiosk id. */
export function ownReceiptKey(config: Pick<KioskConfig, 'kioskId' | 'scanner'>): Uint8Array {
  const hex = config.scanner.receiptKeyHex;
  return hex ? Buffer.from(hex, 'hex') : demoReceiptKey(config.kioskId);
}
