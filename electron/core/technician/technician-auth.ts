import type Database from 'better-sqlite3';
import type { Clock, TimerHandle } from '../clock/clock.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { AuditActor } from '../audit/audit-details.ts';
import { AUDIT_KINDS } from '../audit/audit-kinds.ts';
import type { TechnicianConfig } from './technician-config.ts';
import { hashPin, isPinShaped, pinWeakness, verifyPin, type ScryptParams } from './pin-hash.ts';

export type EnterResult =
  | { result: 'entered'; expiresAt: string }
  | { result: 'wrong-pin'; attemptsLeft: number }
  | { result: 'locked'; lockedUntil: string }
  | { result: 'no-pin' };

export type LeaveReason = 'technician' | 'timeout' | 'shutdown';

interface AuthRow {
  pin_hash: string | null;
  failures: number;
  locked_until: number;
}

export class PinRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PinRejectedError';
  }
}

/**
 * Technician mode: entered with a PIN, left by hand or after `sessionMinutes`. Every attempt is
 * audited (successes, failures, refusals during a lockout). Failures and the lockout live in the
 * database, and attempts are serialised, so neither a restart nor a burst of parallel calls buys
 * more than `maxFailures` guesses per lockout period.
 */
export class TechnicianAuth {
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly audit: AuditLog;
  private readonly config: TechnicianConfig;
  private readonly scrypt: ScryptParams | undefined;
  private readonly listeners = new Set<(active: boolean) => void>();
  private activeUntil: number | null = null;
  private expiry: TimerHandle | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(opts: {
    db: Database.Database;
    clock: Clock;
    audit: AuditLog;
    config: TechnicianConfig;
    /** Tests pass cheap parameters; production uses the default (slow on purpose). */
    scrypt?: ScryptParams;
  }) {
    this.db = opts.db;
    this.clock = opts.clock;
    this.audit = opts.audit;
    this.config = opts.config;
    this.scrypt = opts.scrypt;
    this.db
      .prepare(
        `INSERT OR IGNORE INTO technician_auth (id, pin_hash, failures, locked_until, updated_at) VALUES (1, NULL, 0, 0, ?)`,
      )
      .run(this.iso(this.clock.now()));
  }

  status(): { active: boolean; pinSet: boolean; lockedUntil: string | null; expiresAt: string | null } {
    const row = this.row();
    const now = this.clock.now();
    return {
      active: this.isActive(),
      pinSet: row.pin_hash !== null,
      lockedUntil: row.locked_until > now ? this.iso(row.locked_until) : null,
      expiresAt: this.activeUntil !== null ? this.iso(this.activeUntil) : null,
    };
  }

  isActive(): boolean {
    return this.activeUntil !== null && this.clock.now() < this.activeUntil;
  }

  onChange(listener: (active: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  enter(pin: string): Promise<EnterResult> {
    const run = this.queue.then(() => this.attempt(pin));
    this.queue = run.catch(() => undefined);
    return run;
  }

  leave(reason: LeaveReason = 'technician'): boolean {
    if (this.activeUntil === null) return false;
    this.activeUntil = null;
    if (this.expiry) this.clock.clearTimeout(this.expiry);
    this.expiry = null;
    this.audit.append(
      AUDIT_KINDS.technicianLeave,
      { reason },
      { actor: reason === 'technician' ? 'technician' : 'system' },
    );
    this.emit(false);
    return true;
  }

  /** Sets (or replaces) the PIN and clears any lockout. Refuses weak PINs. */
  async setPin(pin: string, actor: AuditActor = 'cli'): Promise<void> {
    const weak = pinWeakness(pin);
    if (weak) throw new PinRejectedError(weak);
    const hash = await hashPin(pin, this.scrypt);
    const had = this.row().pin_hash !== null;
    this.db
      .prepare(
        'UPDATE technician_auth SET pin_hash = ?, failures = 0, locked_until = 0, updated_at = ? WHERE id = 1',
      )
      .run(hash, this.iso(this.clock.now()));
    this.audit.append(AUDIT_KINDS.technicianPinSet, { replaced: had }, { actor });
  }

  dispose(): void {
    if (this.expiry) this.clock.clearTimeout(this.expiry);
    this.expiry = null;
  }

  private async attempt(pin: string): Promise<EnterResult> {
    const now = this.clock.now();
    const row = this.row();
    if (row.pin_hash === null) {
      this.audit.append(AUDIT_KINDS.technicianRefused, { reason: 'no-pin' }, { actor: 'technician' });
      return { result: 'no-pin' };
    }
    if (row.locked_until > now) {
      this.audit.append(
        AUDIT_KINDS.technicianRefused,
        { reason: 'locked', lockedUntil: this.iso(row.locked_until) },
        { actor: 'technician' },
      );
      return { result: 'locked', lockedUntil: this.iso(row.locked_until) };
    }
    // A garbled PIN (letters, 200 characters) is a failed attempt like any other, not a free retry.
    const ok = isPinShaped(pin) && (await verifyPin(pin, row.pin_hash));
    if (ok) {
      this.db
        .prepare('UPDATE technician_auth SET failures = 0, updated_at = ? WHERE id = 1')
        .run(this.iso(now));
      this.activeUntil = now + this.config.sessionMinutes * 60_000;
      if (this.expiry) this.clock.clearTimeout(this.expiry);
      this.expiry = this.clock.setTimeout(() => {
        this.expiry = null;
        this.leave('timeout');
      }, this.config.sessionMinutes * 60_000);
      this.audit.append(
        AUDIT_KINDS.technicianEnter,
        { minutes: this.config.sessionMinutes },
        { actor: 'technician' },
      );
      this.emit(true);
      return { result: 'entered', expiresAt: this.iso(this.activeUntil) };
    }
    const failures = row.failures + 1;
    this.audit.append(
      AUDIT_KINDS.technicianPinFailed,
      { failures, of: this.config.maxFailures },
      { actor: 'technician' },
    );
    if (failures >= this.config.maxFailures) {
      const until = now + this.config.lockoutMinutes * 60_000;
      this.db
        .prepare('UPDATE technician_auth SET failures = 0, locked_until = ?, updated_at = ? WHERE id = 1')
        .run(until, this.iso(now));
      this.audit.append(AUDIT_KINDS.technicianLocked, {
        minutes: this.config.lockoutMinutes,
        lockedUntil: this.iso(until),
      });
      return { result: 'locked', lockedUntil: this.iso(until) };
    }
    this.db
      .prepare('UPDATE technician_auth SET failures = ?, updated_at = ? WHERE id = 1')
      .run(failures, this.iso(now));
    return { result: 'wrong-pin', attemptsLeft: this.config.maxFailures - failures };
  }

  private row(): AuthRow {
    return this.db
      .prepare('SELECT pin_hash, failures, locked_until FROM technician_auth WHERE id = 1')
      .get() as AuthRow;
  }

  private emit(active: boolean): void {
    for (const l of this.listeners) l(active);
  }

  private iso(ms: number): string {
    return new Date(ms).toISOString();
  }
}
