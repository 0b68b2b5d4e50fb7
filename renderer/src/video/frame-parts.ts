/**
 * Framing for the screen channel. Each batch of rrweb events is JSON, deflated (DOM JSON shrinks
 * several times, which is what makes co-browsing cheap on village links), then cut into parts
 * because an RTCDataChannel message has a size limit and a full snapshot can be hundreds of KB.
 * A part is binary: u32 batch id, u16 index, u16 count (big-endian), then the bytes. The agent
 * console (platform/video/agent-console.ts) joins and inflates them.
 */
export const PART_BYTES = 16_000;
const HEADER = 8;

export function toParts(id: number, bytes: Uint8Array, size = PART_BYTES): Uint8Array[] {
  const n = Math.max(1, Math.ceil(bytes.length / size));
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const body = bytes.subarray(i * size, (i + 1) * size);
    const part = new Uint8Array(HEADER + body.length);
    const v = new DataView(part.buffer);
    v.setUint32(0, id >>> 0);
    v.setUint16(4, i);
    v.setUint16(6, n);
    part.set(body, HEADER);
    out.push(part);
  }
  return out;
}

/** Joins parts back; returns the whole batch when its last missing part arrives, else null. */
export function partJoiner(): (part: Uint8Array) => Uint8Array | null {
  const pending = new Map<number, Uint8Array[]>();
  return (part) => {
    if (part.length < HEADER) return null;
    const v = new DataView(part.buffer, part.byteOffset, part.byteLength);
    const id = v.getUint32(0);
    const i = v.getUint16(4);
    const n = v.getUint16(6);
    if (n === 0 || i >= n) return null;
    const parts = pending.get(id) ?? new Array<Uint8Array>(n);
    if (parts.length !== n) return null;
    parts[i] = part.subarray(HEADER);
    pending.set(id, parts);
    for (let k = 0; k < n; k++) if (parts[k] === undefined) return null;
    pending.delete(id);
    const total = parts.reduce((s, p) => s + p.length, 0);
    const out = new Uint8Array(total);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
}

async function through(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  const piped = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

export const deflate = (text: string): Promise<Uint8Array> =>
  through(new TextEncoder().encode(text), new CompressionStream('deflate-raw'));
export const inflate = async (bytes: Uint8Array): Promise<string> =>
  new TextDecoder().decode(await through(bytes, new DecompressionStream('deflate-raw')));
