import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReceiptTemplateSchema, TemplateError, type ReceiptTemplate } from './receipt-layout.ts';

/** resources/print/ from the source tree (drivers/printer → ../../resources/print). */
export const PRINT_RESOURCES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../resources/print',
);

/** Loads and validates a receipt template, so a broken edit is reported at load, not as a garbled receipt. */
export function loadReceiptTemplate(
  file = path.join(PRINT_RESOURCES_DIR, 'receipt-acceptance.json'),
): ReceiptTemplate {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new TemplateError(`receipt template ${file} cannot be read: ${(e as Error).message}`);
  }
  const parsed = ReceiptTemplateSchema.safeParse(raw);
  if (!parsed.success) {
    throw new TemplateError(
      `receipt template ${file} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}
