/**
 * The card photo is 1024 bytes of WLT, a proprietary compression (patent CN1779717A) that decodes to a
 * 102 × 126 24-bit image (spec §1.9). No open decoder exists, so nothing here decodes it: the codec
 * keeps the blob opaque and a deployment that licenses a vendor decoder (libwlt2bmp.so, WltRS.dll, …)
 * plugs it in here, e.g. through a small native addon or a child process.
 */
export const WLT_PHOTO_BYTES = 1024;
export const PHOTO_WIDTH = 102;
export const PHOTO_HEIGHT = 126;

export interface DecodedPhoto {
  width: number;
  height: number;
  /** Raw BGR, 3 bytes per pixel, rows top to bottom (38 556 bytes). */
  bgr: Uint8Array;
}

/** The plug point: given the opaque WLT bytes, return the image or throw. */
export interface PhotoDecoder {
  readonly name: string;
  decode(wlt: Uint8Array): Promise<DecodedPhoto>;
}

/** What runs when no vendor decoder is installed: says so, never guesses pixels. */
export const noPhotoDecoder: PhotoDecoder = {
  name: 'none',
  async decode() {
    throw new Error('no WLT photo decoder installed (vendor library required; see drivers/idcard/photo.ts)');
  },
};
