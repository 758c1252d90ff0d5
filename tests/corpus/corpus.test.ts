/**
 * The checker over real MDN content (../shared/corpus: English and Vietnamese, see its README):
 * the known mistakes are found where they are, and nothing floods. Unpacked once into a fresh
 * temporary folder, removed afterwards.
 */
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCheck } from '../../server/src/cli/check';
import { parseRedirects } from '../../server/src/content/redirects';
import { slugToFolder } from '../../server/src/content/slugs';
import { captureOutput } from '../helpers/text';
import type { JsonIssue } from '../../server/src/cli/check';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');
const TARBALLS = ['mdn-en-us-md.tar.gz', 'mdn-vi-md.tar.gz'].map((name) => path.join(CORPUS, name));
const missing = TARBALLS.filter((tarball) => !existsSync(tarball));
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
    tmp = mkdtempSync(path.join(tmpdir(), 'glossary-corpus-'));
    let started = performance.now();
    for (const tarball of TARBALLS) execFileSync('tar', ['-xzf', tarball, '-C', tmp]);
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

  it('a vi page: only-in-en-us (information) on a Glossary macro whose term has no vi page', () => {
    const viRedirects = existsSync(path.join(tmp, 'files/vi/_redirects.txt'));
    const enRedirects = parseRedirects(readFileSync(path.join(tmp, 'files/en-us/_redirects.txt'), 'utf8'));
    const pageExists = (locale: string, slug: string) => existsSync(path.join(tmp, 'files', locale, slugToFolder(slug), 'index.md'));
    const candidates = all.issues.filter(
      (i) => i.file.startsWith('files/vi/') && i.code === 'only-in-en-us' && i.target?.startsWith('/vi/docs/Glossary/') && /^\{\{\s*glossary\(/i.test(covered(i)),
    );
    expect(candidates.length).toBeGreaterThan(0);
    for (const issue of candidates) {
      expect(issue.severity).toBe('information');
      const slug = issue.target!.slice('/vi/docs/'.length);
      expect(pageExists('vi', slug), issue.target!).toBe(false);
      // English has it: the page itself, or a redirect to an English page.
      const redirect = enRedirects.map.get(`/en-US/docs/${slug}`.toLowerCase());
      const english = pageExists('en-us', slug) || (redirect !== undefined && pageExists('en-us', redirect.replace(/^\/en-US\/docs\//, '').split('#')[0]));
      expect(english, issue.target!).toBe(true);
    }
    expect(viRedirects).toBe(false);
    // A known one: `{{Glossary("hash")}}`, English Glossary/Hash → Glossary/Hash_function.
    expect(candidates).toContainEqual(
      expect.objectContaining({ file: 'files/vi/web/security/authentication/federated_identity/index.md', target: '/vi/docs/Glossary/hash' }),
    );
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
    expect(count('en-us', 'only-in-en-us')).toBe(0);
    // English content is what MDN builds: one issue for every ten pages at most.
    expect(all.issues.filter((i) => i.file.startsWith('files/en-us/')).length).toBeLessThan(1_425);
    for (const issue of all.issues.slice(0, 2000)) {
      expect(issue.line).toBeGreaterThanOrEqual(1);
      expect(issue.column).toBeGreaterThanOrEqual(1);
      expect(issue.endLine * 1e6 + issue.endColumn).toBeGreaterThanOrEqual(issue.line * 1e6 + issue.column);
    }
  });
});
