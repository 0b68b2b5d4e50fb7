/**
 * Minimal RIFF/WAVE handling for 16-bit PCM: enough to read a duration, scale the volume and wrap
 * raw samples from an engine. espeak-ng writing to a pipe cannot seek back, so its header sizes may
 * be placeholders (0x7fffffff); the data length is then taken from the bytes actually present.
 */
export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  dataOffset: number;
  dataLength: number;
  durationMs: number;
}

export class WavError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WavError';
  }
}

export function parseWav(buf: Buffer): WavInfo {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new WavError('not a RIFF/WAVE file');
  }
  let off = 12;
  let fmt: { channels: number; sampleRate: number; bitsPerSample: number } | null = null;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    const body = off + 8;
    if (id === 'fmt ') {
      if (body + 16 > buf.length) throw new WavError('truncated fmt chunk');
      fmt = {
        channels: buf.readUInt16LE(body + 2),
        sampleRate: buf.readUInt32LE(body + 4),
        bitsPerSample: buf.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!fmt) throw new WavError('data chunk before fmt chunk');
      if (fmt.sampleRate <= 0 || fmt.channels <= 0 || fmt.bitsPerSample <= 0)
        throw new WavError('bad format');
      const dataLength = Math.min(size, buf.length - body);
      const bytesPerSecond = fmt.sampleRate * fmt.channels * (fmt.bitsPerSample / 8);
      return { ...fmt, dataOffset: body, dataLength, durationMs: (dataLength / bytesPerSecond) * 1000 };
    }
    off = body + size + (size % 2);
  }
  throw new WavError('no data chunk');
}

/** Returns a copy with every 16-bit sample multiplied by `factor` (0..1), headers fixed to the real size. */
export function scaleWav(buf: Buffer, factor: number): Buffer {
  const info = parseWav(buf);
  const out = Buffer.from(buf.subarray(0, info.dataOffset + info.dataLength));
  out.writeUInt32LE(out.length - 8, 4);
  out.writeUInt32LE(info.dataLength, info.dataOffset - 4);
  if (info.bitsPerSample !== 16) return out;
  const f = Math.max(0, Math.min(1, factor));
  for (let i = info.dataOffset; i + 1 < info.dataOffset + info.dataLength; i += 2) {
    out.writeInt16LE(Math.round(out.readInt16LE(i) * f), i);
  }
  return out;
}

/** Wraps mono float samples (-1..1) from a neural engine as 16-bit PCM WAV. */
export function floatToWav(samples: Float32Array, sampleRate: number): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i] ?? 0));
    data.writeInt16LE(Math.round(s * 32767), i * 2);
  }
  const head = Buffer.alloc(44);
  head.write('RIFF', 0, 'ascii');
  head.writeUInt32LE(36 + data.length, 4);
  head.write('WAVEfmt ', 8, 'ascii');
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20);
  head.writeUInt16LE(1, 22);
  head.writeUInt32LE(sampleRate, 24);
  head.writeUInt32LE(sampleRate * 2, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36, 'ascii');
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}
