import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark, Figure } from './bench.ts';
import { median } from './bench.ts';
import { ReconnectingTransport } from '../../drivers/transport/reconnecting-transport.ts';
import { serialOpener } from '../../drivers/transport/serial-link.ts';
import { SamClient } from '../../drivers/idcard/sam-client.ts';
import { wireMs } from '../../drivers/idcard/frame.ts';

/**
 * idcard.read_ms: find + select + read (text + photo) through the serial transport and a real socat
 * pty, against `kioskctl idcard simulate` honouring 115200 8N1 byte timing with no RF processing time.
 * The simulator runs in its own process, as a reader is its own device: it does not share the
 * kiosk's event loop. idcard.read_ratio_to_wire: that latency over the pure wire time of every byte
 * exchanged in the same reads (requests + replies, 10 bits per byte), measured side by side.
 */
const BAUD = 115200;
const ROUNDS = 40;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const bench: Benchmark = {
  area: 'idcard',
  async run(log) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-idcard-bench-'));
    const link = path.join(dir, 'reader');
    const sim = spawn(
      process.execPath,
      [
        path.join(root, 'cli/kioskctl.ts'),
        'idcard',
        'simulate',
        '--link',
        link,
        '--card',
        '0',
        '--baud',
        String(BAUD),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const transport = new ReconnectingTransport({
      open: serialOpener({ path: link, baudRate: BAUD }),
      description: 'bench',
    });
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        const t = setTimeout(() => reject(new Error(`simulator not ready: ${out}`)), 10_000);
        sim.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('simulator ready')) {
            clearTimeout(t);
            resolve();
          }
        });
        sim.once('exit', (c) => reject(new Error(`simulator exited ${c}: ${out}`)));
      });
      transport.start();
      await transport.waitOpen(3000);
      const client = new SamClient({ transport, baudRate: BAUD });
      try {
        await client.samStatus();
        const times: number[] = [];
        const wires: number[] = [];
        for (let i = 0; i < ROUNDS + 3; i++) {
          const out0 = client.stats.bytesOut;
          const in0 = client.stats.bytesIn;
          const t0 = performance.now();
          const r = await client.readCard();
          const ms = performance.now() - t0;
          if (r.card.problems.length) throw new Error('simulator card failed its checks');
          const bytes = client.stats.bytesOut - out0 + (client.stats.bytesIn - in0);
          if (i >= 3) {
            times.push(ms);
            wires.push(wireMs(bytes, BAUD));
          }
        }
        const readMs = median(times);
        const wire = median(wires);
        log(
          `${ROUNDS} reads, median ${readMs.toFixed(1)} ms (min ${Math.min(...times).toFixed(1)}); wire time of the ${Math.round((wire * BAUD) / 10000)} bytes exchanged ${wire.toFixed(1)} ms`,
        );
        const figures: Figure[] = [
          { name: 'idcard.read_ms', value: Number(readMs.toFixed(1)), unit: 'ms', target: null },
          {
            name: 'idcard.read_ratio_to_wire',
            value: Number((readMs / wire).toFixed(3)),
            unit: 'ratio',
            target: '<= 1.05',
          },
        ];
        return figures;
      } finally {
        client.dispose();
      }
    } finally {
      await transport.stop();
      if (sim.exitCode === null && sim.signalCode === null) {
        const exited = new Promise((r) => sim.once('exit', r));
        sim.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
