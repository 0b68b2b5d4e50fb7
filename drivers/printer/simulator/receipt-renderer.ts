import fs from 'node:fs';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import QRCode from 'qrcode';
import type { SimReceipt } from './escpos-simulator.ts';
import { charWidth, displayWidth, type PaperWidth } from '../text-width.ts';

/**
 * Draws a simulated receipt as the thermal head would: 8 dots/mm (384 dots on 58 mm, 576 on 80 mm),
 * Font A cells of 12×24 dots with CJK glyphs 24×24, QR symbols rebuilt from the exact bytes the
 * printer stored with GS ( k. Technicians look at these PNGs; tests decode the QR back from them.
 */

const DOTS: Record<PaperWidth, number> = { 58: 384, 80: 576 };
const LINE_H = 30; // 24-dot glyph plus the default 6-dot line spacing
const CELL_W = 12;
/** Debian fonts-noto-cjk; families registered once under one name so drawing never falls back to tofu. */
const CJK_FONT_FILES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
];
const FAMILY = 'KioskReceiptCJK';
let fontsReady: boolean | null = null;

export function ensureCjkFont(): boolean {
  if (fontsReady !== null) return fontsReady;
  fontsReady = false;
  for (const f of CJK_FONT_FILES) {
    if (fs.existsSync(f) && GlobalFonts.registerFromPath(f, FAMILY)) fontsReady = true;
  }
  return fontsReady;
}

function measure(items: SimReceipt['items']): number {
  let h = 16;
  for (const it of items) {
    if (it.kind === 'text') h += LINE_H * it.height;
    else if (it.kind === 'feed') h += LINE_H * it.lines;
    else {
      const n = QRCode.create([{ data: it.data, mode: 'byte' }], { errorCorrectionLevel: it.level }).modules
        .size;
      h += (n + 8) * it.moduleSize;
    }
  }
  return h + 16;
}

function drawText(
  ctx: SKRSContext2D,
  it: Extract<SimReceipt['items'][number], { kind: 'text' }>,
  y: number,
  width: number,
): void {
  // Glyphs sit on the printer's fixed grid (12-dot cells, CJK two cells), not proportionally, so
  // the PNG shows the same line breaks and column alignment as paper would.
  const sx = it.width;
  const sy = it.height;
  const drawnW = displayWidth(it.text) * CELL_W * sx;
  const x = it.align === 'center' ? (width - drawnW) / 2 : it.align === 'right' ? width - drawnW : 0;
  ctx.save();
  ctx.translate(Math.max(0, Math.floor(x)), y);
  ctx.scale(sx, sy);
  ctx.font = `${it.bold ? 'bold ' : ''}22px ${FAMILY}`;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'center';
  ctx.fillStyle = '#000';
  let col = 0;
  for (const ch of it.text) {
    const cw = charWidth(ch);
    if (cw > 0 && ch !== ' ') ctx.fillText(ch, (col + cw / 2) * CELL_W, 2, cw * CELL_W);
    col += cw;
  }
  ctx.restore();
}

/** Renders one receipt to PNG bytes. Throws when no CJK font is installed (Chinese would be tofu). */
export function renderReceiptPng(receipt: SimReceipt, paper: PaperWidth): Buffer {
  if (!ensureCjkFont()) throw new Error('no CJK font: install Debian fonts-noto-cjk to render receipts');
  const width = DOTS[paper];
  const canvas = createCanvas(width, measure(receipt.items));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, canvas.height);
  let y = 16;
  for (const it of receipt.items) {
    if (it.kind === 'text') {
      drawText(ctx, it, y, width);
      y += LINE_H * it.height;
    } else if (it.kind === 'feed') {
      y += LINE_H * it.lines;
    } else {
      const qr = QRCode.create([{ data: it.data, mode: 'byte' }], { errorCorrectionLevel: it.level });
      const n = qr.modules.size;
      const m = it.moduleSize;
      const x0 = Math.floor((width - n * m) / 2);
      const y0 = y + 4 * m; // quiet zone
      ctx.fillStyle = '#000';
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) ctx.fillRect(x0 + c * m, y0 + r * m, m, m);
      }
      y += (n + 8) * m;
    }
  }
  if (!receipt.complete) {
    // A torn stub: draw the jagged edge so nobody mistakes it for a whole receipt.
    ctx.fillStyle = '#000';
    for (let x = 0; x < width; x += 16) ctx.fillRect(x, y, 8, 4);
  }
  return canvas.toBuffer('image/png');
}
