import { createCanvas, loadImage } from '@napi-rs/canvas';
import jsQR from 'jsqr';

/**
 * What tests can honestly check in a rendered receipt PNG: it decodes as an image, it is not blank
 * (enough dark pixels for the lines it should hold), and its QR symbol decodes back to bytes.
 * Chinese glyphs are not OCR'd: text is checked against the simulator's own parsed log.
 */
export async function inspectReceiptPng(file: string): Promise<{
  width: number;
  height: number;
  darkRatio: number;
  qr: string | null;
}> {
  const img = await loadImage(file);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, img.width, img.height);
  let dark = 0;
  for (let i = 0; i < data.data.length; i += 4) if (data.data[i]! < 128) dark++;
  const code = jsQR(new Uint8ClampedArray(data.data), img.width, img.height);
  return {
    width: img.width,
    height: img.height,
    darkRatio: dark / (img.width * img.height),
    qr: code ? Buffer.from(code.binaryData).toString('utf8') : null,
  };
}
