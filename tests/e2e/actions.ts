/**
 * Acting in the editor as a user does, retrying what VS Code may ignore while it is busy: hovering
 * a piece of text until its hover shows, opening the code action menu until an action shows.
 */
import type { Locator, Page } from 'playwright-core';
import { sleep, until, type Rect } from './harness';

/**
 * Move the mouse onto the target until `hover` shows (moving away and back between tries). Given
 * as a function, the target is measured again on each try: a code lens that appears meanwhile
 * moves the text below it down a line.
 */
export async function hoverUntil(page: Page, target: Rect | (() => Promise<Rect | null>), hover: Locator, what: string, timeoutMs: number): Promise<void> {
  const shown = await until(
    what,
    async () => {
      await page.mouse.move(5, 500);
      await page.keyboard.press('Escape');
      await sleep(100);
      const r = typeof target === 'function' ? await target() : target;
      if (!r) return false;
      await page.mouse.move(r.x + r.width / 2 - 2, r.y + r.height / 2);
      await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2, { steps: 3 });
      return hover.waitFor({ timeout: 4_000 }).then(
        () => true,
        () => false,
      );
    },
    timeoutMs,
    0,
  ).catch(() => false);
  if (!shown) throw new Error(`no ${what}; hovers in the page: ${JSON.stringify(await page.locator('.monaco-hover').allInnerTexts())}`);
}

/**
 * Click into `r` and open the code action menu (Ctrl+.) until a row matching `title` shows; returns
 * the rows that match. `what` names the action in the messages (`a ${what}`, `no ${what}`).
 */
export async function codeActionRow(page: Page, r: Rect, title: RegExp, what: string, timeoutMs: number): Promise<Locator> {
  await page.mouse.click(r.x + Math.min(r.width / 2, 12), r.y + r.height / 2);
  const row = page.locator('.action-widget .monaco-list-row', { hasText: title });
  let menu: string[] = [];
  const found = await until(
    `a ${what}`,
    async () => {
      await page.keyboard.press('Escape');
      await sleep(200);
      await page.keyboard.press('Control+.');
      const ok = await row
        .first()
        .waitFor({ timeout: 4_000 })
        .then(
          () => true,
          () => false,
        );
      if (!ok) menu = await page.locator('.action-widget .monaco-list-row, .context-view').allInnerTexts();
      return ok;
    },
    timeoutMs,
    0,
  ).catch(() => false);
  if (!found) throw new Error(`no ${what}; the menu had: ${JSON.stringify(menu)}`);
  return row;
}
