import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { redact, redactString, REDACTED } from '../log/redact.ts';
import type { KioskHealth } from '../../contract/health.ts';
import type { VerifyResult } from '../audit/audit-log.ts';

/**
 * The diagnostics bundle a technician exports (or the platform asks for): health, the audit chain's
 * state and the recent logs. Logs are redacted again here, line by line, with stricter rules than
 * the logger: a bundle leaves the kiosk, and a log line written by an old build or a third-party
 * library may have slipped past the logger's rules.
 */
export interface DiagnosticsBundle {
  format: 'banshi-kiosk-diagnostics/1';
  createdAt: string;
  kioskId: string;
  version: string;
  health: KioskHealth;
  audit: { ok: boolean; count: number; head: string; problems: number };
  logs: { file: string; lines: unknown[]; truncated: boolean }[];
}

const MAX_BYTES_PER_FILE = 2 * 1024 * 1024;
const MAX_FILES = 8;

// Names only show up in free text next to a word that introduces them (申请人 张三, 姓名：李四).
const NAME_AFTER_LABEL =
  /(姓名|申请人|代办人|经办人|联系人|监护人|户主|持证人|收件人|父亲|母亲|新生儿)(\s*[:：=]?\s*)[\u4e00-\u9fa5·]{2,6}/g;
// Any other long digit run (bank cards, partial IDs) has no business in a bundle either.
const LONG_DIGITS = /(?<![0-9A-Za-z])\d{9,}(?![0-9A-Za-z])/g;

export function scrubText(s: string): string {
  return redactString(s)
    .replace(NAME_AFTER_LABEL, (_m, label: string, sep: string) => `${label}${sep}${REDACTED}`)
    .replace(LONG_DIGITS, REDACTED);
}

function scrubDeep(v: unknown): unknown {
  if (typeof v === 'string') return scrubText(v);
  if (Array.isArray(v)) return v.map(scrubDeep);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrubDeep(x)]));
  }
  return v;
}

/** One log line: JSON lines go through the key rules and the text rules; anything else through the text rules. */
export function scrubLogLine(line: string): unknown {
  try {
    const parsed = JSON.parse(line) as unknown;
    if (parsed && typeof parsed === 'object') return scrubDeep(redact(parsed));
  } catch {
    // not JSON: plain text from stderr or a crash
  }
  return scrubText(line);
}

export function readLogs(logDir: string): DiagnosticsBundle['logs'] {
  let files: string[];
  try {
    files = fs
      .readdirSync(logDir)
      .filter((f) => /\.log(\.\d+)?$/.test(f))
      .map((f) => ({ f, m: fs.statSync(path.join(logDir, f)).mtimeMs }))
      .sort((a, b) => b.m - a.m)
      .slice(0, MAX_FILES)
      .map((x) => x.f);
  } catch {
    return [];
  }
  return files.map((file) => {
    const full = path.join(logDir, file);
    const size = fs.statSync(full).size;
    const start = Math.max(0, size - MAX_BYTES_PER_FILE);
    const fd = fs.openSync(full, 'r');
    const buf = Buffer.alloc(size - start);
    try {
      fs.readSync(fd, buf, 0, buf.length, start);
    } finally {
      fs.closeSync(fd);
    }
    const lines = buf.toString('utf8').split('\n');
    if (start > 0) lines.shift(); // the first line was cut in the middle
    return {
      file,
      truncated: start > 0,
      lines: lines.filter((l) => l.trim() !== '').map(scrubLogLine),
    };
  });
}

export function buildDiagnostics(opts: {
  now: number;
  kioskId: string;
  version: string;
  health: KioskHealth;
  audit: VerifyResult;
  logDir: string;
}): DiagnosticsBundle {
  return {
    format: 'banshi-kiosk-diagnostics/1',
    createdAt: new Date(opts.now).toISOString(),
    kioskId: opts.kioskId,
    version: opts.version,
    health: opts.health,
    audit: {
      ok: opts.audit.ok,
      count: opts.audit.count,
      head: opts.audit.head,
      problems: opts.audit.problems.length,
    },
    logs: readLogs(opts.logDir),
  };
}

/** Writes JSON, gzipped when the name ends in .gz; via a temp file so a crash never leaves half a bundle. */
export function writeDiagnostics(file: string, bundle: DiagnosticsBundle): void {
  const json = Buffer.from(JSON.stringify(bundle, null, 1));
  const data = file.endsWith('.gz') ? zlib.gzipSync(json) : json;
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, data, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

export function logDirOf(dataDir: string): string {
  return path.join(dataDir, 'logs');
}
