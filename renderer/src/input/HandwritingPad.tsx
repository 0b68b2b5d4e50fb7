import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/i18n.tsx';
import type { HandwritingEngine, Point } from './handwriting-engine.ts';

/**
 * A square writing pad. One finger draws; each lifted stroke updates the candidates. Undo and
 * rewrite are plain buttons (no gestures). Drawing is the essential function here (WCAG 2.5.7),
 * and pinyin remains the alternative. The parent clears it by remounting (a new `key`).
 */
export function HandwritingPad({
  engine,
  onCandidates,
}: {
  engine: HandwritingEngine | null;
  onCandidates: (chars: string[]) => void;
}) {
  const t = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [strokes, setStrokes] = useState<Point[][]>([]);
  const current = useRef<Point[] | null>(null);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    ctx.clearRect(0, 0, c.width, c.height);
    ctx.strokeStyle = '#000';
    ctx.lineWidth = 10;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    for (const s of strokes) {
      ctx.beginPath();
      s.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
      ctx.stroke();
    }
    onCandidates(engine && strokes.length ? engine.recognise(strokes, 10) : []);
  }, [strokes, engine, onCandidates]);

  const at = (e: React.PointerEvent<HTMLCanvasElement>): Point => {
    const r = e.currentTarget.getBoundingClientRect();
    return [
      ((e.clientX - r.left) / r.width) * e.currentTarget.width,
      ((e.clientY - r.top) / r.height) * e.currentTarget.height,
    ];
  };

  return (
    <div className="hw">
      <canvas
        ref={canvas}
        className="hw-pad"
        width={400}
        height={400}
        role="img"
        aria-label={t('kb.pad')}
        data-testid="hw-pad"
        onPointerDown={(e) => {
          if (!e.isPrimary) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          current.current = [at(e)];
        }}
        onPointerMove={(e) => {
          if (!current.current) return;
          current.current.push(at(e));
          const c = e.currentTarget.getContext('2d');
          const pts = current.current;
          if (c && pts.length > 1) {
            c.beginPath();
            c.moveTo(...pts[pts.length - 2]!);
            c.lineTo(...pts[pts.length - 1]!);
            c.stroke();
          }
        }}
        onPointerUp={() => {
          const s = current.current;
          current.current = null;
          if (s && s.length) setStrokes((prev) => [...prev, s]);
        }}
        onPointerCancel={() => (current.current = null)}
      />
      <div className="hw-actions">
        <button
          type="button"
          className="btn btn-small key"
          onPointerDown={(e) => e.preventDefault()}
          onClick={() => setStrokes((s) => s.slice(0, -1))}
        >
          {t('kb.undo')}
        </button>
        <button
          type="button"
          className="btn btn-small key"
          onPointerDown={(e) => e.preventDefault()}
          onClick={() => setStrokes([])}
        >
          {t('kb.rewrite')}
        </button>
      </div>
    </div>
  );
}
