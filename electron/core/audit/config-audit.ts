import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type { AuditLog } from './audit-log.ts';
import { AUDIT_KINDS } from './audit-kinds.ts';
import { sm3Hex } from './sm3.ts';

const META_KEY = 'audit.config-hash';

/**
 * Configuration is a file a technician (or anyone with the disk) can edit while the kiosk is off, so
 * a change is caught at the next start by its hash and recorded with which top-level sections
 * changed. Values are not recorded: the file may hold URLs and codes an auditor need not see.
 */
export function auditConfigChange(
  db: Database.Database,
  audit: AuditLog,
  configFile: string | null,
): { changed: boolean; hash: string } {
  let text = '';
  let sections: Record<string, unknown> = {};
  if (configFile) {
    try {
      text = fs.readFileSync(configFile, 'utf8');
      sections = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // loadConfig already refused an unreadable file; a race with an editor still gets hashed.
    }
  }
  const hash = configFile ? sm3Hex(text) : 'demo';
  const prev = db.prepare('SELECT value FROM meta WHERE key = ?').get(META_KEY) as
    { value: string } | undefined;
  let prevSections: Record<string, unknown> = {};
  let prevHash: string | null = null;
  if (prev) {
    try {
      const p = JSON.parse(prev.value) as { hash: string; sections: Record<string, string> };
      prevHash = p.hash;
      prevSections = p.sections;
    } catch {
      prevHash = null;
    }
  }
  const sectionHashes: Record<string, string> = {};
  for (const [k, v] of Object.entries(sections)) sectionHashes[k] = sm3Hex(JSON.stringify(v) ?? '');
  if (prevHash === hash) return { changed: false, hash };
  const changedSections = [...new Set([...Object.keys(sectionHashes), ...Object.keys(prevSections)])]
    .filter((k) => sectionHashes[k] !== prevSections[k])
    .sort();
  audit.append(AUDIT_KINDS.configChange, {
    first: prevHash === null,
    from: prevHash ? prevHash.slice(0, 16) : null,
    to: hash.slice(0, 16),
    sections: changedSections.join(',').slice(0, 200),
  });
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(META_KEY, JSON.stringify({ hash, sections: sectionHashes }));
  return { changed: true, hash };
}
