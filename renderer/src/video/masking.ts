/**
 * What the agent must never see of the kiosk screen. The screen goes out as rrweb DOM events, and
 * rrweb asks these functions about every input value and every text node before an event leaves
 * the kiosk. Inputs are masked BY DEFAULT: only a form field the flow declares non-personal shows
 * its value (so the agent can help with 事由, 份数, choices); names, ID numbers, phones, addresses,
 * dates of birth and anything unknown go out as asterisks. In text, ID-number and phone patterns
 * are masked wherever they appear, and anything inside [data-personal] entirely.
 */

/** Field types of the flow engine (electron/core/flows/flow-types.ts) that may be shown as typed. */
const VISIBLE_TYPES = new Set(['enum', 'region', 'number', 'text', 'credit-code']);
/** Keys that smell personal are masked even when typed as plain text. */
const PERSONAL_KEY =
  /name|id(?:card|no|number)?\b|idnumber|phone|mobile|tel|addr|birth|email|bank|account|card|姓名|证件|电话|住址/i;

export function isPersonalField(key: string | null, fieldTypes: ReadonlyMap<string, string>): boolean {
  if (!key) return true;
  const type = fieldTypes.get(key);
  if (!type) return true;
  return !VISIBLE_TYPES.has(type) || PERSONAL_KEY.test(key);
}

export interface MaskableElement {
  getAttribute(name: string): string | null;
  closest(selector: string): { getAttribute(name: string): string | null } | null;
}

export function shouldMaskInput(el: MaskableElement, fieldTypes: ReadonlyMap<string, string>): boolean {
  const type = (el.getAttribute('type') ?? 'text').toLowerCase();
  if (type === 'password' || type === 'tel' || type === 'email') return true;
  if (el.closest('[data-personal]')) return true;
  // Buttons, checkboxes and radios carry labels, not what the resident typed.
  if (type === 'button' || type === 'submit' || type === 'checkbox' || type === 'radio') return false;
  const field = el.closest('[data-field]');
  return isPersonalField(field ? field.getAttribute('data-field') : null, fieldTypes);
}

export const maskChars = (s: string): string => s.replace(/[^\s]/g, '*');

/** 18-digit (or old 15-digit) ID numbers and 11-digit mobile numbers inside any text. */
const ID_RE =
  /(?<![0-9])(?:[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx]|[1-9]\d{14})(?![0-9Xx])/g;
const PHONE_RE = /(?<![0-9])1[3-9]\d{9}(?![0-9])/g;

export function maskText(text: string, inPersonalBlock: boolean): string {
  if (inPersonalBlock) return maskChars(text);
  return text.replace(ID_RE, maskChars).replace(PHONE_RE, maskChars);
}
