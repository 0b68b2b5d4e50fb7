import type { Benchmark, Figure } from './bench.ts';
import { median } from './bench.ts';
import { createPtyPair } from '../../drivers/transport/pty-pair.ts';
import { ReconnectingTransport } from '../../drivers/transport/reconnecting-transport.ts';
import { serialOpener } from '../../drivers/transport/serial-link.ts';
import { SamClient } from '../../drivers/idcard/sam-client.ts';
import { SamSimulator } from '../../drivers/idcard/simulator.ts';
import { serveOnSerial } from '../../drivers/idcard/sim-serial.ts';
import { wireMs } from '../../drivers/idcard/frame.ts';

/**
 * idcard.read_ms: find + select + read (text + photo) through the serial transport and a real socat
 * pty, against the simulator honouring 115200 8N1 byte timing with no RF processing time.
 * idcard.read_ratio_to_wire: that latency over the pure wire time of every byte exchanged in the
 * same reads (requests + replies, 10 bits per byte), measured side by side in this run.
 */
const BAUD = 115200;
const ROUNDS = 40;

const bench: Benchmark = {
  area: 'idcard',
  async run(log) {
    const pair = await createPtyPair();
    const sim = new SamSimulator({
      baudRate: BAUD,
      byteTiming: true,
      processingMs: { find: 0, select: 0, read: 0 },
    });
    sim.insert(0);
    const server = await serveOnSerial(sim, pair.b);
    const transport = new ReconnectingTransport({
      open: serialOpener({ path: pair.a, baudRate: BAUD }),
      description: 'bench',
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
        `${ROUNDS} reads, median ${readMs.toFixed(1)} ms; wire time of the ${Math.round((wire * BAUD) / 10000)} bytes exchanged ${wire.toFixed(1)} ms; overlaps ${sim.overlaps}`,
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
      await transport.stop();
      await server.close();
      await pair.close();
    }
  },
};

export default bench;
