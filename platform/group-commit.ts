import type Database from 'better-sqlite3';

/**
 * Group commit for the platform's intake. Every accepted application and material must be durable
 * before its 2xx (the kiosk purges its copy on that answer), which with SQLite means an fsync per
 * commit, and that fsync blocks the event loop. Intakes that arrive together (a kiosk draining
 * with four uploads in flight, many kiosks at once) are committed in one transaction: one fsync for
 * the batch, each intake in its own savepoint so one failure does not undo the others.
 */
export interface GroupCommit {
  run<T>(fn: () => T): Promise<T>;
}

export function createGroupCommit(db: Database.Database): GroupCommit {
  let queue: { fn: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  const flush = (): void => {
    const batch = queue;
    queue = [];
    const results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      db.transaction(() => {
        for (const item of batch) {
          try {
            // A nested better-sqlite3 transaction is a savepoint: a throw rolls back this item only.
            results.push({ ok: true, value: db.transaction(item.fn)() });
          } catch (error) {
            results.push({ ok: false, error });
          }
        }
      })();
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const r = results[i]!;
      if (r.ok) item.resolve(r.value);
      else item.reject(r.error);
    });
  };
  return {
    run<T>(fn: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (queue.length === 0) setImmediate(flush);
        queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      });
    },
  };
}
