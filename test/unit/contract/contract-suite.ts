import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../../electron/contract/client.ts';
import {
  KioskError,
  MAX_PAYLOAD_BYTES,
  type KioskBridge,
  type KioskClient,
} from '../../../electron/contract/index.ts';

export interface TransportUnderTest {
  bridge: KioskBridge;
  shell: 'web' | 'electron';
  close(): Promise<void>;
}

/**
 * One suite, run against every transport of the contract (browser-mode HTTP/WebSocket and Electron
 * IPC): what the renderer can rely on must not depend on the shell it runs in.
 */
export function describeContract(name: string, open: () => Promise<TransportUnderTest>): void {
  describe(`contract over ${name}`, () => {
    let t: TransportUnderTest;
    let client: KioskClient;
    beforeAll(async () => {
      t = await open();
      client = createClient(t.bridge);
    });
    afterAll(async () => t.close());

    it('answers app.info and reports which shell it is', async () => {
      const info = await client.call('app.info', {});
      expect(info.shell).toBe(t.shell);
      expect(info.name).toBe('办事自助终端');
      expect(info.demo).toBe(true);
    });

    it('serves UI settings with the default idle times', async () => {
      const s = await client.call('ui.settings', {});
      expect(s).toMatchObject({ idleSeconds: 60, countdownSeconds: 15, defaultLocale: 'zh-CN' });
      expect(s.locales[0]).toBe('zh-CN');
      expect(s.locales).toContain('en');
    });

    it('runs a resident session from start to wipe and pushes the session.ended event', async () => {
      const ended: unknown[] = [];
      const off = client.on('session.ended', (p) => ended.push(p));
      const s = await client.call('session.start', {});
      expect(s).toMatchObject({ elderMode: false, locale: 'zh-CN' });
      expect((await client.call('session.update', { elderMode: true })).elderMode).toBe(true);
      expect((await client.call('session.current', {})).session?.id).toBe(s.id);
      expect(await client.call('session.touch', {})).toEqual({ active: true });
      expect(await client.call('session.end', { reason: 'idle' })).toEqual({ wiped: true });
      expect((await client.call('session.current', {})).session).toBeNull();
      await expect.poll(() => ended).toEqual([{ reason: 'idle' }]);
      off();
    });

    it('lists the demo devices', async () => {
      const { devices } = await client.call('device.list', {});
      expect(devices.map((d) => d.kind).sort()).toEqual(expect.arrayContaining(['idcard', 'printer']));
      expect(devices.every((d) => d.simulated)).toBe(true);
    });

    it('rejects wrong types with a typed bad-request error and keeps serving', async () => {
      const env = await t.bridge.invoke('session.start', { locale: 42 });
      expect(env).toMatchObject({
        ok: false,
        error: { kind: 'bad-request', messageKey: 'errors.bad-request' },
      });
      const extra = await t.bridge.invoke('session.end', { reason: 'idle', sneaky: true });
      expect(extra).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
      const notObject = await t.bridge.invoke('session.update', 'elder please');
      expect(notObject).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
      expect((await client.call('app.info', {})).shell).toBe(t.shell);
    });

    it('rejects an unknown channel with a typed error and keeps serving', async () => {
      const env = await t.bridge.invoke('fs.readFile' as never, { path: '/etc/shadow' });
      expect(env).toMatchObject({ ok: false, error: { kind: 'unknown-channel' } });
      const proto = await t.bridge.invoke('__proto__' as never, {});
      expect(proto).toMatchObject({ ok: false, error: { kind: 'unknown-channel' } });
      expect((await client.call('ui.settings', {})).idleSeconds).toBe(60);
    });

    it('rejects an oversized payload with too-large and keeps serving', async () => {
      const env = await t.bridge.invoke('session.update', {
        elderMode: true,
        pad: 'x'.repeat(MAX_PAYLOAD_BYTES + 10),
      });
      expect(env).toMatchObject({ ok: false, error: { kind: 'too-large' } });
      expect((await client.call('app.info', {})).name).toBe('办事自助终端');
    });

    it('gives the typed client a KioskError it can show, not a crash', async () => {
      const err = await client.call('session.end', { reason: 'bogus' as never }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KioskError);
      expect((err as KioskError).kind).toBe('bad-request');
    });
  });
}
