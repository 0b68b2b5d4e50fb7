import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * HTML → A4 PDF, as a port. Electron wires one backed by webContents.printToPDF (the lead's glue);
 * browser mode, kioskctl and tests use Debian's chromium in headless mode. Both must honour the
 * template's `@page { size: A4 }`, which is why PDF goes to CUPS instead of silent printing
 * (shared/specs/kiosk-shell.md §2.6: Electron ignores page size and deviceName when silent).
 */
export interface PdfRenderer {
  render(html: string): Promise<Buffer>;
}

export class PdfRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfRenderError';
  }
}

export function chromiumPdfRenderer(opts: { executable?: string; timeoutMs?: number } = {}): PdfRenderer {
  const exe = opts.executable ?? '/usr/bin/chromium';
  return {
    async render(html) {
      // The HTML holds personal data: a private directory, removed whatever happens.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-a4-'));
      try {
        const src = path.join(dir, 'doc.html');
        const out = path.join(dir, 'doc.pdf');
        fs.writeFileSync(src, html, { mode: 0o600 });
        const args = [
          '--headless',
          '--disable-gpu',
          '--no-pdf-header-footer',
          '--disable-extensions',
          '--no-first-run',
          `--user-data-dir=${path.join(dir, 'profile')}`,
          `--print-to-pdf=${out}`,
          `file://${src}`,
        ];
        // Chromium refuses to run as root without this; CI containers run as root.
        if (process.getuid?.() === 0) args.unshift('--no-sandbox');
        await new Promise<void>((resolve, reject) => {
          execFile(exe, args, { timeout: opts.timeoutMs ?? 60_000 }, (err, _o, stderr) => {
            if (err)
              reject(
                new PdfRenderError(
                  `chromium could not print to PDF: ${err.message} ${String(stderr).slice(-300)}`,
                ),
              );
            else resolve();
          });
        });
        const pdf = fs.readFileSync(out);
        if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-')
          throw new PdfRenderError('chromium produced no PDF');
        return pdf;
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
