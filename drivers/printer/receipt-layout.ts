import { z } from 'zod';
import { PAPER_COLUMNS, displayWidth, wrapText, type PaperWidth } from './text-width.ts';

/**
 * A receipt is data: a template (a list of blocks, kept as JSON under resources/print/) filled with
 * values, laid out into lines for a given paper width. The same laid-out lines feed both the
 * ESC/POS encoder and the on-screen receipt shown when paper runs out, so the two never disagree.
 */

const Align = z.enum(['left', 'center', 'right']);
const Size = z.tuple([z.number().int().min(1).max(8), z.number().int().min(1).max(8)]);
const When = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9]*$/)
  .optional();

export const TemplateBlockSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('text'),
      text: z.string(),
      align: Align.optional(),
      bold: z.boolean().optional(),
      size: Size.optional(),
      when: When,
    })
    .strict(),
  z
    .object({
      type: z.literal('field'),
      label: z.string(),
      value: z.string(),
      bold: z.boolean().optional(),
      when: When,
    })
    .strict(),
  z
    .object({
      type: z.literal('list'),
      label: z.string(),
      items: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/),
      bullet: z.string().max(4).optional(),
      when: When,
    })
    .strict(),
  z.object({ type: z.literal('rule'), char: z.string().length(1).optional() }).strict(),
  z
    .object({
      type: z.literal('qr'),
      data: z.string(),
      moduleSize: z.number().int().min(1).max(8).optional(),
      when: When,
    })
    .strict(),
  z.object({ type: z.literal('feed'), lines: z.number().int().min(0).max(255) }).strict(),
  z.object({ type: z.literal('cut'), partial: z.boolean().optional() }).strict(),
]);
export const ReceiptTemplateSchema = z
  .object({ name: z.string().min(1), blocks: z.array(TemplateBlockSchema).min(1).max(200) })
  .strict();
export type ReceiptTemplate = z.infer<typeof ReceiptTemplateSchema>;
export type TemplateValues = Record<string, string | readonly string[] | undefined>;

export type LaidOutLine =
  | { kind: 'text'; text: string; align: 'left' | 'center' | 'right'; bold: boolean; size: [number, number] }
  | { kind: 'qr'; data: string; moduleSize: number }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut'; partial: boolean };

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

function fill(s: string, values: TemplateValues): string {
  return s.replace(/\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g, (_m, key: string) => {
    const v = values[key];
    if (v === undefined) throw new TemplateError(`template needs a value for "${key}"`);
    return Array.isArray(v) ? v.join('、') : (v as string);
  });
}

function present(values: TemplateValues, key: string | undefined): boolean {
  if (key === undefined) return true;
  const v = values[key];
  return v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);
}

/** Lays a template out for a paper width; throws TemplateError for a missing value, never prints a "{{…}}". */
export function layoutReceipt(
  template: ReceiptTemplate,
  values: TemplateValues,
  paper: PaperWidth,
): LaidOutLine[] {
  const cols = PAPER_COLUMNS[paper];
  const out: LaidOutLine[] = [];
  const text = (
    t: string,
    o: { align?: 'left' | 'center' | 'right'; bold?: boolean; size?: [number, number] } = {},
  ): void => {
    const size = o.size ?? [1, 1];
    for (const line of wrapText(t, Math.floor(cols / size[0]))) {
      out.push({ kind: 'text', text: line, align: o.align ?? 'left', bold: o.bold ?? false, size });
    }
  };
  for (const b of template.blocks) {
    switch (b.type) {
      case 'text':
        if (present(values, b.when)) text(fill(b.text, values), b);
        break;
      case 'field':
        if (present(values, b.when)) text(`${b.label}：${fill(b.value, values)}`, { bold: b.bold ?? false });
        break;
      case 'list': {
        if (!present(values, b.when)) break;
        const items = values[b.items];
        if (items === undefined) throw new TemplateError(`template needs a list for "${b.items}"`);
        const list = Array.isArray(items) ? items : [items as string];
        text(`${b.label}：`);
        const bullet = b.bullet ?? '· ';
        const indent = ' '.repeat(displayWidth(bullet));
        for (const item of list) {
          const lines = wrapText(item, cols - displayWidth(bullet));
          lines.forEach((l, i) =>
            out.push({
              kind: 'text',
              text: (i === 0 ? bullet : indent) + l,
              align: 'left',
              bold: false,
              size: [1, 1],
            }),
          );
        }
        break;
      }
      case 'rule':
        out.push({
          kind: 'text',
          text: (b.char ?? '-').repeat(cols),
          align: 'left',
          bold: false,
          size: [1, 1],
        });
        break;
      case 'qr':
        if (present(values, b.when))
          out.push({ kind: 'qr', data: fill(b.data, values), moduleSize: b.moduleSize ?? 6 });
        break;
      case 'feed':
        out.push({ kind: 'feed', lines: b.lines });
        break;
      case 'cut':
        out.push({ kind: 'cut', partial: b.partial ?? false });
        break;
    }
  }
  return out;
}
