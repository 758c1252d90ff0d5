/**
 * Translation status end to end in real VS Code (code-server + headless Chromium, the packaged
 * .vsix): a translator's workspace (a German tree) with the English content a real git clone built in
 * a temp folder (tests/git/scenario.ts) named in `glossary.contentRoots`. The `translation-outdated`
 * squiggle on `sourceCommit`, its hover listing the English commits, the code action "Show English
 * changes since translation" opening a real diff editor (both sides read-only, read from git through
 * the server), and "Mark translation as up to date" rewriting the value. Screenshots go to
 * .artifacts/e2e-translation/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { codeActionRow, hoverUntil } from './actions';
import {
  REPO,
  buildVsix,
  describeWithCodeServer,
  quickOpen,
  runCommand,
  e2eLock,
  mkTmp,
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
import { buildScenario, type Scenario } from '../git/scenario';

const ARTIFACTS = path.join(REPO, '.artifacts', 'e2e-translation');
const TEST_MS = 120_000;
describeWithCodeServer('VS Code translation status', () => {
  let s: Session;
  let tmp: string;
  let scenario: Scenario;
  let release: (() => void) | undefined;
  const shot = (name: string) => screenshot(s.page, name, ARTIFACTS);

  beforeAll(async () => {
    release = await e2eLock();
    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    tmp = mkTmp();
    const vsix = await buildVsix(tmp);
    s = await startSession(vsix, tmp, {
      artifacts: ARTIFACTS,
      workspace: (dir) => {
        scenario = buildScenario(path.join(dir, 'repos'));
        // The workspace is the translated tree; English is a clone elsewhere, named in the settings.
        return path.dirname(scenario.germanFiles);
      },
      settings: { 'glossary.contentRoots': [path.join(tmp, 'repos', 'content')] },
    });
    await s.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    await quickOpen(s.page, 'de/glossary/api/index.md', 'index.md');
    await until('the German API page to open', async () => (await visibleLines(s.page)).some((l) => l.includes('Eine **API** ist')), 30_000);
    await s.page.locator('.statusbar-item', { hasText: /Glossary: \d+ entr/ }).waitFor({ timeout: 60_000 });
  }, 840_000);

  afterAll(async () => {
    await s?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5 });
    release?.();
  }, 30_000);

  const failShot = (name: string) => onTestFailed(async () => void (await shot(`FAILED-${name}`)));
  const sourceLine = () => `sourceCommit: ${scenario.commits.c1.slice(0, 7)}`;

  it(
    'underlines sourceCommit (information) and lists the English commits since in its hover',
    async () => {
      failShot('outdated');
      const page = s.page;
      const r = await until('the sourceCommit line on screen', () => textRect(page, sourceLine(), 'sourceCommit'));
      const squiggle = await until('a squiggle under sourceCommit', async () => squiggleUnder(await squiggles(page), r), 60_000);
      expect(squiggle.cls).toContain('squiggly-info');
      const hover = page.locator('.monaco-hover:visible', { hasText: 'API: clarify' });
      // Measured again on each try: the entry's code lens may appear above the title meanwhile.
      await hoverUntil(s.page, () => textRect(page, sourceLine(), 'sourceCommit'), hover.first(), 'the hover of sourceCommit', 30_000);
      const text = await hover.first().innerText();
      expect(text).toContain('English changed in 2 commits since this translation');
      expect(text).toContain('API: clarify');
      await shot('01-outdated-hover');
      await page.mouse.move(5, 500);
      await page.keyboard.press('Escape');
    },
    TEST_MS,
  );

  /** Closes the diff editor: the German page is in front again. */
  async function closeDiff(): Promise<void> {
    await s.page.keyboard.press('Control+W');
    await until('the German page again', async () => (await visibleLines(s.page)).some((l) => l.includes(sourceLine())), 20_000);
  }

  async function quickFix(title: RegExp, name: string): Promise<void> {
    const page = s.page;
    const r = await until('the sourceCommit line on screen', () => textRect(page, sourceLine(), 'sourceCommit'));
    await until('a squiggle under sourceCommit', async () => squiggleUnder(await squiggles(page), r), 60_000);
    const row = await codeActionRow(page, r, title, `code action matching ${title}`, 30_000);
    await shot(name);
    await row.first().click();
  }

  it(
    '"Show English changes since translation" opens a diff editor: the English page at sourceCommit beside HEAD',
    async () => {
      failShot('diff-editor');
      const page = s.page;
      await quickFix(/Show English changes since translation/, '02-code-actions');
      const diff = page.locator('.monaco-diff-editor').first();
      await diff.waitFor({ timeout: 30_000 });
      const sideText = (side: 'original' | 'modified') =>
        diff
          .locator(`.editor.${side} .view-lines`)
          .first()
          .innerText()
          .then((t) => t.replace(/\u00a0/g, ' '))
          .catch(() => '');
      await until(
        'both sides of the diff',
        async () => (await sideText('original')).includes('It has rules.') && (await sideText('modified')).includes('It has rules, and a fixed typo.'),
        30_000,
      );
      const original = await sideText('original');
      const modified = await sideText('modified');
      expect(original).toContain('An **API** is a set of features.');
      expect(modified).toContain('An **API** is a set of features and rules.');
      // The changed lines are marked as such.
      await until(
        'the diff decorations',
        async () => (await diff.locator('.line-insert, .char-insert').count()) > 0 && (await diff.locator('.line-delete, .char-delete').count()) > 0,
        20_000,
      );
      // Its tab says what it is; both sides are read-only.
      const tab = page.locator('.tabs-container .tab.active');
      expect(await tab.innerText()).toContain(`English changes to Glossary/API since ${scenario.commits.c1.slice(0, 7)}`);
      await shot('03-diff-editor');
      const before = await sideText('modified');
      await diff.locator('.editor.modified .view-lines').first().click();
      await page.keyboard.type('xyz');
      await sleep(500);
      expect(await sideText('modified')).toBe(before);
      await closeDiff();
    },
    TEST_MS,
  );

  it(
    '"Glossary: Show English Changes Since Translation" from the Command Palette opens the same diff for the active page',
    async () => {
      failShot('palette');
      const page = s.page;
      await runCommand(page, 'Glossary: Show English Changes Since Translation');
      const tab = page.locator('.tabs-container .tab.active', { hasText: 'English changes to Glossary/API since' });
      await tab.waitFor({ timeout: 30_000 });
      await until(
        'the diff',
        async () =>
          (
            await page
              .locator('.monaco-diff-editor .editor.modified .view-lines')
              .first()
              .innerText()
              .catch(() => '')
          )
            .replace(/\u00a0/g, ' ')
            .includes('fixed typo'),
        30_000,
      );
      await shot('03b-diff-from-palette');
      await closeDiff();
    },
    TEST_MS,
  );

  it(
    '"Mark translation as up to date" sets sourceCommit to the English page’s latest commit; the squiggle goes',
    async () => {
      failShot('mark-up-to-date');
      const page = s.page;
      await quickFix(/Mark translation as up to date/, '04-mark-up-to-date');
      const latest = `sourceCommit: ${scenario.commits.c5}`;
      await until('the new sourceCommit', async () => (await visibleLines(page)).some((l) => l.includes(latest)), 20_000);
      const r = await until('the new line on screen', () => textRect(page, latest, 'sourceCommit'));
      await until('the squiggle to go', async () => !squiggleUnder(await squiggles(page), r), 30_000);
      await shot('05-up-to-date');
    },
    TEST_MS,
  );

  it(
    'follows HEAD in the English clone (VS Code watches .git for the server): a new English commit brings the squiggle back',
    async () => {
      failShot('head-moved');
      const page = s.page;
      const latest = `sourceCommit: ${scenario.commits.c5}`;
      const r = await until('the sourceCommit line on screen', () => textRect(page, latest, 'sourceCommit'));
      scenario.english.write(
        'files/en-us/glossary/api/index.md',
        fs.readFileSync(path.join(scenario.englishFiles, 'en-us/glossary/api/index.md'), 'utf8') + '\nOne more English line.\n',
      );
      scenario.english.commit('API: one more line', '2026-06-01T10:00:00Z');
      await until('the squiggle to come back', async () => squiggleUnder(await squiggles(page), r), 30_000);
      const hover = page.locator('.monaco-hover:visible', { hasText: 'API: one more line' });
      await hoverUntil(s.page, () => textRect(page, latest, 'sourceCommit'), hover.first(), 'the hover naming the new commit', 30_000);
      expect(await hover.first().innerText()).toContain('English changed in 1 commit since this translation');
      await shot('06-head-moved');
    },
    TEST_MS,
  );
});
