import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { KioskError, MAX_PAYLOAD_BYTES, type Envelope } from '../contract/index.ts';
import type { Core } from '../core/core.ts';
import { securityHeaders } from '../core/security/headers.ts';
import { resolveStatic } from '../core/security/static-files.ts';

export interface BridgeOptions {
  core: Core;
  host: string;
  port: number;
  /** Built renderer (dist/renderer); when absent only the API is served. */
  rendererDir: string | null;
  token?: string;
}

export interface BridgeServer {
  readonly url: string;
  /** URL to open in the browser: carries the per-launch token in the fragment (never sent to servers). */
  readonly appUrl: string;
  readonly token: string;
  readonly port: number;
  close(): Promise<void>;
}

const API_PREFIX = '/api/invoke/';

/**
 * Browser mode: the same contract as the Electron preload, over HTTP (calls) and WebSocket (events)
 * on loopback. A per-launch token guards both, and Host/Origin checks stop DNS-rebinding pages in
 * another browser tab from reaching the core.
 */
export async function startBridge(opts: BridgeOptions): Promise<BridgeServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const tokenBuf = Buffer.from(token);
  let origin = '';
  let hostHeader = '';

  const tokenOk = (given: string | null | undefined): boolean => {
    if (!given) return false;
    const b = Buffer.from(given);
    return b.length === tokenBuf.length && timingSafeEqual(b, tokenBuf);
  };

  const send = (res: http.ServerResponse, status: number, env: Envelope): void => {
    const body = JSON.stringify(env);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Length': Buffer.byteLength(body),
      ...securityHeaders(),
    });
    res.end(body);
  };
  const fail = (res: http.ServerResponse, status: number, err: KioskError): void =>
    send(res, status, { ok: false, error: err.toData() });

  const server = http.createServer((req, res) => {
    if (req.headers.host !== hostHeader) {
      fail(res, 421, new KioskError('unauthorized', 'unexpected Host header'));
      return;
    }
    const url = req.url ?? '/';
    if (url.startsWith(API_PREFIX)) {
      handleApi(req, res, url.slice(API_PREFIX.length));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const found = opts.rendererDir ? resolveStatic(opts.rendererDir, url) : null;
    if (!found) {
      res
        .writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders() })
        .end('未找到 (not found)');
      return;
    }
    const isHtml = found.mime.startsWith('text/html');
    res.writeHead(200, {
      'Content-Type': found.mime,
      'Cache-Control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
      ...securityHeaders([`ws://${hostHeader}`]),
    });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(found.file).pipe(res);
  });

  function handleApi(req: http.IncomingMessage, res: http.ServerResponse, rawChannel: string): void {
    if (req.method !== 'POST') {
      fail(res, 405, new KioskError('bad-request', 'calls are POST'));
      return;
    }
    const auth = req.headers.authorization;
    if (!tokenOk(auth?.startsWith('Bearer ') ? auth.slice(7) : null)) {
      fail(res, 401, new KioskError('unauthorized', 'missing or wrong bridge token'));
      return;
    }
    if (req.headers.origin !== undefined && req.headers.origin !== origin) {
      fail(res, 403, new KioskError('unauthorized', 'cross-origin call refused'));
      return;
    }
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > MAX_PAYLOAD_BYTES) {
      fail(res, 413, new KioskError('too-large', `body of ${declared} bytes, limit ${MAX_PAYLOAD_BYTES}`));
      req.resume();
      return;
    }
    let channel: string;
    try {
      channel = decodeURIComponent(rawChannel);
    } catch {
      fail(res, 400, new KioskError('unknown-channel', 'undecodable channel'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let aborted = false;
    req.on('data', (c: Buffer) => {
      if (aborted) return;
      size += c.length;
      if (size > MAX_PAYLOAD_BYTES) {
        aborted = true;
        fail(res, 413, new KioskError('too-large', `body over ${MAX_PAYLOAD_BYTES} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (aborted) return;
      let payload: unknown;
      try {
        payload = size === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        fail(res, 400, new KioskError('bad-request', 'body is not JSON'));
        return;
      }
      opts.core
        .dispatch(channel, payload, { shell: 'web' })
        .then((env) => send(res, 200, env))
        .catch(() => fail(res, 500, new KioskError('internal', 'dispatch failed')));
    });
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const u = new URL(req.url ?? '/', 'http://x');
    if (
      u.pathname !== '/api/events' ||
      req.headers.host !== hostHeader ||
      (req.headers.origin !== undefined && req.headers.origin !== origin) ||
      !tokenOk(u.searchParams.get('token'))
    ) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // The renderer never sends on this socket; anything it does send is ignored.
      ws.on('message', () => undefined);
    });
  });
  const unsubscribe = opts.core.subscribe((event, payload) => {
    const msg = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(msg);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostPart = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  hostHeader = `${hostPart}:${port}`;
  origin = `http://${hostHeader}`;
  return {
    url: origin,
    appUrl: `${origin}/#token=${token}`,
    token,
    port,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
