import { z } from 'zod';

/**
 * Cameras: the face check (人证核验) and the document camera (高拍仪) for materials.
 *
 * Video never crosses this contract: frames stay in the renderer (detection runs in a worker there).
 * What crosses is (a) the resident's consent, (b) a face template (embedding) for verification,
 * only after consent, and (c) captured stills, uploaded in chunks because the bridge limits one call
 * to 256 KiB while a page may be up to 300 KB. The core seals every kept still at rest and wipes it
 * with the resident's session.
 */

const Empty = z.object({}).strict();
const Id = z.string().regex(/^[A-Za-z0-9-]{8,64}$/);
const MaterialKey = z.string().min(1).max(80);

/** Bytes of one chunk before base64: 200 000 characters encoded, under the 256 KiB bridge limit with the JSON around it. */
export const CAPTURE_CHUNK_BYTES = 150_000;
/** A material page: JPEG at A4 readable resolution, bounded (issue 9). */
export const MAX_PAGE_BYTES = 300 * 1024;
/** The face still kept as evidence with consent: small, it only has to show who stood there. */
export const MAX_FACE_BYTES = 120 * 1024;

export const CameraRoleSchema = z.enum(['face', 'document']);
export type CameraRole = z.infer<typeof CameraRoleSchema>;

export const CameraRoleSettingsSchema = z.object({
  /** Chosen by device label (substring, case-insensitive), then by deviceId; null = first real camera. */
  label: z.string().nullable(),
  deviceId: z.string().nullable(),
  width: z.number().int(),
  height: z.number().int(),
});

export const FaceOutcomeSchema = z.enum(['match', 'no-match', 'pending', 'not-configured']);
export type FaceOutcome = z.infer<typeof FaceOutcomeSchema>;

export const CameraSettingsSchema = z.object({
  face: CameraRoleSettingsSchema,
  document: CameraRoleSettingsSchema,
  /** Labels of virtual cameras (OBS, v4l2loopback …) refused unless `allowVirtual`. */
  virtualPatterns: z.array(z.string()),
  allowVirtual: z.boolean(),
  liveness: z.object({
    /** Eye openness must fall below this share of the resident's own open-eye baseline (then recover). */
    blinkClosedRatio: z.number(),
    /** Eye-region contrast must fall below this share of its open-eye baseline (the lid covers the iris). */
    blinkContrastRatio: z.number(),
    /** Head yaw change, radians, that counts as a turn. */
    turnRadians: z.number(),
    /** Time for the whole challenge; a still photo never completes it. */
    challengeTimeoutMs: z.number().int(),
    /** Passive scores (antispoof `real`, `live`), 0..1; below → fail. */
    minReal: z.number(),
    minLive: z.number(),
  }),
  /** What a `pending` outcome (platform unreachable) means for the matter: go on, or staff check. */
  offlinePolicy: z.enum(['continue-pending', 'assisted']),
  /** How long a page must stay still, and how sharp (variance of Laplacian), before auto-capture. */
  autoCapture: z.object({ stillMs: z.number().int(), minSharpness: z.number() }),
  /** Shown on the consent screen as who processes the face data (the site / accepting department). */
  controller: z.string(),
  demo: z.boolean(),
});
export type CameraSettings = z.infer<typeof CameraSettingsSchema>;

export const CaptureInfoSchema = z.object({
  id: Id,
  kind: z.enum(['face', 'page']),
  materialKey: z.string().nullable(),
  page: z.number().int(),
  bytes: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  takenAt: z.string(),
});
export type CaptureInfo = z.infer<typeof CaptureInfoSchema>;

const Base64 = z
  .string()
  .min(4)
  .max(Math.ceil(CAPTURE_CHUNK_BYTES / 3) * 4)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/);

export const cameraCalls = {
  'camera.settings': { request: Empty, response: CameraSettingsSchema },
  /**
   * The resident's answer on the face consent screen (separate from everything else). Without a
   * `granted: true` in this session the core refuses every face upload and verification.
   */
  'camera.consent': {
    request: z.object({ granted: z.boolean() }).strict(),
    response: z.object({ granted: z.boolean(), at: z.string() }),
  },
  /**
   * Compares a face template (computed in the renderer by the same model the platform uses) with the
   * reference for the identified resident, through the configured FaceVerifier. Offline → `pending`.
   */
  'camera.face.verify': {
    request: z
      .object({
        embedding: z.array(z.number().finite().min(-10).max(10)).min(64).max(2048),
        liveness: z
          .object({
            challenges: z.array(z.enum(['blink', 'turn'])).max(4),
            real: z.number().min(0).max(1),
            live: z.number().min(0).max(1),
          })
          .strict(),
      })
      .strict(),
    response: z.object({
      outcome: FaceOutcomeSchema,
      similarity: z.number().nullable(),
      verifier: z.string(),
      /** What the matter's policy lets the resident do with this outcome. */
      mayContinue: z.boolean(),
    }),
  },
  /**
   * One chunk of a still. `part` counts from 0; the last part (part = parts − 1) completes it, and
   * the core checks the JPEG, its size bound and the consent before sealing it into the store.
   */
  'camera.capture.put': {
    request: z
      .object({
        captureId: Id,
        kind: z.enum(['face', 'page']),
        materialKey: MaterialKey.nullable(),
        width: z.number().int().min(16).max(8000),
        height: z.number().int().min(16).max(8000),
        part: z.number().int().min(0).max(15),
        parts: z.number().int().min(1).max(16),
        data: Base64,
      })
      .strict(),
    response: z.object({ complete: z.boolean(), capture: CaptureInfoSchema.nullable() }),
  },
  'camera.capture.list': {
    request: z.object({ materialKey: MaterialKey.nullable().optional() }).strict(),
    response: z.object({ captures: z.array(CaptureInfoSchema) }),
  },
  /** Reads a kept still back in chunks (preview on the review page, technicians' checks). */
  'camera.capture.get': {
    request: z.object({ id: Id, part: z.number().int().min(0).max(15) }).strict(),
    response: z.object({
      data: z.string(),
      part: z.number().int(),
      parts: z.number().int(),
      mime: z.string(),
    }),
  },
  /** 重拍: drops one page (or the face still). */
  'camera.capture.delete': {
    request: z.object({ id: Id }).strict(),
    response: z.object({ deleted: z.boolean() }),
  },
} as const;

export const cameraEvents = {} as const;
