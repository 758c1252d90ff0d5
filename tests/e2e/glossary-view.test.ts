/**
 * End-to-end in real VS Code (code-server, driven through headless Chromium): the Glossary view in
 * the Explorer and glossary coverage in the editor, with the packaged .vsix. On a scratch copy of
 * examples/content with one more entry (an orphan) and one page that mentions entries without
 * linking them, it checks what a user sees: the view's locales, groups and entries with their
 * counts; clicking an entry opens it (its code lens and orphan diagnostic shown); a wanted term
 * lists the page that wants it, and clicking that opens the page there; an unlinked mention's quick
 * fix links it and the view follows; "Glossary: Open Coverage Report" shows the report.
 * Screenshots go to .artifacts/e2e-glossary-view/ (git-ignored).
 *
 * Needs code-server + Node 24 (in /opt/glossary-e2e) and Debian's chromium (see harness.ts);
 * skipped without them unless GLOSSARY_REQUIRE_REAL_CLIENTS=1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import type { Locator } from 'playwright-core';
import {
  REPO,
  buildVsix,
  describeWithCodeServer,
  quickOpen,
  e2eLock,
  mkTmp,
  runCommand,
  screenshot,
  sleep,
  squiggleUnder,
  squiggles,
  startSession,
  textRect,
  until,
  visibleLines,
  type Session,
} from './harness';

const ARTIFACTS = path.join(REPO, '.artifacts', 'e2e-glossary-view');
const TEST_MS = 120_000;
const DEMO_LINE = 'Every API call here answers with JSON';

/** One orphan entry and one page with unlinked mentions, added to the scratch copy. */
function prepare(workspace: string): void {
  const write = (relative: string, text: string) => {
    const file = path.join(workspace, 'files', relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  };
  write(
    'en-us/glossary/hoisting/index.md',
    '---\ntitle: Hoisting\nslug: Glossary/Hoisting\npage-type: glossary-definition\n---\n\n{{GlossarySidebar}}\n\n**Hoisting** moves declarations to the top of their scope.\n',
  );
  write(
    'en-us/learn/coverage_demo/index.md',
    `---\ntitle: Coverage demo\nslug: Learn/Coverage_demo\npage-type: tutorial-chapter\n---\n\n${DEMO_LINE}, never a bare string.\n\nThe {{Glossary("Method")}} link is fine.\n`,
  );
}

function findFile(dir: string, name: string): string | undefined {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && entry.name === name) return full;
    const found = entry.isDirectory() ? findFile(full, name) : undefined;
    if (found) return found;
  }
  return undefined;
}

describeWithCodeServer('the Glossary view in VS Code', () => {
  let s: Session;
  let tmp: string;
  const shot = (name: string) => screenshot(s.page, name, ARTIFACTS);
  const failShot = (name: string) => onTestFailed(async () => void (await shot(`FAILED-${name}`)));
  let release: (() => void) | undefined;

  beforeAll(async () => {
    // One code-server session at a time across test files.
    release = await e2eLock();
    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    tmp = mkTmp();
    const vsix = await buildVsix(tmp);
    s = await startSession(vsix, tmp, { artifacts: ARTIFACTS, prepare });
    const page = s.page;
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    // The extension starts with the workspace (it holds files/<locale>/); wait for its index.
    await page.locator('.statusbar-item', { hasText: /Glossary: \d+ entr/ }).waitFor({ timeout: 90_000 });
  }, 840_000);

  afterAll(async () => {
    try {
      await s?.close();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5 });
    } finally {
      release?.();
    }
  }, 30_000);

  /** The Explorer's Glossary section. */
  const pane = () => s.page.locator('.pane', { has: s.page.locator('.pane-header', { hasText: /^\s*glossary\s*$/i }) }).first();
  /** A row of the Glossary view by its label (and, given, its description). */
  const row = (label: string | RegExp, description?: string | RegExp): Locator => {
    let rows = pane().locator('.monaco-list-row', { has: s.page.locator('.label-name', { hasText: label }) });
    if (description) rows = rows.filter({ has: s.page.locator('.label-description', { hasText: description }) });
    return rows.first();
  };
  async function expand(label: string | RegExp): Promise<void> {
    const r = row(label);
    await r.waitFor({ timeout: 60_000 });
    if ((await r.getAttribute('aria-expanded')) !== 'true') await r.click();
    await until(`${label} expanded`, async () => (await r.getAttribute('aria-expanded')) === 'true', 20_000);
  }

  it(
    'shows the Glossary view in the Explorer: locales, entries with their counts, orphans, wanted terms',
    async () => {
      failShot('view');
      const page = s.page;
      const header = pane().locator('.pane-header');
      await header.waitFor({ timeout: 30_000 });
      // Room for the view: the folder's section closes, the Glossary section opens.
      const folder = page.locator('.pane-header', { hasText: /^\s*content\s*$/i }).first();
      if ((await folder.getAttribute('aria-expanded')) === 'true') await folder.click();
      if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
      // Two locales; en-US open.
      await row('en-US').waitFor({ timeout: 60_000 });
      await row('fr').waitFor({ timeout: 10_000 });
      await row('Entries', '12').waitFor({ timeout: 30_000 });
      await row('Orphans', '1').waitFor({ timeout: 10_000 });
      await row('Wanted', '1').waitFor({ timeout: 10_000 });
      // Entries with their counts: API is linked from 2 pages and mentioned without a link on the demo page.
      await row(/^API$/, '2 links · 1 unlinked').waitFor({ timeout: 20_000 });
      await row(/^JSON$/, '1 link · 1 unlinked').waitFor({ timeout: 10_000 });
      await shot('01-glossary-view');
    },
    TEST_MS,
  );

  it(
    'opens an entry when it is clicked: its code lens and, for an orphan, the orphan diagnostic',
    async () => {
      failShot('open-entry');
      const page = s.page;
      await expand('Orphans');
      // The orphan is listed under Entries too; the one under Orphans is the second row named so.
      const hoisting = pane()
        .locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^Hoisting$/ }) })
        .last();
      await hoisting.waitFor({ timeout: 20_000 });
      await hoisting.click();
      await until('the entry to open in an editor', async () => (await visibleLines(page)).some((l) => l.includes('moves declarations to the top')), 30_000);
      const lens = page.locator('.part.editor .codelens-decoration', { hasText: /linked from 0 pages · mentioned without a link on 0 pages/ });
      await lens.first().waitFor({ timeout: 60_000 });
      // The orphan diagnostic, under the title.
      const title = await until('the title on screen', () => textRect(page, 'title: Hoisting', 'Hoisting'));
      await until('the orphan diagnostic under the title', async () => squiggleUnder(await squiggles(page), title), 30_000);
      await shot('02-entry-opened');
    },
    TEST_MS,
  );

  it(
    'lists the pages that want a missing entry, and opens one where it links it',
    async () => {
      failShot('wanted');
      const page = s.page;
      await expand('Wanted');
      await expand(/^mixin$/);
      const wanting = row('First steps', /learn\/first_steps\/index\.md:\d+/);
      await wanting.waitFor({ timeout: 20_000 });
      await shot('03-wanted');
      await wanting.click();
      await until(
        'the page that wants it',
        async () =>
          (
            await page
              .locator('.part.editor .breadcrumbs-control')
              .innerText()
              .catch(() => '')
          ).includes('first_steps') && (await visibleLines(page)).some((l) => l.includes('{{glossary("mixin")}}')),
        30_000,
      );
      // The status bar says where the cursor is: at {{glossary("mixin")}}.
      const text = fs.readFileSync(path.join(s.workspace, 'files/en-us/learn/first_steps/index.md'), 'utf8').split('\n');
      const line = text.findIndex((l) => l.includes('{{glossary("mixin")}}')) + 1;
      const column = text[line - 1].indexOf('{{glossary("mixin")}}') + 1;
      await page
        .locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` })
        .first()
        .waitFor({ timeout: 10_000 });
      await shot('04-wanted-opened');
    },
    TEST_MS,
  );

  it(
    'links an unlinked mention with its quick fix, and the view follows',
    async () => {
      failShot('mention');
      const page = s.page;
      await page.keyboard.press('Escape');
      await quickOpen(page, 'learn/coverage_demo/index.md', 'index.md');
      await until('the demo page to open', async () => (await visibleLines(page)).some((l) => l.includes(DEMO_LINE)), 30_000);
      const api = await until('API on screen', () => textRect(page, DEMO_LINE, 'API'));
      await until('the hint under API', async () => squiggleUnder(await squiggles(page), api), 30_000);
      await page.mouse.click(api.x + api.width / 2, api.y + api.height / 2);
      const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Link to glossary: API' });
      await until(
        'the quick fix "Link to glossary: API"',
        async () => {
          await page.keyboard.press('Escape');
          await sleep(200);
          await page.keyboard.press('Control+.');
          return fix
            .first()
            .waitFor({ timeout: 4_000 })
            .then(
              () => true,
              () => false,
            );
        },
        30_000,
        0,
      );
      await shot('05-mention-quickfix');
      await fix.first().click();
      await until('the mention to be linked', async () => (await visibleLines(page)).some((l) => l.includes('Every {{Glossary("API")}} call here')), 20_000);
      // The view follows the edit (not saved: the server counts the editor's text): one more link, no unlinked mention.
      await row(/^API$/, '3 links · 0 unlinked').waitFor({ timeout: 60_000 });
      await shot('06-view-followed');
    },
    TEST_MS,
  );

  it(
    '"Glossary: Open Coverage Report" shows the HTML report',
    async () => {
      failShot('report');
      const page = s.page;
      await runCommand(page, 'Glossary: Open Coverage Report');
      const tab = page.locator('.tabs-container .tab', { hasText: 'Glossary coverage — en-US' });
      await tab.first().waitFor({ timeout: 60_000 });
      const report = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      await report.locator('h1', { hasText: 'Glossary coverage' }).waitFor({ timeout: 30_000 });
      expect(await report.locator('.locale').first().innerText()).toBe('en-US');
      await report.locator('svg').first().waitFor({ timeout: 10_000 });
      // The report is also written out, in the extension's storage.
      const written = findFile(path.join(s.tmp, 'user-data'), 'coverage-en-US.html');
      expect(written, "coverage-en-US.html in the extension's storage").toBeDefined();
      expect(fs.readFileSync(written!, 'utf8')).toMatch(/^<!doctype html>/);
      await shot('07-coverage-report');
    },
    TEST_MS,
  );
});
