import { z } from 'zod';
import { LocaleSchema } from './locale.ts';

/**
 * Voice guidance (EN 301 549 5.1.3, ADA 707.5, 无障碍环境建设法 Art. 33): the core speaks each screen's
 * instruction, can stop and repeat it, and keeps the volume and private-listening (headphone) mode per
 * resident. Both reset when the session is wiped, so the next resident starts from the defaults.
 */
export const SpeechEngineSchema = z.enum(['sherpa-onnx', 'espeak-ng', 'none']);
export type SpeechEngine = z.infer<typeof SpeechEngineSchema>;

export const SpeechSettingsSchema = z.object({
  /** 0..1, applied to the samples before they reach the audio device. */
  volume: z.number().min(0).max(1),
  /** Private listening: audio goes to the headphone device only. */
  headphones: z.boolean(),
  /** Voice guidance switched off by the resident (text stays on screen). */
  muted: z.boolean(),
});
export type SpeechSettings = z.infer<typeof SpeechSettingsSchema>;

const SpeakResult = z.object({
  /** False when no engine speaks this locale: the text on screen is then the only channel. */
  spoken: z.boolean(),
  engine: SpeechEngineSchema,
  /** Length of the synthesised audio; 0 when nothing was spoken. */
  durationMs: z.number().nonnegative(),
  reason: z.enum(['ok', 'muted', 'no-voice', 'engine-error']),
});

export const speechCalls = {
  /** Which locales the core can voice, and the resident's current settings. */
  'speech.status': {
    request: z.object({}).strict(),
    response: z.object({
      engine: SpeechEngineSchema,
      locales: z.array(LocaleSchema),
      settings: SpeechSettingsSchema,
    }),
  },
  /** Speaks text (a screen's instruction, exactly as shown); interrupts whatever is playing. */
  'speech.speak': {
    request: z
      .object({
        text: z.string().min(1).max(2000),
        locale: LocaleSchema,
      })
      .strict(),
    response: SpeakResult,
  },
  'speech.stop': {
    request: z.object({}).strict(),
    response: z.object({ stopped: z.boolean() }),
  },
  /** Repeats the last prompt of this session. */
  'speech.replay': {
    request: z.object({}).strict(),
    response: SpeakResult,
  },
  'speech.settings': {
    request: z
      .object({
        volume: z.number().min(0).max(1).optional(),
        headphones: z.boolean().optional(),
        muted: z.boolean().optional(),
      })
      .strict(),
    response: SpeechSettingsSchema,
  },
} as const;

export const speechEvents = {
  /** Playback started or ended; the renderer shows a "speaking" indicator and captions. */
  'speech.state': z.object({
    state: z.enum(['speaking', 'idle']),
    engine: SpeechEngineSchema,
  }),
} as const;
