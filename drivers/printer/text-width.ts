/**
 * Display width on a thermal printer's character grid. In Font A (12×24 dots) an ASCII character
 * takes one column and a CJK character (24×24) takes two, so a 58 mm head (384 dots) holds 32
 * columns and an 80 mm head (576 dots) 48. Wrapping by JS string length would overflow a Chinese
 * line by half, and the printer then breaks it in the middle of whatever comes next.
 */

export type PaperWidth = 58 | 80;

export const PAPER_COLUMNS: Record<PaperWidth, number> = { 58: 32, 80: 48 };

/** Wide (two-column) code points: CJK, Hangul, full-width forms and the ideographic punctuation block. */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

export function charWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  return isWide(cp) ? 2 : 1;
}

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

/** Closing punctuation a line must not start with (a short form of the Chinese line-breaking rule). */
const NO_LINE_START = new Set([...'，。、；：！？）》」』】〕”’,.;:!?)%']);

/**
 * Wraps text to `columns` display columns. CJK may break between any two characters; a run of
 * ASCII letters/digits (an ID, a URL, an English word) moves to the next line whole when it fits
 * there, and is split only when longer than a line. Closing punctuation is pulled up instead of
 * starting a line, unless that would leave an empty line.
 */
export function wrapText(text: string, columns: number): string[] {
  if (!Number.isInteger(columns) || columns < 2)
    throw new RangeError(`columns must be an integer ≥ 2, got ${columns}`);
  const out: string[] = [];
  for (const para of text.split('\n')) out.push(...wrapParagraph(para, columns));
  return out;
}

function wrapParagraph(para: string, columns: number): string[] {
  const chars = [...para];
  if (chars.length === 0) return [''];
  const lines: string[] = [];
  let line: string[] = [];
  let width = 0;
  let i = 0;
  const flush = (): void => {
    lines.push(line.join('').trimEnd());
    line = [];
    width = 0;
  };
  while (i < chars.length) {
    const ch = chars[i]!;
    // An ASCII word is placed as a unit.
    if (/[A-Za-z0-9]/.test(ch)) {
      let j = i;
      while (j < chars.length && /[A-Za-z0-9_\-./@:#*]/.test(chars[j]!)) j++;
      const word = chars.slice(i, j);
      const ww = word.length;
      if (width + ww <= columns) {
        line.push(...word);
        width += ww;
        i = j;
        continue;
      }
      if (ww <= columns && width > 0) {
        flush();
        continue;
      }
      // Longer than a whole line: fill what is left, character by character.
      const room = columns - width;
      line.push(...word.slice(0, room));
      width += room;
      i += room;
      flush();
      continue;
    }
    const cw = charWidth(ch);
    if (ch === ' ' && width === 0 && lines.length > 0) {
      i++; // no leading blank on a continuation line
      continue;
    }
    if (width + cw > columns) {
      if (NO_LINE_START.has(ch) && line.length > 1 && !NO_LINE_START.has(line.at(-1)!)) {
        // Move the last character down with the punctuation rather than start a line with "，".
        const last = line.pop()!;
        flush();
        line.push(last);
        width = charWidth(last);
        continue;
      }
      flush();
      continue;
    }
    line.push(ch);
    width += cw;
    i++;
  }
  if (line.length > 0) flush();
  return lines;
}

/** Pads a label and a value to exactly `columns`, value right-aligned ("受理时间      2026-…"). */
export function twoColumns(left: string, right: string, columns: number): string[] {
  const lw = displayWidth(left);
  const rw = displayWidth(right);
  if (lw + 1 + rw <= columns) return [left + ' '.repeat(columns - lw - rw) + right];
  return [
    ...wrapText(left, columns),
    ...wrapText(right, columns).map((l) => ' '.repeat(Math.max(0, columns - displayWidth(l))) + l),
  ];
}
