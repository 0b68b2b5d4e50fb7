import { CAPTURE_CHUNK_BYTES, type CaptureInfo } from '../../../electron/contract/camera.ts';
import type { KioskClient } from '../../../electron/contract/index.ts';

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Sends a still to the core in bridge-sized chunks (camera.capture.put); the core seals it. */
export async function uploadCapture(
  client: KioskClient,
  jpeg: ArrayBuffer,
  meta: { kind: 'face' | 'page'; materialKey: string | null; width: number; height: number },
): Promise<CaptureInfo> {
  const bytes = new Uint8Array(jpeg);
  const parts = Math.max(1, Math.ceil(bytes.length / CAPTURE_CHUNK_BYTES));
  const captureId = crypto.randomUUID();
  try {
    for (let part = 0; part < parts; part++) {
      const r = await client.call('camera.capture.put', {
        captureId,
        ...meta,
        part,
        parts,
        data: base64(bytes.subarray(part * CAPTURE_CHUNK_BYTES, (part + 1) * CAPTURE_CHUNK_BYTES)),
      });
      if (r.complete && r.capture) return r.capture;
    }
    throw new Error('upload did not complete');
  } finally {
    // The renderer keeps no copy of a still once the core has it.
    bytes.fill(0);
  }
}

export function toBase64(bytes: Uint8Array): string {
  return base64(bytes);
}
