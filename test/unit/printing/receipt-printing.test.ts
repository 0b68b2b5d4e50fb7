import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../electron/core/clock/fake-clock.ts';
import { inspectReceiptPng } from '../drivers/printer/png-check.ts';
import { makePrintingCore, receiptRequest, until, type PrintingTestCore } from './printing-core.ts';
import { checkReceiptPayload, demoReceiptKey } from '../../../electron/core/scanner/receipt-signature.ts';

const LOOKUP = 'https://zwfw.example.gov.cn/banjian/chaxun?no=ZJ330106-20261121-000123';
const LOOKUP_TEMPLATE = 'https://zwfw.example.gov.cn/banjian/chaxun?no={receiptNo}';

/** The QR is the lookup address plus this kiosk's tag: the kiosk's own scanner must accept it. */
function expectSignedLookup(qr: string | null | undefined): void {
  expect(qr?.startsWith(`${LOOKUP}&k=DEMO-0001&s=`)).toBe(true);
  const keys = new Map([['DEMO-0001', demoReceiptKey('DEMO-0001')]]);
  expect(checkReceiptPayload(qr!, LOOKUP_TEMPLATE, keys)).toMatchObject({
    valid: true,
    receiptNo: 'ZJ330106-20261121-000123',
  });
}
let t: PrintingTestCore | null = null;
afterEach(async () => {
  await t?.cleanup();
  t = null;
});

function payloadOf(tc: PrintingTestCore, jobId: string): Buffer | null {
  return (
    tc.core.store.db.prepare('SELECT payload FROM print_jobs WHERE id = ?').get(jobId) as {
      payload: Buffer | null;
    }
  ).payload;
}

describe('printing.receipt through the core to the simulator on a pty', () => {
  it('prints the receipt with every bundle member, masked ID, site and QR; the done job keeps no personal data', async () => {
    const pngDir = path.resolve('test-results/printer/core-receipt');
    fs.rmSync(pngDir, { recursive: true, force: true });
    t = await makePrintingCore({ pngDir });
    await t.call('session.start', {});
    const r = await t.call('printing.receipt', receiptRequest);
    expect(r).toMatchObject({
      printed: true,
      state: 'done',
      failure: null,
      showOnScreen: false,
      receiptNo: receiptRequest.receiptNo,
    });

    const log = t.host.sim.textLog.join('\n');
    for (const m of receiptRequest.matters) expect(log).toContain(m);
    expect(log).toContain('办件编号：ZJ330106-20261121-000123');
    expect(log).toContain('申请人：张三丰');
    expect(log).toContain('证件号码：330106********1234');
    expect(log).not.toContain('330106199001011234'); // the full ID never reaches paper
    expect(log).toContain('受理时间：2026-11-21 23:20'); // 15:20 UTC shown in Beijing time
    expect(log).toContain('承诺时限：5个工作日');
    expect(log).toContain('结婚证复印件');
    expect(log).toContain('受理终端：DEMO-0001（西湖区政务服务中心）');
    await until(() => t!.host.pngFiles.length === 1);
    expectSignedLookup((await inspectReceiptPng(t.host.pngFiles[0]!)).qr);

    expect(payloadOf(t, r.jobId)).toBeNull();
    const jobs = await t.call('printing.jobs', {});
    expect(jobs.jobs[0]).toMatchObject({ jobId: r.jobId, state: 'done', attempts: 1, reprintable: false });
    // A done job cannot be reprinted: its content is gone.
    const again = (await t.callRaw('printing.reprint', { jobId: r.jobId })) as {
      ok: boolean;
      error: { kind: string };
    };
    expect(again.ok).toBe(false);
    expect(again.error.kind).toBe('conflict');
  });

  it('replaces the demo placeholder "printer-sim" with the simulator-backed status and reports changes', async () => {
    t = await makePrintingCore();
    const printers = (await t.call('device.list', {})).devices.filter((d) => d.kind === 'printer');
    expect(printers).toHaveLength(1);
    expect(printers[0]).toMatchObject({ id: 'printer-sim', simulated: true });
    t.host.sim.setFault('cover-open');
    expect((await t.call('printing.printerStatus', { refresh: true })).state).toBe('cover-open');
    const dev = (await t.call('device.list', {})).devices.find((d) => d.id === 'printer-sim');
    expect(dev).toMatchObject({ state: 'attention', messageKey: 'printer.state.cover-open' });
    expect(
      t.events.some(
        (e) => e.name === 'printing.printerStatus' && (e.payload as { state: string }).state === 'cover-open',
      ),
    ).toBe(true);
  });

  it('paper out BEFORE the job: no job bytes are sent, the caller is told to show the receipt on screen', async () => {
    t = await makePrintingCore();
    await t.call('session.start', {});
    t.host.sim.setFault('paper-out');
    const before = t.host.sim.jobBytes;
    const r = await t.call('printing.receipt', receiptRequest);
    expect(r).toMatchObject({ printed: false, showOnScreen: true, failure: 'paper-out', state: 'pending' });
    expect(t.host.sim.jobBytes).toBe(before); // only DLE EOT queries went over the wire
    expect(t.host.sim.receipts).toHaveLength(0);
    // The on-screen copy: same lines as paper, and the QR payload.
    expectSignedLookup(r.receipt!.qrPayload);
    expect(r.receipt!.lines.map((l) => l.text)).toContain('办件编号：ZJ330106-20261121-000123');
    expect(r.receipt!.lines.map((l) => l.text)).toContain('证件号码：330106********1234');
    // Recorded, sealed (the name is not readable in the database), reprintable.
    const sealed = payloadOf(t, r.jobId)!;
    expect(sealed.includes(Buffer.from('张三丰'))).toBe(false);
    expect((await t.call('printing.jobs', { state: 'pending' })).jobs[0]).toMatchObject({
      jobId: r.jobId,
      reprintable: true,
      attempts: 1,
    });

    // The resident leaves: the job waits for a person instead of printing for whoever comes next.
    await t.call('session.end', { reason: 'finished' });
    t.host.sim.loadPaper();
    await t.call('printing.printerStatus', { refresh: true });
    expect((await t.call('printing.jobs', {})).jobs[0]).toMatchObject({
      state: 'failed',
      failure: 'paper-out',
    });
    expect(t.host.sim.receipts).toHaveLength(0);

    // 办件查询 / technician reprint by receipt number.
    const re = await t.call('printing.reprint', { receiptNo: receiptRequest.receiptNo });
    expect(re).toMatchObject({ jobId: r.jobId, printed: true, state: 'done' });
    expect(t.host.sim.receipts).toHaveLength(1);
    expect(payloadOf(t, r.jobId)).toBeNull();
  });

  it('paper out IN THE MIDDLE: the job stays pending and reprints whole once paper is back', async () => {
    const pngDir = path.resolve('test-results/printer/mid-job-paper-out');
    fs.rmSync(pngDir, { recursive: true, force: true });
    t = await makePrintingCore({ pngDir });
    await t.call('session.start', {});
    t.host.sim.setFault('paper-out-after:6');
    const r = await t.call('printing.receipt', receiptRequest);
    expect(r).toMatchObject({ printed: false, showOnScreen: true, failure: 'paper-out', state: 'pending' });
    expect(t.host.sim.receipts).toHaveLength(1);
    expect(t.host.sim.receipts[0]!.complete).toBe(false); // a torn stub came out
    expect(t.host.sim.jobBytes).toBeGreaterThan(0);
    expect(payloadOf(t, r.jobId)).not.toBeNull();

    t.host.sim.loadPaper();
    await t.call('printing.printerStatus', { refresh: true }); // what the status timer does
    await until(() =>
      t!.events.some((e) => e.name === 'printing.job' && (e.payload as { state: string }).state === 'done'),
    );
    expect(t.host.sim.receipts).toHaveLength(2);
    expect(t.host.sim.receipts[1]!.complete).toBe(true);
    await until(() => t!.host.pngFiles.length === 2);
    expectSignedLookup((await inspectReceiptPng(t.host.pngFiles[1]!)).qr);
    expect((await t.call('printing.jobs', {})).jobs[0]).toMatchObject({
      jobId: r.jobId,
      state: 'done',
      attempts: 2,
      reprintable: false,
    });
    expect(payloadOf(t, r.jobId)).toBeNull();
  });

  it('an unplugged/silent printer: no job bytes, result says offline, receipt shown on screen', async () => {
    t = await makePrintingCore();
    t.host.sim.setFault('offline');
    const before = t.host.sim.jobBytes;
    const r = await t.call('printing.receipt', receiptRequest);
    expect(r).toMatchObject({ printed: false, failure: 'offline', showOnScreen: true, state: 'failed' });
    expect(t.host.sim.jobBytes).toBe(before);
    expectSignedLookup(r.receipt!.qrPayload);
  });

  it('refuses hostile input with a clear error and records nothing', async () => {
    t = await makePrintingCore();
    const bad = (await t.callRaw('printing.receipt', { ...receiptRequest, idNumber: "1' OR 1=1 --" })) as {
      ok: boolean;
      error: { kind: string };
    };
    expect(bad).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    expect((await t.call('printing.jobs', {})).jobs).toEqual([]);
    // A control byte in a name cannot inject printer commands: it prints as a space.
    const r = await t.call('printing.receipt', { ...receiptRequest, applicantName: '张\x1b@三' });
    expect(r.printed).toBe(true);
    expect(t.host.sim.textLog).toContain('申请人：张 @三');
  });

  it('the status timer alone notices paper-out and paper-back, and the pending receipt then prints', async () => {
    const clock = new FakeClock(Date.parse('2026-11-21T19:00:00Z'));
    t = await makePrintingCore({ clock });
    await t.call('session.start', {});
    const states = (): string[] =>
      t!.events
        .filter((e) => e.name === 'printing.printerStatus')
        .map((e) => (e.payload as { state: string }).state);
    await until(() => states().includes('ready')); // the check at start
    t.host.sim.setFault('paper-out');
    clock.advance(15_000); // one status interval (config default 15 s)
    await until(() => states().at(-1) === 'paper-out');
    const r = await t.call('printing.receipt', receiptRequest);
    expect(r).toMatchObject({ printed: false, state: 'pending', failure: 'paper-out' });
    t.host.sim.loadPaper();
    clock.advance(15_000);
    await until(() => states().at(-1) === 'ready');
    await until(() =>
      t!.events.some((e) => e.name === 'printing.job' && (e.payload as { state: string }).state === 'done'),
    );
    expect(t.host.sim.receipts.filter((x) => x.complete)).toHaveLength(1);
  });

  it('a double tap does not print the receipt twice at once', async () => {
    t = await makePrintingCore();
    const [a, b] = await Promise.all([
      t.callRaw('printing.receipt', receiptRequest),
      t.callRaw('printing.receipt', receiptRequest),
    ]);
    const results = [a, b] as { ok: boolean; error?: { kind: string } }[];
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)!.error!.kind).toBe('conflict');
    expect(t.host.sim.receipts).toHaveLength(1);
  });
});
