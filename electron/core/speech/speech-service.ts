import type { Locale } from '../../contract/locale.ts';
import type { SpeechEngine, SpeechSettings } from '../../contract/speech.ts';
import type { Logger } from '../log/logger.ts';
import type { AudioSink } from './audio-sink.ts';
import type { Synthesiser } from './speech-engines.ts';
import { parseWav, scaleWav } from './wav.ts';

export interface SpeakResult {
  spoken: boolean;
  engine: SpeechEngine;
  durationMs: number;
  reason: 'ok' | 'muted' | 'no-voice' | 'engine-error';
}

export interface SpeechServiceOptions {
  engines: Synthesiser[];
  sink: AudioSink;
  log: Logger;
  defaultVolume: number;
  speakerDevice: string | null;
  headphoneDevice: string | null;
  onState?: (state: 'speaking' | 'idle', engine: SpeechEngine) => void;
}

/**
 * The speech port: one prompt at a time (a new one interrupts the old, as a resident moving on
 * expects), replay of the last one, volume and private listening per resident. Prompt text is
 * never logged: it may hold a resident's name or ID digits.
 */
export class SpeechService {
  private settings: SpeechSettings;
  private last: { text: string; locale: Locale } | null = null;
  private generation = 0;
  private readonly opts: SpeechServiceOptions;

  constructor(opts: SpeechServiceOptions) {
    this.opts = opts;
    this.settings = { volume: opts.defaultVolume, headphones: false, muted: false };
  }

  get engine(): SpeechEngine {
    return this.opts.engines[0]?.name ?? 'none';
  }

  locales(): Locale[] {
    return [...new Set(this.opts.engines.flatMap((e) => e.locales))];
  }

  getSettings(): SpeechSettings {
    return { ...this.settings };
  }

  updateSettings(patch: Partial<SpeechSettings>): SpeechSettings {
    this.settings = {
      volume: patch.volume ?? this.settings.volume,
      headphones: patch.headphones ?? this.settings.headphones,
      muted: patch.muted ?? this.settings.muted,
    };
    if (this.settings.muted) this.stop();
    return this.getSettings();
  }

  async speak(text: string, locale: Locale): Promise<SpeakResult> {
    this.last = { text, locale };
    const gen = ++this.generation;
    this.opts.sink.stop();
    if (this.settings.muted) return { spoken: false, engine: 'none', durationMs: 0, reason: 'muted' };
    const candidates = this.opts.engines.filter((e) => e.locales.includes(locale));
    if (candidates.length === 0) return { spoken: false, engine: 'none', durationMs: 0, reason: 'no-voice' };
    for (const engine of candidates) {
      let wav: Buffer;
      try {
        wav = await engine.synthesise(text, locale);
      } catch (e) {
        this.opts.log.warn(
          { engine: engine.name, err: (e as Error).message },
          'speech engine failed; trying next',
        );
        continue;
      }
      // A newer prompt arrived while this one was synthesising: it wins, this one stays silent.
      if (gen !== this.generation) return { spoken: false, engine: engine.name, durationMs: 0, reason: 'ok' };
      const durationMs = parseWav(wav).durationMs;
      const device = this.settings.headphones ? this.opts.headphoneDevice : this.opts.speakerDevice;
      this.opts.onState?.('speaking', engine.name);
      void this.opts.sink.play(scaleWav(wav, this.settings.volume), device, durationMs).then(() => {
        if (gen === this.generation) this.opts.onState?.('idle', engine.name);
      });
      return { spoken: true, engine: engine.name, durationMs, reason: 'ok' };
    }
    return { spoken: false, engine: 'none', durationMs: 0, reason: 'engine-error' };
  }

  replay(): Promise<SpeakResult> {
    if (!this.last)
      return Promise.resolve({ spoken: false, engine: 'none', durationMs: 0, reason: 'no-voice' });
    return this.speak(this.last.text, this.last.locale);
  }

  stop(): boolean {
    const wasActive = this.generation > 0;
    this.generation++;
    this.opts.sink.stop();
    return wasActive;
  }

  /** The next resident starts with default volume, loudspeaker, voice on, and no prompt to replay. */
  reset(): void {
    this.stop();
    this.last = null;
    this.settings = { volume: this.opts.defaultVolume, headphones: false, muted: false };
  }
}
