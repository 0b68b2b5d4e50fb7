import fs from 'node:fs';
import path from 'node:path';
import { MIME_TYPES } from './headers.ts';

export interface StaticFile {
  file: string;
  mime: string;
}

/**
 * Maps a URL path to a file under root, or null. Shared by the app:// protocol and the web bridge,
 * so both refuse the same traversal tricks (.., encoded slashes, NUL) in one place.
 * Paths without an extension fall back to index.html (the UI routes in memory, not by URL).
 */
export function resolveStatic(root: string, urlPath: string): StaticFile | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const base = path.resolve(root);
  const full = path.resolve(base, rel);
  if (full !== base && !full.startsWith(base + path.sep)) return null;
  let target = full;
  if (!fs.existsSync(target) || fs.statSync(target).isDirectory()) {
    if (path.extname(rel) !== '') return null;
    target = path.join(base, 'index.html');
    if (!fs.existsSync(target)) return null;
  }
  return { file: target, mime: MIME_TYPES[path.extname(target).toLowerCase()] ?? 'application/octet-stream' };
}
