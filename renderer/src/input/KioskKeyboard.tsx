import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useT, type MessageKey } from '../i18n/i18n.tsx';
import { HandwritingPad } from './HandwritingPad.tsx';
import type { HandwritingEngine } from './handwriting-engine.ts';
import { loadHandwritingEngine, loadPinyinEngine } from './index-loader.ts';
import type { Candidate, PinyinEngine } from './pinyin-engine.ts';

export type KeyboardMode = 'pinyin' | 'handwriting' | 'latin' | 'numeric';

const MODE_LABEL: Record<KeyboardMode, MessageKey> = {
  pinyin: 'kb.pinyin',
  handwriting: 'kb.handwriting',
  latin: 'kb.latin',
  numeric: 'kb.numeric',
};
const QWERTY = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const LATIN_EXTRA = ['@', '.', '-', '_'];
const PAGE = 6;

/** Keys never take focus from the field being typed into (a tap keeps the caret where it is). */
const keep = (e: React.PointerEvent): void => e.preventDefault();

export interface KeyboardActions {
  insert: (text: string) => void;
  backspace: () => void;
  clear: () => void;
  done: () => void;
}

/** Pinyin state shared by the on-screen keys and a physical keyboard typing into the field. */
export function usePinyin(active: boolean) {
  const [engine, setEngine] = useState<PinyinEngine | null>(null);
  const [buffer, setBufferRaw] = useState('');
  const [page, setPage] = useState(0);
  // New letters mean new candidates: always back to their first page.
  const setBuffer = useCallback((update: string | ((b: string) => string)) => {
    setBufferRaw(update);
    setPage(0);
  }, []);
  useEffect(() => {
    if (active && !engine) loadPinyinEngine().then(setEngine, () => undefined);
  }, [active, engine]);
  const candidates = useMemo<Candidate[]>(
    () => (engine && buffer ? engine.candidates(buffer) : []),
    [engine, buffer],
  );
  return { engine, buffer, setBuffer, candidates, page, setPage };
}
export type PinyinState = ReturnType<typeof usePinyin>;

/**
 * The in-app keyboard (OS keyboards do not appear in kiosk mode): pinyin with word and phrase
 * candidates, handwriting, Latin, and a 12-key number pad (X for ID numbers). It sits above the
 * global bar, so 返回 / 首页 / 呼叫帮办 stay reachable, and the field it types into is scrolled
 * clear of it (WCAG 2.4.11).
 */
export function KioskKeyboard({
  modes,
  mode,
  onMode,
  allowX,
  pinyin,
  actions,
  field,
}: {
  modes: KeyboardMode[];
  mode: KeyboardMode;
  onMode: (m: KeyboardMode) => void;
  allowX: boolean;
  pinyin: PinyinState;
  actions: KeyboardActions;
  field: React.RefObject<HTMLElement | null>;
}) {
  const t = useT();
  const panel = useRef<HTMLDivElement>(null);
  const [hw, setHw] = useState<HandwritingEngine | null>(null);
  const [hwCandidates, setHwCandidates] = useState<string[]>([]);
  const [hwReset, setHwReset] = useState(0);

  useEffect(() => {
    if (mode === 'handwriting' && !hw) loadHandwritingEngine().then(setHw, () => undefined);
  }, [mode, hw]);

  // Sit above the global bar, and keep the focused field visible above the keyboard.
  useLayoutEffect(() => {
    const el = panel.current;
    if (!el) return undefined;
    const place = (): void => {
      const bar = document.querySelector('.global-bar');
      const bottom = bar ? window.innerHeight - bar.getBoundingClientRect().top : 0;
      el.style.bottom = `${Math.max(0, bottom)}px`;
      const root = document.documentElement;
      root.style.setProperty('--kb-height', `${el.offsetHeight + bottom}px`);
      root.dataset.keyboard = 'open';
      const f = field.current;
      if (f) {
        const kbTop = el.getBoundingClientRect().top;
        const r = f.getBoundingClientRect();
        const scroller = f.closest('.screen') ?? document.scrollingElement;
        const margin = 24;
        if (r.bottom + margin > kbTop && scroller) scroller.scrollBy({ top: r.bottom + margin - kbTop });
        else if (r.top < margin && scroller) scroller.scrollBy({ top: r.top - margin });
      }
    };
    place();
    const ro = new ResizeObserver(place);
    ro.observe(el);
    return () => {
      ro.disconnect();
      delete document.documentElement.dataset.keyboard;
    };
  }, [field, mode]);

  const pick = useCallback(
    (c: Candidate) => {
      actions.insert(c.text);
      pinyin.setBuffer((b) => b.slice(c.consumed));
    },
    [actions, pinyin],
  );

  const key = (
    label: string,
    onClick: () => void,
    extra?: { className?: string; name?: string; testId?: string },
  ) => (
    <button
      key={extra?.testId ?? label}
      type="button"
      className={`btn key ${extra?.className ?? ''}`}
      aria-label={extra?.name}
      data-testid={extra?.testId}
      onPointerDown={keep}
      onClick={onClick}
    >
      {label}
    </button>
  );

  const letterRows = (onLetter: (c: string) => void, upper: boolean) =>
    QWERTY.map((row) => (
      <div className="kb-row" key={row}>
        {[...row].map((c) => key(upper ? c.toUpperCase() : c, () => onLetter(c), { testId: `key-${c}` }))}
      </div>
    ));

  const pinyinPages = Math.max(1, Math.ceil(pinyin.candidates.length / PAGE));
  const shown = pinyin.candidates.slice(pinyin.page * PAGE, pinyin.page * PAGE + PAGE);

  const controls = (
    <div className="kb-row kb-controls">
      {key(
        t('kb.delete'),
        () =>
          mode === 'pinyin' && pinyin.buffer ? pinyin.setBuffer((b) => b.slice(0, -1)) : actions.backspace(),
        { testId: 'key-delete' },
      )}
      {key(
        t('kb.clear'),
        () => {
          pinyin.setBuffer('');
          setHwReset((n) => n + 1);
          actions.clear();
        },
        { testId: 'key-clear' },
      )}
      {mode === 'pinyin' || mode === 'latin'
        ? key(
            t('kb.space'),
            () => (pinyin.buffer && pinyin.candidates[0] ? pick(pinyin.candidates[0]) : actions.insert(' ')),
            { className: 'key-wide', testId: 'key-space' },
          )
        : null}
      {key(t('kb.done'), actions.done, { className: 'btn-primary', testId: 'key-done' })}
    </div>
  );

  return createPortal(
    <div
      ref={panel}
      className="kb"
      role="group"
      aria-label={t('kb.keyboard')}
      data-testid="keyboard"
      data-mode={mode}
      dir="ltr"
    >
      {modes.length > 1 ? (
        <div className="kb-row kb-modes">
          {modes.map((m) => (
            <button
              key={m}
              type="button"
              className="btn key"
              aria-pressed={m === mode}
              data-testid={`kb-mode-${m}`}
              onPointerDown={keep}
              onClick={() => onMode(m)}
            >
              {t(MODE_LABEL[m])}
            </button>
          ))}
        </div>
      ) : null}

      {mode === 'pinyin' || mode === 'handwriting' ? (
        <div className="kb-candidates" aria-label={t('kb.candidates')} role="group">
          {mode === 'pinyin' ? (
            <>
              <span className="kb-typed" aria-label={t('kb.typed')} data-testid="pinyin-buffer">
                {pinyin.engine ? pinyin.buffer : t('kb.loading')}
              </span>
              <div className="kb-cands" data-testid="candidates">
                {shown.map((c, i) => key(c.text, () => pick(c), { className: 'cand', testId: `cand-${i}` }))}
              </div>
              {pinyinPages > 1 ? (
                <>
                  {key(t('kb.prev'), () => pinyin.setPage((p) => Math.max(0, p - 1)), {
                    testId: 'cand-prev',
                  })}
                  {key(t('kb.next'), () => pinyin.setPage((p) => Math.min(pinyinPages - 1, p + 1)), {
                    testId: 'cand-next',
                  })}
                </>
              ) : null}
            </>
          ) : (
            <div className="kb-cands" data-testid="candidates">
              {hw ? null : <span className="kb-typed">{t('kb.loading')}</span>}
              {hwCandidates.slice(0, 8).map((c, i) =>
                key(
                  c,
                  () => {
                    actions.insert(c);
                    setHwReset((n) => n + 1);
                  },
                  { className: 'cand', testId: `cand-${i}` },
                ),
              )}
            </div>
          )}
        </div>
      ) : null}

      {mode === 'pinyin' ? letterRows((c) => pinyin.setBuffer((b) => b + c), false) : null}
      {mode === 'latin' ? (
        <>
          <div className="kb-row">
            {[...'1234567890'].map((d) => key(d, () => actions.insert(d), { testId: `key-${d}` }))}
          </div>
          {letterRows((c) => actions.insert(c), false)}
          <div className="kb-row">
            {LATIN_EXTRA.map((c) => key(c, () => actions.insert(c), { testId: `key-${c}` }))}
          </div>
        </>
      ) : null}
      {mode === 'handwriting' ? (
        <HandwritingPad key={hwReset} engine={hw} onCandidates={setHwCandidates} />
      ) : null}
      {mode === 'numeric' ? (
        <div className="kb-numpad">
          {[...'123456789'].map((d) =>
            key(d, () => actions.insert(d), { className: d === '5' ? 'key-5' : '', testId: `key-${d}` }),
          )}
          {allowX ? key('X', () => actions.insert('X'), { testId: 'key-X' }) : <span />}
          {key('0', () => actions.insert('0'), { testId: 'key-0' })}
          <span />
        </div>
      ) : null}
      {controls}
    </div>,
    document.body,
  );
}
