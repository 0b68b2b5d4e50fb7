import type Database from 'better-sqlite3';
import type { Locale, Session } from '../../contract/index.ts';
import type { Clock, TimerHandle } from '../clock/clock.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../log/logger.ts';

export type EndReason = 'idle' | 'resident' | 'finished' | 'backstop';
export type WipeHook = (sessionId: string) => void;
/** Observers (the audit log): told after a session started, and after it ended with every wipe hook run. */
export type SessionObserver = {
  started?(sessionId: string): void;
  ended?(sessionId: string, reason: EndReason, wipe: { hooks: number; failed: number }): void;
};

export interface SessionOptions {
  clock: Clock;
  db: Database.Database;
  bus: EventBus;
  log: Logger;
  newId: () => string;
  defaultLocale: Locale;
  /** The renderer owns the visible idle countdown; this backstop wipes even if the renderer hangs. */
  backstopMs: number;
}

/**
 * One resident at a time. Everything a resident leaves (answers, card data, images) hangs off the
 * session and is dropped by wipe hooks when it ends, however it ends.
 */
export class SessionManager {
  private session: Session | null = null;
  private backstop: TimerHandle | null = null;
  private readonly hooks = new Set<WipeHook>();
  private readonly observers = new Set<SessionObserver>();
  private readonly opts: SessionOptions;
  // Prepared once: a statement prepared per session is native memory the GC frees only lazily.
  private readonly insertLog: Database.Statement<[string, string]>;
  private readonly endLog: Database.Statement<[string, string, string]>;

  constructor(opts: SessionOptions) {
    this.opts = opts;
    this.insertLog = opts.db.prepare('INSERT INTO session_log (id, started_at) VALUES (?, ?)');
    this.endLog = opts.db.prepare('UPDATE session_log SET ended_at = ?, end_reason = ? WHERE id = ?');
    // A session open when the kiosk stopped was never wiped by us; record that it ended with the restart.
    opts.db
      .prepare(`UPDATE session_log SET ended_at = ?, end_reason = 'restart' WHERE ended_at IS NULL`)
      .run(new Date(opts.clock.now()).toISOString());
  }

  current(): Session | null {
    return this.session;
  }

  start(locale?: Locale): Session {
    if (this.session) this.end('resident');
    const s: Session = {
      id: this.opts.newId(),
      startedAt: new Date(this.opts.clock.now()).toISOString(),
      elderMode: false,
      locale: locale ?? this.opts.defaultLocale,
    };
    this.session = s;
    this.insertLog.run(s.id, s.startedAt);
    this.opts.log.info({ session: s.id }, 'session started');
    this.armBackstop();
    this.notify((o) => o.started?.(s.id));
    return s;
  }

  update(patch: { elderMode?: boolean | undefined; locale?: Locale | undefined }): Session {
    const s = this.session ?? this.start();
    const next: Session = {
      ...s,
      ...(patch.elderMode !== undefined ? { elderMode: patch.elderMode } : {}),
      ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
    };
    this.session = next;
    this.armBackstop();
    return next;
  }

  touch(): boolean {
    if (!this.session) return false;
    this.armBackstop();
    return true;
  }

  /** Ends the session and runs every wipe hook; returns false when there was nothing to wipe. */
  end(reason: EndReason): boolean {
    const s = this.session;
    if (!s) return false;
    this.session = null;
    if (this.backstop) this.opts.clock.clearTimeout(this.backstop);
    this.backstop = null;
    let failed = 0;
    for (const hook of this.hooks) {
      try {
        hook(s.id);
      } catch (e) {
        failed++;
        this.opts.log.error({ err: e, session: s.id }, 'wipe hook failed');
      }
    }
    this.endLog.run(new Date(this.opts.clock.now()).toISOString(), reason, s.id);
    this.opts.log.info({ session: s.id, reason }, 'session wiped');
    this.opts.bus.emit('session.ended', { reason });
    this.notify((o) => o.ended?.(s.id, reason, { hooks: this.hooks.size, failed }));
    return true;
  }

  observe(observer: SessionObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  private notify(fn: (o: SessionObserver) => void): void {
    for (const o of this.observers) {
      try {
        fn(o);
      } catch (e) {
        this.opts.log.error({ err: e }, 'session observer failed');
      }
    }
  }

  onWipe(hook: WipeHook): () => void {
    this.hooks.add(hook);
    return () => this.hooks.delete(hook);
  }

  dispose(): void {
    if (this.backstop) this.opts.clock.clearTimeout(this.backstop);
    this.backstop = null;
  }

  private armBackstop(): void {
    if (this.backstop) this.opts.clock.clearTimeout(this.backstop);
    this.backstop = this.opts.clock.setTimeout(() => {
      this.backstop = null;
      this.end('backstop');
    }, this.opts.backstopMs);
  }
}
