import { z } from 'zod';
import { defaultShapeSources } from './code-classifier.ts';

const regexSource = z
  .string()
  .min(2)
  .max(400)
  .refine((s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  }, 'not a valid regular expression');

const hidDefaults = { vendorId: null, productId: null, path: null, usagePage: 0x8c, layout: {} };
const serialDefaults = { path: null, baudRate: 9600, terminator: 'CR', aimPrefix: false };
const wedgeDefaults = { enabled: true, maxInterKeyMs: 35, minLength: 6, stallToleranceMs: 150 };
const scannerDefaults = {
  source: null,
  hid: hidDefaults,
  serial: serialDefaults,
  wedge: wedgeDefaults,
  shapes: { ...defaultShapeSources },
  receiptKeyHex: null,
  trustedKiosks: {},
};

/** `scanner` section of the kiosk configuration. With nothing configured, demo mode gets a simulated scanner. */
export const ScannerConfigSchema = z
  .object({
    /** null: simulated when devices.mode is simulated, else HID POS autodetected by usage page. */
    source: z.enum(['simulated', 'hid', 'serial', 'none']).nullable().default(null),
    hid: z
      .object({
        vendorId: z.number().int().min(0).max(0xffff).nullable().default(null),
        productId: z.number().int().min(0).max(0xffff).nullable().default(null),
        path: z.string().min(1).nullable().default(null),
        usagePage: z.number().int().min(0).max(0xffff).default(0x8c),
        /** Report field offsets (see drivers/scanner/hid-pos-report.ts) for scanners that differ. */
        layout: z
          .object({
            reportId: z.number().int().min(0).max(255).nullable(),
            lengthOffset: z.number().int().min(0).max(63),
            symbologyOffset: z.number().int().min(0).max(63),
            symbologyLength: z.number().int().min(0).max(4),
            dataOffset: z.number().int().min(0).max(63),
            dataCapacity: z.number().int().min(1).max(255),
            moreOffset: z.number().int().min(0).max(255).nullable(),
            moreMask: z.number().int().min(1).max(255),
          })
          .partial()
          .strict()
          .default({}),
      })
      .strict()
      .default(hidDefaults),
    serial: z
      .object({
        path: z.string().min(1).nullable().default(null),
        baudRate: z.number().int().positive().default(9600),
        /** CR | LF | CRLF | TAB or a literal such as "\\r\\n": the suffix the scanner is programmed with. */
        terminator: z.string().min(1).max(8).default('CR'),
        aimPrefix: z.boolean().default(false),
      })
      .strict()
      .default(serialDefaults),
    wedge: z
      .object({
        enabled: z.boolean().default(true),
        maxInterKeyMs: z.number().int().min(5).max(200).default(35),
        minLength: z.number().int().min(4).max(64).default(6),
        stallToleranceMs: z.number().int().min(0).max(1000).default(150),
      })
      .strict()
      .default(wedgeDefaults),
    shapes: z
      .object({
        socialSecurityCard: regexSource.default(defaultShapeSources.socialSecurityCard),
        medicalInsurance: regexSource.default(defaultShapeSources.medicalInsurance),
        netId: regexSource.default(defaultShapeSources.netId),
      })
      .strict()
      .default({ ...defaultShapeSources }),
    /** This kiosk's receipt-signing key (hex, ≥ 16 bytes). null: a demo key derived from the kiosk id. */
    receiptKeyHex: z
      .string()
      .regex(/^(?:[0-9a-fA-F]{2}){16,64}$/)
      .nullable()
      .default(null),
    /** Other kiosks of the same hall whose receipts this one may verify: kioskId → key hex. */
    trustedKiosks: z
      .record(z.string().regex(/^[A-Za-z0-9-]{3,40}$/), z.string().regex(/^(?:[0-9a-fA-F]{2}){16,64}$/))
      .default({}),
  })
  .strict()
  .default(scannerDefaults);

export type ScannerConfig = z.output<typeof ScannerConfigSchema>;
