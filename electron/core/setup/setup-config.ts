import { z } from 'zod';

/** `required: true` in the image a province ships: the kiosk starts in the setup wizard until provisioned. */
export const SetupConfigSchema = z
  .object({ required: z.boolean().default(false) })
  .strict()
  .default({ required: false });
