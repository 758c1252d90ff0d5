/**
 * `glossary-lsp coverage` (server/src/cli/coverage.ts) through runCoverage with a captured Output,
 * over the coverage fixture written to a temporary folder: the three formats, --output, --locale,
 * --aliases, and usage errors with the exit codes `check` uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCoverage, parseCoverageArguments } from '../../server/src/cli/coverage';
import { UsageError } from '../../server/src/cli/checkCommand';
import { FILES, pagePath } from '../helpers/content';
import { FILE_MAP, pageFile } from '../helpers/glossaryFixture';
import { captureOutput } from '../helpers/text';

const REPO = path.resolve(__dirname, '../..');
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'glossary-coverage-'));
  const files: Record<string, string> = {
    ...FILE_MAP,
    // A title that must be escaped in HTML, and that is no term (ordinary word, no evidence).
    [pagePath('en-us', 'Glossary/Markup')]: pageFile('Glossary/Markup', 'Write <b>markup</b> & more.', { title: 'Markup <b> & "quotes"', pageType: 'glossary-definition' }),
  };
  for (const [file, text] of Object.entries(files)) {
    const target = path.join(tmp, 'files', path.relative(FILES, file));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function run(argv: string[]) {
  const output = captureOutput();
  const code = await runCoverage(argv, output, undefined, tmp);
  return { code, ...output };
}

interface Json {
  locale: string;
  entries: Array<{ slug: string; title: string; file: string; linkedFrom: string[]; mentionedUnlinked: Array<{ file: string; line: number; column: number }>; orphan: boolean }>;
  wanted: Array<{ slug: string; wantedBy: string[] }>;
}

describe('coverage --format json', () => {
  it('is exactly {locale, entries: [{slug, title, file, linkedFrom, mentionedUnlinked: [{file, line, column}], orphan}], wanted: [{slug, wantedBy}]}', async () => {
    const { code, stdout, stderr } = await run(['--root', tmp, '--format', 'json']);
    expect(code).toBe(0);
    expect(stderr).toEqual([]);
    expect(stdout).toHaveLength(1);
    const json = JSON.parse(stdout[0]) as Json;
    expect(Object.keys(json)).toEqual(['locale', 'entries', 'wanted']);
    expect(json.locale).toBe('en-US');
    for (const entry of json.entries) {
      expect(Object.keys(entry)).toEqual(['slug', 'title', 'file', 'linkedFrom', 'mentionedUnlinked', 'orphan']);
      for (const mention of entry.mentionedUnlinked) expect(Object.keys(mention)).toEqual(['file', 'line', 'column']);
      expect(entry.orphan).toBe(entry.linkedFrom.length === 0);
    }
    for (const wanted of json.wanted) expect(Object.keys(wanted)).toEqual(['slug', 'wantedBy']);
    expect(json.entries.map((entry) => entry.slug)).toEqual([
      'Glossary/API',
      'Glossary/CORS',
      'Glossary/Cross-site_scripting',
      'Glossary/Markup',
      'Glossary/Node/DOM',
      'Glossary/Orphan_term',
    ]);
    expect(json.entries[0]).toEqual({
      slug: 'Glossary/API',
      title: 'API',
      file: 'files/en-us/glossary/api/index.md',
      linkedFrom: ['files/en-us/web/linked/index.md'],
      mentionedUnlinked: [
        { file: 'files/en-us/glossary/cors/index.md', line: 7, column: 42 },
        { file: 'files/en-us/web/guide/index.md', line: 6, column: 20 },
      ],
      orphan: false,
    });
    const xss = json.entries.find((entry) => entry.slug === 'Glossary/Cross-site_scripting')!;
    // Linked through a redirect from an old URL outside Glossary/.
    expect(xss).toMatchObject({ linkedFrom: ['files/en-us/web/redirected/index.md'], orphan: false });
    expect(xss.mentionedUnlinked.map((m) => m.file)).toEqual(['files/en-us/web/guide/index.md', 'files/en-us/web/linked/index.md']);
    expect(json.wanted).toEqual([
      { slug: 'Glossary/Interface', wantedBy: ['files/en-us/web/linked/index.md', 'files/en-us/web/other/index.md'] },
      { slug: 'Glossary/Mixin', wantedBy: ['files/en-us/web/other/index.md'] },
    ]);
  });

  it("--locale fr: that locale's entries and pages, links falling back to English followed", async () => {
    const { code, stdout } = await run(['--root', tmp, '--locale', 'fr', '--format=json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout[0]) as Json;
    expect(json.locale).toBe('fr');
    expect(json.entries).toEqual([
      {
        slug: 'Glossary/API',
        title: 'API',
        file: 'files/fr/glossary/api/index.md',
        linkedFrom: [],
        mentionedUnlinked: [{ file: 'files/fr/web/guide/index.md', line: 8, column: 5 }],
        orphan: true,
      },
    ]);
  });

  it('--aliases: more ways to write a term, or false to leave one out', async () => {
    const aliases = path.join(tmp, 'aliases.json');
    writeFileSync(aliases, JSON.stringify({ Orphan_term: ['nobody'], API: false }));
    const json = JSON.parse((await run(['--root', tmp, '--format', 'json', '--aliases', aliases])).stdout[0]) as Json;
    expect(json.entries.find((entry) => entry.slug === 'Glossary/API')!.mentionedUnlinked).toEqual([]);
    expect(json.entries.find((entry) => entry.slug === 'Glossary/Orphan_term')!.mentionedUnlinked).toEqual([]);
    writeFileSync(aliases, JSON.stringify({ CORS: ['system'] }));
    const cors = (JSON.parse((await run(['--root', tmp, '--format', 'json', '--aliases', aliases])).stdout[0]) as Json).entries.find((entry) => entry.slug === 'Glossary/CORS')!;
    expect(cors.mentionedUnlinked.map((m) => m.file)).toContain('files/en-us/web/guide/index.md');
  });
});

describe('coverage --format text', () => {
  it('a summary line, a table with a row per entry, the orphans and the wanted terms', async () => {
    const { code, stdout } = await run(['--root', tmp]);
    expect(code).toBe(0);
    const lines = stdout[0].split('\n');
    expect(lines[0]).toBe('Glossary coverage of en-US: 6 entries over 11 pages; 2 orphans; 2 wanted terms; 5 unlinked first mentions on 3 pages.');
    expect(lines[2]).toMatch(/^entry\s+linked from\s+unlinked on\s+status\s+first unlinked mention$/);
    expect(lines.find((line) => line.startsWith('Glossary/API '))).toMatch(/^Glossary\/API\s+1\s+2\s+files\/en-us\/glossary\/cors\/index\.md:7:42$/);
    expect(lines.find((line) => line.startsWith('Glossary/Orphan_term'))).toMatch(/^Glossary\/Orphan_term\s+0\s+0\s+orphan$/);
    expect(lines).toContain('Orphans (2): entries no other en-US page links to');
    expect(lines).toContain('  Glossary/Orphan_term  files/en-us/glossary/orphan_term/index.md');
    expect(lines).toContain('  Glossary/Interface  wanted by 2 pages: files/en-us/web/linked/index.md, files/en-us/web/other/index.md');
  });
});

describe('coverage --format html', () => {
  it('one self-contained page: charts, a row per entry, escaped content, nothing fetched from elsewhere', async () => {
    const { code, stdout } = await run(['--root', tmp, '--format', 'html']);
    expect(code).toBe(0);
    const html = stdout[0];
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html.match(/<tr data-search=/g)).toHaveLength(6);
    expect(html).toContain('Markup &lt;b&gt; &amp; &quot;quotes&quot;');
    expect(html).not.toContain('Markup <b>');
    // Offline: no script, style sheet, image, font or frame from anywhere; links to MDN are plain links.
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b|\bsrc=|@import|url\(/i);
    expect(
      [...html.matchAll(/https?:\/\/[^"'\s<)]+/g)].map((m) => m[0]).every((url) => url.startsWith('https://developer.mozilla.org/') || url === 'http://www.w3.org/2000/svg'),
    ).toBe(true);
  });

  it('--output writes the report to a file (and says so on stderr); an unwritable output is exit 2', async () => {
    const target = path.join(tmp, 'report.html');
    const { code, stdout, stderr } = await run(['--root', tmp, '--format', 'html', '--output', target]);
    expect(code).toBe(0);
    expect(stdout).toEqual([]);
    expect(stderr).toEqual([`glossary-lsp coverage: wrote report.html`]);
    expect(readFileSync(target, 'utf8')).toMatch(/^<!doctype html>[\s\S]*<\/html>\n$/);
    expect(readdirSync(tmp).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const bad = await run(['--root', tmp, '--output', path.join(tmp, 'no-such-folder', 'report.txt')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.join('\n')).toMatch(/cannot write .*no-such-folder.*ENOENT/);
  });
});

describe('usage', () => {
  it('parses options as check does (--name value and --name=value, --root repeatable)', () => {
    expect(parseCoverageArguments(['--root', 'a', '--root=b', '--locale', 'pt-BR', '--format=html', '--output', 'r.html'])).toEqual({
      roots: ['a', 'b'],
      locale: 'pt-br',
      format: 'html',
      output: 'r.html',
    });
    expect(() => parseCoverageArguments(['--format', 'xml'])).toThrow(UsageError);
    expect(() => parseCoverageArguments(['--locale', 'not a locale'])).toThrow(UsageError);
    expect(() => parseCoverageArguments(['--root'])).toThrow('--root needs a value');
    expect(() => parseCoverageArguments(['--output', '--format'])).toThrow('--output needs a value');
  });

  it('bad usage is exit 2 with a message and the usage; nothing on stdout', async () => {
    for (const argv of [['--bogus'], ['--format', 'xml'], ['some/path']]) {
      const { code, stdout, stderr } = await run(['--root', tmp, ...argv]);
      expect(code).toBe(2);
      expect(stdout).toEqual([]);
      expect(stderr.join('\n')).toMatch(/^glossary-lsp coverage: [\s\S]*Usage: glossary-lsp coverage/);
    }
  });

  it('no content root, a root that does not exist, a locale with no pages, unreadable aliases: exit 2, said plainly', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'glossary-coverage-empty-'));
    try {
      const output = captureOutput();
      const saved = { root: process.env.CONTENT_ROOT, translated: process.env.CONTENT_TRANSLATED_ROOT };
      delete process.env.CONTENT_ROOT;
      delete process.env.CONTENT_TRANSLATED_ROOT;
      try {
        expect(await runCoverage([], output, undefined, empty)).toBe(2);
      } finally {
        if (saved.root !== undefined) process.env.CONTENT_ROOT = saved.root;
        if (saved.translated !== undefined) process.env.CONTENT_TRANSLATED_ROOT = saved.translated;
      }
      expect(output.stderr.join('\n')).toContain('no content root found');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    const missing = await run(['--root', path.join(tmp, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.join('\n')).toContain('does not exist');
    const locale = await run(['--root', tmp, '--locale', 'de']);
    expect(locale.code).toBe(2);
    expect(locale.stderr.join('\n')).toContain('no de pages under');
    expect(locale.stderr.join('\n')).toContain('locales found: en-US, fr');
    writeFileSync(path.join(tmp, 'bad-aliases.json'), '{"API": "not a list"}');
    const aliases = await run(['--root', tmp, '--aliases', 'bad-aliases.json']);
    expect(aliases.code).toBe(2);
    expect(aliases.stderr.join('\n')).toContain('must be a list of strings, or false');
  });

  it('the glossary-lsp command dispatches coverage (built server)', () => {
    const bin = path.join(REPO, 'server', 'out', 'bin', 'glossary-lsp.js');
    if (!existsSync(bin)) throw new Error('run npm run build first');
    const help = spawnSync(process.execPath, [bin, 'coverage', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: glossary-lsp coverage');
    const json = spawnSync(process.execPath, [bin, 'coverage', '--root', tmp, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, CONTENT_ROOT: '' } });
    expect(json.status).toBe(0);
    expect((JSON.parse(json.stdout) as Json).entries).toHaveLength(6);
    const bad = spawnSync(process.execPath, [bin, 'coverage', '--nope'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
  });
});
