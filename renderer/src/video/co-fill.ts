/**
 * Fills a form field with a value the resident confirmed, through the form's own path: the value
 * goes into the input as if typed (React's onChange), then the field loses focus, which is when the
 * form saves it to the draft with `flow.answer`. Choice fields are pressed like a tap. Nothing here
 * runs without the resident's tap on 确认填入.
 */
export function fieldOnScreen(field: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-field="${CSS.escape(field)}"]`);
}

export async function fillField(field: string, value: string): Promise<boolean> {
  const box = fieldOnScreen(field);
  if (!box) return false;
  const input = box.querySelector<HTMLInputElement | HTMLTextAreaElement>(
    'input:not([readonly]), textarea:not([readonly])',
  );
  if (input) {
    const proto =
      input instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    // Let React re-render with the new value before the blur handler reads it.
    await new Promise((r) => setTimeout(r, 50));
    input.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    input.dispatchEvent(new FocusEvent('blur'));
    return true;
  }
  const choice = [...box.querySelectorAll<HTMLButtonElement>('button')].find(
    (b) => b.textContent?.trim() === value,
  );
  if (choice) {
    choice.click();
    return true;
  }
  return false;
}

/** The label the resident sees for a field (so the proposal reads "联系电话: …", not a key). */
export function fieldLabel(field: string): string {
  const box = fieldOnScreen(field);
  const label = box?.querySelector('label');
  return label?.firstChild?.textContent?.trim() || field;
}
