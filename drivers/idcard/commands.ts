import { encodeRequest } from './frame.ts';

/** The SAM command set (spec §1.3). `confirmed: false` marks commands only one source documents. */
export const commands = {
  reset: { cmd: 0x10, para: 0xff, confirmed: true },
  samStatus: { cmd: 0x11, para: 0xff, confirmed: true },
  samId: { cmd: 0x12, para: 0xff, confirmed: true },
  find: { cmd: 0x20, para: 0x01, confirmed: true },
  select: { cmd: 0x20, para: 0x02, confirmed: true },
  readText: { cmd: 0x30, para: 0x01, confirmed: true },
  readWithFingerprints: { cmd: 0x30, para: 0x10, confirmed: true },
  readAppendedAddress: { cmd: 0x30, para: 0x03, confirmed: false },
} as const;

export type CommandName = keyof typeof commands;

export function encodeCommand(name: CommandName): Buffer {
  const c = commands[name];
  return encodeRequest(c.cmd, c.para);
}

export const baudCodes = { 115200: 0x00, 57600: 0x01, 38400: 0x02, 19200: 0x03, 9600: 0x04 } as const;
export type SupportedBaud = keyof typeof baudCodes;

/** Set UART baud (CMD 60): unconfirmed, only one source lists it. */
export function encodeSetBaud(baud: SupportedBaud): Buffer {
  return encodeRequest(0x60, baudCodes[baud]);
}

/** Set max RF frame size SAM↔card (CMD 61 FF + 1 byte): unconfirmed, one source. */
export function encodeSetRfFrameSize(bytes: number): Buffer {
  return encodeRequest(0x61, 0xff, Uint8Array.of(bytes & 0xff));
}
