import { z } from 'zod';
import type { CameraSettings } from '../../contract/camera.ts';

const role = (width: number, height: number) =>
  z
    .object({
      /** Substring of the device label (e.g. "HD Pro Webcam", "高拍仪"); null = first real camera. */
      label: z.string().min(1).max(120).nullable().default(null),
      deviceId: z.string().min(1).max(200).nullable().default(null),
      width: z.number().int().min(160).max(4096).default(width),
      height: z.number().int().min(120).max(4096).default(height),
    })
    .strict()
    .default({ label: null, deviceId: null, width, height });

/**
 * `camera` section of the kiosk configuration. With nothing configured (demo mode) the first real
 * camera serves both roles, virtual cameras are refused, and an offline face check lets the resident
 * continue as "pending verification" (the platform re-checks before acceptance).
 */
export const CameraConfigSchema = z
  .object({
    face: role(640, 480),
    document: role(1280, 720),
    /** Virtual cameras replay any video, so they defeat liveness: refused unless allowVirtual. */
    virtualPatterns: z
      .array(z.string().min(1).max(60))
      .default(['virtual', 'obs', 'v4l2loopback', 'dummy', 'droidcam', 'manycam', 'snap camera']),
    allowVirtual: z.boolean().default(false),
    liveness: z
      .object({
        blinkClosedRatio: z.number().min(0.1).max(0.95).default(0.6),
        blinkContrastRatio: z.number().min(0.1).max(0.95).default(0.75),
        turnRadians: z.number().min(0.1).max(1.2).default(0.35),
        challengeTimeoutMs: z.number().int().min(3000).max(120_000).default(25_000),
        minReal: z.number().min(0).max(1).default(0.3),
        minLive: z.number().min(0).max(1).default(0.3),
      })
      .strict()
      .default({
        blinkClosedRatio: 0.6,
        blinkContrastRatio: 0.75,
        turnRadians: 0.35,
        challengeTimeoutMs: 25_000,
        minReal: 0.3,
        minLive: 0.3,
      }),
    offlinePolicy: z.enum(['continue-pending', 'assisted']).default('continue-pending'),
    autoCapture: z
      .object({
        stillMs: z.number().int().min(100).max(5000).default(400),
        minSharpness: z.number().min(0).max(10_000).default(40),
      })
      .strict()
      .default({ stillMs: 400, minSharpness: 40 }),
  })
  .strict()
  .prefault({});
export type CameraConfig = z.output<typeof CameraConfigSchema>;

/**
 * Environment overrides without a config file (tests, trials): KIOSK_FACE_CHALLENGE_MS (the liveness
 * challenge time) and KIOSK_FACE_PASSIVE_MIN (both passive thresholds, minReal and minLive; they must
 * be calibrated per camera model). Validated by the schema like the file's values.
 */
export function cameraEnvOverrides(fromFile: unknown, env: NodeJS.ProcessEnv): unknown {
  const ms = env.KIOSK_FACE_CHALLENGE_MS;
  const passive = env.KIOSK_FACE_PASSIVE_MIN;
  if (!ms && !passive) return fromFile;
  const c = { ...((fromFile as Record<string, unknown> | undefined) ?? {}) };
  const liveness = { ...((c.liveness as object | undefined) ?? {}) } as Record<string, unknown>;
  if (ms) liveness.challengeTimeoutMs = /^\d+$/.test(ms) ? Number(ms) : ms;
  if (passive) liveness.minReal = liveness.minLive = /^\d*\.?\d+$/.test(passive) ? Number(passive) : passive;
  c.liveness = liveness;
  return c;
}

/** What the renderer needs of the camera configuration (`camera.settings`), and whose data it is. */
export function cameraSettingsOf(
  cfg: CameraConfig,
  site: { siteName: string; demo: boolean },
): CameraSettings {
  return {
    face: cfg.face,
    document: cfg.document,
    virtualPatterns: cfg.virtualPatterns,
    allowVirtual: cfg.allowVirtual,
    liveness: cfg.liveness,
    offlinePolicy: cfg.offlinePolicy,
    autoCapture: cfg.autoCapture,
    controller: site.siteName,
    demo: site.demo,
  };
}
