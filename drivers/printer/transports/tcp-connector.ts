import net from 'node:net';
import type { Connector } from '../printer-link.ts';

/** A network receipt printer on raw TCP (port 9100, "JetDirect"): bytes in, DLE EOT replies out. */
export function tcpConnector(host: string, port = 9100, connectTimeoutMs = 3000): Connector {
  return (handlers) =>
    new Promise((resolve, reject) => {
      const sock = net.connect({ host, port });
      sock.setNoDelay(true); // a 3-byte DLE EOT query must not wait for Nagle
      const timer = setTimeout(
        () => sock.destroy(new Error(`connect to ${host}:${port} timed out`)),
        connectTimeoutMs,
      );
      sock.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      sock.once('connect', () => {
        clearTimeout(timer);
        sock.removeAllListeners('error');
        sock.setKeepAlive(true, 5000);
        sock.on('data', (chunk) => handlers.onData(chunk));
        sock.on('error', () => {});
        sock.on('close', () => handlers.onClose('connection closed'));
        resolve({
          write: (data) => new Promise<void>((res, rej) => sock.write(data, (e) => (e ? rej(e) : res()))),
          close: () =>
            new Promise<void>((res) => {
              if (sock.destroyed) return res();
              sock.once('close', () => res());
              sock.end();
              setTimeout(() => sock.destroy(), 500).unref();
            }),
        });
      });
    });
}
