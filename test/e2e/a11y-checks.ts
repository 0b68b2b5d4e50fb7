import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface Finding {
  rule: string;
  where: string;
  detail: string;
}

/** axe with the WCAG 2.2 AA tags (this also enables target-size, off by default), plus 7:1 in elder mode. */
export async function axeFindings(page: Page, enhancedContrast: boolean): Promise<Finding[]> {
  const out: Finding[] = [];
  const collect = (violations: { id: string; nodes: { target: unknown; failureSummary?: string }[] }[]) => {
    for (const v of violations) {
      for (const n of v.nodes)
        out.push({ rule: v.id, where: JSON.stringify(n.target), detail: n.failureSummary ?? '' });
    }
  };
  collect((await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze()).violations);
  if (enhancedContrast)
    collect((await new AxeBuilder({ page }).withRules(['color-contrast-enhanced']).analyze()).violations);
  return out;
}

/**
 * K1, K2, K4 measured in the page: every visible text ≥ minFont px with line-height ≥ 1.3 (headings
 * ≥ minHeading in elder mode); every visible control ≥ 60×60 CSS px and ≥ 8 px from its neighbours.
 */
export async function layoutFindings(
  page: Page,
  opts: { minFont: number; minHeading: number; minTarget: number; minGap: number },
): Promise<Finding[]> {
  return page.evaluate((o) => {
    const found: { rule: string; where: string; detail: string }[] = [];
    const describe = (el: Element): string =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    const visible = (el: Element): boolean => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return (
        r.width > 0 &&
        r.height > 0 &&
        s.visibility !== 'hidden' &&
        s.display !== 'none' &&
        Number(s.opacity) > 0
      );
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !(n.textContent ?? '').trim() || !visible(el)) continue;
      if (el.closest('.sr-only')) continue;
      seen.add(el);
      const s = getComputedStyle(el);
      const size = parseFloat(s.fontSize);
      const lh = s.lineHeight === 'normal' ? 1.2 : parseFloat(s.lineHeight) / size;
      const heading = /^H[1-3]$/.test(el.tagName) ? el : el.closest('h1, h2, h3');
      const min = heading && heading.tagName === 'H1' ? o.minHeading : o.minFont;
      if (size < min - 0.01)
        found.push({ rule: 'font-size', where: describe(el), detail: `${size}px < ${min}px` });
      if (lh < 1.3 - 0.01)
        found.push({ rule: 'line-height', where: describe(el), detail: `${lh.toFixed(2)} < 1.3` });
    }
    const targets = [
      ...document.querySelectorAll('button, a[href], input, select, textarea, [role="button"], canvas'),
    ].filter(visible);
    // A target's visible part: clipped by every scrolling or clipping ancestor (a list scrolled
    // under the global bar is not a target there).
    const clipped = (el: Element): DOMRect => {
      let r = el.getBoundingClientRect();
      for (let a = el.parentElement; a; a = a.parentElement) {
        const st = getComputedStyle(a);
        if (st.overflowX === 'visible' && st.overflowY === 'visible') continue;
        const c = a.getBoundingClientRect();
        const left = Math.max(r.left, c.left);
        const top = Math.max(r.top, c.top);
        const right = Math.min(r.right, c.right);
        const bottom = Math.min(r.bottom, c.bottom);
        r = new DOMRect(left, top, Math.max(0, right - left), Math.max(0, bottom - top));
      }
      return r;
    };
    const all = targets.map((t) => ({ t, r: clipped(t), full: t.getBoundingClientRect() }));
    const shown = all.filter((x) => x.r.width > 0 && x.r.height > 0);
    const rects = shown.map((x) => x.r);
    targets.splice(0, targets.length, ...shown.map((x) => x.t));
    targets.forEach((t, i) => {
      const r = shown[i]!.full;
      // The attract screen is one full-screen target; a writing pad is far larger than any minimum.
      if (r.width < o.minTarget - 0.5 || r.height < o.minTarget - 0.5) {
        found.push({
          rule: 'target-size',
          where: describe(t),
          detail: `${r.width.toFixed(0)}×${r.height.toFixed(0)} < ${o.minTarget}`,
        });
      }
      const rv = rects[i]!;
      for (let j = i + 1; j < targets.length; j++) {
        const q = rects[j]!;
        if (t.contains(targets[j]!) || targets[j]!.contains(t)) continue;
        // Overlapping targets (a fixed technician hotspot over the attract screen) are a stacking
        // question for axe's target-size, not a spacing one.
        const overlapW = Math.min(rv.right, q.right) - Math.max(rv.left, q.left);
        const overlapH = Math.min(rv.bottom, q.bottom) - Math.max(rv.top, q.top);
        if (overlapW > 1 && overlapH > 1) continue;
        const dx = Math.max(0, Math.max(q.left - rv.right, rv.left - q.right));
        const dy = Math.max(0, Math.max(q.top - rv.bottom, rv.top - q.bottom));
        if (Math.max(dx, dy) < o.minGap - 0.5) {
          found.push({
            rule: 'target-gap',
            where: `${describe(t)} / ${describe(targets[j]!)}`,
            detail: `${Math.max(dx, dy).toFixed(1)}px < ${o.minGap}`,
          });
        }
      }
    });
    return found;
  }, opts);
}

/** WCAG 1.4.12: with the text-spacing overrides injected, no text is clipped or pushed off screen. */
export async function textSpacingFindings(page: Page): Promise<Finding[]> {
  // A constructed stylesheet: the renderer's CSP forbids inline <style>, and CSSOM is what a
  // resident's text-spacing bookmarklet or extension would use too.
  const css = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
      p { margin-block-end: 2em !important; }`;
  await page.evaluate((text) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }, css);
  const found = await page.evaluate(() => {
    const out: { rule: string; where: string; detail: string }[] = [];
    if (document.documentElement.scrollWidth > window.innerWidth + 1) {
      out.push({
        rule: 'text-spacing',
        where: 'html',
        detail: `page scrolls sideways: ${document.documentElement.scrollWidth} > ${window.innerWidth}`,
      });
    }
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (
        !el.childNodes.length ||
        ![...el.childNodes].some((n) => n.nodeType === 3 && (n.textContent ?? '').trim())
      )
        continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const s = getComputedStyle(el);
      const clips = s.overflowX !== 'visible' || s.overflowY !== 'visible' || s.textOverflow === 'ellipsis';
      if (
        clips &&
        (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) &&
        !['auto', 'scroll'].includes(s.overflowY)
      ) {
        out.push({
          rule: 'text-spacing',
          where: el.tagName + ' ' + (el.textContent ?? '').trim().slice(0, 30),
          detail: 'clipped',
        });
      }
      if (r.right > window.innerWidth + 1 || r.left < -1) {
        out.push({
          rule: 'text-spacing',
          where: el.tagName + ' ' + (el.textContent ?? '').trim().slice(0, 30),
          detail: 'off screen',
        });
      }
    }
    return out;
  });
  await page.evaluate(() => {
    document.adoptedStyleSheets = document.adoptedStyleSheets.slice(0, -1);
  });
  return found;
}
