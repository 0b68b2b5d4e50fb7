import { useEffect, useState } from 'react';
import type { FlowView } from '../../../../electron/contract/flows.ts';
import { useT } from '../../i18n/i18n.tsx';
import { errorKey, type StepProps } from '../../flows/flow-client.ts';
import { RegionPicker } from './RegionPicker.tsx';
import { KioskTextField, type FieldKind } from '../../input/KioskTextField.tsx';

export type FormValues = Record<string, string | null>;

/**
 * One section of the (merged) form. Choices are large buttons, everything else a large field; the
 * values go to the core with 下一步 (and on leaving a field, so a reload keeps what was typed).
 */
/** Which keyboard each field type opens: 手机号 and numbers the number pad, 身份证号 with X. */
const KIND: Partial<Record<string, FieldKind>> = {
  phone: 'numeric',
  number: 'numeric',
  'id-number': 'id',
  date: 'date',
};

export function FormStep({
  client,
  view,
  run,
  values,
  setValues,
}: StepProps<FlowView> & { values: FormValues; setValues: (v: FormValues) => void }) {
  const t = useT();
  const [addressPick, setAddressPick] = useState<string | null>(null);

  useEffect(() => {
    const init: FormValues = {};
    for (const f of view.fields) init[f.key] = f.value;
    setValues(init);
    // Only when the step changes: later views of the same step must not overwrite typing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view.step.id]);

  // Fields changed since the last 下一步 no longer show its message (judged again on the next one).
  // Kept with the messages they hide: a new 下一步 answer brings new messages and an empty set.
  const [editedOf, setEditedOf] = useState<{ of: object; keys: ReadonlySet<string> } | null>(null);
  const edited = editedOf?.of === view.errors ? editedOf.keys : new Set<string>();
  const set = (key: string, v: string | null): void => {
    setValues({ ...values, [key]: v });
    if (!edited.has(key)) setEditedOf({ of: view.errors, keys: new Set(edited).add(key) });
  };
  const save = (key: string): void => void run('flow.answer', { values: { [key]: values[key] ?? null } });

  return (
    <section className="flow-step" data-testid="step-form">
      {view.fields.map((f) => {
        const err = edited.has(f.key) ? null : errorKey(view.errors[f.key]);
        const id = `field-${f.key}`;
        const value = values[f.key] ?? '';
        const labelText = (
          <>
            {f.label}
            {f.required ? <span className="flow-required">{t('flows.form.required')}</span> : null}
            {f.locked ? <span className="flow-locked">{t('flows.form.locked')}</span> : null}
          </>
        );
        return (
          <div key={f.key} className="flow-field" data-field={f.key}>
            {f.options || f.type === 'region' ? (
              <label htmlFor={id} className="flow-label">
                {labelText}
              </label>
            ) : null}
            {f.options ? (
              <div className="flow-choices" role="radiogroup" aria-labelledby={id} id={id}>
                {f.options.map((o) => (
                  <button
                    key={o}
                    type="button"
                    role="radio"
                    aria-checked={value === o}
                    className="btn btn-toggle"
                    aria-pressed={value === o}
                    onClick={() => {
                      set(f.key, o);
                      void run('flow.answer', { values: { [f.key]: o } });
                    }}
                  >
                    {o}
                  </button>
                ))}
              </div>
            ) : f.type === 'region' ? (
              <RegionPicker
                client={client}
                label={f.label}
                value={value || null}
                onChange={(code) => set(f.key, code)}
              />
            ) : (
              <>
                {/* The kiosk's own keyboard (pinyin, handwriting, number pad): a touch kiosk has no other. */}
                <KioskTextField
                  id={id}
                  label={labelText}
                  kind={KIND[f.type] ?? 'text'}
                  value={value}
                  readOnly={f.locked}
                  check={false}
                  invalid={Boolean(err)}
                  maxLength={f.maxLength ?? 200}
                  placeholder={f.type === 'date' ? t('flows.form.datePlaceholder') : undefined}
                  onChange={(v) => set(f.key, v)}
                  onBlur={() => save(f.key)}
                />
                {f.type === 'address' && !f.locked ? (
                  addressPick === f.key ? (
                    <RegionPicker
                      client={client}
                      label={f.label}
                      value={null}
                      onChange={(_code, path) => {
                        set(f.key, path);
                        setAddressPick(null);
                      }}
                    />
                  ) : (
                    <button type="button" className="btn" onClick={() => setAddressPick(f.key)}>
                      {t('flows.region.choose')}
                    </button>
                  )
                ) : null}
              </>
            )}
            {err ? (
              <p className="flow-error" role="alert">
                {t(err)}
              </p>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}
