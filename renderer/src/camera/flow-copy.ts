import { toBase64 } from './capture-upload.ts';

/** Largest photo `flow.material` takes (240 000 base64 characters). */
const FLOW_PHOTO_BYTES = 179_000;

/** Base64 of the page for the flow's material photo, scaled down only when it would not fit. */
export async function flowCopy(jpeg: Blob): Promise<string> {
  if (jpeg.size <= FLOW_PHOTO_BYTES) return toBase64(new Uint8Array(await jpeg.arrayBuffer()));
  const bitmap = await createImageBitmap(jpeg);
  let scale = 0.8;
  try {
    for (;;) {
      const c = new OffscreenCanvas(Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
      c.getContext('2d')!.drawImage(bitmap, 0, 0, c.width, c.height);
      const b = await c.convertToBlob({ type: 'image/jpeg', quality: 0.7 });
      if (b.size <= FLOW_PHOTO_BYTES || scale < 0.3) return toBase64(new Uint8Array(await b.arrayBuffer()));
      scale *= 0.8;
    }
  } finally {
    bitmap.close();
  }
}
