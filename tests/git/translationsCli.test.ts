/**
 * `glossary-lsp translations` (server/src/cli/translations.ts) over the real-git scenario: text,
 * JSON (the documented shape, exactly) and HTML; paths; usage errors; no history. The last test
 * runs the built command as a user would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runTranslations } from '../../server/src/cli/translations';
import { captureOutput } from '../helpers/text';
import { isolatedGitEnv, pageText, tempFolder } from '../helpers/gitRepo';
import { buildScenario, Scenario } from './scenario';

const REPO = path.resolve(__dirname, '../..');
let temp: ReturnType<typeof tempFolder>;
let scenario: Scenario;

beforeAll(() => {
  temp = tempFolder('glossary-translations-');
  scenario = buildScenario(temp.dir);
});
afterAll(() => temp.remove());

async function run(argv: string[], env = scenario.english.env) {
  const output = captureOutput();
  const code = await runTranslations(argv, output, { cwd: temp.dir, env });
  return { code, ...output };
}

const roots = () => ['--root', scenario.english.dir, '--root', path.dirname(scenario.germanFiles)];

interface JsonReport {
  locale: string;
  pages: Array<{
    file: string;
    slug: string;
    status: string;
    sourceCommit: string | null;
    commitsBehind: number | null;
    latest: { hash: string; date: string; subject: string } | null;
  }>;
  untranslated: Array<{ slug: string }>;
}

describe('--format json', () => {
  it('is the documented shape: every page with its status, glossary first, by how far behind; untranslated English pages', async () => {
    const { code, stdout, stderr } = await run([...roots(), '--format', 'json']);
    expect(stderr).toEqual([]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout.join('\n')) as JsonReport;
    const { c1, c2, c4, c5 } = scenario.commits;
    expect(report).toEqual({
      locale: 'de',
      pages: [
        {
          file: 'files/de/glossary/api/index.md',
          slug: 'Glossary/API',
          status: 'outdated',
          sourceCommit: c1.slice(0, 7),
          commitsBehind: 2,
          latest: { hash: c5, date: '2026-05-02', subject: 'API: fix typo' },
        },
        {
          file: 'files/de/glossary/new_name/index.md',
          slug: 'Glossary/New_name',
          status: 'outdated',
          sourceCommit: c1,
          commitsBehind: 2,
          latest: { hash: c4, date: '2026-04-01', subject: 'New_name: expand' },
        },
        { file: 'files/de/glossary/http/index.md', slug: 'Glossary/HTTP', status: 'source-unknown', sourceCommit: 'deadbeefcafe', commitsBehind: null, latest: null },
        { file: 'files/de/glossary/legacy/index.md', slug: 'Glossary/Legacy', status: 'no-source-commit', sourceCommit: null, commitsBehind: null, latest: null },
        { file: 'files/de/glossary/gone/index.md', slug: 'Glossary/Gone', status: 'no-english-page', sourceCommit: c1, commitsBehind: null, latest: null },
        { file: 'files/de/glossary/current/index.md', slug: 'Glossary/Current', status: 'up-to-date', sourceCommit: c5, commitsBehind: 0, latest: null },
        { file: 'files/de/glossary/untouched/index.md', slug: 'Glossary/Untouched', status: 'up-to-date', sourceCommit: c1, commitsBehind: 0, latest: null },
        {
          file: 'files/de/web/feature/index.md',
          slug: 'Web/Feature',
          status: 'outdated',
          sourceCommit: c2,
          commitsBehind: 1,
          latest: { hash: c5, date: '2026-05-02', subject: 'API: fix typo' },
        },
      ],
      untranslated: [{ slug: 'Glossary/Untranslated' }],
    });
  });

  it('PATH limits the report: a folder of the locale, or the same folder named in English', async () => {
    const fromLocale = JSON.parse((await run([...roots(), '--format=json', path.join(scenario.germanFiles, 'de', 'web')])).stdout.join('\n')) as JsonReport;
    expect(fromLocale.pages.map((page) => page.slug)).toEqual(['Web/Feature']);
    expect(fromLocale.untranslated).toEqual([]);
    const fromEnglish = JSON.parse(
      (await run([...roots(), '--format=json', path.join(scenario.englishFiles, 'en-us', 'glossary', 'untranslated')], scenario.english.env)).stdout.join('\n'),
    ) as JsonReport;
    // An English folder says nothing about the locale: the locale is the only one on disk.
    expect(fromEnglish).toEqual({ locale: 'de', pages: [], untranslated: [{ slug: 'Glossary/Untranslated' }] });
    const onePage = JSON.parse((await run([...roots(), '--format=json', path.join(scenario.germanFiles, 'de', 'glossary', 'api', 'index.md')])).stdout.join('\n')) as JsonReport;
    expect(onePage.pages.map((page) => page.status)).toEqual(['outdated']);
  });
});

describe('--format text', () => {
  it('one line per page, the untranslated pages, a summary', async () => {
    const { code, stdout } = await run(roots());
    expect(code).toBe(0);
    const { c5 } = scenario.commits;
    expect(stdout).toEqual([
      `files/de/glossary/api/index.md: outdated, 2 commits behind (latest 2026-05-02 ${c5.slice(0, 7)} API: fix typo)`,
      `files/de/glossary/new_name/index.md: outdated, 2 commits behind (latest 2026-04-01 ${scenario.commits.c4.slice(0, 7)} New_name: expand)`,
      'files/de/glossary/http/index.md: source unknown: sourceCommit deadbeefcafe is not a commit of the English repository (a typo?)',
      'files/de/glossary/legacy/index.md: no source commit (translation_of only)',
      'files/de/glossary/gone/index.md: no English page (no en-US page Glossary/Gone)',
      'files/de/glossary/current/index.md: up to date',
      'files/de/glossary/untouched/index.md: up to date',
      `files/de/web/feature/index.md: outdated, 1 commit behind (latest 2026-05-02 ${c5.slice(0, 7)} API: fix typo)`,
      'untranslated: Glossary/Untranslated',
      `de: 8 pages: 3 outdated, 2 up to date, 1 source unknown, 1 without source commit, 1 without English page; 1 English page not translated (English at ${c5.slice(0, 7)}).`,
    ]);
  });
});

describe('--format html', () => {
  it('writes one self-contained page with the table and the chart (--output, atomically)', async () => {
    const file = path.join(temp.dir, 'report.html');
    const { code, stdout, stderr } = await run([...roots(), '--format', 'html', '--output', file]);
    expect(code).toBe(0);
    expect(stdout).toEqual([]);
    expect(stderr).toEqual([`glossary-lsp translations: wrote ${file} (8 de pages, 1 untranslated English pages)`]);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<title>German (de): translation status</title>');
    expect(html).toContain('<svg class="chart"');
    expect(html).toContain('<td>Glossary/API</td>');
    expect(html).toContain('API: fix typo');
    // Nothing fetched: no external URL, script, stylesheet or image.
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('escapes what content and commits say', async () => {
    const { TestRepo } = await import('../helpers/gitRepo');
    const repo = TestRepo.init(path.join(temp.dir, 'hostile'), path.join(temp.dir, 'home'));
    repo.write('files/en-us/glossary/x/index.md', pageText('X', 'Glossary/X'));
    const first = repo.commit('Add X', '2026-01-01T00:00:00Z');
    repo.write('files/en-us/glossary/x/index.md', pageText('X', 'Glossary/X', { body: 'changed' }));
    repo.commit('<script>alert(1)</script> & "quotes"', '2026-01-02T00:00:00Z');
    const translated = path.join(temp.dir, 'hostile-de', 'files', 'de', 'glossary', 'x', 'index.md');
    mkdirSync(path.dirname(translated), { recursive: true });
    writeFileSync(translated, pageText('<b>X</b>', 'Glossary/X', { sourceCommit: first }));
    const output = captureOutput();
    await runTranslations(['--root', repo.dir, '--root', path.join(temp.dir, 'hostile-de'), '--format', 'html'], output, { env: repo.env });
    const html = output.stdout.join('\n');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).toContain('&lt;b&gt;X&lt;/b&gt;');
  });
});

describe('what it cannot do', () => {
  it('no git repository: says so, exit 2', async () => {
    const plain = path.join(temp.dir, 'plain-en');
    mkdirSync(path.join(plain, 'files', 'en-us', 'glossary', 'api'), { recursive: true });
    writeFileSync(path.join(plain, 'files', 'en-us', 'glossary', 'api', 'index.md'), pageText('API', 'Glossary/API'));
    const env = { ...isolatedGitEnv(path.join(temp.dir, 'home')), GIT_CEILING_DIRECTORIES: temp.dir };
    const { code, stderr } = await run(['--root', plain, '--root', path.dirname(scenario.germanFiles)], env);
    expect(code).toBe(2);
    expect(stderr.join('\n')).toMatch(/is not in a git repository: translation status \(English changes since each translation\) is off/);
  });

  it('usage errors and missing content: exit 2 with a message', async () => {
    expect((await run([...roots(), '--format', 'xml'])).stderr[0]).toMatch(/--format must be text, json or html, not xml/);
    expect((await run([...roots(), '--locale', 'en-US'])).code).toBe(2);
    expect((await run([...roots(), path.join(temp.dir, 'nope')])).stderr).toEqual([`glossary-lsp translations: ${path.join(temp.dir, 'nope')} does not exist`]);
    expect((await run(['--root', path.dirname(scenario.germanFiles)])).stderr[0]).toMatch(/no English \(en-us\) content/);
    expect((await run([...roots(), '--locale', 'fr'])).stderr[0]).toMatch(/no fr pages under the roots/);
  });

  it('several locales need --locale or a PATH', async () => {
    const fr = path.join(scenario.germanFiles, 'fr', 'glossary', 'api', 'index.md');
    mkdirSync(path.dirname(fr), { recursive: true });
    writeFileSync(fr, pageText('API', 'Glossary/API', { sourceCommit: scenario.commits.c5 }));
    try {
      expect((await run(roots())).stderr[0]).toMatch(/the roots hold several locales \(de, fr\): name one with --locale or a PATH/);
      const french = JSON.parse((await run([...roots(), '--locale', 'fr', '--format', 'json'])).stdout.join('\n')) as JsonReport;
      expect(french.pages.map((page) => [page.slug, page.status])).toEqual([['Glossary/API', 'up-to-date']]);
    } finally {
      execFileSync('rm', ['-rf', path.join(scenario.germanFiles, 'fr')]);
    }
  });
});

describe('the glossary-lsp command', () => {
  it('runs `translations` (built server/out)', () => {
    const bin = path.join(REPO, 'server', 'bin', 'glossary-lsp.js');
    if (!existsSync(path.join(REPO, 'server', 'out', 'bin', 'glossary-lsp.js'))) throw new Error('run npm run build first');
    const result = spawnSync(process.execPath, [bin, 'translations', ...roots(), '--format', 'json'], { cwd: temp.dir, env: scenario.english.env, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as JsonReport).pages).toHaveLength(8);
    const help = spawnSync(process.execPath, [bin, 'translations', '--help'], { encoding: 'utf8' });
    expect(help.stdout).toMatch(/^Usage: glossary-lsp translations --root EN --root LOCALE/);
  });
});
