import iconv from 'iconv-lite';
import { ScanError } from './scan-errors.ts';
import { symbologyName, type SymbologyName } from './symbology.ts';

/** One complete code as the scanner read it. `text` is personal data: never log it (use maskScan). */
export interface RawScan {
  /** AIM id as sent ("]Q1"), or "" when the scanner sends none. */
  aimId: string;
  symbology: SymbologyName;
  text: string;
  byteLength: number;
  source: 'hid-pos' | 'serial' | 'wedge';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Phones and our own receipts encode QR byte mode as UTF-8; some scanners configured for the Chinese
 * market re-encode to GBK. Strict UTF-8 first, GB18030 (a superset of GBK) as the fallback.
 */
export function decodeScanText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = iconv.decode(Buffer.from(bytes), 'gb18030');
  }
  // Control characters other than tab/newline mean a garbled read, not a code anyone printed.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/.test(text)) {
    throw new ScanError('not-text', `scan of ${bytes.length} bytes holds control characters`);
  }
  return text;
}

export function makeRawScan(aimId: string, bytes: Uint8Array, source: RawScan['source']): RawScan {
  return {
    aimId,
    symbology: symbologyName(aimId),
    text: decodeScanText(bytes),
    byteLength: bytes.length,
    source,
  };
}

/**
 * What may appear in a log or on a technician's terminal about a scan: its family and length and the
 * first two characters (enough to tell a receipt from an 电子社保卡 when fixing a scanner, never
 * enough to identify anyone).
 */
export function maskScan(scan: Pick<RawScan, 'symbology' | 'text' | 'byteLength'>): string {
  const head = [...scan.text].slice(0, 2).join('');
  return `${scan.symbology} ${scan.byteLength}B ${head}${'*'.repeat(Math.min(8, Math.max(0, [...scan.text].length - 2)))}`;
}
