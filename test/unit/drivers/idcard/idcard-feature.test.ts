import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../../../../electron/core/config/config.ts';
import { createCore, type Core } from '../../../../electron/core/core.ts';
import type { Envelope, EventName } from '../../../../electron/contract/index.ts';

// A real core (SQLite in a temp dir) with the ID card feature: demo mode runs the in-process
// simulator behind the same reader service a real reader uses.
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function core(configJson?: object): Promise<{ core: Core; logs: string[] }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-idcard-'));
  const env: Record<string, string> = { KIOSK_DATA_DIR: dataDir };
  if (configJson) {
    fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify(configJson));
    env.KIOSK_CONFIG = path.join(dataDir, 'config.json');
  }
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const c = await createCore({ config: loadConfig(env), shell: 'web', log: pino({ level: 'trace' }, sink) });
  cleanups.push(async () => {
    await c.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { core: c, logs };
}

async function call(c: Core, name: string, payload: object = {}): Promise<Envelope> {
  return c.dispatch(name, payload, { shell: 'web' });
}

function nextEvent(c: Core, name: EventName, ms = 5000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no ${name}`)), ms);
    const off = c.subscribe((n, p) => {
      if (n === name) {
        clearTimeout(t);
        off();
        resolve(p);
      }
    });
  });
}

describe('ID card feature in the core', () => {
  it('demo mode: a technician inserts a demo card, the flow watching gets idcard.read; the wipe drops it', async () => {
    const { core: c, logs } = await core();
    await new Promise((r) => setTimeout(r, 100));
    const dev = (await call(c, 'device.list')) as {
      ok: true;
      value: { devices: { id: string; state: string; simulated: boolean }[] };
    };
    expect(dev.value.devices.find((d) => d.id === 'idcard-sim')).toMatchObject({
      state: 'ready',
      simulated: true,
    });

    const deck = (await call(c, 'idcard.simulate.deck')) as {
      ok: true;
      value: { cards: { cardType: string }[] };
    };
    expect(deck.value.cards.length).toBeGreaterThanOrEqual(3);
    await call(c, 'session.start');
    expect(await call(c, 'idcard.simulate.insert', { card: 1 })).toMatchObject({ ok: true });
    const read = nextEvent(c, 'idcard.read');
    const inserted = nextEvent(c, 'idcard.inserted');
    expect(await call(c, 'idcard.watch', { on: true })).toMatchObject({
      ok: true,
      value: { watching: true },
    });
    await inserted;
    const ev = (await read) as {
      card: { name: string; longTerm: boolean; hasPhoto: boolean; idNumber: string };
    };
    expect(ev.card).toMatchObject({ name: '阿卜杜热合曼·买买提艾力江别克', longTerm: true, hasPhoto: true });
    const cur = (await call(c, 'idcard.current')) as { ok: true; value: { card: { name: string } | null } };
    expect(cur.value.card?.name).toBe('阿卜杜热合曼·买买提艾力江别克');

    // Card data is personal: never in the log.
    const all = logs.join('');
    expect(all).not.toContain('阿卜杜热合曼');
    expect(all).not.toContain(ev.card.idNumber);

    await call(c, 'session.end', { reason: 'finished' });
    await call(c, 'session.start');
    const after = (await call(c, 'idcard.current')) as { ok: true; value: { card: unknown } };
    expect(after.value.card).toBeNull();
    const st = (await call(c, 'idcard.status')) as { ok: true; value: { watching: boolean } };
    expect(st.value.watching).toBe(false);
  });

  it('demo mode: a scripted fault reaches the renderer as idcard.fault with its message key', async () => {
    const { core: c } = await core();
    await call(c, 'idcard.simulate.fault', { fault: 'sam-fail' });
    await call(c, 'idcard.simulate.insert', { card: 0 });
    const fault = nextEvent(c, 'idcard.fault');
    await call(c, 'idcard.watch', { on: true });
    expect(await fault).toMatchObject({ kind: 'sam-fault', messageKey: 'idcard.samFault' });
    const dev = (await call(c, 'device.list')) as {
      ok: true;
      value: { devices: { id: string; state: string }[] };
    };
    expect(dev.value.devices.find((d) => d.id === 'idcard-sim')?.state).toBe('fault');
  });

  it('configured mode refuses demo card insertion with a typed error; no reader configured reads as absent', async () => {
    const { core: c } = await core({ devices: { mode: 'configured' } });
    const r = await call(c, 'idcard.simulate.insert', { card: 0 });
    expect(r).toMatchObject({ ok: false, error: { kind: 'rejected', messageKey: 'idcard.notSimulated' } });
    const w = await call(c, 'idcard.watch', { on: true });
    expect(w).toMatchObject({
      ok: false,
      error: { kind: 'disconnected', messageKey: 'idcard.disconnected' },
    });
    const dev = (await call(c, 'device.list')) as {
      ok: true;
      value: { devices: { id: string; state: string }[] };
    };
    expect(dev.value.devices.find((d) => d.id === 'idcard')?.state).toBe('absent');
  });
});
