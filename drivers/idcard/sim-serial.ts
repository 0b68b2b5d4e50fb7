import { SerialPort } from 'serialport';
import type { SamSimulator } from './simulator.ts';

export interface SimServer {
  readonly path: string;
  close(): Promise<void>;
}

/**
 * Serves a simulator on a serial device path, normally the far end of a socat pty pair, so the
 * kiosk's serial transport talks to it exactly as to a USB-serial reader.
 */
export function serveOnSerial(sim: SamSimulator, path: string): Promise<SimServer> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate: sim.baudRate, hupcl: false, autoOpen: false });
    port.on('error', () => undefined);
    port.open((err) => {
      if (err) return reject(new Error(`simulator cannot open ${path}: ${err.message}`));
      const receive = sim.attach((bytes) => {
        if (port.isOpen) port.write(bytes);
      });
      port.on('data', (chunk: Buffer) => receive(chunk));
      resolve({
        path,
        close: () =>
          new Promise<void>((res) => {
            sim.detach();
            if (!port.isOpen) return res();
            port.close(() => res());
          }),
      });
    });
  });
}
