import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/** Where synthesised audio goes: a real ALSA device through `aplay`, or nowhere (no sound card). */
export interface AudioSink {
  readonly name: 'aplay' | 'none';
  /** Starts playback; resolves when it has ended or was stopped. */
  play(wav: Buffer, device: string | null, durationMs: number): Promise<void>;
  stop(): void;
}

export function hasSoundCard(): boolean {
  try {
    const cards = fs.readFileSync('/proc/asound/cards', 'utf8');
    return !/no soundcards/i.test(cards) && cards.trim().length > 0;
  } catch {
    return false;
  }
}

export function createAplaySink(command = 'aplay'): AudioSink {
  let child: ChildProcess | null = null;
  return {
    name: 'aplay',
    play(wav, device) {
      this.stop();
      return new Promise<void>((resolve) => {
        const args = ['-q', ...(device ? ['-D', device] : []), '-'];
        const c = spawn(command, args, { stdio: ['pipe', 'ignore', 'ignore'] });
        child = c;
        c.on('error', () => resolve());
        c.on('close', () => {
          if (child === c) child = null;
          resolve();
        });
        c.stdin?.on('error', () => undefined);
        c.stdin?.end(wav);
      });
    },
    stop() {
      child?.kill('SIGTERM');
      child = null;
    },
  };
}

/** No device: "plays" for the audio's duration so speaking/idle states stay truthful. */
export function createNullSink(): AudioSink {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let done: (() => void) | null = null;
  return {
    name: 'none',
    play(_wav, _device, durationMs) {
      this.stop();
      return new Promise<void>((resolve) => {
        done = resolve;
        timer = setTimeout(() => {
          timer = null;
          done = null;
          resolve();
        }, durationMs);
      });
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      done?.();
      done = null;
    },
  };
}
