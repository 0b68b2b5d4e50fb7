import { ReconnectingTransport } from '../transport/reconnecting-transport.ts';
import { serialOpener } from '../transport/serial-link.ts';
import { tcpOpener } from '../transport/tcp-link.ts';
import type { BackoffOptions } from '../transport/backoff.ts';
import { transportLink, type ByteLink } from './printer-link.ts';
import { deviceFileOpener } from './transports/device-file-opener.ts';

export type PrinterAddress =
  | { transport: 'serial'; path: string; baudRate: number }
  | { transport: 'usb-lp'; path: string }
  | { transport: 'tcp'; host: string; port: number };

/**
 * Parses what a technician types for --port or config printing.receipt.port: "tcp://10.0.0.5:9100",
 * "/dev/usb/lp0" (USB printer-class device file), or anything else as a serial port
 * ("/dev/ttyUSB0", "/dev/ttyS1@9600", "COM3").
 */
export function parsePrinterAddress(s: string): PrinterAddress {
  const tcp = /^tcp:\/\/([^:/]+)(?::(\d+))?$/.exec(s);
  if (tcp) return { transport: 'tcp', host: tcp[1]!, port: tcp[2] ? Number(tcp[2]) : 9100 };
  if (/^\/dev\/usb\/lp\d+$/.test(s)) return { transport: 'usb-lp', path: s };
  const serial = /^(.+?)(?:@(\d+))?$/.exec(s)!;
  return { transport: 'serial', path: serial[1]!, baudRate: serial[2] ? Number(serial[2]) : 115200 };
}

export function describeAddress(a: PrinterAddress): string {
  return a.transport === 'tcp' ? `tcp ${a.host}:${a.port}` : `${a.transport} ${a.path}`;
}

/** Opens (and keeps reconnecting) the printer at an address, through the shared transport. */
export function openPrinterLink(addr: PrinterAddress, backoff?: Partial<BackoffOptions>): ByteLink {
  const open =
    addr.transport === 'serial'
      ? serialOpener({ path: addr.path, baudRate: addr.baudRate })
      : addr.transport === 'tcp'
        ? tcpOpener({ host: addr.host, port: addr.port })
        : deviceFileOpener(addr.path);
  const t = new ReconnectingTransport({
    open,
    description: `printer ${describeAddress(addr)}`,
    ...(backoff ? { backoff } : {}),
  });
  t.start();
  return transportLink(t);
}
