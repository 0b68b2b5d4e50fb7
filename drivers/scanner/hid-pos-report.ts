import { ScanError } from './scan-errors.ts';

/**
 * Where the fields sit in a HID POS (usage page 0x8C) barcode input report. The default is the
 * layout Honeywell-style HID POS scanners use: report ID 2, one length byte, a 3-byte AIM symbology
 * id, 56 data bytes, two vendor bytes and a "more data follows" flag in the last byte. That layout is
 * taken from vendor manuals, not from the USB-IF usage tables ([UNCONFIRMED] for other brands), so
 * every offset is configuration.
 */
export interface HidPosLayout {
  /** First byte of every input report (node-hid keeps the report ID); null = device uses none. */
  reportId: number | null;
  lengthOffset: number;
  symbologyOffset: number;
  /** 0 when the scanner reports no symbology. */
  symbologyLength: number;
  dataOffset: number;
  dataCapacity: number;
  /** Byte holding the continuation flag; null = every report is a whole code. */
  moreOffset: number | null;
  moreMask: number;
}

export const defaultHidPosLayout: HidPosLayout = {
  reportId: 0x02,
  lengthOffset: 1,
  symbologyOffset: 2,
  symbologyLength: 3,
  dataOffset: 5,
  dataCapacity: 56,
  moreOffset: 63,
  moreMask: 0x01,
};

/** HID POS usage page (USB-IF "Bar Code Scanner Page"): how autodetection recognises a scanner. */
export const HID_POS_USAGE_PAGE = 0x8c;

export function reportSize(l: HidPosLayout): number {
  return Math.max(
    l.dataOffset + l.dataCapacity,
    l.lengthOffset + 1,
    l.symbologyOffset + l.symbologyLength,
    (l.moreOffset ?? 0) + 1,
  );
}

/** One report's share of a code. */
export interface ScanReportPart {
  aimId: string;
  data: Buffer;
  more: boolean;
}

/** Decodes one input report; throws ScanError for anything that is not a well-formed report. */
export function parseScanReport(report: Uint8Array, l: HidPosLayout = defaultHidPosLayout): ScanReportPart {
  const need = Math.max(l.lengthOffset + 1, l.symbologyOffset + l.symbologyLength, l.dataOffset);
  if (report.length < need) {
    throw new ScanError('short-report', `report of ${report.length} bytes, need at least ${need}`);
  }
  if (l.reportId !== null && report[0] !== l.reportId) {
    throw new ScanError('wrong-report-id', `report id ${report[0]}, expected ${l.reportId}`);
  }
  const n = report[l.lengthOffset]!;
  if (n > l.dataCapacity) throw new ScanError('bad-length', `length byte ${n} exceeds ${l.dataCapacity}`);
  if (l.dataOffset + n > report.length) {
    throw new ScanError('bad-length', `length byte ${n} runs past a ${report.length}-byte report`);
  }
  let aimId = '';
  for (let i = 0; i < l.symbologyLength; i++) {
    const c = report[l.symbologyOffset + i]!;
    if (c === 0) break;
    // A symbology id is printable ASCII; anything else means the scanner sends none here.
    if (c < 0x21 || c > 0x7e) {
      aimId = '';
      break;
    }
    aimId += String.fromCharCode(c);
  }
  const more =
    l.moreOffset !== null && l.moreOffset < report.length && (report[l.moreOffset]! & l.moreMask) !== 0;
  return { aimId, data: Buffer.from(report.subarray(l.dataOffset, l.dataOffset + n)), more };
}

/** The reports a scanner sends for one code: what the simulator emits and the tests feed the parser. */
export function encodeScanReports(
  data: Uint8Array,
  aimId: string,
  l: HidPosLayout = defaultHidPosLayout,
): Buffer[] {
  const size = reportSize(l);
  const out: Buffer[] = [];
  let off = 0;
  do {
    const part = data.subarray(off, Math.min(data.length, off + l.dataCapacity));
    off += part.length;
    const rep = Buffer.alloc(size);
    if (l.reportId !== null) rep[0] = l.reportId;
    rep[l.lengthOffset] = part.length;
    Buffer.from(aimId, 'latin1').copy(rep, l.symbologyOffset, 0, l.symbologyLength);
    rep.set(part, l.dataOffset);
    if (l.moreOffset !== null && off < data.length) rep[l.moreOffset] = l.moreMask;
    out.push(rep);
  } while (off < data.length);
  return out;
}
