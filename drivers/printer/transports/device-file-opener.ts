import fs from 'node:fs';
import type { LinkOpener } from '../../transport/link.ts';

/**
 * A USB printer-class device file (/dev/usb/lp0 from the kernel's usblp driver) as a Link for
 * drivers/transport's ReconnectingTransport. usblp allows a single open, so one read-write
 * descriptor carries both the job and the DLE EOT replies (usblp returns the printer's
 * bidirectional channel on read). Works against a pty too, which is how the tests drive it.
 */
export function deviceFileOpener(path: string): LinkOpener {
  return async (handlers) => {
    const fd = await new Promise<number>((res, rej) =>
      fs.open(path, 'r+', (e, fd) => (e ? rej(e) : res(fd))),
    );
    let closed = false;
    const stream = fs.createReadStream('', { fd, autoClose: false, highWaterMark: 256 });
    stream.on('data', (chunk) => handlers.onData(chunk as Buffer));
    const lost = (why: string): void => {
      if (closed) return;
      closed = true;
      stream.destroy();
      fs.close(fd, () => {});
      handlers.onClose(new Error(`${path}: ${why}`));
    };
    stream.on('error', (e) => lost(e.message));
    stream.on('end', () => lost('device closed'));
    return {
      write: async (data) => {
        let off = 0;
        while (off < data.length) {
          off += await new Promise<number>((res, rej) =>
            fs.write(fd, data, off, data.length - off, null, (e, n) => (e ? rej(e) : res(n))),
          );
        }
      },
      close: async () => {
        if (closed) return;
        closed = true;
        stream.destroy();
        await new Promise<void>((res) => fs.close(fd, () => res()));
      },
    };
  };
}
