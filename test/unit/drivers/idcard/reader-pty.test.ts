import { afterEach, describe, expect, it } from 'vitest';
import { createPtyPair, type PtyPair } from '../../../../drivers/transport/pty-pair.ts';
import { ReconnectingTransport } from '../../../../drivers/transport/reconnecting-transport.ts';
import { serialOpener } from '../../../../drivers/transport/serial-link.ts';
import { IdCardReaderService, type ReaderEvents } from '../../../../drivers/idcard/reader-service.ts';
import { SamSimulator, type SimFault } from '../../../../drivers/idcard/simulator.ts';
import { serveOnSerial, type SimServer } from '../../../../drivers/idcard/sim-serial.ts';
import { idcardMessagesZh } from '../../../../electron/contract/idcard-messages.ts';
import { IdCardError } from '../../../../drivers/idcard/errors.ts';
import { wireMs } from '../../../../drivers/idcard/frame.ts';

// The simulator on one end of a real socat pty pair, the reader service on the other, through the
// same serial transport a USB-serial reader uses.
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

interface Rig {
  pair: PtyPair;
  sim: SamSimulator;
  server: SimServer;
  service: IdCardReaderService;
  events: { name: keyof ReaderEvents; payload: unknown; at: number }[];
  next<E extends keyof ReaderEvents>(name: E, ms?: number): Promise<ReaderEvents[E]>;
}

async function rig(
  fault: SimFault,
  card: number | null = 0,
  opts: { byteTiming?: boolean } = {},
): Promise<Rig> {
  const pair = await createPtyPair();
  cleanups.push(() => pair.close());
  const sim = new SamSimulator({ byteTiming: opts.byteTiming ?? false, random: seeded(99) });
  if (card !== null) sim.insert(card);
  sim.setFault(fault);
  const server = await serveOnSerial(sim, pair.b);
  cleanups.push(() => server.close());
  const transport = new ReconnectingTransport({
    open: serialOpener({ path: pair.a, baudRate: 115200 }),
    description: `serial ${pair.a}`,
    backoff: { initialMs: 50, maxMs: 400 },
  });
  const service = new IdCardReaderService({ transport, baudRate: 115200, pollIntervalMs: 50 });
  cleanups.push(() => service.stop());
  const events: Rig['events'] = [];
  const waiters: { name: keyof ReaderEvents; resolve: (p: unknown) => void; from: number }[] = [];
  for (const name of ['card-inserted', 'card-read', 'card-removed', 'fault', 'state'] as const) {
    service.on(name, (payload) => {
      events.push({ name, payload, at: Date.now() });
      for (const w of waiters.splice(0)) {
        if (w.name === name) w.resolve(payload);
        else waiters.push(w);
      }
    });
  }
  service.start();
  service.watch(true);
  return {
    pair,
    sim,
    server,
    service,
    events,
    next: (name, ms = 5000) =>
      new Promise((resolve, reject) => {
        const seen = events.find((e) => e.name === name && !(e as { used?: boolean }).used);
        if (seen) {
          (seen as { used?: boolean }).used = true;
          return resolve(seen.payload as never);
        }
        const t = setTimeout(
          () => reject(new Error(`no ${name} within ${ms} ms; saw ${events.map((e) => e.name).join(',')}`)),
          ms,
        );
        waiters.push({
          name,
          from: Date.now(),
          resolve: (p) => {
            clearTimeout(t);
            const e = events.findLast((x) => x.name === name);
            if (e) (e as { used?: boolean }).used = true;
            resolve(p as never);
          },
        });
      }),
  };
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

const zh = idcardMessagesZh;

describe('reader service over a real pty pair', () => {
  it('reads a card once: card-inserted then card-read, not repeated while the card stays', async () => {
    const r = await rig('none', 0);
    await r.next('card-inserted');
    const read = await r.next('card-read');
    expect(read.card.name).toBe('张伟');
    expect(read.card.problems).toEqual([]);
    expect(read.photo.length).toBe(1024);
    await new Promise((res) => setTimeout(res, 400));
    expect(r.events.filter((e) => e.name === 'card-read')).toHaveLength(1);
    expect(r.events.filter((e) => e.name === 'card-inserted')).toHaveLength(1);
    expect(r.sim.overlaps).toBe(0);
    r.sim.remove();
    await r.next('card-removed');
    r.sim.insert(4);
    const again = await r.next('card-read');
    expect(again.card.cardType).toBe('foreign-permanent');
    expect(r.sim.overlaps).toBe(0);
  });

  it('stops sending commands when no flow needs a card', async () => {
    const r = await rig('none', null);
    await new Promise((res) => setTimeout(res, 300));
    r.service.watch(false);
    await new Promise((res) => setTimeout(res, 200));
    const before = r.sim.requests;
    await new Promise((res) => setTimeout(res, 500));
    expect(r.sim.requests).toBe(before);
  });

  it('fault no-card: nothing is reported, and a direct read says 未检测到身份证', async () => {
    const r = await rig('no-card', 0);
    await new Promise((res) => setTimeout(res, 500));
    expect(r.events.filter((e) => e.name === 'card-read' || e.name === 'fault')).toEqual([]);
    r.service.watch(false);
    const err = await r.service.client.readCard().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdCardError);
    expect((err as IdCardError).kind).toBe('no-card');
    expect((err as IdCardError).residentMessage).toBe('未检测到身份证，请将身份证放在感应区');
  });

  it('fault removed-mid-read: removed-mid-read fault and card-removed', async () => {
    const r = await rig('removed-mid-read', 0);
    await r.next('card-inserted');
    const f = await r.next('fault');
    expect(f.kind).toBe('removed-mid-read');
    expect(zh[f.messageKey]).toBe('身份证已移开，请重新放置并保持不动');
    await r.next('card-removed');
    expect(r.events.some((e) => e.name === 'card-read')).toBe(false);
  });

  it('fault sam-fail: SAM fault, reported once', async () => {
    const r = await rig('sam-fail', 0);
    const f = await r.next('fault');
    expect(f.kind).toBe('sam-fault');
    expect(zh[f.messageKey]).toBe('读卡器故障，请联系工作人员');
    expect(f.detail).toContain('SW3=60');
    await new Promise((res) => setTimeout(res, 1500));
    expect(r.events.filter((e) => e.name === 'fault')).toHaveLength(1);
    expect(r.service.state).toBe('fault');
  });

  it('fault bad-checksum: bad-frame fault, no card data accepted', async () => {
    const r = await rig('bad-checksum', 0);
    const f = await r.next('fault');
    expect(f.kind).toBe('bad-frame');
    expect(zh[f.messageKey]).toBe('读卡器通信出错，正在重试，请保持身份证不动');
    expect(r.events.some((e) => e.name === 'card-read')).toBe(false);
    // Once the line is clean again the card is read.
    r.sim.setFault('none');
    expect((await r.next('card-read')).card.name).toBe('张伟');
  });

  it('fault garbage: the decoder resyncs past the noise and the card is read', async () => {
    const r = await rig('garbage', 2);
    const read = await r.next('card-read');
    expect(read.card.idNumber.endsWith('X')).toBe(true);
    expect(r.service.client.stats.garbageBytes).toBeGreaterThan(0);
    expect(r.events.some((e) => e.name === 'fault')).toBe(false);
  });

  it('fault slow: a reader that honours 115200 byte timing is still read, no sooner than the wire allows', async () => {
    const r = await rig('slow', 1);
    await r.next('card-inserted');
    const t0 = Date.now();
    const read = await r.next('card-read', 8000);
    expect(read.card.longTerm).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(Math.floor(wireMs(1295, 115200)));
    expect(r.events.some((e) => e.name === 'fault')).toBe(false);
  });

  it('fault mute: timeout fault', async () => {
    const r = await rig('mute', 0);
    const f = await r.next('fault');
    expect(f.kind).toBe('timeout');
    expect(zh[f.messageKey]).toBe('读卡器响应超时，请稍候重试');
  });

  it('fault bad-check-digit: the card is reported as invalid, not accepted', async () => {
    const r = await rig('bad-check-digit', 0);
    const f = await r.next('fault');
    expect(f.kind).toBe('invalid-card');
    expect(f.problems).toContain('id-check-digit');
    expect(zh[f.messageKey]).toBe('身份证信息校验未通过，请联系工作人员');
    expect(r.events.some((e) => e.name === 'card-read')).toBe(false);
  });

  it('reports the disconnect and reads again within 2 s after the simulator end is closed and reopened', async () => {
    const r = await rig('none', 0);
    await r.next('card-read');
    const { a, b } = r.pair;
    await r.server.close();
    await r.pair.close();
    const f = await r.next('fault');
    expect(f.kind).toBe('disconnected');
    expect(zh[f.messageKey]).toBe('读卡器未连接，请联系工作人员');
    await new Promise((res) => setTimeout(res, 1000));
    const pair = await createPtyPair({ a, b });
    cleanups.push(() => pair.close());
    const reopened = Date.now();
    const server = await serveOnSerial(r.sim, b);
    cleanups.push(() => server.close());
    const read = await r.next('card-read', 2000);
    expect(read.card.name).toBe('张伟');
    expect(Date.now() - reopened).toBeLessThan(2000);
  });
});
