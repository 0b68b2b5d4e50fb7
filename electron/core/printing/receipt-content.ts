import type { TemplateValues } from '../../../drivers/printer/receipt-layout.ts';
import { signedReceiptPayload } from '../scanner/receipt-signature.ts';

/**
 * What goes on a receipt, from an accepted application. The full ID number never leaves this
 * module: paper, screen and the sealed queue payload only ever see the masked form.
 */
export interface ReceiptFacts {
  receiptNo: string;
  matters: string[];
  applicantName: string;
  idNumber: string;
  acceptedAt: string;
  timeLimit: string;
  owedMaterials: string[];
}

export interface ReceiptContent {
  receiptNo: string;
  matters: string[];
  applicantName: string;
  maskedId: string;
  acceptedAt: string;
  timeLimit: string;
  owedMaterials: string[];
  kioskId: string;
  siteName: string;
  lookupPayload: string;
}

/** 330106199001011234 → 330106********1234: region code and last four, as counters print it. */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return `${id.slice(0, 2)}${'*'.repeat(Math.max(0, id.length - 4))}${id.slice(-2)}`;
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** Beijing time, as the resident reads it: "2026-11-21 23:20". */
export function formatBeijingTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a time: ${iso}`);
  const p = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string): string => p.find((x) => x.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** The QR holds the lookup address with the receipt number only: nothing personal in a photo of it. */
export function lookupPayload(template: string, receiptNo: string): string {
  return template.replaceAll('{receiptNo}', encodeURIComponent(receiptNo));
}

export function receiptContent(
  facts: ReceiptFacts,
  site: { kioskId: string; siteName: string; lookupUrl: string; receiptKey?: Uint8Array },
): ReceiptContent {
  return {
    receiptNo: facts.receiptNo,
    matters: facts.matters,
    applicantName: facts.applicantName,
    maskedId: maskIdNumber(facts.idNumber),
    acceptedAt: formatBeijingTime(facts.acceptedAt),
    timeLimit: facts.timeLimit,
    owedMaterials: facts.owedMaterials,
    kioskId: site.kioskId,
    siteName: site.siteName,
    // Signed (kiosk id + tag) when a receipt key is given, so the kiosk's scanner accepts the receipt
    // it printed and refuses a forged one; still the plain lookup address a phone can open.
    lookupPayload: site.receiptKey
      ? signedReceiptPayload(site.lookupUrl, facts.receiptNo, site.kioskId, site.receiptKey)
      : lookupPayload(site.lookupUrl, facts.receiptNo),
  };
}

export function templateValues(c: ReceiptContent): TemplateValues {
  return { ...c };
}
