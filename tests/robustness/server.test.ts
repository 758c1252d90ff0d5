/**
 * The real server over stdio on a hostile content tree: it logs what it could not read, answers
 * completion, hover, links, code actions and signature help on hostile pages opened in the editor
 * (a 4 MB page, a 48 MB page over the limit, the binary page sent as text, non-UTF-8 bytes decoded
 * as Latin-1, a page with a BOM, a page reached through a symlink loop, out-of-range positions),
 * publishes their diagnostics (one "not checked" for what the CLI skips), and still answers a
 * normal request afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startClient, TestClient, uriOf } from '../lsp/client';
import { buildHostileTree, endSession, hostileFileMessages, HostileTree, within } from './hostile';

let tree: HostileTree;
let client: TestClient;
let cacheDir: string;

/** Every position-taking request, at the given position; each must answer (anything but a hang or an error). */
async function askEverything(uri: string, position: { line: number; character: number }, what: string): Promise<void> {
  const textDocument = { uri };
  const requests: Array<[string, object]> = [
    ['textDocument/completion', { textDocument, position }],
    ['textDocument/hover', { textDocument, position }],
    ['textDocument/signatureHelp', { textDocument, position }],
    ['textDocument/definition', { textDocument, position }],
    ['textDocument/codeAction', { textDocument, range: { start: { line: 0, character: 0 }, end: position }, context: { diagnostics: [] } }],
    ['textDocument/documentLink', { textDocument }],
  ];
  for (const [method, params] of requests) {
    await within(client.connection.sendRequest(method, params), 120_000, `${method} at ${JSON.stringify(position)} on ${what}`);
  }
}

async function stillAnswers(): Promise<void> {
  const uri = uriOf(tree.firstSteps);
  const text = fs.readFileSync(tree.firstSteps, 'utf8');
  const offset = text.indexOf('{{Glossary("API")}}') + 13;
  const before = text.slice(0, offset);
  const position = { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
  const hover = (await within(client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }), 30_000, 'hover on a normal page')) as {
    contents: { value: string };
  };
  expect(hover.contents.value).toContain('Application Programming Interface');
  // A feature that threw is answered with an empty result and logged: still a bug.
  expect(client.logs.filter((line) => /\b(failed|uncaught|unhandled)\b/i.test(line))).toEqual([]);
}

beforeAll(async () => {
  tree = buildHostileTree();
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-cache-'));
  client = await startClient({
    rootPath: tree.root,
    env: { GLOSSARY_LSP_CACHE_DIR: cacheDir },
    // Pages are compared with what the CLI reports: the editor-only coverage codes are off.
    initializationOptions: { settings: { logLevel: 'debug', severity: { 'glossary-orphan-entry': 'off', 'glossary-unlinked-mention': 'off' } } },
  });
  // A normal page first: its diagnostics mean the index is built.
  const uri = uriOf(tree.firstSteps);
  const published = client.waitForDiagnostics(uri, () => true, 120_000);
  await client.open(uri, fs.readFileSync(tree.firstSteps, 'utf8'));
  await published;
}, 180_000);

afterAll(() => endSession(client, tree, cacheDir));

describe('the server on a hostile tree', () => {
  it('logs a problem line for every file it could not read, and indexes the rest', async () => {
    const logs = () => client.logs.join('\n');
    const rel = (file: string) => file;
    const expected: Array<[string, RegExp]> = [...hostileFileMessages(tree), [tree.hostile.redirects, /redirect cycle/]];
    for (const [file, message] of expected) {
      expect(
        client.logs.some((line) => line.includes(rel(file)) && message.test(line)),
        `${file} ${message}\n${logs()}`,
      ).toBe(true);
    }
    const info = (await client.connection.sendRequest('glossary/indexInfo')) as { state: string; pages: number; locales: string[] };
    expect(info.state).toBe('ready');
    expect(info.locales).toEqual(expect.arrayContaining(['en-US', 'fr', 'de']));
    expect(client.logs.some((line) => /uncaught|unhandled/i.test(line))).toBe(false);
  });

  it('checks a page with broken YAML: a front-matter-yaml diagnostic on its line', async () => {
    const uri = uriOf(tree.hostile.badYaml);
    const published = client.waitForDiagnostics(uri, (p) => p.version === 1, 30_000);
    await client.open(uri, fs.readFileSync(tree.hostile.badYaml, 'utf8'));
    const { diagnostics } = await published;
    expect(diagnostics[0]).toMatchObject({ code: 'front-matter-yaml', severity: 1 });
    expect(diagnostics[0].range.start.line).toBeGreaterThanOrEqual(1);
    await askEverything(uri, { line: 6, character: 8 }, 'bad YAML');
    await stillAnswers();
  });

  it('the binary page sent as text, and non-UTF-8 bytes decoded as Latin-1: one "not checked" diagnostic, as the CLI skips them', async () => {
    for (const [file, reason] of [
      [tree.hostile.binary, 'binary file (contains NUL bytes)'],
      [tree.hostile.latin1, 'not valid UTF-8'],
    ]) {
      const uri = uriOf(file);
      const text = fs.readFileSync(file).toString('latin1');
      const published = client.waitForDiagnostics(uri, (p) => p.version === 1, 30_000);
      await client.open(uri, text);
      const { diagnostics } = await published;
      expect(diagnostics.map((d) => d.message)).toEqual([`Page not checked: ${reason} (glossary-lsp check skips it too).`]);
      for (const position of [
        { line: 0, character: 0 },
        { line: 0, character: 5 },
        { line: 3, character: 2 },
        { line: 1_000_000, character: 1_000_000 },
      ]) {
        await askEverything(uri, position, path.basename(path.dirname(file)));
      }
      await stillAnswers();
    }
  }, 120_000);

  it('checks the 4 MB page (under the limit), answers on it, and follows an incremental edit at its end', async () => {
    const uri = uriOf(tree.hostile.huge);
    const text = fs.readFileSync(tree.hostile.huge, 'utf8');
    const published = client.waitForDiagnostics(uri, (p) => p.version === 1, 180_000);
    await client.open(uri, text);
    const { diagnostics } = await published;
    expect(diagnostics.some((d) => String(d.message).includes('No_such_huge_term'))).toBe(true);
    const lines = text.split('\n');
    const last = lines.length - 1;
    for (const position of [
      { line: 6, character: 30 },
      { line: Math.floor(last / 2), character: 20 },
      { line: last - 1, character: 20 },
      { line: last + 10, character: 0 },
    ]) {
      await askEverything(uri, position, 'the 4 MB page');
    }
    // Type a half macro at the end: completion offers the glossary, diagnostics follow.
    const end = { line: last, character: 0 };
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: end, end }, text: '{{Glossary("cros' }],
    });
    const items = (await within(
      client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: last, character: 16 } }),
      120_000,
      'completion at the end of the 4 MB page',
    )) as { items: Array<{ label: string }> };
    expect(items.items[0]?.label).toBe('Cross-site_scripting');
    const after = await client.waitForDiagnostics(uri, (p) => p.version === 2, 180_000);
    expect(after.diagnostics.some((d) => d.code === 'templ-syntax-error' || d.code === 'templ-broken-link')).toBe(true);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await stillAnswers();
  }, 600_000);

  it('a 48 MB page opened in the editor: one "not checked" diagnostic, no flood, no hang; requests on it answer', async () => {
    const uri = uriOf(tree.hostile.oversized);
    const text = fs.readFileSync(tree.hostile.oversized, 'utf8');
    const published = client.waitForDiagnostics(uri, (p) => p.version === 1, 120_000);
    const started = Date.now();
    await client.open(uri, text);
    const { diagnostics } = await published;
    expect(diagnostics.map((d) => d.message)).toEqual(['Page not checked: larger than 5 MB (48.0 MB) (glossary-lsp check skips it too).']);
    const last = text.split('\n').length - 1;
    for (const position of [
      { line: 6, character: 30 },
      { line: last - 1, character: 20 },
    ])
      await askEverything(uri, position, 'the 48 MB page');
    expect(Date.now() - started).toBeLessThan(120_000);
    // An edit keeps it one message.
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, text: '{{Glossary("nope' }],
    });
    const after = await client.waitForDiagnostics(uri, (p) => p.version === 2, 120_000);
    expect(after.diagnostics).toHaveLength(1);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await stillAnswers();
  }, 300_000);

  it('a page with a BOM and one with a NUL: the diagnostics the CLI gives, not front-matter-missing', async () => {
    const bom = uriOf(tree.hostile.bom);
    const published = client.waitForDiagnostics(bom, (p) => p.version === 1, 30_000);
    await client.open(bom, fs.readFileSync(tree.hostile.bom, 'utf8'));
    expect((await published).diagnostics.map((d) => d.code)).toEqual(['templ-broken-link']);
    const nul = uriOf(tree.hostile.nul);
    const nulPublished = client.waitForDiagnostics(nul, (p) => p.version === 1, 30_000);
    await client.open(nul, fs.readFileSync(tree.hostile.nul, 'utf8'));
    expect((await nulPublished).diagnostics.map((d) => d.message)).toEqual(['Page not checked: binary file (contains NUL bytes) (glossary-lsp check skips it too).']);
    await stillAnswers();
  });

  it('checks the page with a 100k-character line at positions along it', async () => {
    const uri = uriOf(tree.hostile.longLine);
    const text = fs.readFileSync(tree.hostile.longLine, 'utf8');
    const published = client.waitForDiagnostics(uri, (p) => p.version === 1, 60_000);
    await client.open(uri, text);
    const { diagnostics } = await published;
    expect(diagnostics.some((d) => d.code === 'templ-broken-link')).toBe(true);
    for (const character of [0, 7, 15, 50_000, 99_999, 100_000, 250_000]) await askEverything(uri, { line: 5, character }, 'the long line');
    await stillAnswers();
  }, 120_000);

  it('answers on documents with odd URIs (NUL, encoded slash, remote host, not a file, dot segments)', async () => {
    const inRoot = tree.files.split(path.sep).map(encodeURIComponent).join('/');
    const uris = [
      `file://${inRoot}/en-us/odd%00name/index.md`,
      `file://${inRoot}/en-us/a%2Fb/index.md`,
      `file://${inRoot}/en-us/%2e%2e/%2e%2e/escape/index.md`,
      'file://remote-host/share/files/en-us/glossary/api/index.md',
      'untitled:Untitled-1',
      'vscode-notebook-cell:/x.ipynb#cell1',
      'file:///',
    ];
    for (const uri of uris) {
      const published = client.waitForDiagnostics(uri, (p) => p.version === 1, 30_000);
      await client.open(uri, '---\ntitle: Odd\nslug: Odd\n---\n\n{{Glossary("API")}} [x](/en-US/docs/Web/API) {{Glossary("Nope")}}\n');
      const { diagnostics } = await published;
      expect(
        diagnostics.some((d) => String(d.message).includes('Glossary/Nope')),
        uri,
      ).toBe(true);
      await askEverything(uri, { line: 5, character: 5 }, uri);
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
    await stillAnswers();
    expect(
      client.logs.some((line) => /uncaught|unhandled/i.test(line)),
      client.logs.join('\n'),
    ).toBe(false);
  }, 120_000);

  it('answers on a page reached through the symlink loop, and on a file outside every root', async () => {
    const looped = path.join(tree.hostile.loop, 'loop', 'loop', 'api', 'index.md');
    const outside = tree.sentinels[0];
    for (const file of [looped, outside]) {
      const uri = uriOf(file);
      const published = client.waitForDiagnostics(uri, (p) => p.version === 1, 30_000);
      await client.open(uri, fs.readFileSync(file, 'utf8') + '\n{{Glossary("API")}} [x](/en-US/docs/Web/API)\n');
      await published;
      await askEverything(uri, { line: 0, character: 0 }, file);
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
    await stillAnswers();
    expect(client.logs.some((line) => /uncaught|unhandled/i.test(line))).toBe(false);
  }, 120_000);
});
