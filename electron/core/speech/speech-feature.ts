import type { speechCalls } from '../../contract/speech.ts';
import type { CoreDeps, Feature } from '../features/feature.ts';
import { createAplaySink, createNullSink, hasSoundCard, type AudioSink } from './audio-sink.ts';
import { createEspeakEngine, createSherpaEngine, type Synthesiser } from './speech-engines.ts';
import { SpeechService } from './speech-service.ts';
import type { SpeechConfig } from './speech-config.ts';
import { speechDefaults } from './speech-config.ts';
import type { Logger } from '../log/logger.ts';

type SpeechCalls = keyof typeof speechCalls;

/** Engines in preference order: the neural voice when configured and loadable, then espeak-ng. */
export async function buildEngines(config: SpeechConfig, log: Logger): Promise<Synthesiser[]> {
  if (config.engine === 'none') return [];
  const engines: Synthesiser[] = [];
  if ((config.engine === 'auto' || config.engine === 'sherpa-onnx') && config.sherpaModelDir) {
    try {
      engines.push(await createSherpaEngine(config.sherpaModelDir));
    } catch (e) {
      log.warn({ err: (e as Error).message }, 'neural voice unavailable; falling back to espeak-ng');
    }
  }
  if (config.engine !== 'sherpa-onnx' || engines.length === 0) {
    engines.push(createEspeakEngine({ command: config.espeakCommand, rate: config.rate }));
  }
  return engines;
}

function buildSink(config: SpeechConfig): AudioSink {
  if (config.output === 'aplay' || (config.output === 'auto' && hasSoundCard())) return createAplaySink();
  return createNullSink();
}

export function createSpeechFeature(deps: CoreDeps): Feature<SpeechCalls> & { speech: () => SpeechService } {
  const config: SpeechConfig = deps.config.speech ?? speechDefaults;
  let service = new SpeechService({
    engines: [],
    sink: createNullSink(),
    log: deps.log,
    defaultVolume: config.defaultVolume,
    speakerDevice: config.speakerDevice,
    headphoneDevice: config.headphoneDevice,
  });
  let unhook: (() => void) | null = null;
  return {
    speech: () => service,
    async start() {
      service = new SpeechService({
        engines: await buildEngines(config, deps.log),
        sink: buildSink(config),
        log: deps.log,
        // A getter: the technician's site settings change the starting volume while the kiosk runs.
        get defaultVolume() {
          return config.defaultVolume;
        },
        speakerDevice: config.speakerDevice,
        headphoneDevice: config.headphoneDevice,
        onState: (state, engine) => deps.bus.emit('speech.state', { state, engine }),
      });
      unhook = deps.sessions.onWipe(() => service.reset());
    },
    close() {
      unhook?.();
      service.stop();
    },
    handlers: {
      'speech.status': () => ({
        engine: service.engine,
        locales: service.locales(),
        settings: service.getSettings(),
      }),
      'speech.speak': (req) => service.speak(req.text, req.locale),
      'speech.stop': () => ({ stopped: service.stop() }),
      'speech.replay': () => service.replay(),
      'speech.settings': (req) =>
        service.updateSettings({
          ...(req.volume !== undefined ? { volume: req.volume } : {}),
          ...(req.headphones !== undefined ? { headphones: req.headphones } : {}),
          ...(req.muted !== undefined ? { muted: req.muted } : {}),
        }),
    },
  };
}
