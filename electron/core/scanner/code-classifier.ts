import type { ScanKind, ScanRefusal } from '../../contract/scanner.ts';
import { checkReceiptPayload } from './receipt-signature.ts';

/**
 * What a scanned code is, decided by pure rules (no I/O): our own receipt (signature verified), an
 * 电子社保卡 / 医保码 / 网证 code (by shape; only the platform can tell if it is genuine), or refused.
 */
export interface CodeShapes {
  socialSecurityCard: RegExp;
  medicalInsurance: RegExp;
  netId: RegExp;
}

export interface ClassifierRules {
  lookupUrl: string;
  receiptKeys: ReadonlyMap<string, Uint8Array>;
  shapes: CodeShapes;
  maxLength?: number;
}

export type Classification =
  | { kind: 'receipt'; receiptNo: string; kioskId: string }
  | { kind: Exclude<ScanKind, 'receipt' | 'refused'> }
  | { kind: 'refused'; refusal: ScanRefusal };

/**
 * Default shapes. The real formats of the national 电子社保卡 dynamic QR, the 医保电子凭证 and the
 * 网证 (CTID) code are not public in our specs ([UNCONFIRMED]); these prefixes are what the dev platform
 * issues, and a province configures its own in `scanner.shapes`.
 */
export const defaultShapeSources = {
  socialSecurityCard: '^ESSC\\d{2}[0-9A-Za-z]{24,400}$',
  medicalInsurance: '^(?:NHSA|YB)[0-9A-Za-z]{24,400}$',
  netId: '^CTID[0-9A-Za-z+/=]{24,600}$',
} as const;

export function compileShapes(src: Record<keyof CodeShapes, string>): CodeShapes {
  return {
    socialSecurityCard: new RegExp(src.socialSecurityCard),
    medicalInsurance: new RegExp(src.medicalInsurance),
    netId: new RegExp(src.netId),
  };
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;
const URL_LIKE = /^(?:[a-z][a-z0-9+.-]{1,20}:|www\.)|^[a-z0-9-]+(?:\.[a-z0-9-]+)+\/\S*$/i;

export function classifyCode(raw: string, rules: ClassifierRules): Classification {
  const text = raw.trim();
  if (text.length === 0 || text.length > (rules.maxLength ?? 4096) || CONTROL.test(text)) {
    return { kind: 'refused', refusal: 'garbled' };
  }
  const receipt = checkReceiptPayload(text, rules.lookupUrl, rules.receiptKeys);
  if (receipt.match) {
    if (receipt.valid) return { kind: 'receipt', receiptNo: receipt.receiptNo, kioskId: receipt.kioskId };
    return {
      kind: 'refused',
      refusal: receipt.reason === 'unknown-kiosk' ? 'receipt-foreign' : 'receipt-invalid',
    };
  }
  // Shapes before URLs: a code type a province configures as a URL form is still recognised.
  if (rules.shapes.socialSecurityCard.test(text)) return { kind: 'social-security-card' };
  if (rules.shapes.medicalInsurance.test(text)) return { kind: 'medical-insurance' };
  if (rules.shapes.netId.test(text)) return { kind: 'net-id' };
  // Any other address: opening it would take the kiosk off its own screens (or to a phishing page).
  if (URL_LIKE.test(text)) return { kind: 'refused', refusal: 'url' };
  return { kind: 'refused', refusal: 'unknown' };
}

/** The message the resident sees for each outcome (keys in renderer/src/i18n/scanner.*.ts). */
export function messageKeyFor(c: Classification, online: boolean): string {
  switch (c.kind) {
    case 'receipt':
      return 'scanner.receipt';
    case 'social-security-card':
    case 'medical-insurance':
    case 'net-id':
      return online ? 'scanner.verifying' : 'scanner.offline';
    case 'refused':
      return `scanner.refused.${c.refusal}`;
  }
}
