import { useState } from 'react';
import type { KioskClient } from '../../../electron/contract/index.ts';
import { useT } from '../i18n/i18n.tsx';
import { useVoice } from './voice-context.tsx';

const STEP = 0.2;

/**
 * 重听 / 停止 / 小声 / 大声 / 耳机 (ADA 707.5: repeatable, interruptible, volume; EN 301 549 5.1.3:
 * private listening). Settings live in the core and reset when the session is wiped.
 */
export function VoiceBar({ client }: { client: KioskClient }) {
  const t = useT();
  const voice = useVoice();
  const speaker = voice.speaker;
  const [volume, setVolume] = useState(0.8);
  const [headphones, setHeadphones] = useState(false);
  const [muted, setMuted] = useState(false);
  if (!speaker) return null;

  const apply = (patch: { volume?: number; headphones?: boolean; muted?: boolean }): void => {
    client
      .call('speech.settings', patch)
      .then((s) => {
        setVolume(s.volume);
        setHeadphones(s.headphones);
        setMuted(s.muted);
        speaker.setVolume(s.volume);
      })
      .catch(() => undefined);
  };
  const percent = Math.round(volume * 100);
  return (
    <section className="voice-bar" aria-label={t('voice.bar')}>
      <span className="voice-status" aria-live="polite" data-testid="voice-status">
        {muted
          ? t('voice.off')
          : voice.route === 'none'
            ? t('voice.noVoice')
            : t('voice.volume', { percent })}
      </span>
      <button
        type="button"
        className="btn btn-small"
        data-testid="voice-replay"
        onClick={() => {
          if (muted) apply({ muted: false });
          void speaker.replay();
        }}
      >
        {t('voice.replay')}
      </button>
      <button type="button" className="btn btn-small" data-testid="voice-stop" onClick={() => speaker.stop()}>
        {t('voice.stop')}
      </button>
      <button
        type="button"
        className="btn btn-small"
        data-testid="voice-quieter"
        disabled={volume <= 0.2}
        onClick={() => apply({ volume: Math.max(0.2, Math.round((volume - STEP) * 10) / 10) })}
      >
        {t('voice.quieter')}
      </button>
      <button
        type="button"
        className="btn btn-small"
        data-testid="voice-louder"
        disabled={volume >= 1}
        onClick={() => apply({ volume: Math.min(1, Math.round((volume + STEP) * 10) / 10) })}
      >
        {t('voice.louder')}
      </button>
      <button
        type="button"
        className="btn btn-small"
        aria-pressed={headphones}
        data-testid="voice-headphones"
        onClick={() => apply({ headphones: !headphones })}
      >
        {t('voice.headphones')}
      </button>
      <button
        type="button"
        className="btn btn-small"
        aria-pressed={muted}
        data-testid="voice-mute"
        onClick={() => apply({ muted: !muted })}
      >
        {t('voice.mute')}
      </button>
    </section>
  );
}
