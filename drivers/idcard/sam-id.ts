/**
 * SAM id ("management info", reply DATA of 12 FF, 16 bytes; spec §1.5):
 * u16le "." u16le "-" u32le "-" u32le (10 digits) "-" u32le (10 digits),
 * e.g. 05.01-20101129-0001228293-0296863149.
 */
export function decodeSamId(data: Uint8Array): string {
  if (data.length < 16) throw new RangeError(`SAM id needs 16 bytes, got ${data.length}`);
  const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const two = (n: number): string => String(n).padStart(2, '0');
  return [
    `${two(b.readUInt16LE(0))}.${two(b.readUInt16LE(2))}`,
    String(b.readUInt32LE(4)).padStart(8, '0'),
    String(b.readUInt32LE(8)).padStart(10, '0'),
    String(b.readUInt32LE(12)).padStart(10, '0'),
  ].join('-');
}

export function encodeSamId(id: string): Uint8Array {
  const m = /^(\d+)\.(\d+)-(\d+)-(\d+)-(\d+)$/.exec(id);
  if (!m) throw new Error(`not a SAM id: ${id}`);
  const b = Buffer.alloc(16);
  b.writeUInt16LE(Number(m[1]), 0);
  b.writeUInt16LE(Number(m[2]), 2);
  b.writeUInt32LE(Number(m[3]), 4);
  b.writeUInt32LE(Number(m[4]), 8);
  b.writeUInt32LE(Number(m[5]), 12);
  return Uint8Array.from(b);
}
