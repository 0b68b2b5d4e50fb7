import { SerialPort } from 'serialport';
import type { Link, LinkOpener } from './link.ts';

export interface SerialOptions {
  path: string;
  /** 115200 8N1 is the default of the SAM reader and of most receipt printers. */
  baudRate?: number;
  dataBits?: 5 | 6 | 7 | 8;
  stopBits?: 1 | 1.5 | 2;
  parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  rtscts?: boolean;
}

/**
 * Opens a serial port (real UART, USB-serial adapter, or a socat pseudo-terminal) as a Link.
 * A read error or hang-up (unplug, far end of a pty gone) surfaces as onClose, which the
 * ReconnectingTransport turns into a retry.
 */
export function serialOpener(opts: SerialOptions): LinkOpener {
  return (handlers) =>
    new Promise<Link>((resolve, reject) => {
      const port = new SerialPort({
        path: opts.path,
        baudRate: opts.baudRate ?? 115200,
        dataBits: opts.dataBits ?? 8,
        stopBits: opts.stopBits ?? 1,
        parity: opts.parity ?? 'none',
        rtscts: opts.rtscts ?? false,
        // Do not drop DTR/RTS on close: some USB-serial readers reset on it and a pty refuses it.
        hupcl: false,
        autoOpen: false,
      });
      let closedByUs = false;
      let opened = false;
      port.on('data', (chunk: Buffer) => handlers.onData(chunk));
      port.on('close', (err: Error | null) => {
        if (opened && !closedByUs) handlers.onClose(err ?? new Error(`serial ${opts.path} closed`));
      });
      // Errors after open are followed by close; before open they reject the open below.
      port.on('error', () => undefined);
      port.open((err) => {
        if (err) {
          reject(new Error(`serial ${opts.path}: ${err.message}`));
          return;
        }
        opened = true;
        resolve({
          write: (data) =>
            new Promise<void>((res, rej) => {
              port.write(Buffer.from(data), (e) => {
                if (e) rej(e);
                else port.drain((e2) => (e2 ? rej(e2) : res()));
              });
            }),
          close: () =>
            new Promise<void>((res) => {
              if (closedByUs) return res();
              closedByUs = true;
              if (!port.isOpen) return res();
              port.close(() => res());
            }),
        });
      });
    });
}
