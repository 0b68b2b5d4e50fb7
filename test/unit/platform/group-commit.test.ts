import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPlatformStore } from '../../../platform/platform-store.ts';
import { createGroupCommit } from '../../../platform/group-commit.ts';

describe('platform group commit', () => {
  it('intakes that arrive together commit together, and one that fails is refused without undoing the others', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'group-commit-'));
    const db = openPlatformStore(path.join(dir, 'platform.db'));
    try {
      const group = createGroupCommit(db);
      const ins = db.prepare('INSERT INTO intake_attempt (kind, key, outcome, at) VALUES (?, ?, ?, ?)');
      let commits = 0;
      const run = db.transaction.bind(db);
      // Counts outer transactions: the group's own, not the savepoints inside it.
      db.transaction = ((fn: () => unknown) => {
        const t = run(fn);
        return Object.assign((...a: unknown[]) => {
          if (!db.inTransaction) commits++;
          return t(...(a as []));
        }, t);
      }) as typeof db.transaction;
      const results = await Promise.allSettled([
        group.run(() => ins.run('apply', 'a', 'created', 1).changes),
        group.run(() => {
          ins.run('apply', 'b', 'created', 2);
          throw new Error('refused after writing');
        }),
        group.run(() => ins.run('apply', 'c', 'created', 3).changes),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(commits).toBe(1);
      expect(db.prepare('SELECT key FROM intake_attempt ORDER BY key').all()).toEqual([
        { key: 'a' },
        { key: 'c' },
      ]);
      // A later intake is a new group.
      await group.run(() => ins.run('apply', 'd', 'created', 4));
      expect(commits).toBe(2);
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
