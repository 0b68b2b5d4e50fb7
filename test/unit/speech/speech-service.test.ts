import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { AudioSink } from '../../../electron/core/speech/audio-sink.ts';
import type { Synthesiser } from '../../../electron/core/speech/speech-engines.ts';
import { SpeechService } from '../../../electron/core/speech/speech-service.ts';
import { floatToWav, parseWav } from '../../../electron/core/speech/wav.ts';

/** A real WAV of a 440 Hz tone, length proportional to the text, so volume scaling is measurable. */
const toneEngine = (name: 'espeak-ng' | 'sherpa-onnx', fail = false): Synthesiser => ({
  name,
  locales: ['zh-CN'],
  synthesise(text) {
    if (fail) return Promise.reject(new Error('model crashed'));
    const n = 1600 * text.length;
    const s = new Float32Array(n);
    for (let i = 0; i < n; i++) s[i] = 0.5 * Math.sin((2 * Math.PI * 440 * i) / 16000);
    return Promise.resolve(floatToWav(s, 16000));
  },
});

function recordingSink(): AudioSink & { played: { peak: number; device: string | null }[] } {
  const played: { peak: number; device: string | null }[] = [];
  return {
    name: 'none',
    played,
    play(wav, device) {
      const info = parseWav(wav);
      let peak = 0;
      for (let i = info.dataOffset; i < info.dataOffset + info.dataLength; i += 2) {
        peak = Math.max(peak, Math.abs(wav.readInt16LE(i)));
      }
      played.push({ peak, device });
      return Promise.resolve();
    },
    stop() {},
  };
}

function service(engines: Synthesiser[], sink: AudioSink) {
  return new SpeechService({
    engines,
    sink,
    log: pino({ level: 'silent' }),
    defaultVolume: 0.8,
    speakerDevice: 'speaker',
    headphoneDevice: 'jack',
  });
}

describe('speech service', () => {
  it('falls back to the next engine when the first fails', async () => {
    const sink = recordingSink();
    const s = service([toneEngine('sherpa-onnx', true), toneEngine('espeak-ng')], sink);
    const r = await s.speak('请刷身份证', 'zh-CN');
    expect(r).toMatchObject({ spoken: true, engine: 'espeak-ng', reason: 'ok' });
    expect(r.durationMs).toBeCloseTo(500, -1);
  });

  it('says plainly when no engine voices the locale, so the screen text carries the prompt', async () => {
    const s = service([toneEngine('espeak-ng')], recordingSink());
    expect(await s.speak('བཀྲ་ཤིས་བདེ་ལེགས།', 'bo')).toMatchObject({ spoken: false, reason: 'no-voice' });
  });

  it('applies volume and headphone mode, replays, and resets both for the next resident', async () => {
    const sink = recordingSink();
    const s = service([toneEngine('espeak-ng')], sink);
    await s.speak('您好', 'zh-CN');
    s.updateSettings({ volume: 0.25, headphones: true });
    await s.replay();
    expect(sink.played[0]!.device).toBe('speaker');
    expect(sink.played[1]!.device).toBe('jack');
    expect(sink.played[1]!.peak / sink.played[0]!.peak).toBeCloseTo(0.25 / 0.8, 1);
    s.updateSettings({ muted: true });
    expect(await s.speak('您好', 'zh-CN')).toMatchObject({ spoken: false, reason: 'muted' });
    s.reset();
    expect(s.getSettings()).toEqual({ volume: 0.8, headphones: false, muted: false });
    expect(await s.replay()).toMatchObject({ spoken: false });
  });
});
