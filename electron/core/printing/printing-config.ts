import { z } from 'zod';

/**
 * The `printing` section of the kiosk configuration. Defaults make demo mode work with nothing
 * configured: a simulated receipt printer in-process and no A4 queue (A4 jobs then report
 * no-printer and the document is shown instead).
 */
const receiptDefaults = { port: null, paper: 80 as const, statusIntervalSeconds: 15, lineTimeMs: 28 };
const a4Defaults = { queue: null, chromium: '/usr/bin/chromium' };
export const printingDefaults = {
  receipt: receiptDefaults,
  a4: a4Defaults,
  lookupUrl: 'https://zwfw.example.gov.cn/banjian/chaxun?no={receiptNo}',
  retentionDays: 7,
  simulatorPngDir: null,
};

export const PrintingConfigSchema = z
  .object({
    receipt: z
      .object({
        /** "/dev/ttyUSB0", "/dev/ttyS1@9600", "/dev/usb/lp0", "tcp://10.1.2.3:9100"; null = simulator in demo, none otherwise. */
        port: z.string().min(1).max(200).nullable().default(null),
        paper: z.union([z.literal(58), z.literal(80)]).default(80),
        statusIntervalSeconds: z.number().int().min(2).max(600).default(15),
        /** Mechanical print time per line, waited before the post-print status check. */
        lineTimeMs: z.number().int().min(0).max(500).default(28),
      })
      .strict()
      .default(receiptDefaults),
    a4: z
      .object({
        /** CUPS queue name for A4 documents; null = no A4 printer. */
        queue: z
          .string()
          .regex(/^[A-Za-z0-9_.-]{1,127}$/)
          .nullable()
          .default(null),
        chromium: z.string().min(1).default('/usr/bin/chromium'),
      })
      .strict()
      .default(a4Defaults),
    /** Address the receipt's QR points to; {receiptNo} is replaced. Holds no personal data. */
    lookupUrl: z.string().min(1).max(300).includes('{receiptNo}').default(printingDefaults.lookupUrl),
    /** Days an unprinted job's sealed content is kept for reprinting before it is purged. */
    retentionDays: z.number().int().min(1).max(90).default(7),
    /** Demo simulator writes each receipt as PNG here (default: <dataDir>/printer-sim). */
    simulatorPngDir: z.string().nullable().default(null),
  })
  .strict()
  .default(printingDefaults);

export type PrintingConfig = z.output<typeof PrintingConfigSchema>;
