/**
 * The HTML coverage report (`glossary-lsp coverage --format html`) in headless Chromium: it opens
 * from a file with every network request refused, draws both charts, sorts and filters its table,
 * fits the window, and reads in light and dark mode. Screenshots go to .artifacts/coverage/.
 *
 * Needs Debian's chromium (GLOSSARY_E2E_CHROMIUM to use another); skipped when absent, unless
 * GLOSSARY_REQUIRE_REAL_CLIENTS=1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { runCoverage } from '../../server/src/cli/coverage';
import { captureOutput } from '../helpers/text';
import { CHROMIUM, REPO, REQUIRE } from './harness';

const ARTIFACTS = path.join(REPO, '.artifacts', 'coverage');
const available = existsSync(CHROMIUM);
if (!available && REQUIRE) throw new Error(`Chromium not found at ${CHROMIUM} (GLOSSARY_REQUIRE_REAL_CLIENTS=1)`);

const ACRONYMS = ['API', 'CSS', 'HTML', 'DOM', 'HTTP', 'URL', 'JSON', 'SVG', 'CORS', 'TLS', 'DNS', 'UDP', 'TCP', 'XML', 'ARIA', 'PNG', 'GIF', 'JPEG', 'WebGL', 'WebRTC'];

/** A content tree with enough entries and pages for full charts: entry i is mentioned on 40 − 2i pages. */
function writeTree(dir: string): void {
  const write = (relative: string, text: string) => {
    const file = path.join(dir, 'files', relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  const page = (slug: string, title: string, body: string, pageType = 'guide') => `---\ntitle: ${JSON.stringify(title)}\nslug: ${slug}\npage-type: ${pageType}\n---\n\n${body}\n`;
  ACRONYMS.forEach((term) => write(`en-us/glossary/${term.toLowerCase()}/index.md`, page(`Glossary/${term}`, term, `**${term}** is a term.`, 'glossary-definition')));
  write(
    'en-us/glossary/a_very_long_entry_title_that_needs_room/index.md',
    page('Glossary/A_very_long_entry_title_that_needs_room', 'A very long entry title that needs room', 'Long.', 'glossary-definition'),
  );
  for (let p = 0; p < 40; p++) {
    const mentioned = ACRONYMS.filter((_, i) => p < 40 - 2 * i);
    const wanted = ['interface', 'mixin', 'Shadow_tree_thing', 'Long_wanted_term_with_a_name_that_goes_on'].filter((_, i) => p % (i + 2) === 0);
    const links = p % 3 === 0 ? ' See {{Glossary("API")}}.' : '';
    const body = `This page talks about ${mentioned.join(', ')}.${links} ${wanted.map((w) => `{{Glossary("${w}")}}`).join(' ')}`;
    write(`en-us/web/page_${p}/index.md`, page(`Web/Page_${p}`, `Page ${p}`, body));
  }
}

describe.skipIf(!available)('HTML coverage report in Chromium', () => {
  let tmp: string;
  let report: string;
  let browser: Browser;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'glossary-report-'));
    writeTree(tmp);
    mkdirSync(ARTIFACTS, { recursive: true });
    report = path.join(ARTIFACTS, 'report.html');
    const output = captureOutput();
    expect(await runCoverage(['--root', tmp, '--format', 'html', '--output', report], output, undefined, tmp)).toBe(0);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  async function open(colorScheme: 'light' | 'dark') {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
    const page = await context.newPage();
    const outside: string[] = [];
    const errors: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      outside.push(url);
      return route.abort();
    });
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`file://${report}`);
    return { context, page, outside, errors };
  }

  it('opens offline, draws both charts, fits the window; screenshot in light mode', async () => {
    const { context, page, outside, errors } = await open('light');
    try {
      expect(outside).toEqual([]);
      expect(errors).toEqual([]);
      expect(await page.locator('figure.chart').count()).toBe(2);
      // Fifteen most mentioned entries, four wanted terms.
      expect(await page.locator('figure.chart').nth(0).locator('rect').count()).toBe(15);
      expect(await page.locator('figure.chart').nth(1).locator('rect').count()).toBe(4);
      expect(await page.locator('figure.chart').nth(0).locator('text.label').first().textContent()).toBe('CSS');
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      await page.screenshot({ path: path.join(ARTIFACTS, 'report.png'), fullPage: false });
    } finally {
      await context.close();
    }
  });

  it('sorts the entry table by a column, and filters it', async () => {
    const { context, page, errors } = await open('light');
    try {
      const firstEntry = () => page.locator('#entries tbody tr:not([hidden]) td:first-child a').first().textContent();
      expect(await firstEntry()).toBe('A very long entry title that needs room');
      await page.click('#entries th:nth-child(3) button');
      expect(await page.getAttribute('#entries th:nth-child(3)', 'aria-sort')).toBe('descending');
      expect(await firstEntry()).toBe('CSS');
      await page.click('#entries th:nth-child(3) button');
      expect(await page.getAttribute('#entries th:nth-child(3)', 'aria-sort')).toBe('ascending');
      await page.fill('#filter', 'web');
      expect(await page.locator('#entries tbody tr:not([hidden])').count()).toBe(2);
      expect(await page.textContent('#shown')).toBe('2');
      await page.fill('#filter', '');
      expect(await page.locator('#entries tbody tr:not([hidden])').count()).toBe(21);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('reads in dark mode too (screenshot)', async () => {
    const { context, page } = await open('dark');
    try {
      const colors = await page.evaluate(() => ({ body: getComputedStyle(document.body).backgroundColor, text: getComputedStyle(document.body).color }));
      expect(colors.body).toBe('rgb(27, 27, 27)');
      expect(colors.text).toBe('rgb(232, 232, 232)');
      await page.screenshot({ path: path.join(ARTIFACTS, 'report-dark.png'), fullPage: false });
    } finally {
      await context.close();
    }
  });
});
