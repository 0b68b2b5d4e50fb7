import http from 'node:http';
import https from 'node:https';
import type { CryptoProfile, KeyPair } from './crypto-adapter.ts';
import { macRequest, signRequest, type SessionKey } from './signer.ts';

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
  /**
   * Authenticate with a session MAC after one signed handshake (signer.ts). Default true; off for
   * enrolment (the platform does not know the key yet). A platform without /v1/sessions gets
   * per-request signatures, as before.
   */
  sessions?: boolean;
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
  private readonly base: URL;
  constructor(opts: PlatformClientOptions) {
    this.opts = opts;
    const u = new URL(opts.baseUrl);
    this.base = u;
    this.isHttps = u.protocol === 'https:';
    if (this.isHttps && !opts.ca) throw new TransportError('tls', 'https requires a pinned CA certificate');
    this.agent = this.isHttps
      ? new https.Agent({ keepAlive: true, maxSockets: 8, ca: opts.ca })
      : new http.Agent({ keepAlive: true, maxSockets: 8 });
  }

  close(): void {
    this.agent.destroy();
  }

  private session: (SessionKey & { renewAt: number }) | null = null;
  private opening: Promise<SessionKey | null> | null = null;
  private sessionsUnsupported = false;
  /** Sessions opened by this client (tests and the technician's diagnostics). */
  sessionsOpened = 0;

  /**
   * Sends one request. With sessions, an answer of "session unknown/expired" (the platform
   * restarted, or the session ran out) opens a new session and sends the request once more.
   */
  async request(o: RequestOptions): Promise<PlatformResponse> {
    if (this.opts.sessions === false || this.sessionsUnsupported) return this.send(o, null);
    const s = await this.currentSession();
    const r = await this.send(o, s);
    if (s && r.status === 401 && /session-(unknown|expired)/.test(r.body.toString('utf8'))) {
      if (this.session?.id === s.id) this.session = null;
      return this.send(o, await this.currentSession());
    }
    return r;
  }

  /** Forgets the session (a test restarting the platform; a technician re-enrolling). */
  dropSession(): void {
    this.session = null;
  }

  private currentSession(): Promise<SessionKey | null> {
    if (this.session && this.opts.now() < this.session.renewAt) return Promise.resolve(this.session);
    // One handshake however many workers ask at once.
    this.opening ??= this.openSession().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async openSession(): Promise<SessionKey | null> {
    const { offer, finish } = this.opts.profile.sessionOffer(this.opts.keys);
    const r = await this.send(
      {
        method: 'POST',
        path: '/v1/sessions',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: Buffer.from(JSON.stringify({ offer })),
      },
      null,
    );
    if (r.status === 404 || r.status === 405 || r.status === 501) {
      this.sessionsUnsupported = true;
      return null;
    }
    // Refused (unknown kiosk, bad clock): the request itself goes signed and gets the same
    // refusal, which the caller classifies as it always has.
    if (r.status !== 201) return null;
    let a: { sessionId?: unknown; answer?: unknown; expiresInMs?: unknown };
    try {
      a = JSON.parse(r.body.toString('utf8')) as typeof a;
    } catch {
      throw new TransportError('garbage', 'unparseable session answer');
    }
    if (
      typeof a.sessionId !== 'string' ||
      !/^[0-9a-f]{32}$/.test(a.sessionId) ||
      typeof a.answer !== 'string' ||
      typeof a.expiresInMs !== 'number' ||
      !(a.expiresInMs > 0)
    )
      throw new TransportError('garbage', 'malformed session answer');
    let key: Buffer;
    try {
      key = finish(a.answer);
    } catch {
      return null;
    }
    const ttl = Math.min(a.expiresInMs, 24 * 3600_000);
    this.session = { id: a.sessionId, key, renewAt: this.opts.now() + ttl - Math.min(60_000, ttl / 10) };
    this.sessionsOpened++;
    return this.session;
  }

  private send(o: RequestOptions, session: SessionKey | null): Promise<PlatformResponse> {
    const base = this.base;
    const fullPath = (base.pathname.replace(/\/$/, '') + o.path).replace(/^$/, '/');
    const body = o.body ?? null;
    const toSign = {
      method: o.method,
      url: fullPath,
      body: o.unsignedBody ? ('unsigned' as const) : body,
      kioskId: this.opts.kioskId,
      now: this.opts.now(),
    };
    const sig = session
      ? macRequest(this.opts.profile, session, toSign)
      : signRequest(this.opts.profile, this.opts.keys, toSign);
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
