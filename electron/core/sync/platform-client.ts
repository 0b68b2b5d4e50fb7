import http from 'node:http';
import https from 'node:https';
import type { CryptoProfile, KeyPair } from './crypto-adapter.ts';
import { signRequest } from './signer.ts';

/**
 * The kiosk's HTTP client for the platform API (api/openapi.yaml). Every request is signed; https
 * trusts ONLY the pinned provincial CA (never the system store), so a proxy with a public
 * certificate cannot read residents' data. Failures are classified for the relay:
 *   - 'network': no response (refused, reset, timeout, TLS) — the request may or may not have landed
 *   - 'garbage': a response we cannot parse — treated like no response
 */
export interface PlatformClientOptions {
  baseUrl: string;
  kioskId: string;
  profile: CryptoProfile;
  keys: KeyPair;
  /** PEM of the pinned CA; required for https. */
  ca?: string | Buffer;
  timeoutMs?: number;
  now: () => number;
  /** Counts bytes written to the socket as request bodies (tests and the bandwidth budget). */
  onBodyBytes?: (n: number) => void;
}

export interface PlatformResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export class TransportError extends Error {
  readonly kind: 'network' | 'timeout' | 'tls' | 'garbage';
  constructor(kind: 'network' | 'timeout' | 'tls' | 'garbage', message: string) {
    super(message);
    this.name = 'TransportError';
    this.kind = kind;
  }
}

export interface RequestOptions {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | null;
  /** tus PATCH: the body is streamed and not covered by the signature (see signer.ts). */
  unsignedBody?: boolean;
  timeoutMs?: number;
}

export class PlatformClient {
  readonly opts: PlatformClientOptions;
  private readonly agent: http.Agent;
  private readonly isHttps: boolean;
  constructor(opts: PlatformClientOptions) {
    this.opts = opts;
    const u = new URL(opts.baseUrl);
    this.isHttps = u.protocol === 'https:';
    if (this.isHttps && !opts.ca) throw new TransportError('tls', 'https requires a pinned CA certificate');
    this.agent = this.isHttps
      ? new https.Agent({ keepAlive: true, maxSockets: 8, ca: opts.ca })
      : new http.Agent({ keepAlive: true, maxSockets: 8 });
  }

  close(): void {
    this.agent.destroy();
  }

  request(o: RequestOptions): Promise<PlatformResponse> {
    const base = new URL(this.opts.baseUrl);
    const fullPath = (base.pathname.replace(/\/$/, '') + o.path).replace(/^$/, '/');
    const body = o.body ?? null;
    const sig = signRequest(this.opts.profile, this.opts.keys, {
      method: o.method,
      url: fullPath,
      body: o.unsignedBody ? 'unsigned' : body,
      kioskId: this.opts.kioskId,
      now: this.opts.now(),
    });
    const headers: Record<string, string | number> = { ...sig, ...(o.headers ?? {}) };
    if (body) headers['content-length'] = body.length;
    const timeout = o.timeoutMs ?? this.opts.timeoutMs ?? 15_000;
    const lib = this.isHttps ? https : http;
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (e: TransportError): void => {
        if (settled) return;
        settled = true;
        reject(e);
      };
      const req = lib.request(
        {
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port,
          method: o.method,
          path: fullPath,
          headers,
          agent: this.agent,
          ...(this.isHttps ? { ca: this.opts.ca, rejectUnauthorized: true } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (settled) return;
            settled = true;
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
          });
          res.on('error', (e) => fail(new TransportError('network', e.message)));
          res.on('aborted', () => fail(new TransportError('network', 'response aborted')));
        },
      );
      req.setTimeout(timeout, () => {
        req.destroy();
        fail(new TransportError('timeout', `no answer within ${timeout} ms`));
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        const tls = /certificate|self[- ]signed|CERT|SSL|TLS/i.test(`${e.code ?? ''} ${e.message}`);
        fail(new TransportError(tls ? 'tls' : 'network', `${e.code ?? 'error'}: ${e.message}`));
      });
      if (body) {
        req.write(body, () => this.opts.onBodyBytes?.(body.length));
      }
      req.end();
    });
  }

  /** JSON helper: parses 2xx bodies and throws TransportError('garbage') when they are not JSON. */
  async json<T>(o: RequestOptions): Promise<{ status: number; data: T | null; raw: PlatformResponse }> {
    const raw = await this.request({
      ...o,
      headers: {
        accept: 'application/json',
        ...(o.body ? { 'content-type': 'application/json' } : {}),
        ...o.headers,
      },
    });
    if (raw.body.length === 0) return { status: raw.status, data: null, raw };
    try {
      return { status: raw.status, data: JSON.parse(raw.body.toString('utf8')) as T, raw };
    } catch {
      if (raw.status >= 200 && raw.status < 300) {
        throw new TransportError('garbage', `unparseable ${raw.status} response`);
      }
      return { status: raw.status, data: null, raw };
    }
  }
}
