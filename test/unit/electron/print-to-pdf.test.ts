import { describe, expect, it, vi } from 'vitest';
import { electronModule, FakeBrowserWindow } from './fake-electron.ts';
import { PdfRenderError } from '../../../electron/core/printing/pdf-renderer.ts';

vi.mock('electron', () => electronModule());
const { printToPdfRenderer } = await import('../../../electron/main/print-to-pdf.ts');

describe('A4 through printToPDF in the Electron shell', () => {
  it('lays the document out in a hidden, script-less, sandboxed window and prints A4 honouring @page', async () => {
    const renderer = printToPdfRenderer(FakeBrowserWindow as never);
    const html = '<html><body><h1>申请表</h1><p>办件编号 R20260105-0001</p></body></html>';
    const pdf = await renderer.render(html);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const win = FakeBrowserWindow.all.at(-1)!;
    expect(win.options).toMatchObject({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
    });
    expect(decodeURIComponent(win.webContents.url)).toContain('办件编号 R20260105-0001');
    expect(win.webContents.pdfRequests).toEqual([
      { pageSize: 'A4', preferCSSPageSize: true, printBackground: true },
    ]);
    // The document holds personal data: the window does not outlive the job.
    expect(win.isDestroyed()).toBe(true);
  });

  it('gives each job its own in-memory partition', async () => {
    const renderer = printToPdfRenderer(FakeBrowserWindow as never);
    await renderer.render('<p>a</p>');
    await renderer.render('<p>b</p>');
    const [a, b] = FakeBrowserWindow.all
      .slice(-2)
      .map((w) => (w.options.webPreferences as { partition: string }).partition);
    expect(a).not.toBe(b);
    expect(a).not.toMatch(/^persist:/);
  });

  it('turns a failure or a hang into a typed error and still destroys the window', async () => {
    const renderer = printToPdfRenderer(FakeBrowserWindow as never, { timeoutMs: 50 });
    const origLoad = FakeBrowserWindow.prototype.loadURL;
    FakeBrowserWindow.prototype.loadURL = function (this: FakeBrowserWindow, url: string) {
      this.webContents.pdfAnswer = () => Promise.reject(new Error('printing failed'));
      return origLoad.call(this, url);
    };
    await expect(renderer.render('<p>x</p>')).rejects.toBeInstanceOf(PdfRenderError);
    expect(FakeBrowserWindow.all.at(-1)!.isDestroyed()).toBe(true);
    FakeBrowserWindow.prototype.loadURL = function (this: FakeBrowserWindow, url: string) {
      this.webContents.pdfAnswer = () => new Promise(() => undefined);
      return origLoad.call(this, url);
    };
    await expect(renderer.render('<p>y</p>')).rejects.toThrow(/timed out/);
    expect(FakeBrowserWindow.all.at(-1)!.isDestroyed()).toBe(true);
    FakeBrowserWindow.prototype.loadURL = origLoad;
  });
});
