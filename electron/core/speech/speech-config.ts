import { z } from 'zod';

/**
 * The `speech` section of the kiosk configuration. Defaults work with nothing configured: espeak-ng
 * if installed, played through ALSA when a sound card exists. A neural voice is used only when a
 * deployer sets `sherpaModelDir` to a model folder present on the kiosk.
 */
export const speechDefaults = {
  engine: 'auto' as const,
  espeakCommand: 'espeak-ng',
  rate: 150,
  sherpaModelDir: null,
  output: 'auto' as const,
  speakerDevice: null,
  headphoneDevice: null,
  defaultVolume: 0.8,
};

export const SpeechConfigSchema = z
  .object({
    /** auto = sherpa-onnx when configured, else espeak-ng; none = text only. */
    engine: z.enum(['auto', 'espeak-ng', 'sherpa-onnx', 'none']).default('auto'),
    espeakCommand: z.string().min(1).max(200).default('espeak-ng'),
    /** Words per minute for espeak-ng; slower than its default 175 for older listeners. */
    rate: z.number().int().min(80).max(300).default(150),
    sherpaModelDir: z.string().min(1).max(500).nullable().default(null),
    /** auto = aplay when a sound card exists, else none. */
    output: z.enum(['auto', 'aplay', 'none']).default('auto'),
    /** ALSA device names, e.g. "plughw:0,0" (speaker) and "plughw:1,0" (3.5 mm headphone jack). */
    speakerDevice: z.string().min(1).max(100).nullable().default(null),
    headphoneDevice: z.string().min(1).max(100).nullable().default(null),
    /** Volume every resident starts with (EN 301 549: volume resets after each user). */
    defaultVolume: z.number().min(0).max(1).default(0.8),
  })
  .strict()
  .default(speechDefaults);
export type SpeechConfig = z.output<typeof SpeechConfigSchema>;
