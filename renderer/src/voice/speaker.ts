import type { KioskClient, Locale } from '../../../electron/contract/index.ts';

/**
 * The renderer's side of the speech port. The core speaks (espeak-ng, or a neural voice a deployer
 * installed) whenever it has a voice for the locale; otherwise the platform's speechSynthesis is
 * used, but only with a voice that runs on this machine (`localService`: Windows OneCore voices),
 * never a network voice. With neither, the prompt stays as on-screen text only.
 */
export type SpeakerRoute = 'core' | 'platform' | 'none';

export interface Speaker {
  speak(text: string, locale: Locale): Promise<SpeakerRoute>;
  stop(): void;
  replay(): Promise<SpeakerRoute>;
  setVolume(volume: number): void;
}

const PLATFORM_LANG: Record<Locale, string> = { 'zh-CN': 'zh', en: 'en', ug: 'ug', bo: 'bo' };

function platformVoice(locale: Locale): SpeechSynthesisVoice | null {
  if (typeof window === 'undefined' || !('speechSynthesis' in window)) return null;
  const lang = PLATFORM_LANG[locale];
  return (
    window.speechSynthesis
      .getVoices()
      .find((v) => v.localService && v.lang.toLowerCase().startsWith(lang.toLowerCase())) ?? null
  );
}

export function createSpeaker(client: KioskClient): Speaker {
  let coreLocales: Locale[] | null = null;
  let last: { text: string; locale: Locale } | null = null;
  let volume = 0.8;
  const status = client
    .call('speech.status', {})
    .then((s) => {
      coreLocales = s.locales;
      volume = s.settings.volume;
    })
    .catch(() => {
      coreLocales = [];
    });

  async function speak(text: string, locale: Locale): Promise<SpeakerRoute> {
    last = { text, locale };
    if (coreLocales === null) await status;
    if (coreLocales?.includes(locale)) {
      try {
        const r = await client.call('speech.speak', { text, locale });
        if (r.spoken || r.reason === 'muted') return r.spoken ? 'core' : 'none';
      } catch {
        // Core engine failed: try the platform's voice below.
      }
    } else {
      // Tell the core anyway: it records nothing, answers no-voice, and stops any earlier prompt.
      client.call('speech.stop', {}).catch(() => undefined);
    }
    const voice = platformVoice(locale);
    if (!voice) return 'none';
    window.speechSynthesis.cancel();
    const u = new SpeechSynthesisUtterance(text);
    u.voice = voice;
    u.lang = voice.lang;
    u.volume = volume;
    u.rate = 0.9;
    window.speechSynthesis.speak(u);
    return 'platform';
  }

  return {
    speak,
    stop() {
      client.call('speech.stop', {}).catch(() => undefined);
      if (typeof window !== 'undefined' && 'speechSynthesis' in window) window.speechSynthesis.cancel();
    },
    replay() {
      return last ? speak(last.text, last.locale) : Promise.resolve('none');
    },
    setVolume(v) {
      volume = v;
    },
  };
}
