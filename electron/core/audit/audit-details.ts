import { isPersonalKey, redactString } from '../log/redact.ts';

/**
 * What an audit record may carry. The audit log is kept for years and handed to auditors, so it
 * holds facts about the kiosk (which session, which reason, how many), never a resident's data:
 * a personal key or a value that looks like an ID number or a phone number is refused outright
 * (not redacted), so a caller's mistake shows up in its tests instead of in the record.
 */
export type AuditValue = string | number | boolean | null;
export type AuditDetails = Readonly<Record<string, AuditValue>>;

export const AUDIT_ACTORS = ['system', 'resident', 'technician', 'platform', 'cli'] as const;
export type AuditActor = (typeof AUDIT_ACTORS)[number];

const KIND = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+){1,3}$/;
const KEY = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const MAX_KEYS = 24;
const MAX_STRING = 200;

export class AuditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditError';
  }
}

export function checkKind(kind: string): void {
  if (!KIND.test(kind) || kind.length > 60) throw new AuditError(`bad audit kind "${kind.slice(0, 60)}"`);
}

/** Validates and returns the canonical JSON (keys sorted) that is stored and hashed. */
export function canonicalDetails(details: Record<string, unknown>): string {
  const keys = Object.keys(details).sort();
  if (keys.length > MAX_KEYS)
    throw new AuditError(`audit details have ${keys.length} keys, limit ${MAX_KEYS}`);
  const out: Record<string, AuditValue> = {};
  for (const k of keys) {
    if (!KEY.test(k)) throw new AuditError(`bad audit detail key "${k.slice(0, 40)}"`);
    if (isPersonalKey(k)) throw new AuditError(`audit detail "${k}" would hold personal data`);
    const v = details[k];
    if (v === undefined) continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new AuditError(`audit detail "${k}" is not a finite number`);
      if (Number.isInteger(v) && redactString(String(v)) !== String(v)) {
        throw new AuditError(`audit detail "${k}" looks like personal data`);
      }
    } else if (typeof v === 'string') {
      if (v.length > MAX_STRING) throw new AuditError(`audit detail "${k}" is longer than ${MAX_STRING}`);
      if (redactString(v) !== v) throw new AuditError(`audit detail "${k}" looks like personal data`);
    } else if (typeof v !== 'boolean' && v !== null) {
      throw new AuditError(`audit detail "${k}" must be a string, number, boolean or null`);
    }
    out[k] = v;
  }
  return JSON.stringify(out);
}
