import { z } from 'zod';

/** Technician access: lockout after `maxFailures` wrong PINs for `lockoutMinutes`; mode ends after `sessionMinutes`. */
export const TechnicianConfigSchema = z
  .object({
    maxFailures: z.number().int().min(3).max(10).default(5),
    lockoutMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
    sessionMinutes: z.number().int().min(1).max(240).default(20),
  })
  .strict()
  .default({ maxFailures: 5, lockoutMinutes: 15, sessionMinutes: 20 });
export type TechnicianConfig = z.output<typeof TechnicianConfigSchema>;
