import { SerialPort } from 'serialport';
import type { Connector } from '../printer-link.ts';

/** A receipt printer on a serial port (RS-232 or a USB-serial adapter, /dev/ttyUSB0, COM3). */
export function serialConnector(path: string, baudRate = 115200): Connector {
  return (handlers) =>
    new Promise((resolve, reject) => {
      const port = new SerialPort({ path, baudRate, autoOpen: false });
      port.open((err) => {
        if (err) return reject(err);
        port.on('data', (chunk: Buffer) => handlers.onData(chunk));
        port.on('close', () => handlers.onClose('closed'));
        port.on('error', (e: Error) => handlers.onClose(e.message));
        resolve({
          write: (data) =>
            new Promise<void>((res, rej) => {
              port.write(data, (e) => {
                if (e) return rej(e);
                port.drain((d) => (d ? rej(d) : res()));
              });
            }),
          close: () =>
            new Promise<void>((res) => {
              if (!port.isOpen) return res();
              port.close(() => res());
            }),
        });
      });
    });
}
