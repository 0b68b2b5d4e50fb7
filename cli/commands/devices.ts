import { SerialPort } from 'serialport';
import { loadHidBinding } from '../../drivers/transport/hid-link.ts';
import { hex4, loadUsbBinding } from '../../drivers/transport/usb-link.ts';
import type { CommandSpec } from '../command.ts';

/**
 * What a VID:PID usually is on a kiosk. A guess, said as one: USB-serial chips sit in front of card
 * readers and receipt printers alike, so those name both.
 */
const KNOWN: Record<string, string> = {
  '0400:C35A': '身份证阅读器 SAM 模块（USB 厂商批量端点，用 --transport usb）',
  '0483:5652': '可能是身份证阅读器 SAM 模块（备用 ID，未确认）',
  '1A86:7523': 'CH340 USB 转串口：常见于身份证阅读器或小票打印机',
  '1A86:55D4': 'CH9102 USB 转串口：常见于身份证阅读器或小票打印机',
  '1A86:7522': 'CH340K USB 转串口',
  '067B:2303': 'PL2303 USB 转串口',
  '10C4:EA60': 'CP210x USB 转串口',
  '0403:6001': 'FTDI USB 转串口',
  '0403:6015': 'FTDI USB 转串口',
  '0416:5011': '热敏小票打印机（Winbond 方案）',
  '0483:5720': '热敏小票打印机（STM32 方案）',
  '0483:5740': 'STM32 虚拟串口（部分读卡器/打印机）',
};
const VENDORS: Record<string, string> = {
  '04B8': 'Epson 打印机',
  '0519': 'Star 打印机',
  '0DD4': 'Custom 打印机',
  '28E9': 'GD32 方案设备（常见于国产小票打印机）',
  '0C2E': 'Honeywell 扫码器',
  '05E0': 'Zebra/Symbol 扫码器',
  '1EAB': '新大陆扫码器',
  '0C45': '摄像头',
  '046D': 'Logitech 摄像头/键鼠',
};

export function guessDevice(vid: number | null, pid: number | null, hint = ''): string {
  if (vid !== null && pid !== null) {
    const k = `${hex4(vid)}:${hex4(pid)}`;
    if (KNOWN[k]) return KNOWN[k];
    if (VENDORS[hex4(vid)]) return VENDORS[hex4(vid)]!;
  }
  if (/ttyS\d+$/.test(hint)) return '板载串口：可能接读卡器或打印机（用 kioskctl idcard sam --port 试探）';
  if (/usb\/lp\d+$/.test(hint)) return 'USB 打印机类设备（小票或 A4 打印机）';
  return '未知';
}

interface Row {
  bus: 'serial' | 'usb' | 'hid';
  id: string;
  vidPid: string | null;
  name: string;
  guess: string;
}

export const devicesCommands: CommandSpec[] = [
  {
    name: 'devices',
    summary: '列出串口、USB 和 HID 设备并猜测用途 (list serial/USB/HID devices with a guess)',
    usage: 'kioskctl devices [--json]',
    options: { json: { type: 'boolean' } },
    async run({ values, out, err }) {
      const rows: Row[] = [];
      const notes: string[] = [];
      try {
        for (const p of await SerialPort.list()) {
          const vid = p.vendorId ? parseInt(p.vendorId, 16) : null;
          const pid = p.productId ? parseInt(p.productId, 16) : null;
          rows.push({
            bus: 'serial',
            id: p.path,
            vidPid: vid !== null && pid !== null ? `${hex4(vid)}:${hex4(pid)}` : null,
            name: [p.manufacturer, p.pnpId].filter(Boolean).join(' ') || '—',
            guess: guessDevice(vid, pid, p.path),
          });
        }
      } catch (e) {
        notes.push(`串口列表不可用: ${(e as Error).message}`);
      }
      try {
        const usb = await loadUsbBinding();
        for (const d of await usb.list()) {
          rows.push({
            bus: 'usb',
            id: `${hex4(d.vendorId)}:${hex4(d.productId)}`,
            vidPid: `${hex4(d.vendorId)}:${hex4(d.productId)}`,
            name: [d.manufacturer, d.product].filter(Boolean).join(' ') || '—',
            guess: guessDevice(d.vendorId, d.productId),
          });
        }
      } catch (e) {
        notes.push(`USB 列表不可用（libusb）: ${(e as Error).message}`);
      }
      try {
        const hid = await loadHidBinding();
        for (const d of await hid.list()) {
          const g = guessDevice(d.vendorId, d.productId);
          rows.push({
            bus: 'hid',
            id: d.path ?? `${hex4(d.vendorId)}:${hex4(d.productId)}`,
            vidPid: `${hex4(d.vendorId)}:${hex4(d.productId)}`,
            name: [d.manufacturer, d.product].filter(Boolean).join(' ') || '—',
            guess: g === '未知' && d.usagePage === 1 ? '键盘类 HID：可能是扫码枪' : g,
          });
        }
      } catch (e) {
        notes.push(`HID 列表不可用: ${(e as Error).message}`);
      }
      if (values.json) {
        out(JSON.stringify({ devices: rows, notes }));
        return 0;
      }
      if (rows.length === 0) out('未发现串口、USB 或 HID 设备 (no devices found)');
      for (const r of rows)
        out(`${r.bus.padEnd(6)} ${r.id.padEnd(28)} ${(r.vidPid ?? '—').padEnd(9)}  ${r.guess}  [${r.name}]`);
      for (const n of notes) err(n);
      return 0;
    },
  },
];
