import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { ReconnectingTransport } from '../../drivers/transport/reconnecting-transport.ts';
import { serialOpener } from '../../drivers/transport/serial-link.ts';
import { tcpOpener } from '../../drivers/transport/tcp-link.ts';
import { createPtyPair } from '../../drivers/transport/pty-pair.ts';
import { usbOpener } from '../../drivers/transport/usb-link.ts';
import { SAM_USB, samUsbSplit, type SamUsbFraming } from '../../drivers/idcard/usb-framing.ts';
import { SamClient } from '../../drivers/idcard/sam-client.ts';
import { IdCardError, isIdCardError } from '../../drivers/idcard/errors.ts';
import { maskIdNumber } from '../../drivers/idcard/id-number.ts';
import { SamSimulator, simFaults, type SimFault } from '../../drivers/idcard/simulator.ts';
import { serveOnSerial } from '../../drivers/idcard/sim-serial.ts';
import type { IdCard } from '../../drivers/idcard/card-text.ts';
import type { CommandSpec } from '../command.ts';

const BAUDS = [115200, 57600, 38400, 19200, 9600];

function baudOf(v: unknown): number {
  if (v === undefined) return 115200;
  const n = Number(v);
  if (!BAUDS.includes(n)) throw new Error(`--baud 只能是 ${BAUDS.join('/')} (got ${String(v)})`);
  return n;
}

function portOf(v: unknown): string {
  if (typeof v !== 'string' || !v) {
    throw new Error(
      '需要 --port，例如 /dev/ttyUSB0、tcp://10.0.0.5:4001 或 usb（标准 SAM USB 模块 0400:C35A）',
    );
  }
  return v;
}

function framingOf(v: unknown): SamUsbFraming {
  if (v === undefined || v === 'split' || v === 'single') return (v ?? 'split') as SamUsbFraming;
  throw new Error('--usb-framing 只能是 split 或 single');
}

/** Opens the reader (serial path, tcp://host:port, or "usb" for the 0400:C35A module) and gives a client. */
async function withReader<T>(
  port: string,
  baud: number,
  fn: (c: SamClient) => Promise<T>,
  framing: SamUsbFraming = 'split',
): Promise<T> {
  const tcp = /^tcp:\/\/([^:/]+):(\d{1,5})$/.exec(port);
  const usb = port === 'usb';
  const transport = new ReconnectingTransport({
    open: usb
      ? usbOpener({
          vendorId: SAM_USB.vendorId,
          productId: SAM_USB.productId,
          inEndpoints: [...SAM_USB.in],
          splitWrite: samUsbSplit(framing),
        })
      : tcp
        ? tcpOpener({ host: tcp[1]!, port: Number(tcp[2]) })
        : serialOpener({ path: port, baudRate: baud }),
    description: port,
    backoff: { initialMs: 100, maxMs: 500 },
  });
  let lastDetail = '';
  transport.onState((ev) => (lastDetail = ev.detail));
  transport.start();
  try {
    await transport.waitOpen(3000).catch(() => {
      throw new IdCardError(
        'disconnected',
        'idcard.disconnected',
        `无法打开 ${port}（检查连线、权限或路径）: ${lastDetail}`,
      );
    });
    const client = new SamClient({ transport, baudRate: tcp || usb ? null : baud });
    try {
      return await fn(client);
    } finally {
      client.dispose();
    }
  } finally {
    await transport.stop();
  }
}

const TYPE_ZH: Record<IdCard['cardType'], string> = {
  resident: '居民身份证',
  'foreign-permanent': '外国人永久居留身份证（2017版）',
  'gat-residence': '港澳台居民居住证',
};

function printable(card: IdCard, showId: boolean): Record<string, unknown> {
  return { ...card, idNumber: showId ? card.idNumber : maskIdNumber(card.idNumber) };
}

function failure(e: unknown, err: (s: string) => void): number {
  if (isIdCardError(e)) {
    err(`${e.residentMessage}`);
    err(`  (${e.kind}: ${e.message})`);
    return e.kind === 'no-card' ? 2 : 1;
  }
  throw e;
}

export const idcardCommands: CommandSpec[] = [
  {
    name: 'idcard read',
    summary: '读取一张身份证，检查读卡器 (read a card; ID number masked unless --show-id)',
    usage:
      'kioskctl idcard read --port <path|tcp://host:port|usb> [--baud N] [--usb-framing split|single] [--json] [--show-id] [--wait 秒]',
    options: {
      port: { type: 'string' },
      'usb-framing': { type: 'string' },
      baud: { type: 'string' },
      json: { type: 'boolean' },
      'show-id': { type: 'boolean' },
      wait: { type: 'string' },
      fingerprints: { type: 'boolean' },
    },
    async run({ values, out, err }) {
      const port = portOf(values.port);
      const baud = baudOf(values.baud);
      const waitS = values.wait === undefined ? 10 : Number(values.wait);
      if (!Number.isFinite(waitS) || waitS < 0 || waitS > 600) throw new Error('--wait 应为 0-600 秒');
      try {
        return await withReader(
          port,
          baud,
          async (client) => {
            await client.samStatus();
            const deadline = Date.now() + waitS * 1000;
            let prompted = false;
            while (!(await client.find())) {
              if (Date.now() >= deadline)
                throw new IdCardError('no-card', 'idcard.noCard', `no card within ${waitS} s`);
              if (!prompted && !values.json) err('请将身份证放在感应区… (waiting for a card)');
              prompted = true;
              await new Promise((r) => setTimeout(r, 200));
            }
            await client.select();
            const t0 = Date.now();
            const blocks = await client.read(values.fingerprints === true);
            const { decodeCardText } = await import('../../drivers/idcard/card-text.ts');
            const card = decodeCardText(blocks.text);
            const shown = printable(card, values['show-id'] === true);
            if (values.json) {
              out(
                JSON.stringify({
                  ...shown,
                  photoBytes: blocks.photo.length,
                  fingerprintBytes: blocks.fingerprints?.length ?? null,
                  readMs: Date.now() - t0,
                }),
              );
            } else {
              out(`证件类型: ${TYPE_ZH[card.cardType]}`);
              out(`姓名: ${card.name}${card.nameEn ? ` (${card.nameEn})` : ''}`);
              out(`性别: ${card.gender}${card.ethnicity ? `  民族: ${card.ethnicity}` : ''}`);
              out(`出生: ${card.birthDate ?? '（日期无效）'}`);
              if (card.address) out(`住址: ${card.address}`);
              out(`证件号码: ${shown.idNumber as string}`);
              if (card.authority) out(`签发机关: ${card.authority}`);
              if (card.nationality) out(`国籍: ${card.nationality}`);
              if (card.passNumber) out(`通行证号码: ${card.passNumber}  签发次数: ${card.issueCount}`);
              out(`有效期: ${card.validFrom ?? '?'} 至 ${card.longTerm ? '长期' : (card.validUntil ?? '?')}`);
              out(`照片: ${blocks.photo.length} 字节 WLT（未解码，需厂商解码库）`);
            }
            if (card.problems.length) {
              err(`警告：证件信息校验未通过 (card data failed checks): ${card.problems.join(', ')}`);
              return 3;
            }
            return 0;
          },
          framingOf(values['usb-framing']),
        );
      } catch (e) {
        return failure(e, err);
      }
    },
  },
  {
    name: 'idcard sam',
    summary: '查看读卡器 SAM 模块编号和状态 (SAM id and status)',
    usage: 'kioskctl idcard sam --port <path> [--baud N] [--json]',
    options: { port: { type: 'string' }, baud: { type: 'string' }, json: { type: 'boolean' } },
    async run({ values, out, err }) {
      const port = portOf(values.port);
      try {
        return await withReader(port, baudOf(values.baud), async (client) => {
          let status = 'ok';
          let statusDetail = '';
          try {
            await client.samStatus();
          } catch (e) {
            if (!isIdCardError(e)) throw e;
            status = e.kind;
            statusDetail = e.message;
          }
          const samId = status === 'ok' ? await client.samId() : null;
          if (values.json) out(JSON.stringify({ port, status, statusDetail, samId }));
          else {
            out(`SAM 状态: ${status === 'ok' ? '正常' : `异常 ${statusDetail}`}`);
            if (samId) out(`SAM 编号: ${samId}`);
          }
          return status === 'ok' ? 0 : 1;
        });
      } catch (e) {
        return failure(e, err);
      }
    },
  },
  {
    name: 'idcard simulate',
    summary: '在伪终端上运行模拟读卡器，直到被终止 (serve the reader simulator on a pty)',
    usage: `kioskctl idcard simulate --link <path> [--card N] [--fault ${simFaults.join('|')}] [--baud N] [--fast] [--pacing spin|timer]`,
    options: {
      link: { type: 'string' },
      card: { type: 'string' },
      fault: { type: 'string' },
      baud: { type: 'string' },
      fast: { type: 'boolean' },
      pacing: { type: 'string' },
    },
    async run({ values, out, err }) {
      if (typeof values.link !== 'string' || !values.link) throw new Error('需要 --link，例如 /tmp/idcard');
      const link = path.resolve(values.link);
      const fault = (values.fault ?? 'none') as SimFault;
      if (!simFaults.includes(fault)) throw new Error(`--fault 只能是 ${simFaults.join(', ')}`);
      if (values.pacing !== undefined && values.pacing !== 'spin' && values.pacing !== 'timer') {
        throw new Error('--pacing 只能是 spin 或 timer');
      }
      // Its own process stands in for a device with its own CPU: spin-paced by default (see simulator.ts).
      const sim = new SamSimulator({
        baudRate: baudOf(values.baud),
        byteTiming: values.fast !== true,
        pacing: values.pacing === 'timer' ? 'timer' : 'spin',
      });
      if (values.card !== 'none') {
        const idx = values.card === undefined ? 0 : Number(values.card);
        if (!Number.isInteger(idx) || !sim.deck[idx])
          throw new Error(`--card 应为 0-${sim.deck.length - 1} 或 none`);
        sim.insert(idx);
      }
      sim.setFault(fault);
      const farDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-idsim-'));
      const far = path.join(farDir, 'sim');
      let stopping = false;
      const stop = new Promise<void>((resolve) => {
        const onSig = (): void => {
          stopping = true;
          resolve();
        };
        process.once('SIGINT', onSig);
        process.once('SIGTERM', onSig);
      });
      let announced = false;
      // socat ends the pair when the kiosk side closes its end; serve again on the same path, as a
      // reader stays plugged in between two technicians' reads.
      while (!stopping) {
        const pair = await createPtyPair({ a: link, b: far });
        const server = await serveOnSerial(sim, pair.b);
        if (!announced) {
          out(`模拟读卡器已就绪 (simulator ready): ${link}`);
          out(
            `  卡片: ${sim.cardIndex === null ? '无' : `${sim.cardIndex} ${sim.deck[sim.cardIndex]!.label}`}  故障: ${fault}  ${values.fast ? '无字节时序' : `${sim.baudRate} 波特字节时序`}`,
          );
          announced = true;
        }
        await Promise.race([pair.exited, stop]);
        await server.close();
        await pair.close();
      }
      fs.rmSync(farDir, { recursive: true, force: true });
      err('模拟读卡器已停止 (simulator stopped)');
      return 0;
    },
  },
];
