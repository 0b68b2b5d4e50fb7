import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useT, type MessageKey } from '../i18n/i18n.tsx';
import { validateIdNumber, validateMobile } from './id-number.ts';
import { KioskKeyboard, usePinyin, type KeyboardActions, type KeyboardMode } from './KioskKeyboard.tsx';
import './keyboard.css';

/**
 * What the field holds decides the keyboard: Chinese text opens pinyin (with handwriting, Latin and
 * digits a tap away), `latin` opens letters, `numeric`/`phone` the number pad, `id` the number pad
 * with X and the GB 11643 check. Drop-in for an <input>: value + onChange(value).
 */
export type FieldKind = 'text' | 'latin' | 'numeric' | 'phone' | 'id';

const MODES: Record<FieldKind, KeyboardMode[]> = {
  text: ['pinyin', 'handwriting', 'latin', 'numeric'],
  latin: ['latin', 'numeric'],
  numeric: ['numeric'],
  phone: ['numeric'],
  id: ['numeric'],
};
const MAX_LENGTH: Partial<Record<FieldKind, number>> = { id: 18, phone: 11 };

function problemOf(kind: FieldKind, value: string): MessageKey | null {
  if (!value) return null;
  if (kind === 'id') {
    const p = validateIdNumber(value);
    return p ? (`id.${p}` as MessageKey) : null;
  }
  if (kind === 'phone') return validateMobile(value) ? null : 'phone.invalid';
  return null;
}

export function KioskTextField({
  label,
  value,
  onChange,
  kind = 'text',
  placeholder,
  testId,
  id,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  kind?: FieldKind;
  placeholder?: string;
  testId?: string;
  id?: string;
}) {
  const t = useT();
  const autoId = useId();
  const fieldId = id ?? `kf-${autoId}`;
  const input = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<KeyboardMode>(MODES[kind][0]!);
  const [checked, setChecked] = useState(false);
  const pinyin = usePinyin(open && mode === 'pinyin');
  const max = MAX_LENGTH[kind];
  const valueRef = useRef(value);
  useEffect(() => {
    valueRef.current = value;
  }, [value]);

  const set = useCallback(
    (next: string) => {
      let v = kind === 'id' ? next.toUpperCase().replace(/[^0-9X]/g, '') : next;
      if (kind === 'phone' || kind === 'numeric') v = v.replace(/\D/g, '');
      if (max) v = v.slice(0, max);
      onChange(v);
      if (max && v.length === max) setChecked(true);
    },
    [kind, max, onChange],
  );

  const actions = useMemo<KeyboardActions>(
    () => ({
      insert: (s) => set(valueRef.current + s),
      backspace: () => set([...valueRef.current].slice(0, -1).join('')),
      clear: () => {
        setChecked(false);
        set('');
      },
      done: () => {
        setChecked(true);
        setOpen(false);
        input.current?.blur();
      },
    }),
    [set],
  );

  const problem = checked ? problemOf(kind, value) : null;
  const ok = checked && !problem && value.length > 0 && (kind === 'id' || kind === 'phone');

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>): void => {
    // A physical keyboard or tactile keypad types pinyin into the same candidate bar.
    if (!open || mode !== 'pinyin' || e.ctrlKey || e.metaKey || e.altKey) return;
    const c = e.key;
    if (/^[a-z]$/i.test(c)) {
      pinyin.setBuffer((b) => b + c.toLowerCase());
    } else if (pinyin.buffer && c === 'Backspace') {
      pinyin.setBuffer((b) => b.slice(0, -1));
    } else if (pinyin.buffer && /^[1-6]$/.test(c)) {
      const cand = pinyin.candidates[pinyin.page * 6 + Number(c) - 1];
      if (cand) {
        actions.insert(cand.text);
        pinyin.setBuffer((b) => b.slice(cand.consumed));
      }
    } else if (pinyin.buffer && (c === ' ' || c === 'Enter')) {
      const cand = pinyin.candidates[0];
      if (cand) {
        actions.insert(cand.text);
        pinyin.setBuffer((b) => b.slice(cand.consumed));
      }
    } else if (pinyin.buffer && c === 'Escape') {
      pinyin.setBuffer('');
    } else {
      return;
    }
    e.preventDefault();
  };

  const describedBy = problem || ok ? `${fieldId}-msg` : undefined;
  return (
    <div className="kfield">
      <label htmlFor={fieldId}>{label}</label>
      <input
        ref={input}
        id={fieldId}
        className="kfield-input"
        data-testid={testId}
        value={value}
        placeholder={placeholder}
        autoComplete="off"
        // No OS keyboard: ours is the only one that works in kiosk mode.
        inputMode="none"
        dir={kind === 'text' ? 'auto' : 'ltr'}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        onBlur={() => {
          if (value) setChecked(true);
        }}
        onKeyDown={onKeyDown}
        onChange={(e) => set(e.target.value)}
      />
      {problem || ok ? (
        <p
          id={`${fieldId}-msg`}
          className={problem ? 'field-error' : 'field-ok'}
          role={problem ? 'alert' : 'status'}
          data-testid={testId ? `${testId}-msg` : undefined}
        >
          {problem ? `✕ ${t(problem)}` : `✓ ${t('id.ok')}`}
        </p>
      ) : null}
      {open ? (
        <KioskKeyboard
          modes={MODES[kind]}
          mode={mode}
          onMode={setMode}
          allowX={kind === 'id'}
          pinyin={pinyin}
          actions={actions}
          field={input}
        />
      ) : null}
    </div>
  );
}
