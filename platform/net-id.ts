import crypto from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * The dev platform's 网证 register: what a province's adapter would ask the national network
 * identity service (CTID). A code is valid once issued here and until it expires (real 网证 QR codes
 * are short-lived); verification answers the name and ID number it vouches for, nothing more.
 */
export interface NetIdRegister {
  issue(code: string, person: { name: string; idNumber: string }, ttlMs?: number): void;
  verify(code: string): { name: string; idNumber: string } | 'unknown' | 'expired';
}

const sha = (code: string): string => crypto.createHash('sha256').update(code, 'utf8').digest('hex');

export function createNetIdRegister(db: Database.Database, now: () => number): NetIdRegister {
  return {
    issue(code, person, ttlMs = 10 * 60_000) {
      db.prepare(
        'INSERT OR REPLACE INTO net_id (code_sha256, name, id_number, expires_at) VALUES (?, ?, ?, ?)',
      ).run(sha(code), person.name, person.idNumber, now() + ttlMs);
    },
    verify(code) {
      const row = db
        .prepare(
          'SELECT name, id_number AS idNumber, expires_at AS expiresAt FROM net_id WHERE code_sha256 = ?',
        )
        .get(sha(code)) as { name: string; idNumber: string; expiresAt: number } | undefined;
      if (!row) return 'unknown';
      if (row.expiresAt <= now()) return 'expired';
      return { name: row.name, idNumber: row.idNumber };
    },
  };
}
