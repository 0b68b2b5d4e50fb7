import fs from 'node:fs';
import path from 'node:path';
import { PRINT_RESOURCES_DIR } from '../../../drivers/printer/receipt-template.ts';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]!);

/**
 * Fills an A4 HTML template. Every value is HTML-escaped (a resident's name is data, never markup);
 * keys ending in "Html" are trusted fragments the core built itself from escaped parts.
 */
export function fillHtmlTemplate(html: string, values: Record<string, string>): string {
  return html.replace(/\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g, (_m, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`A4 template needs a value for "${key}"`);
    return key.endsWith('Html') ? v : escapeHtml(v);
  });
}

export function loadHtmlTemplate(name: 'application-form'): string {
  return fs.readFileSync(path.join(PRINT_RESOURCES_DIR, `${name}.html`), 'utf8');
}
