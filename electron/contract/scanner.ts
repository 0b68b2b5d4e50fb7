import { z } from 'zod';

/**
 * The 2D scanner and what residents scan. Raw scanned text never crosses this contract towards the
 * renderer: the core classifies a code and sends its kind, a receipt number for our own verified
 * receipts, and a masked form. (The renderer sends a keyboard-wedge burst the other way, to be
 * classified by the same rules.)
 */

export const ScanKindSchema = z.enum([
  'receipt',
  'social-security-card',
  'medical-insurance',
  'net-id',
  'refused',
]);
export type ScanKind = z.infer<typeof ScanKindSchema>;

export const ScanRefusalSchema = z.enum(['url', 'receipt-invalid', 'receipt-foreign', 'unknown', 'garbled']);
export type ScanRefusal = z.infer<typeof ScanRefusalSchema>;

export const ScanSourceSchema = z.enum(['hid-pos', 'serial', 'wedge']);

export const ScanResultSchema = z.object({
  scanId: z.string(),
  source: ScanSourceSchema,
  kind: ScanKindSchema,
  /** Only for our own receipt whose signature verified. */
  receiptNo: z.string().nullable(),
  refusal: ScanRefusalSchema.nullable(),
  /** 电子社保卡 / 医保码 / 网证: recognised by shape only; the platform must verify it online. */
  needsOnlineVerification: z.boolean(),
  /** False when such a code cannot be verified now (offline): the resident is offered the ID card. */
  verifiable: z.boolean(),
  /** i18n key of what to tell the resident. */
  messageKey: z.string(),
  /** For technicians and logs: family, length and two leading characters. */
  masked: z.string(),
});
export type ScanResult = z.infer<typeof ScanResultSchema>;

export const WedgeSettingsSchema = z.object({
  enabled: z.boolean(),
  /** Longest gap between two key strokes of one scan (scanners type every 1–10 ms; people ≥ 50 ms). */
  maxInterKeyMs: z.number().int().positive(),
  /** Fewest characters before Enter for a burst to count as a scan (at least 4). */
  minLength: z.number().int().positive(),
  /** A pause a scanner burst survives when the kiosk is busy for a moment (at most twice per scan). */
  stallToleranceMs: z.number().int().positive(),
});
export type WedgeSettings = z.infer<typeof WedgeSettingsSchema>;

export const scannerCalls = {
  'scanner.settings': {
    request: z.object({}).strict(),
    response: z.object({ wedge: WedgeSettingsSchema }),
  },
  /** A keyboard-wedge burst the renderer caught: classified by the core's rules, answered and emitted. */
  'scanner.classify': {
    request: z.object({ text: z.string().min(1).max(4096), source: z.literal('wedge') }).strict(),
    response: ScanResultSchema,
  },
  /** Demo and tests only (simulated scanner): scan a code, or unplug/replug the simulated device. */
  'scanner.simulate': {
    request: z.discriminatedUnion('action', [
      z
        .object({
          action: z.literal('scan'),
          text: z.string().min(1).max(4096),
          aimId: z.string().max(3).optional(),
        })
        .strict(),
      /** The simulated scanner held over the last receipt the simulated printer printed. */
      z.object({ action: z.literal('scan-printed') }).strict(),
      z.object({ action: z.literal('unplug') }).strict(),
      z.object({ action: z.literal('replug') }).strict(),
    ]),
    response: z.object({ done: z.boolean() }),
  },
} as const;

export const scannerEvents = {
  /** A code came from the scanner (HID POS or serial) and was classified. */
  'scanner.scan': ScanResultSchema,
} as const;
