import { z } from 'zod';
import { SelfTestResultSchema } from './health.ts';

/**
 * First boot: a kiosk shipped with `"setup": {"required": true}` shows the setup wizard until a
 * technician has entered the site, enrolled it with the platform, run the device self-tests and set
 * the technician PIN. Then it goes to the attract screen and the wizard is gone for good.
 */
const Empty = z.object({}).strict();

export const SetupStatusSchema = z.object({
  required: z.boolean(),
  provisioned: z.boolean(),
  enrolled: z.boolean(),
  kioskId: z.string(),
  siteName: z.string().nullable(),
  regionCode: z.string().nullable(),
  platformUrl: z.string().nullable(),
});

/** The live device tests of the wizard (and the technician page): each device does its real job once. */
export const DeviceTestNameSchema = z.enum(['idcard', 'printer', 'a4printer', 'scanner']);
export type DeviceTestName = z.infer<typeof DeviceTestNameSchema>;
export const DeviceTestResultSchema = z.object({
  device: DeviceTestNameSchema,
  outcome: z.enum(['passed', 'failed', 'timed-out', 'not-configured']),
  /** For the technician (English, no personal data): what was seen. */
  detail: z.string(),
  ms: z.number(),
});
export type DeviceTestResult = z.infer<typeof DeviceTestResultSchema>;

export const setupCalls = {
  'setup.status': { request: Empty, response: SetupStatusSchema },
  'setup.enrol': {
    request: z
      .object({
        siteName: z.string().trim().min(2).max(60),
        /** 12-digit 统计用区划代码 (province…village level). */
        regionCode: z.string().regex(/^\d{12}$/),
        platformUrl: z.url({ protocol: /^https?$/ }).max(200),
        enrolmentCode: z.string().trim().min(4).max(64),
      })
      .strict(),
    response: SetupStatusSchema,
  },
  /** Every device self-test, open to the screen only while setup is unfinished. */
  'setup.selftest': { request: Empty, response: SelfTestResultSchema },
  /**
   * One live device test; waits (up to a minute) for the technician where a person is needed: a
   * card on the reader, the test receipt's QR under the scanner. Open like `setup.selftest`.
   */
  'setup.devicetest': {
    request: z.object({ device: DeviceTestNameSchema }).strict(),
    response: DeviceTestResultSchema,
  },
  /**
   * The camera preview test runs in the renderer (only it can open a camera); it reports what it saw
   * so the installation record (audit) holds every device's result.
   */
  'setup.cameraTest': {
    request: z
      .object({
        role: z.enum(['face', 'document']),
        outcome: z.enum(['passed', 'failed']),
        detail: z.string().max(200),
      })
      .strict(),
    response: z.object({ recorded: z.boolean() }),
  },
  'setup.finish': {
    request: z.object({ pin: z.string().max(64) }).strict(),
    response: SetupStatusSchema,
  },
} as const;
