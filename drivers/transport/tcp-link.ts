import net from 'node:net';
import type { Link, LinkOpener } from './link.ts';

export interface TcpOptions {
  host: string;
  port: number;
  connectTimeoutMs?: number;
}

/** A TCP transparent bridge (serial-over-LAN box, network receipt printer on 9100) as a Link. */
export function tcpOpener(opts: TcpOptions): LinkOpener {
  return (handlers) =>
    new Promise<Link>((resolve, reject) => {
      const sock = net.connect({ host: opts.host, port: opts.port });
      sock.setNoDelay(true);
      let opened = false;
      let closedByUs = false;
      sock.setTimeout(opts.connectTimeoutMs ?? 3000, () => {
        if (!opened) sock.destroy(new Error(`tcp ${opts.host}:${opts.port}: connect timeout`));
      });
      sock.on('data', (chunk: Buffer) => handlers.onData(chunk));
      sock.on('error', (err) => {
        if (!opened) reject(err);
      });
      sock.on('close', () => {
        if (opened && !closedByUs) handlers.onClose(new Error(`tcp ${opts.host}:${opts.port} closed`));
      });
      sock.on('connect', () => {
        opened = true;
        sock.setTimeout(0);
        resolve({
          write: (data) => new Promise<void>((res, rej) => sock.write(data, (e) => (e ? rej(e) : res()))),
          close: async () => {
            closedByUs = true;
            sock.destroy();
          },
        });
      });
    });
}
