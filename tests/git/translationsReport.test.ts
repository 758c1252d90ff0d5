/**
 * The HTML report of `glossary-lsp translations`, opened in headless Chromium (playwright-core, as
 * tests/e2e does) with the network cut off: it renders offline, its chart has a bar per area, its
 * table a row per page; a screenshot goes to .artifacts/translations/report.png.
 * Skipped without Chromium, unless GLOSSARY_REQUIRE_REAL_CLIENTS=1 (CI), where that fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runTranslations } from '../../server/src/cli/translations';
import { captureOutput } from '../helpers/text';
import { pageText, tempFolder, TestRepo } from '../helpers/gitRepo';

const REPO = path.resolve(__dirname, '../..');
const ARTIFACTS = path.join(REPO, '.artifacts', 'translations');
const CHROMIUM = process.env.GLOSSARY_E2E_CHROMIUM ?? '/usr/bin/chromium';
const REQUIRE = process.env.GLOSSARY_REQUIRE_REAL_CLIENTS === '1';

/** Areas and their pages: a small tree whose German translation is behind in different ways. */
const AREAS: Record<string, string[]> = {
  Glossary: ['API', 'CSS', 'HTML', 'HTTP', 'JSON', 'URL', 'DOM', 'Browser', 'Cache', 'Cookie'],
  'Web/CSS': ['color', 'display', 'grid', 'margin', 'padding', 'position'],
  'Web/API': ['Fetch_API', 'Document', 'Element', 'Window'],
  'Web/HTML': ['Element/a', 'Element/div', 'Attributes'],
  Learn: ['Getting_started', 'Accessibility'],
};

let temp: ReturnType<typeof tempFolder>;
let reportFile: string;
let expectedRows = 0;

beforeAll(async () => {
  temp = tempFolder('glossary-report-');
  const english = TestRepo.init(path.join(temp.dir, 'content'), path.join(temp.dir, 'home'));
  const slugs = Object.entries(AREAS).flatMap(([area, names]) => names.map((name) => `${area}/${name}`));
  const write = (slug: string, body: string) => english.write(`files/en-us/${slug.toLowerCase()}/index.md`, pageText(slug.split('/').pop()!, slug, { body }));
  slugs.forEach((slug) => write(slug, 'First version.'));
  const commits = [english.commit('Add pages', '2026-01-01T00:00:00Z')];
  // Eight more commits, each touching a different share of the pages.
  for (let round = 1; round <= 8; round++) {
    slugs.forEach((slug, i) => {
      if ((i * 7 + round * 3) % (round + 2) === 0) write(slug, `Version ${round} of ${slug}.`);
    });
    commits.push(english.commit(`Round ${round}: update ${round === 3 ? 'CSS <values> & "units"' : 'pages'}`, `2026-0${Math.min(round + 1, 9)}-01T00:00:00Z`));
  }
  const german = path.join(temp.dir, 'translated', 'files', 'de');
  slugs.forEach((slug, i) => {
    if (i % 9 === 8) return; // untranslated
    const file = path.join(german, slug.toLowerCase(), 'index.md');
    mkdirSync(path.dirname(file), { recursive: true });
    const options = i % 11 === 5 ? { translationOf: slug } : i % 13 === 7 ? { sourceCommit: 'badc0ffee' } : { sourceCommit: commits[i % commits.length] };
    writeFileSync(file, pageText(slug.split('/').pop()!, slug, options));
    expectedRows++;
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  reportFile = path.join(ARTIFACTS, 'report.html');
  const output = captureOutput();
  const code = await runTranslations(['--root', english.dir, '--root', path.join(temp.dir, 'translated'), '--format', 'html', '--output', reportFile], output, {
    env: english.env,
  });
  if (code !== 0) throw new Error(output.stderr.join('\n'));
});
afterAll(() => temp?.remove());

const haveChromium = existsSync(CHROMIUM);

describe.skipIf(!haveChromium && !REQUIRE)('the HTML report in Chromium', () => {
  it('renders offline: a chart bar per area, a row per page, nothing fetched; screenshot', async () => {
    expect(existsSync(CHROMIUM)).toBe(true);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1240, height: 900 } });
      const requests: string[] = [];
      await page.route('**/*', (route) => {
        const url = route.request().url();
        requests.push(url);
        return url.startsWith('file:') ? route.continue() : route.abort();
      });
      await page.goto(pathToFileURL(reportFile).toString());
      expect(await page.title()).toBe('German (de): translation status');
      expect(requests).toEqual([pathToFileURL(reportFile).toString()]);
      const areaLabels = await page.$$eval('svg.chart text.area', (nodes) => nodes.map((node) => node.textContent));
      expect(areaLabels.map((label) => label?.replace(/ \(\d+\)$/, '')).sort()).toEqual(['Glossary', 'Learn', 'Web/API', 'Web/CSS', 'Web/HTML']);
      // Each bar spans the full bar width (its segments add up to the area's pages).
      const widths = await page.$$eval('svg.chart', ([svg]) => {
        const rows = new Map<string, number>();
        for (const rect of svg.querySelectorAll('rect')) rows.set(rect.getAttribute('y')!, (rows.get(rect.getAttribute('y')!) ?? 0) + Number(rect.getAttribute('width')));
        return [...rows.values()];
      });
      expect(widths).toHaveLength(5);
      for (const width of widths) expect(width).toBeCloseTo(440, 0);
      expect(await page.$$eval('tbody tr', (rows) => rows.length)).toBe(expectedRows);
      // The chart is visible and fits the page.
      const box = await page.locator('svg.chart').boundingBox();
      expect(box!.width).toBeGreaterThan(600);
      expect(box!.x + box!.width).toBeLessThanOrEqual(1240);
      const shot = path.join(ARTIFACTS, 'report.png');
      await page.screenshot({ path: shot, fullPage: false });
      expect(existsSync(shot)).toBe(true);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
