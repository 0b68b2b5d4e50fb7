import { useEffect, useRef, useState } from 'react';
import {
  MAX_PAGE_BYTES,
  type CameraSettings,
  type CaptureInfo,
} from '../../../../electron/contract/camera.ts';
import type { KioskClient } from '../../../../electron/contract/index.ts';
import { useT, type MessageKey } from '../../i18n/i18n.tsx';
import { messageOf } from '../../flows/flow-client.ts';
import { CameraError, openCamera, stopStream } from '../../camera/camera-devices.ts';
import { StillnessGate, type Quad } from '../../camera/document-analysis.ts';
import type { DocRequest, DocResponse } from '../../camera/document-protocol.ts';
import { uploadCapture } from '../../camera/capture-upload.ts';
import '../../camera/camera.css';

type Hint = 'noPage' | 'blurry' | 'hold' | 'saving' | null;
/** Motion (mean grey difference) that counts as "the page was changed" after a capture. */
const REARM_MOTION = 6;

export interface CapturedPage {
  info: CaptureInfo;
  /** Object URL of the thumbnail, revoked when the panel closes. */
  url: string;
  jpeg: Blob;
}

/**
 * The document camera (高拍仪) for one material: live preview with a page guide and the detected
 * outline; auto-capture once the page has been still and sharp for `stillMs` (measured in a worker);
 * perspective crop to the page; JPEG ≤ 300 KB; several pages; retake. Pages go to the core sealed
 * and are handed to the materials step when the resident taps 拍好了.
 */
export function DocumentCapture({
  client,
  settings,
  name,
  materialKey,
  onDone,
  onCancel,
}: {
  client: KioskClient;
  settings: CameraSettings;
  name: string;
  materialKey: string;
  onDone: (pages: CapturedPage[]) => void;
  onCancel: (problem: MessageKey | null) => void;
}) {
  const t = useT();
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const [hint, setHint] = useState<Hint>('noPage');
  const [quad, setQuad] = useState<Quad | null>(null);
  const [pages, setPages] = useState<CapturedPage[]>([]);
  const [error, setError] = useState<MessageKey | null>(null);
  const [latency, setLatency] = useState<number | null>(null);
  const manual = useRef<(() => void) | null>(null);
  const pagesRef = useRef<CapturedPage[]>([]);
  const onCancelRef = useRef(onCancel);
  useEffect(() => {
    pagesRef.current = pages;
    onCancelRef.current = onCancel;
  });

  useEffect(() => {
    let stream: MediaStream | null = null;
    let stopped = false;
    const worker = new Worker(new URL('../../camera/document-worker.ts', import.meta.url), {
      type: 'module',
      name: 'document',
    });
    let seq = 0;
    const waiting = new Map<number, (r: DocResponse) => void>();
    worker.onmessage = (ev: MessageEvent<DocResponse>) => {
      waiting.get(ev.data.id)?.(ev.data);
      waiting.delete(ev.data.id);
    };
    const ask = (m: DocRequest, transfer: Transferable[]): Promise<DocResponse> =>
      new Promise((resolve) => {
        waiting.set(m.id, resolve);
        worker.postMessage(m, transfer);
      });
    const gate = new StillnessGate(settings.autoCapture);
    let armed = true;
    let lastQuad: Quad | null = null;
    let busy = false;

    const capture = async (stillSince: number | null): Promise<void> => {
      const v = videoRef.current;
      if (!v || busy) return;
      busy = true;
      setHint('saving');
      try {
        const bitmap = await createImageBitmap(v);
        const r = await ask(
          { type: 'capture', id: ++seq, bitmap, quad: lastQuad, maxBytes: MAX_PAGE_BYTES },
          [bitmap],
        );
        if (r.type !== 'captured') throw new Error(r.type === 'error' ? r.message : 'capture failed');
        if (stillSince !== null) setLatency(performance.now() - stillSince);
        const jpeg = new Blob([r.jpeg], { type: 'image/jpeg' });
        const info = await uploadCapture(client, r.jpeg, {
          kind: 'page',
          materialKey,
          width: r.width,
          height: r.height,
        });
        if (stopped) return;
        setPages((p) => [...p, { info, jpeg, url: URL.createObjectURL(jpeg) }]);
        armed = false;
        gate.reset();
      } catch (e) {
        setError(messageOf(e));
        // Measure the next stillness afresh (and do not retry the same failure in a tight loop).
        gate.reset();
        armed = false;
      } finally {
        busy = false;
      }
    };
    manual.current = () => void capture(null);

    const loop = async (): Promise<void> => {
      while (!stopped) {
        const v = videoRef.current;
        if (!v || v.readyState < 2 || !v.videoWidth || busy) {
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        const bitmap = await createImageBitmap(v);
        const r = await ask({ type: 'analyze', id: ++seq, bitmap }, [bitmap]);
        if (stopped || r.type !== 'analysis') continue;
        const now = performance.now();
        lastQuad = r.quad;
        setQuad(r.quad);
        if (!armed) {
          // After a capture the same page is not taken again: wait until the page is changed.
          if (r.motion > REARM_MOTION) armed = true;
          continue;
        }
        const still = gate.push(now, { motion: r.motion, sharpness: r.sharpness, page: r.quad !== null });
        setHint(!r.quad ? 'noPage' : r.sharpness < settings.autoCapture.minSharpness ? 'blurry' : 'hold');
        if (still !== null) await capture(still);
      }
    };

    (async () => {
      try {
        stream = await openCamera('document', settings);
        if (stopped) return stopStream(stream);
        const v = videoRef.current;
        if (v) {
          v.srcObject = stream;
          await v.play().catch(() => undefined);
        }
        await loop();
      } catch (e) {
        if (stopped) return;
        onCancelRef.current(
          e instanceof CameraError ? (`camera.err.${e.problem}` as MessageKey) : messageOf(e),
        );
      }
    })();
    return () => {
      stopped = true;
      stopStream(stream);
      worker.terminate();
    };
    // The camera opens once per panel; the callbacks are read through refs.
  }, [client, settings, materialKey]);

  useEffect(() => () => pagesRef.current.forEach((p) => URL.revokeObjectURL(p.url)), []);

  const retake = (p: CapturedPage): void => {
    void client
      .call('camera.capture.delete', { id: p.info.id })
      .then(() => {
        URL.revokeObjectURL(p.url);
        setPages((all) => all.filter((x) => x.info.id !== p.info.id));
      })
      .catch((e: unknown) => setError(messageOf(e)));
  };

  return (
    <div
      className="camera-doc"
      data-testid="document-capture"
      data-pages={pages.length}
      data-autocapture-ms={latency ?? ''}
    >
      <h3>{t('camera.doc.title', { name })}</h3>
      <p>{t('camera.doc.hint')}</p>
      <div className="camera-frame camera-frame-doc" aria-hidden="true">
        <video ref={videoRef} className="camera-video" muted playsInline autoPlay />
        <div className="camera-guide-page" />
        {quad ? (
          <svg className="camera-quad" viewBox="0 0 1 1" preserveAspectRatio="none">
            <polygon
              points={quad.map((p) => `${p.x},${p.y}`).join(' ')}
              fill="none"
              stroke="#2ecc71"
              strokeWidth="0.006"
            />
          </svg>
        ) : null}
      </div>
      <p className="camera-guidance" role="status" aria-live="polite" data-testid="document-hint">
        {pages.length && hint !== 'saving'
          ? t('camera.doc.captured', { n: pages.length })
          : hint === 'saving'
            ? t('camera.doc.saving')
            : hint
              ? t(`camera.doc.${hint}` as MessageKey)
              : ''}
      </p>
      {error ? (
        <p className="flow-error" role="alert">
          {t(error)}
        </p>
      ) : null}
      {pages.length ? (
        <ul className="camera-pages" aria-label={t('camera.doc.pages', { n: pages.length })}>
          {pages.map((p, i) => (
            <li key={p.info.id} data-testid="document-page">
              <img src={p.url} alt={t('camera.doc.page', { n: i + 1 })} />
              <button type="button" className="btn" onClick={() => retake(p)}>
                {t('camera.doc.retake')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flow-actions-inline">
        <button type="button" className="btn" onClick={() => manual.current?.()}>
          {t('camera.doc.shoot')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={!pages.length}
          onClick={() => onDone(pages)}
        >
          {t('camera.doc.done')}
        </button>
        <button type="button" className="btn" onClick={() => onCancel(null)}>
          {t('camera.doc.cancel')}
        </button>
      </div>
    </div>
  );
}
