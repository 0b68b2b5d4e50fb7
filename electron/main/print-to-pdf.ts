import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import type { PdfRenderer } from '../core/printing/pdf-renderer.ts';
import { PdfRenderError } from '../core/printing/pdf-renderer.ts';

/**
 * A4 documents in the Electron shell: the HTML is laid out by a hidden, script-less, sandboxed
 * window in an in-memory partition and printed with printToPDF, which honours the template's
 * `@page { size: A4 }` (silent webContents.print does not). The PDF then goes to CUPS like in
 * browser mode. The window is destroyed whatever happens, so no resident's document stays in memory.
 */
export function printToPdfRenderer(
  BrowserWindowCtor: new (options: BrowserWindowConstructorOptions) => BrowserWindow,
  opts: { timeoutMs?: number } = {},
): PdfRenderer {
  let seq = 0;
  return {
    async render(html) {
      const win = new BrowserWindowCtor({
        show: false,
        width: 794,
        height: 1123,
        webPreferences: {
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          javascript: false,
          webSecurity: true,
          partition: `print-${process.pid}-${++seq}`,
        },
      });
      let timer: NodeJS.Timeout | undefined;
      try {
        const work = (async () => {
          await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
          return win.webContents.printToPDF({
            pageSize: 'A4',
            preferCSSPageSize: true,
            printBackground: true,
          });
        })();
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new PdfRenderError('printToPDF timed out')),
            opts.timeoutMs ?? 30_000,
          );
        });
        const pdf = await Promise.race([work, timeout]);
        if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-')
          throw new PdfRenderError('printToPDF produced no PDF');
        return pdf;
      } catch (e) {
        if (e instanceof PdfRenderError) throw e;
        throw new PdfRenderError(`printToPDF failed: ${(e as Error).message}`);
      } finally {
        clearTimeout(timer);
        if (!win.isDestroyed()) win.destroy();
      }
    },
  };
}
