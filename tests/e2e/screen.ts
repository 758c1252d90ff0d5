/**
 * The editor, read through the DOM. Monaco renders each visible (wrapped) line as a `.view-line`
 * made of token spans; spaces come out as U+00A0. (Re-exported by harness.ts.)
 */
import type { Page } from 'playwright-core';

/** The text editors of the editor area (not the panel's output/terminal). */
export const EDITOR = '.part.editor .editor-instance .monaco-editor';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Texts of the rendered lines of the active editor, top to bottom. */
export async function visibleLines(page: Page): Promise<string[]> {
  return page.evaluate((sel) => {
    const lines = [...document.querySelectorAll<HTMLElement>(`${sel} .view-lines .view-line`)];
    lines.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    return lines.map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' '));
  }, EDITOR);
}

/**
 * Where `sub` is drawn, inside the first rendered line that contains `context` (`sub` must be part of
 * `context`; `context` picks the occurrence). Null when no rendered line has it.
 */
export async function textRect(page: Page, context: string, sub = context): Promise<Rect | null> {
  return page.evaluate(
    ({ sel, context, sub }) => {
      const at = context.indexOf(sub);
      if (at < 0) throw new Error(`"${sub}" is not part of "${context}"`);
      for (const line of document.querySelectorAll<HTMLElement>(`${sel} .view-lines .view-line`)) {
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        const nodes: Text[] = [];
        let text = '';
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          nodes.push(n as Text);
          text += (n as Text).data;
        }
        const i = text.replace(/\u00a0/g, ' ').indexOf(context);
        if (i < 0) continue;
        const locate = (offset: number): [Text, number] => {
          let acc = 0;
          for (const n of nodes) {
            if (offset <= acc + n.data.length) return [n, offset - acc];
            acc += n.data.length;
          }
          const last = nodes[nodes.length - 1];
          return [last, last.data.length];
        };
        const range = document.createRange();
        const [sn, so] = locate(i + at);
        const [en, eo] = locate(i + at + sub.length);
        range.setStart(sn, so);
        range.setEnd(en, eo);
        const r = range.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }
      return null;
    },
    { sel: EDITOR, context, sub },
  );
}

/** The computed colour of the character where `sub` starts, in the first line containing `context`. */
export async function colourAt(page: Page, context: string, sub = context): Promise<string | null> {
  return page.evaluate(
    ({ sel, context, sub }) => {
      for (const line of document.querySelectorAll<HTMLElement>(`${sel} .view-lines .view-line`)) {
        const spans = [...line.querySelectorAll<HTMLElement>('span > span')];
        const text = spans.map((s) => (s.textContent ?? '').replace(/\u00a0/g, ' ')).join('');
        const i = text.indexOf(context);
        if (i < 0) continue;
        let offset = i + context.indexOf(sub);
        for (const s of spans) {
          const len = (s.textContent ?? '').length;
          if (offset < len) return getComputedStyle(s).color;
          offset -= len;
        }
      }
      return null;
    },
    { sel: EDITOR, context, sub },
  );
}

/** Rectangles of the diagnostic decorations (squiggles, hint dots) of the active editor. */
export async function squiggles(page: Page): Promise<Array<Rect & { cls: string }>> {
  return page.evaluate((sel) => {
    return [...document.querySelectorAll<HTMLElement>(`${sel} .view-overlays [class*="squiggly-"]`)].map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height, cls: e.className };
    });
  }, EDITOR);
}

/** The squiggle drawn under `rect` (same line, overlapping horizontally), if any. */
export function squiggleUnder(all: Array<Rect & { cls: string }>, rect: Rect): (Rect & { cls: string }) | undefined {
  const cy = rect.y + rect.height / 2;
  return all.find((s) => cy >= s.y && cy <= s.y + s.height && s.x < rect.x + rect.width && s.x + s.width > rect.x);
}
