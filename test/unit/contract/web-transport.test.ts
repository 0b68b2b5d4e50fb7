import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type BridgeServer } from '../../../electron/web/bridge-server.ts';
import { createWebBridge } from '../../../renderer/src/api/web-bridge.ts';
import { makeTestCore, type TestCore } from '../helpers/test-core.ts';
import { describeContract } from './contract-suite.ts';

function locationOf(server: BridgeServer): Pick<Location, 'protocol' | 'host' | 'hash'> {
  const u = new URL(server.appUrl);
  return { protocol: u.protocol, host: u.host, hash: u.hash };
}

// The renderer's own web bridge (fetch + WebSocket, both global in Node 24) against the real server.
describeContract('browser-mode HTTP/WebSocket', async () => {
  const tc = await makeTestCore({ shell: 'web' });
  const server = await startBridge({ core: tc.core, host: '127.0.0.1', port: 0, rendererDir: null });
  const bridge = createWebBridge(locationOf(server));
  await new Promise((r) => setTimeout(r, 100)); // let the event socket connect
  return {
    bridge,
    shell: 'web',
    async close() {
      await server.close();
      await tc.cleanup();
    },
  };
});

describe('browser-mode bridge guards', () => {
  let tc: TestCore;
  let server: BridgeServer;
  beforeAll(async () => {
    tc = await makeTestCore({ shell: 'web' });
    server = await startBridge({ core: tc.core, host: '127.0.0.1', port: 0, rendererDir: null });
  });
  afterAll(async () => {
    await server.close();
    await tc.cleanup();
  });

  const post = (path: string, headers: Record<string, string>, body = '{}') =>
    fetch(`${server.url}${path}`, { method: 'POST', headers, body });

  it('refuses a call without the per-launch token', async () => {
    const res = await post('/api/invoke/app.info', {});
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
  });

  it('refuses a wrong token', async () => {
    const res = await post('/api/invoke/app.info', { Authorization: 'Bearer nope' });
    expect(res.status).toBe(401);
  });

  it('refuses a call from another origin even with the token', async () => {
    const res = await post('/api/invoke/app.info', {
      Authorization: `Bearer ${server.token}`,
      Origin: 'http://evil.example',
    });
    expect(res.status).toBe(403);
  });

  it('answers a body that is not JSON with bad-request', async () => {
    const res = await post('/api/invoke/app.info', { Authorization: `Bearer ${server.token}` }, '{not json');
    expect(await res.json()).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
  });

  it('refuses the event socket without the token', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/events?token=wrong`);
    const outcome = await new Promise<string>((resolve) => {
      ws.onopen = () => resolve('open');
      ws.onerror = () => resolve('refused');
    });
    expect(outcome).toBe('refused');
  });
});
