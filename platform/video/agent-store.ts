import crypto from 'node:crypto';
import type Database from 'better-sqlite3';

/** Agents of the service centre: scrypt-hashed passwords, skills, availability and idle time. */
export interface AgentRow {
  id: string;
  username: string;
  display_name: string;
  skills: string[];
  available: 0 | 1;
  idle_since: number | null;
}

const SESSION_MS = 12 * 3600_000;
const hash = (password: string, salt: string): string =>
  crypto.scryptSync(password, salt, 32, { N: 16384, r: 8, p: 1 }).toString('hex');
const sha256 = (s: string): string => crypto.createHash('sha256').update(s).digest('hex');

export function createAgentStore(db: Database.Database, now: () => number) {
  const row = (r: Record<string, unknown> | undefined): AgentRow | null =>
    r
      ? {
          id: r.id as string,
          username: r.username as string,
          display_name: r.display_name as string,
          skills: JSON.parse(r.skills as string) as string[],
          available: r.available as 0 | 1,
          idle_since: r.idle_since as number | null,
        }
      : null;
  return {
    count: (): number => (db.prepare('SELECT COUNT(*) AS n FROM video_agent').get() as { n: number }).n,
    add(a: { username: string; password: string; displayName: string; skills?: string[] }): string {
      const id = crypto.randomUUID();
      const salt = crypto.randomBytes(16).toString('hex');
      db.prepare(
        'INSERT INTO video_agent (id, username, display_name, password_hash, salt, skills) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(id, a.username, a.displayName, hash(a.password, salt), salt, JSON.stringify(a.skills ?? []));
      return id;
    },
    get: (id: string): AgentRow | null =>
      row(
        db.prepare('SELECT * FROM video_agent WHERE id = ?').get(id) as Record<string, unknown> | undefined,
      ),
    /** Available agents, longest idle first (never-idle agents, i.e. just signed in, count as idle since then). */
    available: (): AgentRow[] =>
      (
        db
          .prepare('SELECT * FROM video_agent WHERE available = 1 ORDER BY idle_since ASC, username ASC')
          .all() as Record<string, unknown>[]
      ).map((r) => row(r)!),
    setAvailable(id: string, on: boolean, skills?: string[]): void {
      const cur = db.prepare('SELECT available FROM video_agent WHERE id = ?').get(id) as
        { available: number } | undefined;
      if (!cur) return;
      // Becoming available starts the idle clock; staying available keeps the place in line.
      const idle = on && cur.available === 0 ? now() : null;
      db.prepare(
        `UPDATE video_agent SET available = ?, idle_since = COALESCE(?, idle_since)${skills ? ', skills = ?' : ''} WHERE id = ?`,
      ).run(...([on ? 1 : 0, idle, ...(skills ? [JSON.stringify(skills)] : []), id] as unknown[]));
    },
    /** After a call: free again, and at the back of the idle line. */
    setIdle(id: string): void {
      db.prepare('UPDATE video_agent SET idle_since = ? WHERE id = ?').run(now(), id);
    },
    login(username: string, password: string): { token: string; agent: { id: string; name: string } } | null {
      const r = db.prepare('SELECT * FROM video_agent WHERE username = ?').get(username) as
        { id: string; display_name: string; password_hash: string; salt: string } | undefined;
      // Hash even for an unknown name so the answer time does not reveal which names exist.
      const got = Buffer.from(hash(password, r?.salt ?? 'no-such-agent'), 'hex');
      if (!r || !crypto.timingSafeEqual(got, Buffer.from(r.password_hash, 'hex'))) return null;
      const token = crypto.randomBytes(32).toString('base64url');
      db.prepare(
        'INSERT INTO video_agent_session (token_hash, agent_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      ).run(sha256(token), r.id, now(), now() + SESSION_MS);
      return { token, agent: { id: r.id, name: r.display_name } };
    },
    bySession(token: string): AgentRow | null {
      const s = db
        .prepare('SELECT agent_id FROM video_agent_session WHERE token_hash = ? AND expires_at > ?')
        .get(sha256(token), now()) as { agent_id: string } | undefined;
      return s
        ? row(db.prepare('SELECT * FROM video_agent WHERE id = ?').get(s.agent_id) as Record<string, unknown>)
        : null;
    },
  };
}
