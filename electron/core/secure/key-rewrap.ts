import path from 'node:path';
import type { AuditLog } from '../audit/audit-log.ts';
import { AUDIT_KINDS } from '../audit/audit-kinds.ts';
import { rewrapKeys, type KeySealer, type Rewrap } from './key-sealer.ts';

/**
 * Moves the kiosk's keys (data key, signing key) under `sealer` before anything opens them, and
 * writes one audit record per key moved: auditors see when a kiosk's keys came under its keyring.
 * With the plain file sealer nothing moves; a key only the keyring can open is a KeyFileError.
 */
export function rewrapKioskKeys(
  dataDir: string,
  sealer: KeySealer,
  audit: Pick<AuditLog, 'append'>,
): Rewrap[] {
  return rewrapKeys(path.join(dataDir, 'keys'), sealer, (r) =>
    audit.append(AUDIT_KINDS.keyRewrap, { key: r.key, from: r.from, to: r.to }),
  );
}
