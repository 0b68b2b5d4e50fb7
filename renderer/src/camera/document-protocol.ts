import type { Quad } from './document-analysis.ts';

/** Messages between the document step and its worker (quads in frame fractions 0..1). */
export type DocRequest =
  | { type: 'analyze'; id: number; bitmap: ImageBitmap }
  | { type: 'capture'; id: number; bitmap: ImageBitmap; quad: Quad | null; maxBytes: number };

export type DocResponse =
  | { type: 'analysis'; id: number; sharpness: number; motion: number; quad: Quad | null }
  | { type: 'captured'; id: number; jpeg: ArrayBuffer; width: number; height: number }
  | { type: 'error'; id: number; message: string };
