/**
 * The checker over real MDN content (../shared/corpus: English and Vietnamese, see its README):
 * the known mistakes are found where they are, and nothing floods. Unpacked once into a fresh
 * temporary folder, removed afterwards.
 */
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { runCheck } from '../../server/src/cli/checkCommand';
import { parseRedirects } from '../../server/src/content/redirects';
import { slugToFolder } from '../../server/src/content/slugs';
import { captureOutput } from '../helpers/text';
import { missingCorpus, unpackCorpus } from '../helpers/corpus';
import type { JsonIssue } from '../../server/src/cli/checkCommand';
import MarkdownIt from 'markdown-it';

const missing = missingCorpus;
if (missing.length) {
  console.warn(`tests/corpus: skipped, corpus tarball(s) not found: ${missing.join(', ')}`);
}

/** The checker's stable JSON issue shape, as CI scripts parse it. */
type Issue = JsonIssue;
interface Report {
  files: number;
  issues: Issue[];
}

describe.skipIf(missing.length > 0)('MDN corpus (en-us + vi)', () => {
  let tmp: string;
  let all: Report;
  let stderr: string[];
  let exitCode: number;
  const timings: Record<string, number> = {};

  /** The text an issue covers, from its 1-based line and code-point columns. */
  function covered(issue: Issue): string {
    const lines = readFileSync(path.join(tmp, issue.file), 'utf8').split('\n');
    const chars = Array.from(lines[issue.line - 1]);
    const end = issue.endLine === issue.line ? issue.endColumn - 1 : chars.length;
    return chars.slice(issue.column - 1, end).join('');
  }

  async function check(argv: string[]): Promise<{ report: Report; stderr: string[]; code: number }> {
    const output = captureOutput();
    const code = await runCheck(['--format', 'json', ...argv], output, undefined, tmp);
    expect(output.stdout).toHaveLength(1);
    return { report: JSON.parse(output.stdout[0]) as Report, stderr: output.stderr, code };
  }

  beforeAll(async () => {
    let started = performance.now();
    tmp = unpackCorpus('glossary-corpus-');
    timings.unpack = performance.now() - started;
    started = performance.now();
    ({ report: all, stderr, code: exitCode } = await check(['--root', tmp]));
    timings.check = performance.now() - started;
  }, 300_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    console.info(`tests/corpus: unpack ${(timings.unpack / 1000).toFixed(1)} s, check ${(timings.check / 1000).toFixed(1)} s`);
  });

  const issuesOf = (file: string) => all.issues.filter((issue) => issue.file === file);

  it('checks every page of both locales, exit code 1', () => {
    expect(all.files).toBe(14_245 + 12_951);
    expect(exitCode).toBe(1);
    for (const line of stderr) expect(line).not.toMatch(/binary|not valid UTF-8|cannot read|not valid YAML/);
  });

  it('en-us alone: 14,245 files', async () => {
    const started = performance.now();
    const { report } = await check(['--root', tmp, path.join(tmp, 'files/en-us')]);
    timings.enUs = performance.now() - started;
    expect(report.files).toBe(14_245);
    expect(report.issues.every((issue) => issue.file.startsWith('files/en-us/'))).toBe(true);
    expect(report.issues.length).toBe(all.issues.filter((issue) => issue.file.startsWith('files/en-us/')).length);
  }, 120_000);

  it('_redirects.txt: the from that ends in an invisible U+FEFF is named as such, not as a plain duplicate', () => {
    const lines = readFileSync(path.join(tmp, 'files/en-us/_redirects.txt'), 'utf8').split('\n');
    const at = lines.findIndex((line) => line.split('\t')[0].endsWith('\ufeff'));
    expect(at).toBeGreaterThan(0);
    const twin = lines[at].split('\t')[0].slice(0, -1);
    expect(stderr).toContainEqual(
      `files/en-us/_redirects.txt:${at + 1}: duplicate redirect for ${twin}, except that this line's from holds an invisible U+FEFF (ZERO WIDTH NO-BREAK SPACE (byte order mark)) at the end: MDN's build never matches it`,
    );
  });

  it('glossary/mixin: templ-broken-link to /en-US/docs/Glossary/interface', () => {
    const issue = issuesOf('files/en-us/glossary/mixin/index.md').find((i) => i.code === 'templ-broken-link' && i.target === '/en-US/docs/Glossary/interface');
    expect(issue).toBeDefined();
    expect(issue!.severity).toBe('warning');
    expect(issue!.suggestion).toBeNull();
    expect(covered(issue!)).toMatch(/^\{\{\s*[Gg]lossary\(\s*["'`]interface["'`].*\}\}$/);
  });

  it('easing_functions: templ-redirected-link for `Bézier curve`, suggesting Glossary/Bezier_curve', () => {
    const issue = issuesOf('files/en-us/web/css/guides/easing_functions/index.md').find((i) => i.code === 'templ-redirected-link');
    expect(issue).toMatchObject({
      target: '/en-US/docs/Glossary/Bézier_curve',
      suggestion: '/en-US/docs/Glossary/Bezier_curve',
      severity: 'warning',
    });
    expect(covered(issue!)).toContain('Bézier curve');
    expect(covered(issue!)).toMatch(/^\{\{.*\}\}$/);
  });

  it('a vi page: only-in-en-us (information) on a macro or link whose page vi lacks and English has itself', () => {
    const viRedirects = existsSync(path.join(tmp, 'files/vi/_redirects.txt'));
    const enRedirects = parseRedirects(readFileSync(path.join(tmp, 'files/en-us/_redirects.txt'), 'utf8'));
    const pageExists = (locale: string, slug: string) => existsSync(path.join(tmp, 'files', locale, slugToFolder(slug), 'index.md'));
    const candidates = all.issues.filter((i) => i.file.startsWith('files/vi/') && i.code === 'only-in-en-us' && i.target?.startsWith('/vi/docs/'));
    expect(candidates.length).toBeGreaterThan(0);
    for (const issue of candidates) {
      expect(issue.severity).toBe('information');
      const slug = issue.target!.slice('/vi/docs/'.length).split('#')[0];
      expect(pageExists('vi', slug), issue.target!).toBe(false);
      // English has the page itself (an English redirect would make it a redirect, moved to vi).
      expect(pageExists('en-us', slug), issue.target!).toBe(true);
      expect(enRedirects.map.get(`/en-US/docs/${slug}`.toLowerCase()), issue.target!).toBeUndefined();
    }
    expect(viRedirects).toBe(false);
  });

  it('a vi link whose slug only English redirects: a redirect to the English target moved to /vi/, never only-in-en-us', () => {
    const enRedirects = parseRedirects(readFileSync(path.join(tmp, 'files/en-us/_redirects.txt'), 'utf8'));
    const viIssues = all.issues.filter((i) => i.file.startsWith('files/vi/'));
    const moved = viIssues.filter((i) => (i.code === 'templ-redirected-link' || i.code === 'redirected-link') && i.target?.startsWith('/vi/docs/'));
    expect(moved.length).toBeGreaterThan(20);
    for (const issue of moved) {
      const slug = issue.target!.slice('/vi/docs/'.length);
      const english = enRedirects.map.get(`/en-US/docs/${slug}`.toLowerCase());
      if (english === undefined) {
        // Not an English redirect: the page found component-wise (`Glossary//Baseline/Typography`).
        expect(issue.target, issue.file).toMatch(/\/\/|\/$/);
        continue;
      }
      expect(issue.suggestion, `${issue.file} ${issue.target}`).toBe(english.replace(/^\/en-US\/docs\//, '/vi/docs/'));
    }
    // No only-in-en-us is left for a slug English redirects.
    for (const issue of viIssues.filter((i) => i.code === 'only-in-en-us' && i.target?.startsWith('/vi/docs/'))) {
      expect(enRedirects.map.has(`/en-US/docs/${issue.target!.slice('/vi/docs/'.length)}`.toLowerCase()), issue.target!).toBe(false);
    }
    // A known one: `{{Glossary("hash")}}`, English Glossary/Hash → Glossary/Hash_function.
    expect(moved).toContainEqual(
      expect.objectContaining({
        file: 'files/vi/web/security/authentication/federated_identity/index.md',
        code: 'templ-redirected-link',
        target: '/vi/docs/Glossary/hash',
        suggestion: '/vi/docs/Glossary/Hash_function',
      }),
    );
  });

  it('{{Glossary("/Baseline/Typography")}}: templ-redirected-link to Glossary/Baseline/Typography, never broken, in both trees', () => {
    const term = all.issues.filter((i) => i.target?.endsWith('/docs/Glossary//Baseline/Typography'));
    const files = execFileSync('grep', ['-rliF', 'Glossary("/Baseline/Typography"', path.join(tmp, 'files')], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(new Set(term.map((i) => i.file))).toEqual(new Set(files.map((file) => path.relative(tmp, file))));
    for (const issue of term) {
      expect(issue.code).toBe('templ-redirected-link');
      expect(issue.suggestion).toBe(`/${issue.file.startsWith('files/vi/') ? 'vi' : 'en-US'}/docs/Glossary/Baseline/Typography`);
      expect(covered(issue)).toMatch(/^\{\{\s*glossary\("\/Baseline\/Typography"/i);
    }
  });

  it('trailing and doubled slashes: every such /docs/ link is a redirected-link to the canonical URL (the raw-HTML one reported at its <a)', () => {
    // Every `/docs/` link target written with a trailing or doubled slash, outside code, in either tree.
    const written = execFileSync('grep', ['-rnoE', String.raw`(\]\(|href=["'])(https://developer\.mozilla\.org)?/[A-Za-z-]+/docs/[^)"' #]*(/[)"'#]|//)`, path.join(tmp, 'files')], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
    const slashed = all.issues.filter((i) => i.target && /\/docs\/.*(\/$|\/\/)/.test(i.target) && !i.target.includes('/docs/Glossary//'));
    expect(slashed.length).toBeGreaterThanOrEqual(2);
    for (const issue of slashed) {
      expect(issue.code).toBe('redirected-link');
      expect(issue.suggestion).toBe(issue.target!.replace(/\/+$/, '').replace(/\/{2,}/g, '/'));
    }
    // The grep finds the same places (code blocks hold none of them here).
    expect(new Set(slashed.map((i) => `${i.file}:${i.line}`))).toEqual(new Set(written.map((line) => `${path.relative(tmp, line.split(':')[0])}:${line.split(':')[1]}`)));
    const embedding = slashed.find((i) => i.file === 'files/en-us/learn_web_development/core/structuring_content/general_embedding_technologies/index.md')!;
    expect(embedding).toMatchObject({
      target: '/en-US/docs/Learn_web_development/Core/Structuring_content/',
      suggestion: '/en-US/docs/Learn_web_development/Core/Structuring_content',
    });
    expect(covered(embedding)).toMatch(/^<a href="\/en-US\/docs\/Learn_web_development\/Core\/Structuring_content\/"$/);
  });

  it('HTML blocks: Markdown link syntax in them is never a link; every raw <a href> issue is reported at its <a', () => {
    // HTML blocks as CommonMark finds them, from markdown-it itself over each page's body.
    const md = new MarkdownIt('default', { html: true });
    let anchorsInBlocks = 0;
    const markdownInBlocks: string[] = [];
    for (const file of execFileSync('grep', ['-rlE', '^\\s*<[a-zA-Z!/?]', path.join(tmp, 'files/en-us')], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)) {
      const text = readFileSync(file, 'utf8');
      const bodyLines = text.split('\n');
      const fmEnd = text.startsWith('---') ? bodyLines.indexOf('---', 1) + 1 : 0;
      for (const token of md.parse(bodyLines.slice(fmEnd).join('\n'), {})) {
        if (token.type !== 'html_block' || !token.map) continue;
        anchorsInBlocks += (token.content.match(/<a\s[^>]*href=["']?\//gi) ?? []).length;
        for (const match of token.content.matchAll(/\]\((\/[^)\s]*)\)/g)) markdownInBlocks.push(`${path.relative(tmp, file)} ${match[1]}`);
      }
    }
    expect(anchorsInBlocks).toBeGreaterThan(500);
    const reported = new Set(all.issues.map((i) => `${i.file} ${i.target}`));
    for (const entry of markdownInBlocks) expect(reported.has(entry), entry).toBe(false);
    // Raw-HTML issues: the covered text is the whole opening tag.
    const raw = all.issues.filter((i) => i.file.startsWith('files/en-us/') && i.target && covered(i).startsWith('<a'));
    expect(raw.length).toBeGreaterThan(5);
    for (const issue of raw) expect(covered(issue), `${issue.file}:${issue.line}`).toMatch(/^<a\s[^]*>$|^<a\s[^]*$/);
  });

  it('a ?query stays in the slug and paths are not decoded; links in code (the ?q=123 examples) are not links', () => {
    const inCode = ['files/en-us/web/api/htmlanchorelement/search/index.md', 'files/en-us/web/api/location/search/index.md', 'files/en-us/web/api/htmlareaelement/search/index.md'];
    for (const file of inCode)
      expect(
        issuesOf(file).filter((i) => i.target?.includes('?')),
        file,
      ).toEqual([]);
    for (const issue of all.issues.filter((i) => i.target?.includes('?') || i.target?.includes('%'))) {
      expect(['broken-link', 'templ-broken-link', 'only-in-en-us', 'templ-syntax-error']).toContain(issue.code);
    }
  });

  it('long https://developer.mozilla.org links: bare autolinks are checked but not redirects; the one in a code block is not a link', () => {
    // `- https://developer.mozilla.org/fr/docs/Web/HTML` (a list of bare autolinks): fr and ja are not in the corpus.
    const sidebars = issuesOf('files/en-us/mdn/writing_guidelines/page_structures/sidebars/index.md').filter((i) => i.code === 'only-in-en-us');
    expect(sidebars.map((i) => i.target)).toEqual(['/fr/docs/Web/HTML', '/ja/docs/Web/HTML']);
    for (const issue of sidebars) expect(covered(issue)).toMatch(/^https:\/\/developer\.mozilla\.org\//);
    expect(all.issues.filter((i) => i.code === 'redirected-link' && covered(i).startsWith('https://developer.mozilla.org'))).toEqual([]);
    expect(issuesOf('files/en-us/web/javascript/reference/global_objects/regexp/escape/index.md').filter((i) => i.target?.includes('RegExp/escape'))).toEqual([]);
  });

  it('security/authentication: templ-syntax-error on the `{{glossary("JWT", JSON Web Token(JWT)"")}}` line', () => {
    const file = 'files/en-us/web/security/authentication/index.md';
    const macro = '{{glossary("JWT", JSON Web Token(JWT)"")}}';
    const lines = readFileSync(path.join(tmp, file), 'utf8').split('\n');
    const lineIndex = lines.findIndex((line) => line.includes(macro));
    expect(lineIndex).toBeGreaterThanOrEqual(0);
    const issue = issuesOf(file).find((i) => i.code === 'templ-syntax-error');
    expect(issue).toMatchObject({ line: lineIndex + 1, endLine: lineIndex + 1, severity: 'error', target: null, suggestion: null });
    expect(covered(issue!)).toBe(macro);
    expect(issue!.column).toBe(Array.from(lines[lineIndex].slice(0, lines[lineIndex].indexOf(macro))).length + 1);
  });

  it('EmbedLiveSample with empty arguments is never a syntax error', () => {
    const withEmpty = execFileSync('grep', ['-rlE', String.raw`\{\{ *EmbedLiveSample\([^)]*, *,`, path.join(tmp, 'files/en-us')], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    expect(withEmpty.length).toBeGreaterThan(10);
    const errors = all.issues.filter((i) => i.code === 'templ-syntax-error' && /EmbedLiveSample/i.test(covered(i)));
    expect(errors).toEqual([]);
  });

  it('sanity bounds: a few syntax errors, about 200 broken en-US links, no flood of any code', () => {
    const count = (locale: string, code: string) => all.issues.filter((i) => i.file.startsWith(`files/${locale}/`) && i.code === code).length;
    expect(count('en-us', 'templ-syntax-error')).toBeGreaterThanOrEqual(1);
    expect(count('en-us', 'templ-syntax-error')).toBeLessThan(50);
    expect(count('en-us', 'broken-link')).toBeGreaterThan(100);
    expect(count('en-us', 'broken-link')).toBeLessThan(400);
    // Only the bare autolinks to locales the corpus lacks (fr, ja) fall back to English.
    expect(count('en-us', 'only-in-en-us')).toBe(2);
    // English content is what MDN builds: one issue for every ten pages at most.
    expect(all.issues.filter((i) => i.file.startsWith('files/en-us/')).length).toBeLessThan(1_425);
    for (const issue of all.issues.slice(0, 2000)) {
      expect(issue.line).toBeGreaterThanOrEqual(1);
      expect(issue.column).toBeGreaterThanOrEqual(1);
      expect(issue.endLine * 1e6 + issue.endColumn).toBeGreaterThanOrEqual(issue.line * 1e6 + issue.column);
    }
  });
});
