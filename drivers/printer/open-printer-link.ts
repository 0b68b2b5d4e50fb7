import { ReconnectingLink, type ReconnectOptions } from './printer-link.ts';
import { serialConnector } from './transports/serial-connector.ts';
import { deviceFileConnector } from './transports/device-file-connector.ts';
import { tcpConnector } from './transports/tcp-connector.ts';

export type PrinterAddress =
  | { transport: 'serial'; path: string; baudRate?: number }
  | { transport: 'usb-lp'; path: string }
  | { transport: 'tcp'; host: string; port?: number };

/**
 * Parses what a technician types for --port: "tcp://10.0.0.5:9100", "/dev/usb/lp0" (device file),
 * or anything else as a serial port ("/dev/ttyUSB0", "/dev/ttyS1@9600", "COM3").
 */
export function parsePrinterAddress(s: string): PrinterAddress {
  const tcp = /^tcp:\/\/([^:/]+)(?::(\d+))?$/.exec(s);
  if (tcp) return { transport: 'tcp', host: tcp[1]!, port: tcp[2] ? Number(tcp[2]) : 9100 };
  if (/^\/dev\/usb\/lp\d+$/.test(s)) return { transport: 'usb-lp', path: s };
  const serial = /^(.+?)(?:@(\d+))?$/.exec(s)!;
  return { transport: 'serial', path: serial[1]!, baudRate: serial[2] ? Number(serial[2]) : 115200 };
}

export function openPrinterLink(addr: PrinterAddress, opts?: ReconnectOptions): ReconnectingLink {
  switch (addr.transport) {
    case 'serial':
      return new ReconnectingLink(serialConnector(addr.path, addr.baudRate ?? 115200), opts);
    case 'usb-lp':
      return new ReconnectingLink(deviceFileConnector(addr.path), opts);
    case 'tcp':
      return new ReconnectingLink(tcpConnector(addr.host, addr.port ?? 9100), opts);
  }
}
