/**
 * Hostile files reached the way the index build never reaches them: announced by file watcher
 * events to the real server over stdio. A symlink to a file outside the root (and a folder linked
 * out of it), a symlink to /dev/zero, a FIFO named index.md announced again and again: none is
 * read, none holds a thread or memory, and afterwards hover on an entry whose summary is not
 * cached yet and find-references still answer. Also: a hover on a first paragraph made to be
 * quadratic, and on one of 4.5 MB, is quick and capped; a 10 MB first paragraph is a page over the
 * limit (skipped); and the server treats a BOM, a NUL and bytes that are not UTF-8 as the CLI does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { runCheck } from '../../server/src/cli/checkCommand';
import { nodeFileSystem } from '../../server/src/content/fileSystem';
import { captureOutput, positionOf as positionIn } from '../helpers/text';
import { startClient, TestClient, uriOf } from '../lsp/client';
import { buildHostileTree, endSession, HostileTree, SENTINEL, within } from './hostile';

let tree: HostileTree;
let client: TestClient;
let cacheDir: string;
let user: { uri: string; text: string };

const CHANGED = 2;
const CREATED = 1;

/** A page that names every entry the tests hover. */
const USER_PAGE = [
  '---',
  'title: Watcher user',
  'slug: Learn/Watcher_user',
  '---',
  '',
  'A {{Glossary("Leak")}}, a {{Glossary("Leakdir")}}, a {{Glossary("Zero")}}, a {{Glossary("Fifo")}}.',
  'A {{Glossary("Variable")}}, a {{Glossary("Object")}}, an {{Glossary("API")}}.',
  'A {{Glossary("Quadratic")}}, a {{Glossary("Long_paragraph")}}, a {{Glossary("Ten_mb")}}.',
  '',
].join('\n');

const positionOf = (needle: string, delta = 4) => positionIn(user.text, needle, delta);

async function hoverOn(needle: string, ms = 10_000): Promise<string> {
  const result = (await within(
    client.connection.sendRequest('textDocument/hover', { textDocument: { uri: user.uri }, position: positionOf(needle) }),
    ms,
    `hover on ${needle}`,
  )) as { contents: { value: string } } | null;
  return result?.contents.value ?? '';
}

async function announce(file: string, type: number, times = 1): Promise<void> {
  const changes = Array.from({ length: times }, () => ({ uri: uriOf(file), type }));
  // Once the server has taken the events in, it checks the open documents again.
  const rechecked = client.waitForDiagnostics(user.uri, () => true, 30_000);
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  await rechecked;
}

/** Hover and find references still answer, quickly. */
async function stillAnswers(): Promise<void> {
  expect(await hoverOn('{{Glossary("API")}}')).toContain('Application Programming Interface');
  const references = (await within(
    client.connection.sendRequest('textDocument/references', {
      textDocument: { uri: user.uri },
      position: positionOf('{{Glossary("API")}}'),
      context: { includeDeclaration: false },
    }),
    30_000,
    'find references',
  )) as unknown[];
  expect(references.length).toBeGreaterThan(0);
  expect(client.logs.filter((line) => /\b(failed|uncaught|unhandled)\b/i.test(line))).toEqual([]);
}

function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

function writePage(slug: string, body: string): string {
  const file = path.join(tree.files, 'en-us', ...slug.toLowerCase().split('/'), 'index.md');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `---\ntitle: ${slug.split('/').pop()}\nslug: ${slug}\npage-type: glossary-definition\n---\n\n${body}\n`);
  return file;
}

beforeAll(async () => {
  tree = buildHostileTree({ hugeBytes: 64 * 1024, oversizedBytes: 6 * 1024 * 1024 });
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-cache-'));
  client = await startClient({
    rootPath: tree.root,
    env: { GLOSSARY_LSP_CACHE_DIR: cacheDir },
    // Pages are compared with what the CLI reports: the editor-only coverage codes are off.
    initializationOptions: { settings: { logLevel: 'debug', severity: { 'glossary-orphan-entry': 'off', 'glossary-unlinked-mention': 'off' } } },
  });
  const file = path.join(tree.files, 'en-us/learn/watcher_user/index.md');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, USER_PAGE);
  user = { uri: uriOf(file), text: USER_PAGE };
  const published = client.waitForDiagnostics(user.uri, () => true, 120_000);
  await client.open(user.uri, USER_PAGE);
  await published;
}, 180_000);

afterAll(() => endSession(client, tree, cacheDir));

describe.skipIf(process.platform === 'win32')('hostile files announced by watcher events', () => {
  it('a symlink to a file outside the root, and a folder linked out of it: never read, never in a hover', async () => {
    const leak = path.join(tree.files, 'en-us/glossary/leak/index.md');
    fs.mkdirSync(path.dirname(leak), { recursive: true });
    fs.symlinkSync(tree.sentinels[0], leak);
    const leakdir = path.join(tree.files, 'en-us/glossary/leakdir');
    fs.symlinkSync(path.dirname(tree.sentinels[0]), leakdir);
    await announce(leak, CREATED);
    await announce(leak, CHANGED, 2);
    await announce(path.join(leakdir, 'index.md'), CHANGED, 2);
    for (const needle of ['{{Glossary("Leak")}}', '{{Glossary("Leakdir")}}']) {
      const value = await hoverOn(needle);
      expect(value).not.toContain(SENTINEL);
      expect(value).toMatch(/Broken link/);
    }
    await stillAnswers();
  });

  it('a symlink to /dev/zero: refused at once, the server does not grow', async () => {
    const zero = path.join(tree.files, 'en-us/glossary/zero/index.md');
    fs.mkdirSync(path.dirname(zero), { recursive: true });
    fs.symlinkSync('/dev/zero', zero);
    const before = rssBytes(client.process.pid!);
    await announce(zero, CREATED);
    await announce(zero, CHANGED, 3);
    expect(await hoverOn('{{Glossary("Zero")}}')).toMatch(/Broken link/);
    expect(rssBytes(client.process.pid!)).toBeLessThan(before + 256 * 1024 * 1024);
    await stillAnswers();
  });

  it('a FIFO named index.md, announced by more Changed events than libuv has threads: hover on an uncached entry and references answer', async () => {
    const fifo = path.join(tree.files, 'en-us/glossary/fifo/index.md');
    fs.mkdirSync(path.dirname(fifo), { recursive: true });
    execFileSync('mkfifo', [fifo]);
    await announce(fifo, CREATED);
    await announce(fifo, CHANGED, 8);
    // Never hovered before: its summary is read from disk now, through the thread pool.
    expect(await hoverOn('{{Glossary("Variable")}}')).toMatch(/\*\*Variable\*\*/);
    expect(await hoverOn('{{Glossary("Fifo")}}')).toMatch(/Broken link/);
    await stillAnswers();
    expect(await hoverOn('{{Glossary("Object")}}')).toMatch(/\*\*Object\*\*/);
  });

  it('a first paragraph that made the summary quadratic, and one of 4.5 MB: quick, capped hovers', async () => {
    const started = Date.now();
    const quadratic = await hoverOn('{{Glossary("Quadratic")}}');
    expect(quadratic).toContain('A quadratic summary: ');
    expect(quadratic).toContain('…');
    expect(quadratic.length).toBeLessThan(3000);
    const long = writePage('Glossary/Long_paragraph', `Long ${'word '.repeat(900_000)}end.`);
    await announce(long, CREATED);
    const value = await hoverOn('{{Glossary("Long_paragraph")}}');
    expect(value).toMatch(/Long word word .*…/);
    expect(value.length).toBeLessThan(3000);
    expect(Date.now() - started).toBeLessThan(20_000);
    await stillAnswers();
  });

  it('a 10 MB first paragraph is a page over the limit: skipped (the hover says broken), nothing slow', async () => {
    const tenMb = writePage('Glossary/Ten_mb', `Ten ${'word '.repeat(2_000_000)}end.`);
    await announce(tenMb, CREATED);
    await announce(tenMb, CHANGED, 2);
    expect(await hoverOn('{{Glossary("Ten_mb")}}')).toMatch(/Broken link/);
    await stillAnswers();
  });
});

describe('BOM, NUL and bytes that are not UTF-8: the server says what the CLI says', () => {
  /** The CLI's verdict on one file: its issue codes, or the reason it skips it. */
  async function cliVerdict(file: string): Promise<string[]> {
    const output = captureOutput();
    await runCheck(['--root', tree.root, '--format', 'json', file], output, nodeFileSystem, tree.root);
    const skipped = output.stderr.find((line) => line.startsWith(path.relative(tree.root, file) + ':'));
    if (skipped) return [`Page not checked: ${skipped.slice(skipped.indexOf(': ') + 2).replace(/: skipped$/, '')} (glossary-lsp check skips it too).`];
    return (JSON.parse(output.stdout[0]) as { issues: Array<{ code: string }> }).issues.map((issue) => issue.code);
  }

  async function serverVerdict(file: string, text: string, version: number): Promise<string[]> {
    const uri = uriOf(file);
    const published = client.waitForDiagnostics(uri, (p) => p.version === version, 30_000);
    if (version === 1) await client.open(uri, text);
    else await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    const { diagnostics } = await published;
    return diagnostics.map((d) => (d.code ? String(d.code) : d.message));
  }

  it('the same verdict for each file, however an editor decodes it', async () => {
    const cases: Array<[string, string[]]> = [
      [tree.hostile.bom, [fs.readFileSync(tree.hostile.bom, 'utf8')]],
      [tree.hostile.nul, [fs.readFileSync(tree.hostile.nul, 'utf8')]],
      // VS Code shows replacement characters; Neovim falls back to Latin-1.
      [tree.hostile.latin1, [fs.readFileSync(tree.hostile.latin1).toString('utf8'), fs.readFileSync(tree.hostile.latin1).toString('latin1')]],
    ];
    for (const [file, texts] of cases) {
      const expected = await cliVerdict(file);
      expect(expected.length, file).toBeGreaterThan(0);
      for (const [i, text] of texts.entries()) expect(await serverVerdict(file, text, i + 1), `${file} #${i}`).toEqual(expected);
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(file) } });
    }
    await stillAnswers();
  }, 60_000);
});
