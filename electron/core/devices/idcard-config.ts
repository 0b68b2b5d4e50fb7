import { z } from 'zod';

/**
 * The `idcard` section of the kiosk configuration. With nothing configured, demo mode runs the
 * in-process simulator; in 'configured' device mode a reader needs `port` (serial path or
 * tcp://host:port) or transport 'usb' / 'hid'.
 */
export const IdcardConfigSchema = z
  .object({
    transport: z.enum(['serial', 'usb', 'hid', 'tcp']).default('serial'),
    /** "/dev/ttyUSB0" for serial, "tcp://10.1.2.3:4001" for tcp; null = no serial/tcp reader. */
    port: z.string().min(1).max(200).nullable().default(null),
    baudRate: z
      .union([z.literal(115200), z.literal(57600), z.literal(38400), z.literal(19200), z.literal(9600)])
      .default(115200),
    usb: z
      .object({
        vendorId: z.number().int().min(0).max(0xffff).default(0x0400),
        productId: z.number().int().min(0).max(0xffff).default(0xc35a),
        /** 'split' header on 0x02 + body on 0x06 (vendor PDF); 'single' whole frame on 0x02 (unconfirmed). */
        framing: z.enum(['split', 'single']).default('split'),
      })
      .strict()
      .prefault({}),
    hid: z
      .object({
        path: z.string().nullable().default(null),
        vendorId: z.number().int().min(0).max(0xffff).nullable().default(null),
        productId: z.number().int().min(0).max(0xffff).nullable().default(null),
        reportId: z.number().int().min(0).max(255).default(0),
        reportSize: z.number().int().min(2).max(1024).default(64),
        lengthPrefix: z.boolean().default(true),
        inReportIdPrefix: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    pollIntervalMs: z.number().int().min(50).max(5000).default(250),
    absentPolls: z.number().int().min(1).max(10).default(2),
    withFingerprints: z.boolean().default(false),
    /** Demo simulator: pace bytes at 115200 like a real UART (false = instant). */
    simulatorByteTiming: z.boolean().default(true),
  })
  .strict()
  .prefault({});

export type IdcardConfig = z.output<typeof IdcardConfigSchema>;
