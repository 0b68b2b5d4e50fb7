import { z } from 'zod';

/**
 * Printing: the acceptance receipt (受理回执) on the thermal printer and A4 documents through CUPS.
 * A print call never fails just because paper ran out: it answers with `printed: false` and the
 * receipt's content, so the renderer shows the receipt on screen with its QR and the job stays
 * reprintable (技术员, or the resident via 办件查询).
 */

export const PrinterStateSchema = z.enum([
  'ready',
  'paper-near-end',
  'paper-out',
  'cover-open',
  'offline',
  'error',
]);
export type PrinterState = z.infer<typeof PrinterStateSchema>;

export const PrintJobStateSchema = z.enum(['pending', 'printing', 'done', 'failed']);
export const PrintJobKindSchema = z.enum(['receipt', 'a4']);

/** Why a job did not print; the renderer picks its resident-facing message by this. */
export const PrintFailureSchema = z.enum([
  'paper-out',
  'cover-open',
  'offline',
  'printer-error',
  'interrupted',
  'no-printer',
  'spooler-error',
]);
export type PrintFailure = z.infer<typeof PrintFailureSchema>;

const ReceiptNo = z.string().regex(/^[A-Za-z0-9-]{4,40}$/);

export const ReceiptRequestSchema = z
  .object({
    receiptNo: ReceiptNo,
    /** Every matter, including each member of a 一件事 bundle. */
    matters: z.array(z.string().min(1).max(80)).min(1).max(20),
    applicantName: z.string().min(1).max(40),
    /** The full ID number: masked by the core (330106********1234) before it reaches paper or screen. */
    idNumber: z.string().regex(/^[0-9A-Za-z]{6,18}$/),
    /** When the application was accepted (ISO 8601). */
    acceptedAt: z.iso.datetime({ offset: true }),
    /** Promised time limit as the matter's catalogue states it, e.g. "5个工作日". */
    timeLimit: z.string().min(1).max(40),
    /** Materials still owed under 容缺受理. */
    owedMaterials: z.array(z.string().min(1).max(80)).max(20).default([]),
  })
  .strict();
export type ReceiptRequest = z.input<typeof ReceiptRequestSchema>;

/** The receipt as laid out for paper, for the on-screen copy (same lines, same QR). */
export const ReceiptViewSchema = z.object({
  lines: z.array(
    z.object({
      text: z.string(),
      align: z.enum(['left', 'center', 'right']),
      bold: z.boolean(),
      large: z.boolean(),
    }),
  ),
  qrPayload: z.string(),
});

export const PrintResultSchema = z.object({
  jobId: z.string(),
  receiptNo: z.string(),
  state: PrintJobStateSchema,
  printed: z.boolean(),
  failure: PrintFailureSchema.nullable(),
  /** True when the resident must be shown the receipt on screen (it did not come out on paper). */
  showOnScreen: z.boolean(),
  /** Present for receipts; null when the job's content was already purged. */
  receipt: ReceiptViewSchema.nullable(),
});
export type PrintResult = z.infer<typeof PrintResultSchema>;

export const PrintJobSummarySchema = z.object({
  jobId: z.string(),
  kind: PrintJobKindSchema,
  receiptNo: z.string(),
  state: PrintJobStateSchema,
  failure: PrintFailureSchema.nullable(),
  attempts: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** False once a done job's personal content was purged. */
  reprintable: z.boolean(),
});

export const PrinterStatusSchema = z.object({
  id: z.string(),
  state: PrinterStateSchema,
  simulated: z.boolean(),
  checkedAt: z.string().nullable(),
});

export const printingCalls = {
  'printing.receipt': { request: ReceiptRequestSchema, response: PrintResultSchema },
  /** Prints a pending or failed job again (technician, or the resident from 办件查询 by receipt number). */
  'printing.reprint': {
    request: z.union([
      z.object({ jobId: z.string().min(1).max(64) }).strict(),
      z.object({ receiptNo: ReceiptNo }).strict(),
    ]),
    response: PrintResultSchema,
  },
  'printing.jobs': {
    request: z
      .object({
        state: PrintJobStateSchema.optional(),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    response: z.object({ jobs: z.array(PrintJobSummarySchema) }),
  },
  'printing.printerStatus': {
    request: z.object({ refresh: z.boolean().default(false) }).strict(),
    response: PrinterStatusSchema,
  },
  /** Demo mode only: make the simulated receipt printer run out of paper, open its cover … or recover. */
  'printing.simulate.fault': {
    request: z
      .object({
        fault: z.union([
          z.enum(['none', 'paper-out', 'paper-near-end', 'cover-open', 'offline', 'error']),
          z.string().regex(/^paper-out-after:\d{1,4}$/),
        ]),
      })
      .strict(),
    response: z.object({ fault: z.string() }),
  },
  /** An A4 document from an HTML template (e.g. the application form to sign) through CUPS. */
  'printing.document': {
    request: z
      .object({
        template: z.enum(['application-form']),
        receiptNo: ReceiptNo,
        matters: z.array(z.string().min(1).max(80)).min(1).max(20),
        applicantName: z.string().min(1).max(40),
        idNumber: z.string().regex(/^[0-9A-Za-z]{6,18}$/),
        acceptedAt: z.iso.datetime({ offset: true }),
      })
      .strict(),
    response: PrintResultSchema,
  },
} as const;

export const printingEvents = {
  'printing.printerStatus': PrinterStatusSchema,
  'printing.job': z.object({
    jobId: z.string(),
    kind: PrintJobKindSchema,
    receiptNo: z.string(),
    state: PrintJobStateSchema,
    failure: PrintFailureSchema.nullable(),
  }),
} as const;
