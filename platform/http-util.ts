import type http from 'node:http';

/** An HTTP answer other than 2xx, thrown by a route and turned into a JSON error by the server. */
export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    // Over the limit the rest is read and dropped, so the client hears a clean 413 rather than a
    // reset it would have to treat as "maybe delivered".
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n <= limit) chunks.push(c);
    });
    req.on('end', () =>
      n > limit ? reject(new HttpError(413, 'body too large')) : resolve(Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

/** JSON answers are never cached: they describe state that changes (queues, applications). */
export function sendJson(res: http.ServerResponse, status: number, data: unknown): void {
  const body = JSON.stringify(data);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}
