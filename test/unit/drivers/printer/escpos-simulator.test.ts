import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeReceipt } from '../../../../drivers/printer/receipt-encoder.ts';
import { layoutReceipt, TemplateError } from '../../../../drivers/printer/receipt-layout.ts';
import { loadReceiptTemplate } from '../../../../drivers/printer/receipt-template.ts';
import { EscPosSimulator, parseFault } from '../../../../drivers/printer/simulator/escpos-simulator.ts';

const values = {
  siteName: '西湖区政务服务中心',
  receiptNo: 'ZJ-0001',
  matters: ['户口登记'],
  applicantName: '张三',
  maskedId: '330106********1234',
  acceptedAt: '2026-11-21 23:20',
  timeLimit: '5个工作日',
  owedMaterials: [],
  kioskId: 'DEMO-0001',
  lookupPayload: 'https://example.cn/q?no=ZJ-0001',
};

describe('ESC/POS simulator parser', () => {
  const job = encodeReceipt(layoutReceipt(loadReceiptTemplate(), values, 58));

  it('a job split into single bytes parses exactly like one chunk (commands and GB18030 split across reads)', () => {
    const whole = new EscPosSimulator({ paper: 58 });
    whole.receive(job);
    const bytewise = new EscPosSimulator({ paper: 58 });
    for (const b of job) bytewise.receive(Buffer.from([b]));
    expect(bytewise.textLog).toEqual(whole.textLog);
    expect(bytewise.receipts).toEqual(whole.receipts);
    expect(whole.textLog).toContain('申请人：张三');
    // Empty "容缺" list: the optional blocks are left out, not printed empty.
    expect(whole.textLog.join('')).not.toContain('容缺待补材料');
  });

  it('random garbage never throws (a stray GS ( k may legitimately swallow what follows, as on a printer)', () => {
    const sim = new EscPosSimulator();
    for (let i = 0; i < 50; i++) sim.receive(crypto.randomBytes(64));
    sim.receive(Buffer.from([0x1b, 0x40])); // a fresh ESC @ resynchronises
    const reply = sim.receive(Buffer.from([0x10, 0x04, 0x01]));
    expect(reply.length).toBeLessThanOrEqual(1);
  });

  it('scripted faults: paper out discards print data; the roll can run out mid-receipt', () => {
    const sim = new EscPosSimulator({ fault: 'paper-out' });
    sim.receive(job);
    expect(sim.receipts).toEqual([]);
    expect(sim.discardedBytes).toBe(job.length);
    expect([...sim.receive(Buffer.from([0x10, 0x04, 0x04]))]).toEqual([0x7e]);

    const mid = new EscPosSimulator({ fault: parseFault('paper-out-after:3') });
    mid.receive(job);
    expect(mid.receipts).toHaveLength(1);
    expect(mid.receipts[0]!.complete).toBe(false);
    expect(mid.textLog.length).toBe(3);
    expect(() => parseFault('on-fire')).toThrow(RangeError);
  });
});

describe('receipt template as data', () => {
  it('a missing value is an error, never a printed "{{…}}"', () => {
    const { receiptNo: _omit, ...rest } = values;
    expect(() => layoutReceipt(loadReceiptTemplate(), rest, 80)).toThrow(TemplateError);
  });

  it('a broken template file is refused at load with the reason', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tpl-'));
    const f = path.join(dir, 't.json');
    fs.writeFileSync(
      f,
      JSON.stringify({ name: 'x', blocks: [{ type: 'qr', data: '{{a}}', moduleSize: 20 }] }),
    );
    expect(() => loadReceiptTemplate(f)).toThrow(/moduleSize/);
    fs.writeFileSync(f, '{not json');
    expect(() => loadReceiptTemplate(f)).toThrow(TemplateError);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
