import { useRef, useState, type PointerEvent } from 'react';
import type { FlowView } from '../../../../electron/contract/flows.ts';
import { useT } from '../../i18n/i18n.tsx';
import { canvasBase64, errorKey, type StepProps } from '../../flows/flow-client.ts';

/** Finger signature on a canvas, stored by the core as a PNG with the time it was confirmed. */
export function SignStep({ view, run }: StepProps<FlowView>) {
  const t = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const [strokes, setStrokes] = useState(0);
  const [empty, setEmpty] = useState(false);

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return {
      x: ((e.clientX - r.left) / r.width) * e.currentTarget.width,
      y: ((e.clientY - r.top) / r.height) * e.currentTarget.height,
    };
  };
  const draw = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!last.current) return;
    const g = e.currentTarget.getContext('2d')!;
    const p = point(e);
    g.lineWidth = 5;
    g.lineCap = 'round';
    g.strokeStyle = '#111';
    g.beginPath();
    g.moveTo(last.current.x, last.current.y);
    g.lineTo(p.x, p.y);
    g.stroke();
    last.current = p;
  };
  const clear = () => {
    const c = canvas.current!;
    c.getContext('2d')!.clearRect(0, 0, c.width, c.height);
    setStrokes(0);
  };
  const err = errorKey(view.errors.signature);

  return (
    <section className="flow-step" data-testid="step-sign">
      <p className="lead">{t('flows.sign.prompt')}</p>
      <canvas
        ref={canvas}
        className="flow-sign-pad"
        width={720}
        height={280}
        data-testid="sign-pad"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture?.(e.pointerId);
          last.current = point(e);
          setEmpty(false);
        }}
        onPointerMove={draw}
        onPointerUp={() => {
          last.current = null;
          setStrokes((n) => n + 1);
        }}
      />
      <div className="flow-actions-inline">
        <button type="button" className="btn" onClick={clear}>
          {t('flows.sign.clear')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => {
            if (strokes === 0) {
              setEmpty(true);
              return;
            }
            void run('flow.sign', { png: canvasBase64(canvas.current!) });
          }}
        >
          {t('flows.sign.confirm')}
        </button>
      </div>
      {view.signedAt ? (
        <p className="flow-ok">{t('flows.sign.done', { time: view.signedAt.slice(11, 16) })}</p>
      ) : null}
      {empty || err ? (
        <p className="flow-error" role="alert">
          {t(err ?? 'flows.sign.empty')}
        </p>
      ) : null}
    </section>
  );
}
