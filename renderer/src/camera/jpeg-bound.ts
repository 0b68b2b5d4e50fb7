/**
 * JPEG under a byte bound: quality steps down first (text stays readable to about 0.5), then the
 * image is scaled down by 15 % at a time. Works on an OffscreenCanvas (worker) or HTMLCanvasElement.
 */
export async function encodeBounded(canvas: OffscreenCanvas, maxBytes: number): Promise<ArrayBuffer> {
  let c = canvas;
  for (let scaleStep = 0; scaleStep < 8; scaleStep++) {
    for (const quality of [0.82, 0.72, 0.62, 0.52]) {
      const blob = await c.convertToBlob({ type: 'image/jpeg', quality });
      if (blob.size <= maxBytes) return blob.arrayBuffer();
    }
    const smaller = new OffscreenCanvas(Math.round(c.width * 0.85), Math.round(c.height * 0.85));
    smaller.getContext('2d')!.drawImage(c, 0, 0, smaller.width, smaller.height);
    c = smaller;
  }
  throw new Error('cannot encode the image under the size bound');
}
