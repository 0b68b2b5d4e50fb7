import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useT, type MessageKey } from '../i18n/i18n.tsx';
import { validateIdNumber, validateMobile } from './id-number.ts';
import { KioskKeyboard, usePinyin, type KeyboardActions, type KeyboardMode } from './KioskKeyboard.tsx';
import './keyboard.css';

/**
 * What the field holds decides the keyboard: Chinese text opens pinyin (with handwriting, Latin and
 * digits a tap away), `latin` opens letters, `numeric`/`phone` the number pad, `id` the number pad
 * with X and the GB 11643 check. Drop-in for an <input>: value + onChange(value).
 */
export type FieldKind = 'text' | 'latin' | 'numeric' | 'phone' | 'id' | 'date';

const MODES: Record<FieldKind, KeyboardMode[]> = {
  text: ['pinyin', 'handwriting', 'latin', 'numeric'],
  latin: ['latin', 'numeric'],
  numeric: ['numeric'],
  phone: ['numeric'],
  id: ['numeric'],
  date: ['numeric'],
};
const MAX_LENGTH: Partial<Record<FieldKind, number>> = { id: 18, phone: 11, date: 10 };

/** Digits as typed on the number pad become YYYY-MM-DD: the dashes come by themselves. */
function asDate(raw: string): string {
  const d = raw.replace(/\D/g, '').slice(0, 8);
  return d.length > 6
    ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`
    : d.length > 4
      ? `${d.slice(0, 4)}-${d.slice(4)}`
      : d;
}

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
  readOnly = false,
  check = true,
  invalid = false,
  maxLength,
  onBlur,
}: {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  kind?: FieldKind;
  placeholder?: string;
  testId?: string;
  id?: string;
  /** Shown but not editable (e.g. read from the ID card): no keyboard opens. */
  readOnly?: boolean;
  /** The field's own ID / mobile check; off where the caller judges the value (flow forms). */
  check?: boolean;
  /** The caller's judgement that the value is wrong (its message is the caller's). */
  invalid?: boolean;
  maxLength?: number;
  onBlur?: () => void;
}) {
  const t = useT();
  const autoId = useId();
  const fieldId = id ?? `kf-${autoId}`;
  const input = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<KeyboardMode>(MODES[kind][0]!);
  const [checked, setChecked] = useState(false);
  const pinyin = usePinyin(open && mode === 'pinyin');
  const max = MAX_LENGTH[kind] ?? maxLength;
  const box = useRef<HTMLDivElement>(null);
  // A tap anywhere but the field or the keyboard puts the keyboard away. On the click, after the
  // finger lifted: closing at pointer-down would shift the page under the finger and lose the tap.
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent): void => {
      const el = e.target as Element | null;
      if (el && (box.current?.contains(el) || el.closest('.kb'))) return;
      setOpen(false);
    };
    document.addEventListener('click', away, true);
    return () => document.removeEventListener('click', away, true);
  }, [open]);
  const valueRef = useRef(value);
  useEffect(() => {
    valueRef.current = value;
  }, [value]);

  const set = useCallback(
    (next: string) => {
      let v =
        kind === 'id' ? next.toUpperCase().replace(/[^0-9X]/g, '') : kind === 'date' ? asDate(next) : next;
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

  const problem = check && checked ? problemOf(kind, value) : null;
  const ok = check && checked && !problem && value.length > 0 && (kind === 'id' || kind === 'phone');

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
    <div className="kfield" ref={box}>
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
        readOnly={readOnly}
        maxLength={max}
        aria-invalid={problem || invalid ? true : undefined}
        aria-describedby={describedBy}
        onFocus={() => !readOnly && setOpen(true)}
        onClick={() => !readOnly && setOpen(true)}
        onBlur={() => {
          if (value) setChecked(true);
          onBlur?.();
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
