import { afterEach, describe, expect, it } from 'vitest';
import { SerialPort } from 'serialport';
import { createPtyPair, type PtyPair } from '../../../../drivers/transport/pty-pair.ts';
import { ReconnectingTransport } from '../../../../drivers/transport/reconnecting-transport.ts';
import { serialOpener } from '../../../../drivers/transport/serial-link.ts';
import type { TransportStateEvent } from '../../../../drivers/transport/link.ts';

// Real pseudo-terminals from socat: the serial transport runs through the kernel tty layer exactly
// as against a USB-serial adapter.
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function openFarEnd(path: string): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const p = new SerialPort({ path, baudRate: 115200, hupcl: false, autoOpen: false });
    p.open((e) => (e ? reject(e) : resolve(p)));
  });
}

function closePort(p: SerialPort): Promise<void> {
  return new Promise((r) => (p.isOpen ? p.close(() => r()) : r()));
}

function collect(t: ReconnectingTransport): { bytes: () => Buffer } {
  const parts: Buffer[] = [];
  t.onData((c) => parts.push(c));
  return { bytes: () => Buffer.concat(parts) };
}

async function until(pred: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('serial transport over a socat pty pair', () => {
  it('carries bytes both ways through the kernel tty layer', async () => {
    const pair = await createPtyPair();
    cleanups.push(() => pair.close());
    const t = new ReconnectingTransport({ open: serialOpener({ path: pair.a }), description: 'serial test' });
    cleanups.push(() => t.stop());
    const got = collect(t);
    t.start();
    await t.waitOpen(2000);
    const far = await openFarEnd(pair.b);
    cleanups.push(() => closePort(far));
    const farGot: Buffer[] = [];
    far.on('data', (c: Buffer) => farGot.push(c));
    const payload = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff));
    await t.write(payload);
    await until(() => Buffer.concat(farGot).length >= payload.length, 3000);
    expect(Buffer.concat(farGot)).toEqual(payload);
    far.write(Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]));
    await until(() => got.bytes().length >= 5, 2000);
    expect([...got.bytes()]).toEqual([0xaa, 0xaa, 0xaa, 0x96, 0x69]);
  });

  it('reports the loss when the far end goes away and is open again within 2 s of it coming back', async () => {
    let pair: PtyPair = await createPtyPair();
    const { a, b } = pair;
    cleanups.push(() => pair.close());
    const t = new ReconnectingTransport({
      open: serialOpener({ path: a }),
      description: 'serial test',
      backoff: { initialMs: 50, maxMs: 400 },
    });
    cleanups.push(() => t.stop());
    const states: TransportStateEvent[] = [];
    t.onState((s) => states.push(s));
    const got = collect(t);
    t.start();
    await t.waitOpen(2000);

    // Unplug: the pty pair disappears, as when the simulator (or the USB-serial cable) goes.
    await pair.close();
    await until(() => t.state === 'reconnecting', 2000);
    await expect(t.write(Buffer.from([1]))).rejects.toMatchObject({ kind: 'disconnected' });
    // Stay unplugged for a while so backoff grows to its ceiling, then plug back in.
    await new Promise((r) => setTimeout(r, 800));
    pair = await createPtyPair({ a, b });
    const back = Date.now();
    await t.waitOpen(2000);
    expect(Date.now() - back).toBeLessThan(2000);
    const far = await openFarEnd(b);
    cleanups.push(() => closePort(far));
    far.write(Buffer.from('ok'));
    await until(() => got.bytes().toString() === 'ok', 2000);
    expect(states.map((s) => s.state)).toContain('reconnecting');
    expect(states.at(-1)?.state).toBe('open');
  });
});
