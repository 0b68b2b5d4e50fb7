import { record } from 'rrweb';
import { deflate, toParts } from './frame-parts.ts';
import { maskText, shouldMaskInput } from './masking.ts';

/**
 * The kiosk's screen for the agent as rrweb DOM events (co-browsing), masked here, before anything
 * leaves the kiosk. Events are batched for 100 ms and sent framed (frame-parts.ts). The call panel
 * and every video/canvas are blocked (the agent already has the camera; a canvas may be a face).
 */
export interface ScreenShare {
  /** A fresh full snapshot (after the channel reopens, so the agent's replay starts clean). */
  snapshot(): void;
  stop(): void;
  /** Bytes handed to the channel so far (for the bench's screen bitrate). */
  readonly bytes: number;
}

export function startScreenShare(opts: {
  send: (part: Uint8Array) => boolean;
  fieldTypes: () => ReadonlyMap<string, string>;
  /** Asked when an input of an unknown field shows up: the caller refreshes fieldTypes. */
  onUnknownField?: () => void;
}): ScreenShare {
  let batch: unknown[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let seq = 0;
  let bytes = 0;
  // Compression is async; batches go out strictly in order through this chain.
  let sending: Promise<void> = Promise.resolve();
  const flush = (): void => {
    timer = null;
    if (!batch.length) return;
    const text = JSON.stringify(batch);
    batch = [];
    const id = seq++;
    sending = sending
      .then(() => deflate(text))
      .then((packed) => {
        for (const part of toParts(id, packed)) if (opts.send(part)) bytes += part.length;
      })
      .catch(() => undefined);
  };
  const stopRecording = record({
    emit(event) {
      batch.push(event);
      if (!timer) timer = setTimeout(flush, 100);
    },
    maskAllInputs: true,
    maskInputFn: (text, el) => {
      const types = opts.fieldTypes();
      const key = el.closest('[data-field]')?.getAttribute('data-field') ?? null;
      if (key && !types.has(key)) opts.onUnknownField?.();
      return shouldMaskInput(el, types) ? text.replace(/[^\s]/g, '*') : text;
    },
    maskTextSelector: '*',
    maskTextFn: (text, el) => maskText(text, Boolean(el?.closest('[data-personal]'))),
    blockSelector: '.video-panel, video, canvas, [data-rr-block]',
    recordCanvas: false,
    collectFonts: false,
    sampling: { mousemove: 100, scroll: 150, input: 'last' },
  });
  return {
    snapshot: () => record.takeFullSnapshot(true),
    stop() {
      stopRecording?.();
      if (timer) clearTimeout(timer);
      flush();
    },
    get bytes() {
      return bytes;
    },
  };
}
