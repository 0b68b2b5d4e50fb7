import * as cmd from './escpos-commands.ts';
import type { LaidOutLine } from './receipt-layout.ts';

/**
 * Turns laid-out receipt lines into one ESC/POS job. A job always starts with ESC @ then FS & (ESC @
 * alone can leave a printer in single-byte mode, which prints GB18030 as garbage) and only sends a
 * mode command when the mode changes, which keeps the job close to its text size on a 115200 link.
 */
export function encodeReceipt(lines: readonly LaidOutLine[]): Buffer {
  const parts: Buffer[] = [cmd.init(), cmd.chineseOn()];
  let align: 'left' | 'center' | 'right' = 'left';
  let bold = false;
  let size = '1x1';
  const setAlign = (a: typeof align): void => {
    if (a !== align) parts.push(cmd.align(a));
    align = a;
  };
  for (const l of lines) {
    switch (l.kind) {
      case 'text': {
        setAlign(l.align);
        if (l.bold !== bold) parts.push(cmd.bold(l.bold));
        bold = l.bold;
        const s = `${l.size[0]}x${l.size[1]}`;
        if (s !== size) parts.push(cmd.size(l.size[0], l.size[1]));
        size = s;
        parts.push(cmd.text(l.text), cmd.lineFeed());
        break;
      }
      case 'qr':
        setAlign('center');
        parts.push(cmd.qr(l.data, { moduleSize: l.moduleSize, level: 'M' }), cmd.lineFeed());
        break;
      case 'feed':
        parts.push(cmd.feed(l.lines));
        break;
      case 'cut':
        parts.push(cmd.cut(l.partial));
        break;
    }
  }
  return Buffer.concat(parts);
}
