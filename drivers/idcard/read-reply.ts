/**
 * DATA of a successful read reply (spec §1.6): big-endian lengths, then the blocks.
 *   30 01: textLen(2) photoLen(2) text photo                    (text 256, photo 1024)
 *   30 10: textLen(2) photoLen(2) fpLen(2) text photo fp        (fp 0, 512 or 1024)
 * Lengths are parsed properly (not with the `a<<8+b` precedence bug of one source) and checked
 * against the bytes present, so a short or padded reply is a typed error, not a misread.
 */
export interface ReadBlocks {
  text: Uint8Array;
  photo: Uint8Array;
  fingerprints: Uint8Array | null;
}

export class ReadReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadReplyError';
  }
}

export function parseReadData(data: Uint8Array, withFingerprints: boolean): ReadBlocks {
  const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const head = withFingerprints ? 6 : 4;
  if (b.length < head) throw new ReadReplyError(`read reply DATA ${b.length} bytes, shorter than its header`);
  const textLen = b.readUInt16BE(0);
  const photoLen = b.readUInt16BE(2);
  const fpLen = withFingerprints ? b.readUInt16BE(4) : 0;
  if (textLen !== 256) throw new ReadReplyError(`text block length ${textLen}, expected 256`);
  if (photoLen !== 0 && photoLen !== 1024)
    throw new ReadReplyError(`photo block length ${photoLen}, expected 1024`);
  if (fpLen !== 0 && fpLen !== 512 && fpLen !== 1024) throw new ReadReplyError(`fingerprint length ${fpLen}`);
  const need = head + textLen + photoLen + fpLen;
  if (b.length !== need) throw new ReadReplyError(`read reply DATA ${b.length} bytes, header says ${need}`);
  const text = Uint8Array.from(b.subarray(head, head + textLen));
  const photo = Uint8Array.from(b.subarray(head + textLen, head + textLen + photoLen));
  const fingerprints = withFingerprints ? Uint8Array.from(b.subarray(head + textLen + photoLen, need)) : null;
  return { text, photo, fingerprints };
}

export function buildReadData(blocks: ReadBlocks): Uint8Array {
  const withFp = blocks.fingerprints !== null;
  const head = Buffer.alloc(withFp ? 6 : 4);
  head.writeUInt16BE(blocks.text.length, 0);
  head.writeUInt16BE(blocks.photo.length, 2);
  if (withFp) head.writeUInt16BE(blocks.fingerprints!.length, 4);
  return Uint8Array.from(
    Buffer.concat([head, blocks.text, blocks.photo, blocks.fingerprints ?? new Uint8Array()]),
  );
}
