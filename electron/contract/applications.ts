import { z } from 'zod';

/**
 * Submitted applications (办件) as the resident may look them up at the kiosk, by the receipt number
 * from a scanned receipt QR. Only masked identity appears: whoever holds the receipt sees progress,
 * never the full name or ID number.
 */
export const ApplicationStateSchema = z.enum([
  'submitted',
  'accepted',
  'in-progress',
  'completed',
  'rejected',
]);

export const ApplicationSummarySchema = z.object({
  receiptNo: z.string(),
  matters: z.array(z.string()),
  state: ApplicationStateSchema,
  acceptedAt: z.string(),
  timeLimit: z.string(),
  applicantMasked: z.string(),
  idMasked: z.string(),
});
export type ApplicationSummary = z.infer<typeof ApplicationSummarySchema>;

export const applicationsCalls = {
  /** Rejects with `not-found` when this kiosk knows no application under that number. */
  'applications.lookup': {
    request: z.object({ receiptNo: z.string().regex(/^[A-Za-z0-9-]{4,40}$/) }).strict(),
    response: z.object({ application: ApplicationSummarySchema }),
  },
} as const;
