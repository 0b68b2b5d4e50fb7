import { loadConfig } from '../../electron/core/config/config.ts';
import {
  HidPosScanner,
  maskScan,
  parseTerminator,
  parseVidPid,
  SerialScanner,
  type RawScan,
  type ScannerSource,
} from '../../drivers/scanner/index.ts';
import {
  classifyCode,
  compileShapes,
  type Classification,
} from '../../electron/core/scanner/code-classifier.ts';
import { receiptKeys } from '../../electron/core/scanner/receipt-keys.ts';
import type { CommandSpec } from '../command.ts';

const KIND_ZH: Record<Classification['kind'], string> = {
  receipt: '本机办件回执（签名有效）',
  'social-security-card': '电子社保卡（需联网核验）',
  'medical-insurance': '医保码（需联网核验）',
  'net-id': '网证（需联网核验）',
  refused: '拒绝',
};

const REFUSAL_ZH: Record<string, string> = {
  url: '网址',
  'receipt-invalid': '回执签名无效',
  'receipt-foreign': '非本机（或未受信终端）的回执',
  unknown: '无法识别',
  garbled: '乱码',
};

function describe(c: Classification): string {
  return c.kind === 'refused' ? `${KIND_ZH.refused}：${REFUSAL_ZH[c.refusal] ?? c.refusal}` : KIND_ZH[c.kind];
}

export const scannerCommands: CommandSpec[] = [
  {
    name: 'scanner listen',
    summary: '监听扫码器，逐条显示扫到的码（已脱敏）及其类别 (listen to the scanner, masked)',
    usage:
      'kioskctl scanner listen [--hid VID:PID | --port /dev/ttyACM0 [--terminator CR|LF|CRLF] [--baud 9600]] [--count N] [--timeout S] [--json]',
    options: {
      hid: { type: 'string' },
      port: { type: 'string' },
      terminator: { type: 'string' },
      baud: { type: 'string' },
      count: { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
    },
    async run({ values, out, err }) {
      if (values.hid && values.port) throw new Error('--hid 与 --port 只能选一个');
      const config = loadConfig();
      const cfg = config.scanner;
      const count = values.count ? Number(values.count) : 0;
      const timeoutS = values.timeout ? Number(values.timeout) : 0;
      if (!Number.isInteger(count) || count < 0) throw new Error('--count 应为非负整数');
      if (!Number.isFinite(timeoutS) || timeoutS < 0) throw new Error('--timeout 应为秒数');

      let scanner: ScannerSource;
      if (typeof values.port === 'string') {
        scanner = new SerialScanner({
          path: values.port,
          baudRate: values.baud ? Number(values.baud) : cfg.serial.baudRate,
          terminator: parseTerminator(
            typeof values.terminator === 'string' ? values.terminator : cfg.serial.terminator,
          ),
          aimPrefix: cfg.serial.aimPrefix,
          backoff: { initialMs: 200, maxMs: 1000 },
        });
      } else {
        const sel = typeof values.hid === 'string' ? parseVidPid(values.hid) : {};
        scanner = new HidPosScanner({
          ...sel,
          usagePage: cfg.hid.usagePage,
          backoff: { initialMs: 200, maxMs: 1000 },
        });
      }
      const rules = {
        lookupUrl: config.printing.lookupUrl,
        receiptKeys: receiptKeys(config),
        shapes: compileShapes(cfg.shapes),
      };

      let n = 0;
      let lastState = '';
      await new Promise<void>((resolve) => {
        const finish = (): void => {
          process.off('SIGINT', finish);
          resolve();
        };
        process.on('SIGINT', finish);
        if (timeoutS > 0) setTimeout(finish, timeoutS * 1000).unref();
        scanner.onState((ev) => {
          if (ev.state === lastState) return;
          lastState = ev.state;
          if (ev.state === 'open') err(`扫码器已连接：${scanner.description}，请扫码…`);
          else if (ev.state === 'reconnecting') err(`扫码器未连接，正在重试：${ev.detail}`);
        });
        scanner.onError((e) => err(`丢弃一次读码：${e.kind}`));
        scanner.onScan((s: RawScan) => {
          n++;
          const c = classifyCode(s.text, rules);
          // The code itself is personal data: only its masked form ever reaches the terminal.
          if (values.json)
            out(
              JSON.stringify({
                n,
                masked: maskScan(s),
                symbology: s.symbology,
                kind: c.kind,
                ...(c.kind === 'refused' ? { refusal: c.refusal } : {}),
              }),
            );
          else out(`#${n} ${maskScan(s)} → ${describe(c)}`);
          if (count > 0 && n >= count) finish();
        });
        scanner.start();
      });
      await scanner.stop();
      return count > 0 && n < count ? 1 : 0;
    },
  },
];
