/** Messages between the face step and the face worker (boxes in frame fractions 0..1). */
export type FaceRequest =
  | { type: 'init'; modelBase: string; wasmBase: string }
  /** `full`: also the template (embedding) and the passive anti-spoof/liveness scores. */
  | { type: 'detect'; id: number; bitmap: ImageBitmap; full: boolean };

export interface FaceResult {
  x: number;
  y: number;
  w: number;
  h: number;
  score: number;
  yaw: number;
  openness: number;
  /** Grey standard deviation inside the eye boxes (drops when the lids close). */
  eyeContrast: number;
  real: number | null;
  live: number | null;
  embedding: number[] | null;
}

export type FaceResponse =
  | { type: 'ready'; loadMs: number; backend: string }
  | { type: 'face'; id: number; ms: number; face: FaceResult | null }
  | { type: 'error'; id: number | null; message: string };
