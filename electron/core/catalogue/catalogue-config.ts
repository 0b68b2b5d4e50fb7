import { z } from 'zod';

/**
 * Catalogue settings. With nothing configured (demo mode) the kiosk imports the demo catalogue,
 * signed with the published development key, on first start.
 */
export const CatalogueConfigSchema = z
  .object({
    /** Platform keys packages must be signed with (the dev keys are added only in demo mode). */
    trustedKeys: z
      .array(
        z
          .object({
            keyId: z.string().min(1).max(200),
            profile: z.enum(['sm2', 'ed25519']),
            publicKey: z.string().min(32).max(4000),
          })
          .strict(),
      )
      .default([]),
    /** Import the demo catalogue on first start in demo mode when the catalogue is empty. */
    autoImportDemo: z.boolean().default(true),
    /** A prebuilt signed package to import instead of building one from resources/catalogue. */
    demoPackage: z.string().min(1).nullable().default(null),
  })
  .strict()
  .default({ trustedKeys: [], autoImportDemo: true, demoPackage: null });
