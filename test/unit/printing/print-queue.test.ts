import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../electron/core/store/store.ts';
import { createPayloadCipher, loadOrCreateKey } from '../../../electron/core/printing/payload-cipher.ts';
import { PrintQueue } from '../../../electron/core/printing/print-queue.ts';
import { formatBeijingTime, maskIdNumber } from '../../../electron/core/printing/receipt-content.ts';

let dir = '';
let store: Store | null = null;
afterEach(() => {
  store?.close();
  store = null;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function open(): { queue: PrintQueue; store: Store; now: { t: number } } {
  dir ||= fs.mkdtempSync(path.join(os.tmpdir(), 'print-queue-'));
  store = openStore(path.join(dir, 'kiosk.db'));
  const now = { t: Date.parse('2026-11-21T15:00:00Z') };
  const cipher = createPayloadCipher(loadOrCreateKey(path.join(dir, 'keys', 'print-queue.key')));
  return { queue: new PrintQueue(store.db, cipher, () => new Date(now.t).toISOString()), store, now };
}

describe('print queue in SQLite', () => {
  it('a job caught mid-send by a crash comes back failed/interrupted and reprintable, with its content', () => {
    let { queue } = open();
    queue.add({ id: 'j1', kind: 'receipt', receiptNo: 'R-0001', sessionId: 's1', content: { name: '王五' } });
    queue.add({ id: 'j2', kind: 'receipt', receiptNo: 'R-0002', sessionId: 's1', content: { name: '赵六' } });
    expect(queue.startAttempt('j1')).toBe(true);
    store!.close(); // "power cut" while j1 was printing and j2 waited
    store = null;
    ({ queue } = open());
    expect(queue.recover()).toBe(2);
    expect(queue.get('j1')).toMatchObject({
      state: 'failed',
      failure: 'interrupted',
      sessionId: null,
      hasPayload: true,
    });
    expect(queue.get('j2')).toMatchObject({ state: 'failed', sessionId: null, hasPayload: true });
    expect(queue.content<{ name: string }>('j1')).toEqual({ name: '王五' });
    expect(queue.startAttempt('j1')).toBe(true); // a person can reprint it
  });

  it('done purges the content; a done job cannot start again', () => {
    const { queue } = open();
    queue.add({ id: 'j1', kind: 'receipt', receiptNo: 'R-0001', sessionId: null, content: { name: '王五' } });
    queue.startAttempt('j1');
    queue.markDone('j1');
    expect(queue.get('j1')).toMatchObject({ state: 'done', hasPayload: false });
    expect(queue.content('j1')).toBeNull();
    expect(queue.startAttempt('j1')).toBe(false);
  });

  it('undone content expires after the retention period', () => {
    const { queue, now } = open();
    queue.add({
      id: 'old',
      kind: 'receipt',
      receiptNo: 'R-0001',
      sessionId: null,
      content: { name: '王五' },
    });
    now.t += 8 * 86_400_000;
    queue.add({
      id: 'new',
      kind: 'receipt',
      receiptNo: 'R-0002',
      sessionId: null,
      content: { name: '赵六' },
    });
    expect(queue.purgeOlderThan(new Date(now.t - 7 * 86_400_000).toISOString())).toBe(1);
    expect(queue.get('old')!.hasPayload).toBe(false);
    expect(queue.get('new')!.hasPayload).toBe(true);
  });

  it('sealed content is unreadable in the file, bound to its job, and tampering is detected', () => {
    const { queue, store: s } = open();
    queue.add({
      id: 'j1',
      kind: 'receipt',
      receiptNo: 'R-0001',
      sessionId: null,
      content: { name: '欧阳娜娜' },
    });
    queue.add({ id: 'j2', kind: 'receipt', receiptNo: 'R-0002', sessionId: null, content: { name: '李四' } });
    const raw = (s.db.prepare('SELECT payload FROM print_jobs WHERE id = ?').get('j1') as { payload: Buffer })
      .payload;
    expect(raw.includes(Buffer.from('欧阳娜娜'))).toBe(false);
    // Moving j1's sealed payload onto j2 does not decrypt (job id is authenticated data).
    s.db.prepare('UPDATE print_jobs SET payload = ? WHERE id = ?').run(raw, 'j2');
    expect(() => queue.content('j2')).toThrow();
    const flipped = Buffer.from(raw);
    flipped[flipped.length - 1]! ^= 1;
    s.db.prepare('UPDATE print_jobs SET payload = ? WHERE id = ?').run(flipped, 'j1');
    expect(() => queue.content('j1')).toThrow();
    expect(fs.statSync(path.join(dir, 'keys', 'print-queue.key')).mode & 0o777).toBe(0o600);
  });

  it('a wrong-sized key file is refused rather than silently replaced', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'print-queue-'));
    const f = path.join(dir, 'k');
    fs.writeFileSync(f, crypto.randomBytes(16));
    expect(() => loadOrCreateKey(f)).toThrow(/expected 32/);
  });

  it('releasing a session turns its pending jobs into failed ones (no printing for the next resident)', () => {
    const { queue } = open();
    queue.add({ id: 'j1', kind: 'receipt', receiptNo: 'R-0001', sessionId: 's1', content: {} });
    queue.add({ id: 'j2', kind: 'receipt', receiptNo: 'R-0002', sessionId: 's2', content: {} });
    expect(queue.releaseSession('s1')).toBe(1);
    expect(queue.pendingForSession('s1')).toEqual([]);
    expect(queue.pendingForSession('s2').map((j) => j.id)).toEqual(['j2']);
  });
});

describe('receipt content', () => {
  it('masks ID numbers as counters print them', () => {
    expect(maskIdNumber('330106199001011234')).toBe('330106********1234');
    expect(maskIdNumber('33010619900101123X')).toBe('330106********123X');
  });
  it('shows Beijing time', () => {
    expect(formatBeijingTime('2026-11-21T16:05:00Z')).toBe('2026-11-22 00:05');
    expect(() => formatBeijingTime('yesterday')).toThrow(RangeError);
  });
});
