import { describe, expect, it } from 'vitest';
import { guessDevice } from '../../../../cli/commands/devices.ts';

// `kioskctl devices` names what a technician plugged in; a wrong guess sends them to the wrong cable.
describe('kioskctl devices: what each device probably is', () => {
  it('recognises the standard SAM module, USB-serial bridges, printers and on-board ports', () => {
    expect(guessDevice(0x0400, 0xc35a)).toContain('身份证阅读器 SAM 模块');
    expect(guessDevice(0x1a86, 0x7523)).toContain('CH340');
    expect(guessDevice(0x04b8, 0x0e15)).toContain('Epson');
    expect(guessDevice(null, null, '/dev/ttyS0')).toContain('板载串口');
    expect(guessDevice(null, null, '/dev/usb/lp0')).toContain('打印机');
    expect(guessDevice(0x1234, 0x5678)).toBe('未知');
  });
});
