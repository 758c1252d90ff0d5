/**
 * The engine over a hostile content tree, in process: ContentIndex.build and runCheck meet broken
 * YAML, binary and non-UTF-8 pages, a 4 MB page (checked) and a 48 MB one (over the 5 MB limit:
 * skipped), a quadratic first paragraph, a BOM and a NUL, a 100k-character line, symlink loops,
 * files that vanish or cannot be read, an empty `_redirects.txt`, a redirect cycle and a line without a tab.
 * Each gives a problem line (or nothing, when nothing is wrong), never a crash or a hang, and the
 * rest of the tree is indexed and checked as usual.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ContentIndex, IndexProblem } from '../../server/src/content/contentIndex';
import { nodeFileSystem } from '../../server/src/content/fileSystem';
import { runCheck } from '../../server/src/cli/checkCommand';
import { resolveUrl } from '../../server/src/resolve/resolve';
import { checkPage } from '../../server/src/resolve/pageFindings';
import { parseRedirects } from '../../server/src/content/redirects';
import { scanDocument } from '../../server/src/syntax/document';
import { captureOutput } from '../helpers/text';
import { buildHostileTree, faultyFileSystem, hostileFileMessages, HostileTree, isRoot, REPO, within } from './hostile';

const SERVER = path.join(REPO, 'server/out/bin/glossary-lsp.js');

let tree: HostileTree;
let faulty: ReturnType<typeof faultyFileSystem>;
let index: ContentIndex;

beforeAll(async () => {
  tree = buildHostileTree();
  faulty = faultyFileSystem({ [tree.hostile.vanishing]: 'ENOENT', [tree.hostile.forbidden]: 'EACCES' }, { [tree.hostile.lockedFolder]: 'EACCES' });
  index = await within(ContentIndex.build(faulty, [tree.files]), 60_000, 'ContentIndex.build over the hostile tree');
}, 120_000);

afterAll(() => tree?.cleanup());

const problemsAt = (file: string): IndexProblem[] => index.problems().filter((problem) => problem.path === file);

describe('ContentIndex.build over a hostile tree', () => {
  it('indexes the good pages as usual', () => {
    expect(index.page('en-us', 'Glossary/API')?.title).toBe('API');
    expect(index.page('en-us', 'Learn/First_steps')?.title).toBe('First steps');
    expect(index.page('fr', 'Glossary/Property')).toBeDefined();
    expect(index.page('de', 'Glossary/API')?.title).toBe('API (de)');
    expect(index.page('en-us', 'Glossary/Huge')?.title).toBe('Huge page');
    expect(index.page('en-us', 'Glossary/Long_line')?.title).toBe('Long line');
    expect(index.page('en-us', 'Glossary/Quadratic')?.title).toBe('Quadratic');
  });

  it('skips a page over the size limit, reported once, without reading it', () => {
    expect(problemsAt(tree.hostile.oversized).map((p) => p.message)).toEqual(['larger than 5 MB (48.0 MB): skipped']);
    expect(index.pageAtPath(tree.hostile.oversized)).toBeUndefined();
  });

  it('takes a page starting with a BOM as the build does (front matter found), and skips one with a NUL', () => {
    expect(index.page('en-us', 'Glossary/Bom')?.title).toBe('With a BOM');
    expect(problemsAt(tree.hostile.bom)).toEqual([]);
    expect(problemsAt(tree.hostile.nul).map((p) => p.message)).toEqual(['binary file (contains NUL bytes): skipped']);
  });

  it('reports broken YAML with its line, and keeps the page under its folder name', () => {
    const [problem] = problemsAt(tree.hostile.badYaml);
    expect(problem.message).toMatch(/^front matter is not valid YAML: /);
    expect(problem.line).toBeGreaterThanOrEqual(1);
    expect(problem.line).toBeLessThanOrEqual(3);
    expect(index.page('en-us', 'glossary/bad_yaml')).toBeDefined();
  });

  it('skips a binary index.md and a non-UTF-8 one, saying why', () => {
    expect(problemsAt(tree.hostile.binary).map((p) => p.message)).toEqual(['binary file (contains NUL bytes): skipped']);
    expect(problemsAt(tree.hostile.latin1).map((p) => p.message)).toEqual(['not valid UTF-8: skipped']);
    expect(index.pageAtPath(tree.hostile.binary)).toBeUndefined();
    expect(index.pageAtPath(tree.hostile.latin1)).toBeUndefined();
  });

  it('does not follow symlinks (a folder linked to its parent or grandparent)', () => {
    expect(problemsAt(tree.hostile.loop).map((p) => p.message)).toEqual(['symbolic link not followed']);
    expect(problemsAt(tree.hostile.loopUp).map((p) => p.message)).toEqual(['symbolic link not followed']);
    expect([...index.allPages()].some((page) => page.path.includes(`${path.sep}loop${path.sep}`) || page.path.includes(`${path.sep}up${path.sep}`))).toBe(false);
  });

  it('reports a file deleted between listing and reading, an unreadable file and an unreadable folder', () => {
    expect(problemsAt(tree.hostile.vanishing).map((p) => p.message)).toEqual(['cannot read page: ENOENT']);
    expect(problemsAt(tree.hostile.forbidden).map((p) => p.message)).toEqual(['cannot read page: EACCES']);
    expect(problemsAt(tree.hostile.lockedFolder).map((p) => p.message)).toEqual(['cannot list folder: EACCES']);
    expect(index.page('en-us', 'Glossary/Vanishing')).toBeUndefined();
    expect(index.page('en-us', 'Web/Locked')).toBeUndefined();
  });

  it('takes an empty _redirects.txt as no redirects, without a problem', () => {
    expect(problemsAt(tree.hostile.emptyRedirects)).toEqual([]);
    expect(index.hasLocale('de')).toBe(true);
    expect(resolveUrl(index, '/de/docs/Glossary/API').kind).toBe('ok');
  });

  it('reports a redirect line without a tab and a redirect cycle, and resolves through neither forever', () => {
    const lines = fs.readFileSync(tree.hostile.redirects, 'utf8').split('\n');
    const messages = problemsAt(tree.hostile.redirects);
    const noTab = messages.find((p) => p.message.includes('without a tab'));
    expect(lines[noTab!.line!]).toContain('No_tab');
    const cycle = messages.find((p) => /cycle/i.test(p.message));
    expect(cycle?.message).toContain('/en-US/docs/Glossary/Cycle_a');
    expect(lines[cycle!.line!]).toContain('Cycle_');
    for (const url of ['/en-US/docs/Glossary/Cycle_a', '/en-US/docs/Glossary/Cycle_b']) {
      const resolution = resolveUrl(index, url);
      expect(resolution.page).toBeUndefined();
    }
    // The good redirects still work.
    expect(resolveUrl(index, '/en-US/docs/Glossary/Bézier_curve').suggestion).toBe('/en-US/docs/Glossary/Bezier_curve');
    const text = fs.readFileSync(tree.hostile.cycleUser, 'utf8');
    const findings = checkPage(scanDocument(text), 'en-us', index);
    // A cycle leads nowhere: broken, with no fix that would flip A to B and back on the next run.
    expect(findings.map((f) => [f.code, text.slice(f.start, f.end), f.fix])).toEqual([
      ['templ-broken-link', '{{Glossary("Cycle_a")}}', undefined],
      ['broken-link', '/en-US/docs/Glossary/Cycle_b', undefined],
    ]);
  });

  it('finds every redirect cycle once, in linear time, and keeps chains and case-only redirects', () => {
    const rows = [
      '/en-US/docs/A\t/en-US/docs/B',
      '/en-US/docs/B\t/en-US/docs/C#x',
      '/en-US/docs/C\t/en-US/docs/a',
      '/en-US/docs/Self\t/en-US/docs/self',
      '/en-US/docs/Loop\t/en-US/docs/Loop/',
      '/en-US/docs/Chain1\t/en-US/docs/Chain2',
      '/en-US/docs/Chain2\t/en-US/docs/Chain3',
      '/en-US/docs/Into\t/en-US/docs/A',
    ];
    const redirects = parseRedirects(rows.join('\n'));
    expect(redirects.problems).toEqual([{ line: 0, message: 'redirect cycle /en-US/docs/A → /en-US/docs/B → /en-US/docs/C → /en-US/docs/A: ignored' }]);
    expect([...redirects.map.keys()]).toEqual(['/en-us/docs/self', '/en-us/docs/loop', '/en-us/docs/chain1', '/en-us/docs/chain2', '/en-us/docs/into']);
    // 100,000 redirects in one ring, and as many in a chain: one problem each run, no stack overflow.
    const ring = Array.from({ length: 100_000 }, (_, i) => `/en-US/docs/R${i}\t/en-US/docs/R${(i + 1) % 100_000}`);
    const chain = Array.from({ length: 100_000 }, (_, i) => `/en-US/docs/C${i}\t/en-US/docs/C${i + 1}`);
    const big = parseRedirects([...chain, ...ring].join('\n'));
    expect(big.problems.map((p) => p.line)).toEqual([100_000]);
    expect(big.map.size).toBe(100_000);
  });

  it('reads summaries of huge, long-line, quadratic and vanished pages without throwing, each capped', async () => {
    expect(await index.summary(index.page('en-us', 'Glossary/Huge')!)).toContain('huge');
    expect(await index.summary(index.page('en-us', 'Glossary/Long_line')!)).toContain('word');
    const started = performance.now();
    const quadratic = await index.summary(index.page('en-us', 'Glossary/Quadratic')!);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(quadratic).toMatch(/^A quadratic summary: .*…$/);
    expect(quadratic.length).toBeLessThan(2000);
    const gone = index.page('en-us', 'Glossary/JSON')!;
    const moved = gone.path + '.away';
    fs.renameSync(gone.path, moved);
    try {
      expect(await index.summary(gone)).toMatch(/cannot read .*ENOENT/);
    } finally {
      fs.renameSync(moved, gone.path);
    }
  });

  it('updates a page to binary-like or huge text and back without losing the rest', async () => {
    const api = index.page('en-us', 'Glossary/API')!;
    const original = fs.readFileSync(api.path, 'utf8');
    await index.updateFile(api.path, '\0\u0001\ufffd'.repeat(1000));
    await index.updateFile(api.path, '---\n' + 'x'.repeat(200_000));
    await index.updateFile(api.path, original);
    expect(index.page('en-us', 'Glossary/API')?.title).toBe('API');
    expect(index.page('en-us', 'Learn/First_steps')).toBeDefined();
  });

  it('refuses updates through a symlink, and _redirects.txt files below a locale folder, as the build does', async () => {
    const looped = path.join(tree.hostile.loop, 'loop', 'api', 'index.md');
    const text = fs.readFileSync(path.join(tree.files, 'en-us/web/api/index.md'), 'utf8');
    const before = index.pageCount;
    await index.updateFile(looped, text);
    await index.updateFile(looped, null);
    expect(index.pageAtPath(looped)).toBeUndefined();
    expect(index.pageCount).toBe(before);
    expect(index.problemsOf(looped).map((p) => p.message)).toEqual(['reached through a symbolic link: not indexed']);
    await index.updateFile(looped, undefined);
    expect(index.problemsOf(looped)).toEqual([]);
    // A stray _redirects.txt in a page folder is not the locale's.
    await index.updateFile(path.join(tree.files, 'en-us/glossary/_redirects.txt'), '/en-US/docs/Glossary/API\t/en-US/docs/Glossary/Method\n');
    expect(resolveUrl(index, '/en-US/docs/Glossary/API').kind).toBe('ok');
    expect(index.hasLocale('glossary')).toBe(false);
  });

  it('refuses editor text for a page that is a symbolic link out of the root (as the build refuses the file)', async () => {
    const leak = path.join(tree.files, 'en-us/glossary/leak_editor/index.md');
    fs.mkdirSync(path.dirname(leak), { recursive: true });
    fs.symlinkSync(tree.sentinels[0], leak);
    await index.updateFile(leak, fs.readFileSync(leak, 'utf8'));
    expect(index.pageAtPath(leak)).toBeUndefined();
    expect(index.problemsOf(leak).map((p) => p.message)).toEqual(['reached through a symbolic link: not indexed']);
    await index.updateFile(leak, null);
    expect(index.problemsOf(leak).map((p) => p.message)).toEqual(['reached through a symbolic link: not indexed']);
    await index.updateFile(leak, undefined);
  });

  it.skipIf(process.platform === 'win32')(
    'reports a FIFO named index.md found by the build, without opening it',
    async () => {
      const copy = buildHostileTree({ hugeBytes: 1024, oversizedBytes: 1024 });
      try {
        const fifo = path.join(copy.files, 'en-us/glossary/fifo/index.md');
        fs.mkdirSync(path.dirname(fifo), { recursive: true });
        spawnSync('mkfifo', [fifo]);
        const built = await within(ContentIndex.build(nodeFileSystem, [copy.files]), 60_000, 'build with a FIFO');
        expect(built.problemsOf(fifo).map((p) => p.message)).toEqual(['not a regular file: not read']);
        await within(built.updateFile(fifo, null), 5_000, 'updateFile of a FIFO');
        expect(built.problemsOf(fifo).map((p) => p.message)).toEqual(['a FIFO, not a regular file: not read']);
      } finally {
        copy.cleanup();
      }
    },
    90_000,
  );

  it('takes editor text as the file would be taken: NUL near the start is binary, a BOM is dropped', async () => {
    const api = index.page('en-us', 'Glossary/API')!;
    const original = fs.readFileSync(api.path, 'utf8');
    await index.updateFile(api.path, '---\ntitle: API\n\0---\n');
    expect(index.pageAtPath(api.path)).toBeUndefined();
    expect(index.problemsOf(api.path).map((p) => p.message)).toEqual(['binary file (contains NUL bytes): skipped']);
    await index.updateFile(api.path, '\ufeff' + original);
    expect(index.page('en-us', 'Glossary/API')?.title).toBe('API');
    expect(index.problemsOf(api.path)).toEqual([]);
    // Read again from disk: a binary file there is skipped with the build's problem.
    await index.updateFile(tree.hostile.binary, null);
    expect(index.problemsOf(tree.hostile.binary).map((p) => p.message)).toEqual(['binary file (contains NUL bytes): skipped']);
  });

  it.skipIf(isRoot)(
    'reports a page made unreadable with chmod 000 (when not root)',
    async () => {
      fs.chmodSync(tree.hostile.forbidden, 0o000);
      try {
        const real = await within(ContentIndex.build(nodeFileSystem, [tree.files]), 60_000, 'build with chmod 000');
        expect(real.problems().find((p) => p.path === tree.hostile.forbidden)?.message).toMatch(/cannot read page: EACCES/);
        expect(real.page('en-us', 'Glossary/API')).toBeDefined();
      } finally {
        fs.chmodSync(tree.hostile.forbidden, 0o644);
      }
    },
    90_000,
  );
});

describe('glossary-lsp check over a hostile tree', () => {
  async function check(argv: string[]) {
    const output = captureOutput();
    const code = await within(runCheck(argv, output, faulty, tree.root), 90_000, `check ${argv.join(' ')}`);
    return { code, ...output };
  }

  it('prints a problem line on stderr for each hostile file and checks the rest', async () => {
    const { code, stdout, stderr } = await check(['--root', tree.root]);
    expect(code).toBe(1);
    const rel = (file: string) => path.relative(tree.root, file);
    const expected: Array<[string, RegExp]> = [
      ...hostileFileMessages(tree),
      [tree.hostile.vanishing, /ENOENT/],
      [tree.hostile.forbidden, /EACCES/],
      [tree.hostile.lockedFolder, /EACCES/],
      [tree.hostile.redirects, /cycle/i],
    ];
    for (const [file, message] of expected) {
      expect(
        stderr.some((line) => line.startsWith(rel(file)) && message.test(line)),
        `${rel(file)} ${message}\n${stderr.join('\n')}`,
      ).toBe(true);
    }
    // Reported once, and never checked.
    expect(stderr.filter((line) => line.startsWith(rel(tree.hostile.oversized)))).toHaveLength(1);
    expect(stdout.some((line) => line.startsWith(rel(tree.hostile.oversized)))).toBe(false);
    // A BOM is no reason to miss the front matter: the page is checked like any other.
    expect(stdout.filter((line) => line.startsWith(rel(tree.hostile.bom))).map((line) => line.split(' ')[2])).toEqual(['templ-broken-link']);
    expect(stderr.some((line) => line.includes('_redirects.txt') && line.startsWith(rel(tree.hostile.emptyRedirects)))).toBe(false);
    // The rest is checked as usual, huge and long-line pages included.
    const firstSteps = rel(tree.firstSteps);
    expect(stdout.filter((line) => line.startsWith(firstSteps + ':')).map((line) => line.split(' ')[2])).toEqual([
      'templ-broken-link',
      'templ-redirected-link',
      'templ-syntax-error',
      'redirected-link',
      'ill-cased-link',
      'broken-link',
    ]);
    expect(stdout.some((line) => line.startsWith(rel(tree.hostile.huge)) && line.includes('No_such_huge_term'))).toBe(true);
    expect(stdout.some((line) => line.startsWith(rel(tree.hostile.longLine)) && line.includes('templ-broken-link'))).toBe(true);
    expect(stdout.at(-1)).toMatch(/^Checked \d+ files: /);
  }, 120_000);

  it('gives valid JSON with the same problems on stderr', async () => {
    const { code, stdout, stderr } = await check(['--root', tree.root, '--format', 'json']);
    expect(code).toBe(1);
    const parsed = JSON.parse(stdout.join('\n')) as { files: number; issues: Array<{ file: string }> };
    expect(parsed.issues.some((issue) => issue.file === 'files/en-us/learn/first_steps/index.md')).toBe(true);
    expect(stderr.some((line) => /binary file/.test(line))).toBe(true);
  }, 120_000);

  it('checks a hostile path alone: says what is wrong, exit code 0', async () => {
    for (const file of [tree.hostile.binary, tree.hostile.latin1, tree.hostile.vanishing]) {
      const { code, stderr } = await check([file]);
      expect(code, file).toBe(0);
      expect(
        stderr.some((line) => line.startsWith(path.relative(tree.root, file))),
        stderr.join('\n'),
      ).toBe(true);
    }
  }, 120_000);

  it('check --fix leaves hostile files alone, and a second run has nothing left to fix', async () => {
    const copy = buildHostileTree({ hugeBytes: 1024 * 1024, oversizedBytes: 6 * 1024 * 1024 });
    try {
      const untouched = [
        copy.hostile.binary,
        copy.hostile.oversized,
        copy.hostile.nul,
        copy.hostile.latin1,
        copy.hostile.badYaml,
        copy.hostile.huge,
        copy.hostile.longLine,
        copy.hostile.redirects,
        copy.hostile.cycleUser,
      ];
      const bytes = untouched.map((file) => fs.readFileSync(file));
      const run = async () => {
        const output = captureOutput();
        const code = await within(runCheck(['--root', copy.root, '--fix', '--format', 'json'], output, nodeFileSystem, copy.root), 90_000, 'check --fix');
        return { code, result: JSON.parse(output.stdout.join('\n')) as { fixed: Array<{ file: string; code: string }> }, stderr: output.stderr };
      };
      const first = await run();
      expect(first.result.fixed.length).toBeGreaterThan(0);
      expect(first.stderr.some((line) => /binary file/.test(line))).toBe(true);
      untouched.forEach((file, i) => expect(fs.readFileSync(file).equals(bytes[i]), file).toBe(true));
      const second = await run();
      expect(second.result.fixed).toEqual([]);
    } finally {
      copy.cleanup();
    }
  }, 180_000);

  it('checks a path through a symlink loop without following it', async () => {
    const { code, stderr } = await check([path.join(tree.hostile.loop, 'loop/loop/loop')]);
    expect(code).toBe(0);
    expect(stderr.join('\n')).toMatch(/no content page|symbolic link/);
  }, 60_000);
});

/** Running as root, chmod cannot deny: the real CLI is run as `nobody` instead, when that works here. */
const NOBODY = 65534;
const canDropToNobody =
  isRoot && spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(SERVER)}, require('fs').constants.R_OK)`], { uid: NOBODY, gid: NOBODY }).status === 0;

describe('real permissions', () => {
  it.skipIf(!canDropToNobody)(
    'glossary-lsp check, run as nobody, reports chmod 000 files and folders and checks the rest',
    () => {
      const copy = buildHostileTree({ hugeBytes: 1024, oversizedBytes: 6 * 1024 * 1024 });
      try {
        for (const dir of [copy.parent, ...walkDirs(copy.root)]) fs.chmodSync(dir, 0o755);
        fs.chmodSync(copy.hostile.forbidden, 0o000);
        fs.chmodSync(copy.hostile.lockedFolder, 0o000);
        const result = spawnSync(process.execPath, [SERVER, 'check', '--root', copy.root], {
          cwd: copy.root,
          uid: NOBODY,
          gid: NOBODY,
          encoding: 'utf8',
          timeout: 60_000,
          env: { ...process.env, CONTENT_ROOT: '', CONTENT_TRANSLATED_ROOT: '' },
        });
        expect(result.status, result.stderr).toBe(1);
        expect(result.stderr).toMatch(/files\/en-us\/glossary\/forbidden\/index\.md: cannot read page: EACCES/);
        expect(result.stderr).toMatch(/files\/en-us\/web\/locked: cannot list folder: EACCES/);
        expect(result.stdout).toMatch(/files\/en-us\/learn\/first_steps\/index\.md:\d+:\d+ warning templ-broken-link/);
      } finally {
        copy.cleanup();
      }
    },
    90_000,
  );
});

function walkDirs(dir: string): string[] {
  const out = [dir];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) out.push(...walkDirs(path.join(dir, entry.name)));
  return out;
}
