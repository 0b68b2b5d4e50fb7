import type { UsbOutChunk } from '../transport/usb-link.ts';
import { HEADER_SIZE } from './frame.ts';

/** The standard SAM USB module (spec §1.1). */
export const SAM_USB = { vendorId: 0x0400, productId: 0xc35a, out: [0x02, 0x06], in: [0x81, 0x85] } as const;
/** Fallback id tried by one Android demo: unconfirmed. */
export const SAM_USB_ALT = { vendorId: 0x0483, productId: 0x5652 } as const;

/**
 * How a request frame is put on the bulk endpoints. 'split' (confirmed by the vendor PDF and
 * openiDR200): preamble+Len on 0x02, CMD PARA DATA CHK on 0x06. 'single' (one public sample; some
 * firmware seems to accept it, unconfirmed): the whole frame on 0x02. Both are configuration.
 */
export type SamUsbFraming = 'split' | 'single';

export function samUsbSplit(framing: SamUsbFraming): (data: Uint8Array) => UsbOutChunk[] {
  return (data) =>
    framing === 'single'
      ? [{ endpoint: SAM_USB.out[0], data }]
      : [
          { endpoint: SAM_USB.out[0], data: data.subarray(0, HEADER_SIZE) },
          { endpoint: SAM_USB.out[1], data: data.subarray(HEADER_SIZE) },
        ];
}
