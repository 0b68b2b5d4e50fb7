/// <reference lib="webworker" />
import {
  findPage,
  laplacianVariance,
  motion,
  pageSize,
  toGrey,
  warpQuad,
  type Grey,
  type Quad,
} from './document-analysis.ts';
import { encodeBounded } from './jpeg-bound.ts';
import type { DocRequest, DocResponse } from './document-protocol.ts';

/**
 * Document camera analysis off the main thread: each frame is measured on a 320-px-wide grey copy
 * (sharpness, motion, page outline); a capture flattens the page at full resolution and encodes a
 * JPEG under the size bound. The UI thread only draws the preview.
 */
const ANALYSIS_WIDTH = 320;
let previous: Grey | null = null;

const post = (m: DocResponse, transfer: Transferable[] = []): void =>
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(m, transfer);

function pixels(bitmap: ImageBitmap, width: number, height: number): ImageData {
  const c = new OffscreenCanvas(width, height);
  const g = c.getContext('2d', { willReadFrequently: true })!;
  g.drawImage(bitmap, 0, 0, width, height);
  return g.getImageData(0, 0, width, height);
}

self.onmessage = (ev: MessageEvent<DocRequest>) => {
  const m = ev.data;
  void (async () => {
    try {
      if (m.type === 'analyze') {
        const w = ANALYSIS_WIDTH;
        const h = Math.round((m.bitmap.height / m.bitmap.width) * w);
        const img = pixels(m.bitmap, w, h);
        m.bitmap.close();
        const grey = toGrey(img.data, w, h);
        const quad = findPage(grey);
        const mv = previous ? motion(previous, grey) : 255;
        previous = grey;
        post({
          type: 'analysis',
          id: m.id,
          sharpness: laplacianVariance(grey),
          motion: mv,
          quad: quad ? (quad.map((p) => ({ x: p.x / w, y: p.y / h })) as Quad) : null,
        });
      } else if (m.type === 'capture') {
        const { width: W, height: H } = m.bitmap;
        const img = pixels(m.bitmap, W, H);
        m.bitmap.close();
        let out: ImageData;
        if (m.quad) {
          const q = m.quad.map((p) => ({ x: p.x * W, y: p.y * H })) as Quad;
          const size = pageSize(q);
          out = new ImageData(
            warpQuad({ width: W, height: H, data: img.data }, q, size.width, size.height),
            size.width,
            size.height,
          );
        } else out = img;
        const c = new OffscreenCanvas(out.width, out.height);
        c.getContext('2d')!.putImageData(out, 0, 0);
        const jpeg = await encodeBounded(c, m.maxBytes);
        post({ type: 'captured', id: m.id, jpeg, width: out.width, height: out.height }, [jpeg]);
      }
    } catch (e) {
      post({ type: 'error', id: m.id, message: e instanceof Error ? e.message : String(e) });
    }
  })();
};
