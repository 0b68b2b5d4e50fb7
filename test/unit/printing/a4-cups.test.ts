import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cupsAvailable, cupsSpooler } from '../../../electron/core/printing/cups-spooler.ts';
import { chromiumPdfRenderer } from '../../../electron/core/printing/pdf-renderer.ts';
import { makePrintingCore, receiptRequest, type PrintingTestCore } from './printing-core.ts';

// The queue and output directory .ci/services.sh sets up (cupsd + cups-pdf, Out <dir>/${USER}).
const QUEUE = process.env.KIOSK_CUPS_QUEUE ?? 'kiosk-pdf';
const PDF_DIR = process.env.KIOSK_CUPS_PDF_DIR ?? '/var/spool/cups-pdf';
const cups = await cupsAvailable(QUEUE);
const stoppedQueue = await cupsAvailable(`${QUEUE}-stopped`);
const hasChromium = fs.existsSync('/usr/bin/chromium');
const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const skipReason = !cups.ok
  ? cups.reason
  : !hasChromium
    ? 'Debian chromium not installed'
    : !hasPdftotext
      ? 'pdftotext (Debian poppler-utils) not installed'
      : '';
if (skipReason) console.warn(`A4/CUPS tests skipped: ${skipReason} (run .ci/services.sh as root)`);

/** cups-pdf names its output after the job title; the newest matching file is this job's. */
async function findOutput(title: string, since: number, ms = 30_000): Promise<string> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const hits: { file: string; mtime: number }[] = [];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.startsWith(title) && e.name.endsWith('.pdf'))
          hits.push({ file: p, mtime: fs.statSync(p).mtimeMs });
      }
    };
    if (fs.existsSync(PDF_DIR)) walk(PDF_DIR);
    const fresh = hits.filter((h) => h.mtime >= since - 1000).sort((a, b) => b.mtime - a.mtime);
    if (fresh[0]) return fresh[0].file;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no cups-pdf output for ${title} under ${PDF_DIR}`);
}

let t: PrintingTestCore | null = null;
afterEach(async () => {
  await t?.cleanup();
  t = null;
});

// Chromium start-up plus the CUPS filter chain take seconds, more on a loaded CI machine.
describe(`A4 form → PDF (headless chromium) → CUPS queue ${QUEUE} (cups-pdf)`, { timeout: 90_000 }, () => {
  it.skipIf(!!skipReason)(
    `printing.document prints the application form; the PDF CUPS produced holds the 办件编号${skipReason ? ` [skipped: ${skipReason}]` : ''}`,
    async () => {
      const receiptNo = `ZJ330106-A4-${Date.now()}`;
      t = await makePrintingCore({ config: { printing: { a4: { queue: QUEUE } } } });
      const since = Date.now();
      const r = await t.call('printing.document', {
        template: 'application-form',
        receiptNo,
        matters: receiptRequest.matters,
        applicantName: '张三丰',
        idNumber: receiptRequest.idNumber,
        acceptedAt: receiptRequest.acceptedAt,
      });
      expect(r).toMatchObject({ printed: true, state: 'done', failure: null, showOnScreen: false });
      const out = await findOutput(`kiosk-${receiptNo}`, since);
      const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
      expect(text).toContain(receiptNo);
      expect(text).toContain('办件编号');
      expect(text).toContain('政务服务事项申请表');
      expect(text).toContain('330106********1234');
      expect(text).not.toContain('330106199001011234');
      // Done: the sealed content is gone, the CUPS job id is kept for the technician.
      const row = t.core.store.db
        .prepare('SELECT payload, spool_job FROM print_jobs WHERE id = ?')
        .get(r.jobId) as {
        payload: Buffer | null;
        spool_job: string;
      };
      expect(row.payload).toBeNull();
      expect(row.spool_job).toMatch(new RegExp(`^${QUEUE}-\\d+$`));
      fs.rmSync(out, { force: true });
    },
  );

  it.skipIf(!!skipReason)(
    `a missing CUPS queue fails like a receipt: not printed, shown on screen, reprintable${skipReason ? ` [skipped: ${skipReason}]` : ''}`,
    async () => {
      t = await makePrintingCore({ config: { printing: { a4: { queue: 'no-such-queue-kiosk' } } } });
      await t.call('session.start', {});
      const r = await t.call('printing.document', {
        template: 'application-form',
        receiptNo: 'ZJ330106-A4-MISSING',
        matters: ['户口登记'],
        applicantName: '李四',
        idNumber: receiptRequest.idNumber,
        acceptedAt: receiptRequest.acceptedAt,
      });
      expect(r).toMatchObject({
        printed: false,
        showOnScreen: true,
        failure: 'spooler-error',
        state: 'pending',
      });
      expect((await t.call('printing.jobs', {})).jobs[0]).toMatchObject({ kind: 'a4', reprintable: true });
    },
  );

  it.skipIf(!!skipReason)(
    `the spooler reads the job's completion back from CUPS (IPP job-state, lpstat as fallback)${skipReason ? ` [skipped: ${skipReason}]` : ''}`,
    async () => {
      const pdf = await chromiumPdfRenderer().render('<html><body><p>办件编号 SPOOL-CHECK</p></body></html>');
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const out = await cupsSpooler(QUEUE).print(pdf, 'kiosk-SPOOL-CHECK');
      expect(out.ok).toBe(true);
      const done = execFileSync('lpstat', ['-W', 'completed', '-o', QUEUE], { encoding: 'utf8' });
      expect(done).toContain(out.spoolJob!);
    },
  );

  const stoppedSkip = skipReason || (stoppedQueue.ok ? '' : stoppedQueue.reason);
  it.skipIf(!!stoppedSkip)(
    `a stopped (jammed) printer fails the job at once and cancels it, so a reprint cannot double up${stoppedSkip ? ` [skipped: ${stoppedSkip}]` : ''}`,
    async () => {
      const pdf = await chromiumPdfRenderer().render(
        '<html><body><p>办件编号 STOPPED-CHECK</p></body></html>',
      );
      const t0 = Date.now();
      const out = await cupsSpooler(`${QUEUE}-stopped`).print(pdf, 'kiosk-STOPPED-CHECK');
      expect(out.ok).toBe(false);
      expect(out.ok ? '' : out.reason).toMatch(/stopped|disabled/);
      expect(Date.now() - t0).toBeLessThan(10_000); // not the 60 s completion timeout
      const waiting = execFileSync('lpstat', ['-W', 'not-completed', '-o', `${QUEUE}-stopped`], {
        encoding: 'utf8',
      });
      expect(waiting).not.toContain(out.spoolJob!);
    },
  );
});
