/**
 * End-to-end in real VS Code: the packaged .vsix installed into code-server, driven through the UI in
 * headless Chromium (playwright-core), on a scratch copy of examples/content. Checks what a user
 * sees: the status bar, macro colours, hover, squiggles + quick fixes, completion.
 * Screenshots go to .artifacts/e2e/ (git-ignored). See harness.ts for the environment variables.
 *
 * Needs code-server + Node 24 (in /opt/glossary-e2e) and Debian's chromium: `bash .ci/install-vscode.sh`.
 * Without them the suite is skipped, unless GLOSSARY_REQUIRE_REAL_CLIENTS=1 (CI), where it fails.
 */
import * as fs from 'node:fs';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import {
  ARTIFACTS,
  buildVsix,
  describeWithCodeServer,
  quickOpen,
  runCommand,
  colourAt,
  e2eLock,
  mkTmp,
  screenshot,
  serverPids,
  sleep,
  squiggleUnder,
  squiggles,
  startSession,
  textRect,
  until,
  visibleLines,
  type Session,
} from './harness';
import { codeActionRow, hoverUntil } from './actions';

const PAGE_QUICK_OPEN = 'en-us/learn/first_steps/index.md';
const FIRST_LINE = 'This page shows what Glossary LSP reports.';
const TEST_MS = 90_000;

describeWithCodeServer('VS Code end-to-end', () => {
  let s: Session;
  let tmp: string;
  const timings: Record<string, number> = {};
  let release: (() => void) | undefined;

  beforeAll(async () => {
    // One code-server session at a time (the other end-to-end files wait here, as this one may).
    let t = Date.now();
    release = await e2eLock();
    timings.lockWaitMs = Date.now() - t;
    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    tmp = mkTmp();
    t = Date.now();
    const vsix = await buildVsix(tmp);
    timings.packageMs = Date.now() - t;
    t = Date.now();
    s = await startSession(vsix, tmp);
    timings.startMs = Date.now() - t;
    const page = s.page;

    // Open the page through Quick Open, as a user would.
    t = Date.now();
    await page.locator('.part.editor').waitFor({ timeout: 60_000 });
    // The explorer shows the workspace once the window has loaded the folder.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    await quickOpen(page, PAGE_QUICK_OPEN, 'index.md');
    await until('the page to open in an editor', async () => (await visibleLines(page)).some((l) => l.includes(FIRST_LINE)), 30_000);
    timings.openMs = Date.now() - t;
    // Every test needs the index: wait for the status bar to say it is ready.
    t = Date.now();
    await page.locator('.statusbar-item', { hasText: /Glossary: \d+ entr/ }).waitFor({ timeout: 60_000 });
    timings.serverReadyMs = Date.now() - t;
  }, 840_000);

  afterAll(async () => {
    await s?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5 });
    release?.();
    console.log(`[e2e] timings: ${JSON.stringify(timings)}; artifacts in ${ARTIFACTS}`);
  }, 30_000);

  const failShot = (name: string) => onTestFailed(async () => void (await screenshot(s.page, `FAILED-${name}`)));

  it(
    'shows the index in the status bar once the server is ready',
    async () => {
      failShot('status-bar');
      const item = s.page.locator('.statusbar-item', { hasText: /Glossary: \d+ entr/ });
      const text = (await item.innerText()).trim();
      // 11 en-US entries + 3 fr (API, Method, Property) in examples/content; both locales listed.
      expect(text).toMatch(/Glossary: \d+ entries \(.*en-US.*\)/);
      expect(text).toContain('fr');
      await screenshot(s.page, '01-opened');
    },
    TEST_MS,
  );

  it(
    'colours KumaScript macros (injection grammar)',
    async () => {
      failShot('colours');
      const page = s.page;
      // Tokenization is asynchronous (and slower on a busy machine): wait for it to settle.
      const read = async () => ({
        plain: await colourAt(page, FIRST_LINE, 'This page'),
        macroName: await colourAt(page, '{{Glossary("API")}}', 'Glossary'),
        macroArg: await colourAt(page, '{{Glossary("API")}}', 'API'),
        escaped: await colourAt(page, '\\{{Glossary("not-checked")}}', 'Glossary'),
      });
      await until(
        'macros to be tokenized',
        async () => {
          const c = await read();
          return c.plain && c.macroName !== c.plain && c.macroArg !== c.plain;
        },
        20_000,
      ).catch(() => undefined); // the assertions below say what is wrong
      const { plain, macroName, macroArg, escaped } = await read();
      expect(plain).toBeTruthy();
      expect(macroName, 'macro name is coloured differently from paragraph text').not.toBe(plain);
      expect(macroArg, 'macro argument is coloured differently from paragraph text').not.toBe(plain);
      // MDN prints an escaped macro literally: it is paragraph text.
      expect(escaped, 'an escaped macro is not coloured as a macro').toBe(plain);
    },
    TEST_MS,
  );

  it(
    'shows the glossary summary on hover',
    async () => {
      failShot('hover');
      const page = s.page;
      const r = await until('{{Glossary("API")}} on screen', () => textRect(page, '{{Glossary("API")}}', 'API'));
      const hover = page.locator('.monaco-hover:visible', { hasText: 'Application Programming Interface' });
      await hoverUntil(s.page, r, hover.first(), 'the hover of {{Glossary("API")}}', 25_000);
      const text = await hover.first().innerText();
      expect(text).toContain('API');
      expect(text).toMatch(/An API \(Application Programming Interface\) is a set of features/);
      await screenshot(page, '02-hover');
      await page.mouse.move(5, 500);
      await page.keyboard.press('Escape');
    },
    TEST_MS,
  );

  it(
    'underlines broken and redirected links',
    async () => {
      failShot('squiggles');
      const page = s.page;
      const targets: Array<[string, string]> = [
        ['{{glossary("mixin")}}', 'mixin'], // templ-broken-link
        ['{{Glossary("Bézier curve")}}', 'Bézier curve'], // templ-redirected-link
        ['[nowhere](/en-US/docs/Web/Nowhere)', '/en-US/docs/Web/Nowhere'], // broken-link
        ['[the old guide](/en-US/docs/Web/Guide/API)', '/en-US/docs/Web/Guide/API'], // redirected-link
      ];
      await until(
        'squiggles under every deliberate mistake',
        async () => {
          const all = await squiggles(page);
          for (const [context, sub] of targets) {
            const r = await textRect(page, context, sub);
            if (!r || !squiggleUnder(all, r)) return false;
          }
          return true;
        },
        30_000,
      ).catch(async (err) => {
        const all = await squiggles(page);
        const missing: string[] = [];
        for (const [context, sub] of targets) {
          const r = await textRect(page, context, sub);
          if (!r) missing.push(`${context} (not on screen)`);
          else if (!squiggleUnder(all, r)) missing.push(context);
        }
        throw new Error(`${(err as Error).message}\nno squiggle under: ${missing.join(', ')}\nsquiggles: ${JSON.stringify(all)}`);
      });
      // Correct macros/links are not underlined.
      const all = await squiggles(page);
      const good = await textRect(page, '{{Glossary("API")}}', 'API');
      expect(good && squiggleUnder(all, good), 'no squiggle under {{Glossary("API")}}').toBeFalsy();
      await screenshot(page, '03-diagnostics');

      // The message of the broken glossary link, on hover.
      const r = (await textRect(page, '{{glossary("mixin")}}', 'mixin'))!;
      const hover = page.locator('.monaco-hover:visible', { hasText: /mixin/i });
      await hoverUntil(s.page, r, hover.first(), 'the diagnostic hover of {{glossary("mixin")}}', 25_000);
      await screenshot(page, '04-diagnostic-hover');
      await page.mouse.move(5, 500);
      await page.keyboard.press('Escape');
    },
    TEST_MS,
  );

  async function quickFix(context: string, sub: string, title: RegExp, shot: string): Promise<void> {
    const page = s.page;
    const r = await until(`${context} on screen`, () => textRect(page, context, sub));
    // Code actions are asked for with the diagnostics at the cursor: wait for the squiggle first.
    await until(`a squiggle under ${context}`, async () => squiggleUnder(await squiggles(page), r), 30_000);
    const row = await codeActionRow(page, r, title, `quick fix matching ${title} at ${context}`, 25_000);
    await screenshot(page, shot);
    await row.first().click();
  }

  it(
    'offers and applies the quick fix for a redirected glossary term',
    async () => {
      failShot('quickfix-glossary');
      await quickFix('{{Glossary("Bézier curve")}}', 'Bézier curve', /Bezier_curve/, '05-quickfix-glossary');
      await until('the macro to be rewritten', async () =>
        (await visibleLines(s.page)).some((l) => l.includes('a term that is a redirect: {{Glossary("Bezier_curve", "Bézier curve")}}')),
      );
    },
    TEST_MS,
  );

  it(
    'offers and applies the quick fix for a redirected link',
    async () => {
      failShot('quickfix-link');
      await quickFix('[the old guide](/en-US/docs/Web/Guide/API)', '/en-US/docs/Web/Guide/API', /Web\/API/, '06-quickfix-link');
      await until('the link to be rewritten', async () => (await visibleLines(s.page)).some((l) => l.includes('[the old guide](/en-US/docs/Web/API)')));
      await screenshot(s.page, '07-quickfixes-applied');
    },
    TEST_MS,
  );

  /**
   * Type `typed` on a fresh line at the end of the page, put the cursor `back` characters to the
   * left, get the suggestions (by typing alone when `auto`, else Ctrl+Space), check the best one is
   * Cross-site_scripting, accept it, and return the line. Auto-closing is off in USER_SETTINGS so
   * the text before accepting is exactly `typed`: VS Code's own auto-closing of `{` and `(` is
   * timing-dependent (it leaves any of `…cros)`, `…cros)}`, `…cros)}}`), so each is a case below.
   */
  async function completeOnNewLine(typed: string, back: number, auto: boolean, shot?: string): Promise<string> {
    const page = s.page;
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type(typed, { delay: 40 });
    const widget = page.locator('.editor-widget.suggest-widget.visible');
    if (back > 0 || !auto) {
      for (let i = 0; i < back; i++) await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('Escape');
      await sleep(200);
      await page.keyboard.press('Control+Space');
    }
    const row = widget.locator('.monaco-list-row', { hasText: 'Cross-site_scripting' });
    await row
      .first()
      .waitFor({ timeout: 20_000 })
      .catch(async (err) => {
        const rows = await widget
          .locator('.monaco-list-row')
          .allInnerTexts()
          .catch(() => []);
        throw new Error(`no suggestion "Cross-site_scripting" after typing ${typed}; the list had: ${JSON.stringify(rows)} (${(err as Error).message})`);
      });
    if (shot) await screenshot(page, shot);
    const focused = await widget.locator('.monaco-list-row.focused').first().innerText();
    expect(focused, 'the best suggestion for "cros"').toContain('Cross-site_scripting');
    await page.keyboard.press('Enter');
    await until('the suggestion list to close', async () => !(await widget.isVisible()), 5_000);
    await sleep(300);
    const lines = await visibleLines(page);
    return lines[lines.length - 1];
  }

  it(
    'completes a glossary slug while typing {{Glossary("cros and inserts a whole macro',
    async () => {
      failShot('completion');
      const line = await completeOnNewLine('{{Glossary("cros', 0, true, '08-completion');
      await screenshot(s.page, '09-completion-accepted');
      expect(line).toBe('{{Glossary("Cross-site_scripting")}}');
    },
    TEST_MS,
  );

  // Text after the cursor as VS Code's auto-closing leaves it (or as an author wrote it).
  it.each([
    ['")}}', 'a closed macro'],
    [')}}', 'auto-closed `{{` and `(`'],
    [')}', 'auto-closed `(` and one `{`'],
    [')', 'auto-closed `(` only'],
  ])(
    'completes inside {{Glossary("cros%s (%s) and leaves one well-formed macro',
    async (after) => {
      failShot(`completion-${after.length}`);
      const line = await completeOnNewLine(`{{Glossary("cros${after}`, after.length, false);
      expect(line).toBe('{{Glossary("Cross-site_scripting")}}');
    },
    TEST_MS,
  );

  const toast = (text: string | RegExp) => s.page.locator('.notification-toast', { hasText: text }).first();
  const statusReady = () => s.page.locator('.statusbar-item', { hasText: /Glossary: \d+ entries/ }).first();

  it(
    '"Glossary: Show Index Info" reports the index',
    async () => {
      failShot('index-info');
      await runCommand(s.page, 'Glossary: Show Index Info');
      await toast(/Glossary: \d+ entries, \d+ pages \(.*en-US.*\)/).waitFor({ timeout: 20_000 });
      await screenshot(s.page, '10-index-info');
    },
    TEST_MS,
  );

  it(
    '"Glossary: Check Workspace" fills the Problems panel with pages that are not open',
    async () => {
      failShot('check-workspace');
      await runCommand(s.page, 'Glossary: Check Workspace');
      await toast(/Glossary: checked \d+ files, found \d+ issues/).waitFor({ timeout: 30_000 });
      const markers = s.page.locator('.markers-panel');
      await markers.waitFor({ timeout: 20_000 });
      // The French page has mistakes too, and was never opened.
      await until('the French page in the Problems panel', async () => /fr[/]learn[/]first_steps/.test(await markers.innerText()), 20_000);
      await screenshot(s.page, '11-check-workspace');
    },
    TEST_MS,
  );

  it(
    'lists the glossary.* settings in the Settings editor',
    async () => {
      failShot('settings');
      const page = s.page;
      await runCommand(s.page, 'Preferences: Open Settings (UI)');
      const query = '@ext:glossary-lsp.glossary-lsp';
      const header = page.locator('.settings-editor .settings-header .monaco-editor').first();
      await header.waitFor({ timeout: 20_000 });
      // The search box is a small editor that may drop the first keys while the Settings editor loads.
      await until(
        'the search query to be typed',
        async () => {
          await header.click();
          await page.keyboard.press('Control+A');
          await page.keyboard.type(query, { delay: 10 });
          await sleep(300);
          const typed = (await header.locator('.view-line').first().innerText()).replace(/\u00a0/g, ' ').trim();
          return typed === query;
        },
        20_000,
        0,
      );
      const body = page.locator('.settings-editor .settings-body');
      let text = '';
      await until(
        "the extension's settings",
        async () => {
          text = await body.innerText().catch(() => '');
          // The table of contents counts them all (the list itself is virtualised): contentRoots,
          // macros.glossary, severity, aliases, validate.onType, logLevel, trace.server.
          return /Glossary LSP\s*\(7\)/.test(text) && ['Content Roots', 'Severity', 'Log Level'].every((t) => text.includes(t));
        },
        20_000,
      ).catch((err) => {
        throw new Error(`${(err as Error).message}\nthe Settings editor showed:\n${text}`);
      });
      await screenshot(page, '13-settings');
      await page.keyboard.press('Control+W');
    },
    TEST_MS,
  );

  it(
    'restarts a server that died, and says so',
    async () => {
      failShot('server-restart');
      const before = serverPids(s.tmp);
      expect(before.length, 'one running server process').toBe(1);
      process.kill(before[0], 'SIGKILL');
      await toast(/server stopped unexpectedly; restarting it \(1\/\d+\)/).waitFor({ timeout: 20_000 });
      const after = await until('a new server process', async () => {
        const pids = serverPids(s.tmp);
        return pids.length === 1 && pids[0] !== before[0] ? pids : null;
      });
      expect(after[0]).not.toBe(before[0]);
      // The new server answers (the status bar alone could still show the old text).
      await runCommand(s.page, 'Notifications: Clear All Notifications');
      await runCommand(s.page, 'Glossary: Show Index Info');
      await toast(/Glossary: \d+ entries, \d+ pages/).waitFor({ timeout: 30_000 });
      await statusReady().waitFor({ timeout: 30_000 });
      await screenshot(s.page, '12-server-restarted');
    },
    TEST_MS,
  );

  it(
    '"Glossary: Restart Server" starts a fresh server',
    async () => {
      failShot('restart-command');
      const before = serverPids(s.tmp);
      await runCommand(s.page, 'Glossary: Restart Server');
      await until(
        'a new server process',
        async () => {
          const pids = serverPids(s.tmp);
          return pids.length === 1 && pids[0] !== before[0];
        },
        30_000,
      );
      await statusReady().waitFor({ timeout: 60_000 });
    },
    TEST_MS,
  );
});
