/**
 * `glossary-lsp check` (server/src/cli/checkCommand.ts) through runCheck with a captured Output: over the
 * example tree in examples/content, and over a temporary copy with unreadable pages.
 */
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseCheckArguments, runCheck, UsageError } from '../../server/src/cli/checkCommand';
import { captureOutput } from '../helpers/text';

const REPO = path.resolve(__dirname, '../..');
const EXAMPLES = path.join(REPO, 'examples/content');

interface JsonOutput {
  files: number;
  issues: Array<Record<string, unknown>>;
}

function countPages(dir: string): number {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) count += countPages(path.join(dir, entry.name));
    else if (entry.name === 'index.md') count++;
  }
  return count;
}

async function run(argv: string[], cwd = REPO) {
  const output = captureOutput();
  const code = await runCheck(argv, output, undefined, cwd);
  return { code, ...output };
}

describe('check over examples/content', () => {
  it('prints `file:line:column severity code message` lines and a summary; exit code 1', async () => {
    const { code, stdout, stderr } = await run(['--root', 'examples/content']);
    expect(code).toBe(1);
    expect(stderr).toEqual([]);
    const lines = stdout.slice(0, -1);
    const summary = stdout[stdout.length - 1];
    for (const line of lines) {
      expect(line).toMatch(/^examples\/content\/files\/[a-z-]+\/\S+\/index\.md:\d+:\d+ (error|warning|information|hint) [a-z-]+ .+$/);
    }
    expect(lines).toContain(
      "examples/content/files/en-us/learn/first_steps/index.md:12:31 warning templ-broken-link Macro glossary produces link /en-US/docs/Glossary/mixin which doesn't resolve",
    );
    expect(lines).toContain(
      'examples/content/files/en-us/web/css/guides/easing_functions/index.md:7:41 warning templ-redirected-link Macro glossary produces link /en-US/docs/Glossary/Bézier_curve which is a redirect to /en-US/docs/Glossary/Bezier_curve',
    );
    expect(lines.some((line) => /first_steps\/index\.md:14:\d+ error templ-syntax-error Macro glossary does not parse/.test(line))).toBe(true);
    expect(lines.some((line) => /fr\/learn\/first_steps\/index\.md:\d+:\d+ information only-in-en-us \/fr\/docs\/Glossary\/Interface /.test(line))).toBe(true);

    const count = (severity: string) => lines.filter((line) => line.split(' ')[1] === severity).length;
    const pages = countPages(path.join(EXAMPLES, 'files'));
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    expect(summary).toBe(`Checked ${plural(pages, 'file')}: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('information')} information.`);
  });

  it('sorts lines by file, then position', async () => {
    const { stdout } = await run(['--root', 'examples/content']);
    const keys = stdout.slice(0, -1).map((line) => {
      const [file, lineNo, column] = line.split(' ')[0].split(':');
      return { file, lineNo: Number(lineNo), column: Number(column) };
    });
    for (let i = 1; i < keys.length; i++) {
      const [a, b] = [keys[i - 1], keys[i]];
      if (a.file === b.file) expect(a.lineNo * 1e6 + a.column).toBeLessThanOrEqual(b.lineNo * 1e6 + b.column);
      else expect(a.file.localeCompare(b.file)).toBeLessThan(0);
    }
  });

  it('--format json: exactly {files, issues:[{root,file,line,column,endLine,endColumn,severity,code,message,target,suggestion}]}', async () => {
    const { code, stdout } = await run(['--root', 'examples/content', '--format', 'json']);
    expect(code).toBe(1);
    expect(stdout).toHaveLength(1);
    const json = JSON.parse(stdout[0]) as JsonOutput;
    expect(Object.keys(json)).toEqual(['files', 'issues']);
    expect(json.files).toBe(countPages(path.join(EXAMPLES, 'files')));
    expect(json.issues.length).toBeGreaterThan(0);
    for (const issue of json.issues) {
      expect(Object.keys(issue)).toEqual(['root', 'file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message', 'target', 'suggestion']);
      expect(issue.root).toBe(EXAMPLES);
      expect(issue.file).toMatch(/^files\/[a-z-]+\/.+\/index\.md$/);
      for (const key of ['line', 'column', 'endLine', 'endColumn']) expect(Number.isInteger(issue[key]) && (issue[key] as number) >= 1).toBe(true);
      expect(issue.target === null || typeof issue.target === 'string').toBe(true);
      expect(issue.suggestion === null || typeof issue.suggestion === 'string').toBe(true);
    }
    expect(json.issues).toContainEqual({
      root: EXAMPLES,
      file: 'files/en-us/learn/first_steps/index.md',
      line: 12,
      column: 31,
      endLine: 12,
      endColumn: 52,
      severity: 'warning',
      code: 'templ-broken-link',
      message: "Macro glossary produces link /en-US/docs/Glossary/mixin which doesn't resolve",
      target: '/en-US/docs/Glossary/mixin',
      suggestion: null,
    });
    expect(json.issues).toContainEqual(
      expect.objectContaining({
        file: 'files/en-us/learn/first_steps/index.md',
        code: 'templ-redirected-link',
        target: '/en-US/docs/Glossary/Bézier_curve',
        suggestion: '/en-US/docs/Glossary/Bezier_curve',
      }),
    );
    expect(json.issues).toContainEqual(
      expect.objectContaining({ file: 'files/en-us/learn/first_steps/index.md', code: 'ill-cased-link', target: '/en-US/docs/web/api', suggestion: '/en-US/docs/Web/API' }),
    );
  });

  it('JSON and text report the same issues', async () => {
    const text = await run(['--root', 'examples/content']);
    const json = JSON.parse((await run(['--root', 'examples/content', '--format=json'])).stdout[0]) as JsonOutput;
    const didYouMean = (i: Record<string, unknown>) => (i.suggestion && String(i.code).endsWith('broken-link') ? ` (did you mean ${i.suggestion}?)` : '');
    expect(json.issues.map((i) => `files/${String(i.file).slice('files/'.length)}:${i.line}:${i.column} ${i.severity} ${i.code} ${i.message}${didYouMean(i)}`)).toEqual(
      text.stdout.slice(0, -1).map((line) => line.slice('examples/content/'.length)),
    );
  });

  it('columns count code points: a macro after `é` and emoji', async () => {
    const { code, stdout } = await run(['--root', 'examples/content', '--format', 'json', 'examples/content/files/fr/learn/first_steps/index.md']);
    expect(code).toBe(1);
    const json = JSON.parse(stdout[0]) as JsonOutput;
    expect(json.files).toBe(1);
    const methode = json.issues.find((i) => i.code === 'templ-redirected-link')!;
    // `- une entrée renommée : {{glossary("Methode", "méthode")}}`: 24 code points before `{{`.
    expect(methode).toMatchObject({ line: 14, column: 25, endLine: 14 });
    expect(methode.endColumn).toBe(25 + '{{glossary("Methode", "méthode")}}'.length);
  });

  it('PATH arguments restrict the check to those files or folders', async () => {
    const { code, stdout } = await run(['--root', 'examples/content', 'examples/content/files/en-us/web']);
    expect(code).toBe(1);
    expect(stdout.slice(0, -1).every((line) => line.startsWith('examples/content/files/en-us/web/'))).toBe(true);
    expect(stdout[stdout.length - 1]).toMatch(/^Checked \d+ files: 0 errors, 1 warning, 0 information\.$/);
  });

  it('exit 0 when nothing of severity warning or worse is found', async () => {
    const { code, stdout } = await run(['--root', 'examples/content', 'examples/content/files/en-us/glossary/api/index.md']);
    expect(code).toBe(0);
    expect(stdout).toEqual(['Checked 1 file: 0 errors, 0 warnings, 0 information.']);
  });

  it('finds the root above the checked path when --root is not given', async () => {
    const saved = { root: process.env.CONTENT_ROOT, translated: process.env.CONTENT_TRANSLATED_ROOT };
    delete process.env.CONTENT_ROOT;
    delete process.env.CONTENT_TRANSLATED_ROOT;
    try {
      const { code, stdout } = await run(['examples/content/files/en-us/web/css']);
      expect(code).toBe(1);
      expect(stdout[0]).toMatch(/^examples\/content\/files\/en-us\/web\/css\/guides\/easing_functions\/index\.md:7:41 warning templ-redirected-link /);
    } finally {
      if (saved.root !== undefined) process.env.CONTENT_ROOT = saved.root;
      if (saved.translated !== undefined) process.env.CONTENT_TRANSLATED_ROOT = saved.translated;
    }
  });
});

describe('usage errors (exit 2)', () => {
  it.each([
    [['--bogus'], /unknown option --bogus/],
    [['--format', 'xml', '--root', 'examples/content'], /--format must be text or json, not xml/],
    [['--root'], /--root needs a value/],
    [['--root', '--format', 'json'], /--root needs a value/],
    [['--format'], /--format needs a value/],
  ])('%j', async (argv, message) => {
    const { code, stdout, stderr } = await run(argv as string[]);
    expect(code).toBe(2);
    expect(stdout).toEqual([]);
    expect(stderr.join('\n')).toMatch(message);
    expect(stderr.join('\n')).toMatch(/Usage: glossary-lsp check/);
  });

  it('parseCheckArguments reads repeated roots, --x=y forms and paths', () => {
    expect(parseCheckArguments(['--root', 'a', '--root=b', '--format=json', 'p1', 'p2'])).toEqual({ roots: ['a', 'b'], format: 'json', paths: ['p1', 'p2'] });
    expect(() => parseCheckArguments(['-x'])).toThrow(UsageError);
  });

  it('a missing root: a clear message on stderr, exit 2 when no root is left', async () => {
    const { code, stdout, stderr } = await run(['--root', '/nonexistent/content']);
    expect(code).toBe(2);
    expect(stdout).toEqual([]);
    expect(stderr[0]).toBe('glossary-lsp check: content root /nonexistent/content does not exist; going on without it');
    expect(stderr[1]).toMatch(/no content root found: give --root DIR/);
  });

  it('a missing root next to a good one: a message, and the check goes on', async () => {
    const { code, stdout, stderr } = await run(['--root', '/nonexistent/content', '--root', 'examples/content']);
    expect(code).toBe(1);
    expect(stderr).toEqual(['glossary-lsp check: content root /nonexistent/content does not exist; going on without it']);
    expect(stdout[stdout.length - 1]).toMatch(/^Checked \d+ files/);
  });

  it('a PATH that does not exist is a usage error (exit 2): a mistyped PATH must not pass CI', async () => {
    const { code, stderr, stdout } = await run(['--root', 'examples/content', 'examples/content/files/en-us/nope', 'examples/content/files/en-us/learn']);
    expect(code).toBe(2);
    expect(stdout).toEqual([]);
    expect(stderr[0]).toMatch(/^glossary-lsp check: examples\/content\/files\/en-us\/nope does not exist\n\nUsage: glossary-lsp check/);
  });
});

describe('did you mean, and which root', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'glossary-cli-suggest-'));
    const page = (root: string, locale: string, slug: string, body = 'Text.') => {
      const dir = path.join(tmp, root, 'files', locale, ...slug.toLowerCase().split('/'));
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'index.md'), `---\ntitle: ${slug.split('/').pop()}\nslug: ${slug}\n---\n\n${body}\n`);
    };
    page('content', 'en-us', 'Glossary/Breadcrumb');
    page('content', 'en-us', 'Web/CSS/Nirgends');
    page('content', 'en-us', 'Learn/Page', 'A {{Glossary("Breadcrumbs")}} and [x](/en-US/docs/Web/CSS/Nirgendwo) and {{Glossary("Zzzzzz")}}.');
    page('translated', 'de', 'Learn/Page', '[y](/de/docs/Web/CSS/Nirgendwo)');
  });
  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('a broken term or /docs/ link carries the closest existing page as its suggestion, in JSON and text', async () => {
    const roots = ['--root', path.join(tmp, 'content'), '--root', path.join(tmp, 'translated')];
    const json = JSON.parse((await run([...roots, '--format', 'json'], tmp)).stdout[0]) as JsonOutput;
    const byTarget = (target: string) => json.issues.find((i) => i.target === target)!;
    expect(byTarget('/en-US/docs/Glossary/Breadcrumbs')).toMatchObject({
      code: 'templ-broken-link',
      suggestion: '/en-US/docs/Glossary/Breadcrumb',
      root: path.join(tmp, 'content'),
    });
    expect(byTarget('/en-US/docs/Web/CSS/Nirgendwo')).toMatchObject({ code: 'broken-link', suggestion: '/en-US/docs/Web/CSS/Nirgends' });
    // A translated page's broken link: the closest page (English only here), as its locale's URL; in the other root.
    expect(byTarget('/de/docs/Web/CSS/Nirgendwo')).toMatchObject({
      code: 'broken-link',
      suggestion: '/de/docs/Web/CSS/Nirgends',
      root: path.join(tmp, 'translated'),
      file: 'files/de/learn/page/index.md',
    });
    expect(byTarget('/en-US/docs/Glossary/Zzzzzz')).toMatchObject({ code: 'templ-broken-link', suggestion: null });
    const text = (await run(roots, tmp)).stdout;
    expect(text).toContainEqual(
      expect.stringMatching(
        /templ-broken-link Macro glossary produces link \/en-US\/docs\/Glossary\/Breadcrumbs which doesn't resolve \(did you mean \/en-US\/docs\/Glossary\/Breadcrumb\?\)$/,
      ),
    );
    expect(text).toContainEqual(expect.stringMatching(/broken-link Link \/de\/docs\/Web\/CSS\/Nirgendwo doesn't resolve \(did you mean \/de\/docs\/Web\/CSS\/Nirgends\?\)$/));
  });
});

describe('unreadable pages in a temporary copy', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'glossary-cli-'));
    cpSync(EXAMPLES, path.join(tmp, 'content'), { recursive: true });
    const en = path.join(tmp, 'content/files/en-us');
    const write = (folder: string, content: string | Uint8Array) => {
      mkdirSync(path.join(en, folder), { recursive: true });
      writeFileSync(path.join(en, folder, 'index.md'), content);
    };
    write('bad/yaml', '---\ntitle: "unclosed\nslug: Bad/Yaml\n---\n\nA {{Glossary("nope-in-bad-yaml")}}.\n');
    write('bad/binary', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    write('bad/latin1', Buffer.concat([Buffer.from('---\ntitle: Caf'), Buffer.from([0xe9]), Buffer.from('\nslug: Bad/Latin1\n---\n\n{{Glossary("nope")}}\n')]));
  });
  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('reports each on stderr and checks the rest', async () => {
    const { code, stdout, stderr } = await run(['--root', path.join(tmp, 'content')], tmp);
    expect(code).toBe(1);
    expect(stderr).toContainEqual('content/files/en-us/bad/binary/index.md: binary file (contains NUL bytes): skipped');
    expect(stderr).toContainEqual('content/files/en-us/bad/latin1/index.md: not valid UTF-8: skipped');
    expect(stderr.find((line) => line.startsWith('content/files/en-us/bad/yaml/index.md:'))).toMatch(
      /^content\/files\/en-us\/bad\/yaml\/index\.md:\d+: front matter is not valid YAML: /,
    );
    // The rest is checked as before…
    expect(stdout.some((line) => /learn\/first_steps\/index\.md:12:31 warning templ-broken-link/.test(line))).toBe(true);
    // …and so is the page whose front matter is broken (its body is still a page body).
    expect(stdout.some((line) => /bad\/yaml\/index\.md:6:\d+ warning templ-broken-link .*nope-in-bad-yaml/.test(line))).toBe(true);
    // Pages that cannot be read are not counted as checked.
    expect(stdout[stdout.length - 1]).toMatch(new RegExp(`^Checked ${countPages(path.join(EXAMPLES, 'files')) + 1} files`));
  });

  it('the YAML error’s line is the line of the front matter that is wrong', async () => {
    const { stderr } = await run(['--root', path.join(tmp, 'content')], tmp);
    const line = stderr.find((l) => l.startsWith('content/files/en-us/bad/yaml/index.md:'))!;
    const lineNo = Number(line.split(':')[1]);
    // `title: "unclosed` is line 2; the scalar runs to the closing `---` on line 4: never past it.
    expect(lineNo).toBeGreaterThanOrEqual(2);
    expect(lineNo).toBeLessThanOrEqual(4);
  });

  it('a folder that holds no content (only code folders like src/, lib/, bin/): a clear message, exit 2', async () => {
    const project = path.join(tmp, 'project');
    for (const folder of ['src', 'lib', 'bin', 'out']) mkdirSync(path.join(project, folder), { recursive: true });
    writeFileSync(path.join(project, 'src/index.md'), '# not content\n');
    const { code, stdout, stderr } = await run(['--root', project], tmp);
    expect(stderr[0]).toMatch(/content root .*project holds no files\/ folder and no locale folders/);
    expect(code).toBe(2);
    expect(stdout).toEqual([]);
  });

  it('an unreadable page named as PATH: a message, no "no content page" noise', async () => {
    const { stderr, stdout } = await run(['--root', path.join(tmp, 'content'), path.join(tmp, 'content/files/en-us/bad/binary')], tmp);
    expect(stderr).toEqual(['content/files/en-us/bad/binary/index.md: binary file (contains NUL bytes): skipped']);
    expect(stdout).toEqual(['Checked 0 files: 0 errors, 0 warnings, 0 information.']);
  });
});

describe('check --fix', () => {
  let tmp: string;
  const page = (slug: string, body: string) => `---\ntitle: ${slug.split('/').pop()}\nslug: ${slug}\n---\n\n${body}\n`;
  const write = (relative: string, text: string) => {
    mkdirSync(path.dirname(path.join(tmp, relative)), { recursive: true });
    writeFileSync(path.join(tmp, relative), text);
  };
  const uses = 'files/en-us/learn/uses/index.md';
  beforeAll(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'glossary-fix-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  function tree(body: string) {
    rmSync(path.join(tmp, 'files'), { recursive: true, force: true });
    write('files/en-us/glossary/doctype/index.md', page('Glossary/Doctype', 'A doctype.'));
    write('files/en-us/web/svg/reference/element/circle/index.md', page('Web/SVG/Reference/Element/circle', 'A circle.'));
    write(
      'files/en-us/_redirects.txt',
      '# FROM-URL\tTO-URL\n/en-US/docs/Glossary/DTD\t/en-US/docs/Glossary/Doctype\n/en-US/docs/Web/SVG/Reference/Element/Circle_old\t/en-US/docs/Web/SVG/Reference/Element/circle\n',
    );
    write(uses, page('Learn/Uses', body));
  }

  it('reports each fix at the column check reports the finding, and keeps the text: a fix that cannot is left, saying why', async () => {
    tree('Café 😀 {{Glossary("DTD")}} and {{SVGElement("Circle_old")}} and [dtd](/en-US/docs/Glossary/DTD).');
    const checked = JSON.parse((await run(['--root', tmp, '--format', 'json'], tmp)).stdout[0]) as {
      issues: Array<{ code: string; line: number; column: number; message: string }>;
    };
    const result = await run(['--root', tmp, '--format', 'json', '--fix'], tmp);
    const fixedRun = JSON.parse(result.stdout[0]) as {
      fixed: Array<{ code: string; line: number; column: number; old: string; new: string }>;
      notFixed: Array<{ code: string; line: number; column: number; reason: string }>;
      issues: Array<{ code: string }>;
    };
    const where = (issue: { code: string; line: number; column: number }) => `${issue.code} ${issue.line}:${issue.column}`;
    expect([...fixedRun.fixed, ...fixedRun.notFixed].map(where).sort()).toEqual(checked.issues.map(where).sort());
    expect(fixedRun.fixed.map((f) => [f.old, f.new])).toEqual([
      ['{{Glossary("DTD")}}', '{{Glossary("Doctype", "DTD")}}'],
      ['/en-US/docs/Glossary/DTD', '/en-US/docs/Glossary/Doctype'],
    ]);
    expect(fixedRun.notFixed).toEqual([
      expect.objectContaining({
        code: 'templ-redirected-link',
        reason: expect.stringMatching(/^this macro has no display argument to keep its text in: the link would read "<circle>" instead of "<Circle_old>"$/),
      }),
    ]);
    expect(fixedRun.issues.map((issue) => issue.code)).toEqual(['templ-redirected-link']);
    expect(readFileSync(path.join(tmp, uses), 'utf8')).toBe(
      page('Learn/Uses', 'Café 😀 {{Glossary("Doctype", "DTD")}} and {{SVGElement("Circle_old")}} and [dtd](/en-US/docs/Glossary/Doctype).'),
    );

    // Text output: the same columns, and the reason on its own line.
    tree('Café 😀 {{Glossary("DTD")}} and {{SVGElement("Circle_old")}}.');
    const text = await run(['--root', tmp, '--fix'], tmp);
    const checkedColumn = checked.issues.find((issue) => issue.code === 'templ-redirected-link')!;
    expect(text.stdout).toContain(
      `files/en-us/learn/uses/index.md:${checkedColumn.line}:${checkedColumn.column} fixed templ-redirected-link: {{Glossary("DTD")}} → {{Glossary("Doctype", "DTD")}}`,
    );
    expect(text.stdout.some((line) => / not fixed templ-redirected-link: this macro has no display argument/.test(line))).toBe(true);
  });

  it('a raw-HTML link is fixed at its `<a` (as check reports it), shown up to its href value even when the tag spans lines', async () => {
    tree('See <a href="/en-US/docs/Glossary/DTD"\n  class="x">dtd</a>.');
    const checked = JSON.parse((await run(['--root', tmp, '--format', 'json'], tmp)).stdout[0]) as { issues: Array<{ line: number; column: number }> };
    const fixedRun = JSON.parse((await run(['--root', tmp, '--format', 'json', '--fix'], tmp)).stdout[0]) as {
      fixed: Array<{ line: number; column: number; old: string; new: string }>;
    };
    expect(fixedRun.fixed.map((f) => [f.line, f.column, f.old, f.new])).toEqual([
      [checked.issues[0].line, checked.issues[0].column, '<a href="/en-US/docs/Glossary/DTD"', '<a href="/en-US/docs/Glossary/Doctype"'],
    ]);
    expect(readFileSync(path.join(tmp, uses), 'utf8')).toBe(page('Learn/Uses', 'See <a href="/en-US/docs/Glossary/Doctype"\n  class="x">dtd</a>.'));
  });

  it('leaves no temporary file, and removes one a killed run left behind (not one of a running process)', async () => {
    tree('A {{Glossary("DTD")}}.');
    const folder = path.join(tmp, 'files/en-us/learn/uses');
    const dead = path.join(folder, `.index.md.${2 ** 22 + 12345}.glossary-lsp.tmp`); // above Linux's pid_max default
    const alive = path.join(folder, `.index.md.${process.ppid}.glossary-lsp.tmp`);
    writeFileSync(dead, 'half-written');
    writeFileSync(alive, 'being written by another run');
    await run(['--root', tmp, '--fix'], tmp);
    expect(readdirSync(folder).sort()).toEqual([path.basename(alive), 'index.md']);
    expect(readFileSync(path.join(folder, 'index.md'), 'utf8')).toContain('{{Glossary("Doctype", "DTD")}}');
    rmSync(alive);
    // A stale one next to a page with nothing to fix goes too.
    writeFileSync(dead, 'half-written');
    await run(['--root', tmp, '--fix'], tmp);
    expect(readdirSync(folder)).toEqual(['index.md']);
  });
});
