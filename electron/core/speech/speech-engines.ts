import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Locale } from '../../contract/locale.ts';
import type { SpeechEngine } from '../../contract/speech.ts';
import { normaliseForSpeech, toEspeakPinyin } from './speech-text.ts';
import { floatToWav, parseWav } from './wav.ts';

/** A synthesiser: text in, WAV out. Engines are tried in order; the first that voices a locale wins. */
export interface Synthesiser {
  readonly name: Exclude<SpeechEngine, 'none'>;
  readonly locales: readonly Locale[];
  synthesise(text: string, locale: Locale): Promise<Buffer>;
}

export class EngineUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineUnavailable';
  }
}

const ESPEAK_VOICES: Partial<Record<Locale, string>> = {
  // Pinyin input with tone digits: correct contours, unlike the `cmn` voice's own dictionary.
  'zh-CN': 'cmn-latn-pinyin',
  en: 'en-us',
};
const SYNTH_TIMEOUT_MS = 10_000;

/**
 * espeak-ng (Debian package) as a child process. Robotic but offline, small and always present on
 * a Linux kiosk; Chinese text is first turned into tone-numbered pinyin (speech-text.ts).
 */
export function createEspeakEngine(opts: { command: string; rate: number }): Synthesiser {
  return {
    name: 'espeak-ng',
    locales: Object.keys(ESPEAK_VOICES) as Locale[],
    synthesise(text, locale) {
      const voice = ESPEAK_VOICES[locale];
      if (!voice) return Promise.reject(new EngineUnavailable(`espeak-ng: no voice for ${locale}`));
      const normalised = normaliseForSpeech(text, locale);
      const input = locale === 'zh-CN' ? toEspeakPinyin(normalised) : normalised;
      return new Promise<Buffer>((resolve, reject) => {
        // Text goes through stdin, never argv: argv is visible to every process on the machine.
        const child = spawn(opts.command, ['-v', voice, '-s', String(opts.rate), '--stdout'], {
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        const chunks: Buffer[] = [];
        let err = '';
        const timer = setTimeout(() => child.kill('SIGKILL'), SYNTH_TIMEOUT_MS);
        child.stdout.on('data', (c: Buffer) => chunks.push(c));
        child.stderr.on('data', (c: Buffer) => (err += c.toString()));
        child.on('error', (e) => {
          clearTimeout(timer);
          reject(new EngineUnavailable(`espeak-ng could not start (${opts.command}): ${e.message}`));
        });
        child.on('close', (code) => {
          clearTimeout(timer);
          const wav = Buffer.concat(chunks);
          if (code !== 0) return reject(new Error(`espeak-ng exited with ${code}: ${err.slice(0, 200)}`));
          try {
            parseWav(wav);
            resolve(wav);
          } catch (e) {
            reject(new Error(`espeak-ng produced no audio: ${(e as Error).message}`));
          }
        });
        child.stdin.end(input);
      });
    },
  };
}

interface SherpaTts {
  generate(req: { text: string; sid: number; speed: number }): { samples: Float32Array; sampleRate: number };
}
interface SherpaModule {
  OfflineTts: new (config: unknown) => SherpaTts;
}

/**
 * Neural Mandarin voice via `sherpa-onnx-node`, only when a deployer puts a VITS model folder on the
 * kiosk (model.onnx, tokens.txt, lexicon.txt; nothing is downloaded). Throws EngineUnavailable when
 * the package or the model is missing, and the port falls back to espeak-ng.
 */
export async function createSherpaEngine(modelDir: string): Promise<Synthesiser> {
  const files = { model: 'model.onnx', tokens: 'tokens.txt', lexicon: 'lexicon.txt' };
  for (const f of Object.values(files)) {
    if (!fs.existsSync(path.join(modelDir, f))) {
      throw new EngineUnavailable(`sherpa-onnx: model file ${f} missing in ${modelDir}`);
    }
  }
  let mod: SherpaModule;
  try {
    // Optional dependency: a variable specifier keeps bundlers and tsc from requiring it.
    const specifier = 'sherpa-onnx-node';
    mod = (await import(specifier)) as SherpaModule;
  } catch (e) {
    throw new EngineUnavailable(`sherpa-onnx-node is not installed: ${(e as Error).message}`);
  }
  const tts = new mod.OfflineTts({
    model: {
      vits: {
        model: path.join(modelDir, files.model),
        tokens: path.join(modelDir, files.tokens),
        lexicon: path.join(modelDir, files.lexicon),
      },
      numThreads: 1,
    },
    maxNumSentences: 1,
  });
  return {
    name: 'sherpa-onnx',
    locales: ['zh-CN'],
    synthesise(text, locale) {
      const out = tts.generate({ text: normaliseForSpeech(text, locale), sid: 0, speed: 0.9 });
      return Promise.resolve(floatToWav(out.samples, out.sampleRate));
    },
  };
}
