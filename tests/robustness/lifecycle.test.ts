/**
 * LSP lifecycle over stdio: requests after shutdown are errors, a cancelled request is answered
 * (cancelled or with its empty answer) and the server goes on, and quick edits never get
 * diagnostics for a version the author no longer has. Requests before initialize (-32002), a
 * stream that is not LSP (exit 1), a client gone (quiet exit), a workspace folder removed
 * mid-index, a failed build then fixed, and Check Workspace under pull and push. (Exit codes and
 * MethodNotFound are in tests/lsp/protocol.test.ts; start orders in tests/lsp/startSequences.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CancellationTokenSource, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { copyExampleTree, startClient, TestClient, uriOf } from '../lsp/client';
import { ReplayPeer } from '../lsp/replay';
import { within } from './hostile';

let root: string;
let cacheDir: string;
const page = () => path.join(root, 'files/en-us/learn/first_steps/index.md');

/** Pages added to the example tree, so a whole-workspace check takes a while. */
const GENERATED = 2000;

beforeAll(() => {
  root = copyExampleTree();
  for (let i = 0; i < GENERATED; i++) {
    const dir = path.join(root, `files/en-us/generated/page_${i}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.md'), `---\ntitle: Page ${i}\nslug: Generated/Page_${i}\n---\n\nUses an {{Glossary("API")}} and {{Glossary("Missing_${i}")}}.\n`);
  }
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-cache-'));
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

async function started(): Promise<TestClient> {
  const client = await startClient({ rootPath: root, env: { GLOSSARY_LSP_CACHE_DIR: cacheDir } });
  const uri = uriOf(page());
  const published = client.waitForDiagnostics(uri, () => true, 60_000);
  await client.open(uri, fs.readFileSync(page(), 'utf8'));
  await published;
  return client;
}

const hoverParams = () => {
  const text = fs.readFileSync(page(), 'utf8');
  const offset = text.indexOf('{{Glossary("API")}}') + 13;
  const before = text.slice(0, offset);
  return { textDocument: { uri: uriOf(page()) }, position: { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 } };
};

describe('shutdown', () => {
  it('answers requests after shutdown with InvalidRequest, then exits with 0', async () => {
    const client = await started();
    const exited = new Promise<number | null>((resolve) => client.process.once('exit', resolve));
    await within(client.connection.sendRequest('shutdown'), 15_000, 'shutdown');
    for (const [method, params] of [
      ['textDocument/hover', hoverParams()],
      ['textDocument/completion', hoverParams()],
      ['textDocument/definition', hoverParams()],
      ['glossary/indexInfo', {}],
      ['completionItem/resolve', { label: 'API' }],
    ] as const) {
      await expect(within(client.connection.sendRequest(method, params), 15_000, method), method).rejects.toMatchObject({ code: -32600 });
    }
    await client.connection.sendNotification('exit');
    expect(await within(exited, 15_000, 'exit')).toBe(0);
    client.connection.dispose();
  }, 60_000);
});

describe('a running session', () => {
  let client: TestClient;
  beforeAll(async () => {
    client = await started();
  }, 90_000);
  afterAll(async () => {
    if (client) expect(await client.stop()).toBe(0);
  });

  it('honours $/cancelRequest: the request ends (cancelled or empty) and the server goes on', async () => {
    const methods: Array<[string, object]> = [
      ['textDocument/hover', hoverParams()],
      ['textDocument/completion', hoverParams()],
      ['textDocument/references', { ...hoverParams(), context: { includeDeclaration: true } }],
      ['textDocument/documentLink', { textDocument: hoverParams().textDocument }],
      ['glossary/checkWorkspace', {}],
    ];
    for (const [method, params] of methods) {
      // Cancelled at once, and cancelled while the server is busy with other requests.
      for (const busy of [0, 20]) {
        for (let i = 0; i < busy; i++) void client.connection.sendRequest('textDocument/documentLink', { textDocument: hoverParams().textDocument });
        const source = new CancellationTokenSource();
        const answer = client.connection.sendRequest(method, params, source.token);
        source.cancel();
        const outcome = await within(
          answer.then(
            (result) => ({ result }),
            (error: { code?: number }) => ({ error: error.code }),
          ),
          30_000,
          `cancelled ${method}`,
        );
        // Either the cancellation error, or an answer (it may have finished first); never another error.
        if ('error' in outcome) expect(outcome.error, method).toBe(-32800);
      }
      const hover = (await within(client.connection.sendRequest('textDocument/hover', hoverParams()), 15_000, 'hover after a cancel')) as { contents: { value: string } };
      expect(hover.contents.value).toContain('Application Programming Interface');
    }
  }, 120_000);

  it('stops glossary/checkWorkspace when it is cancelled, and runs it whole otherwise', async () => {
    const info = (await client.connection.sendRequest('glossary/indexInfo')) as { pages: number };
    expect(info.pages).toBeGreaterThan(GENERATED);
    const source = new CancellationTokenSource();
    const answer = client.connection.sendRequest('glossary/checkWorkspace', {}, source.token);
    source.cancel();
    const outcome = await within(
      answer.then(
        (result) => ({ result: result as { files: number } }),
        (error: { code?: number }) => ({ error: error.code }),
      ),
      60_000,
      'cancelled checkWorkspace',
    );
    if ('error' in outcome) expect(outcome.error).toBe(-32800);
    else expect(outcome.result.files).toBeLessThan(info.pages);
    const whole = (await within(client.connection.sendRequest('glossary/checkWorkspace', {}), 60_000, 'checkWorkspace')) as { files: number; issues: number };
    expect(whole.files).toBe(info.pages);
    expect(whole.issues).toBeGreaterThanOrEqual(GENERATED);
  }, 120_000);

  it('publishes diagnostics only for versions the client sent, the last one for the last version', async () => {
    const uri = uriOf(page());
    const base = fs.readFileSync(page(), 'utf8');
    const seen: PublishDiagnosticsParams[] = [];
    const last = client.waitForDiagnostics(uri, (p) => (seen.push(p), p.version === 102), 30_000);
    const sent: number[] = [];
    for (const [i, version] of [100, 101, 102].entries()) {
      const end = { line: base.split('\n').length - 1, character: 0 };
      sent.push(version);
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: end, end }, text: `\n{{Glossary("Missing_${i}")}}\n` }],
      });
    }
    await last;
    // Let any late (stale) publication arrive: the debounce is far shorter than this wait.
    await client.waitForDiagnostics(uri, (p) => (seen.push(p), false), 1000).catch(() => undefined);
    expect(
      seen.every((p) => p.version !== undefined && sent.includes(p.version)),
      JSON.stringify(seen.map((p) => p.version)),
    ).toBe(true);
    expect(seen.at(-1)!.version).toBe(102);
    const missing = seen
      .at(-1)!
      .diagnostics.map((d) => /Missing_\d/.exec(String(d.message))?.[0])
      .filter(Boolean);
    expect(missing.sort()).toEqual(['Missing_0', 'Missing_1', 'Missing_2']);
  }, 60_000);
});

// ——— The lifecycle the spec asks for, in the orders and with the streams real clients produce ———

const initializeParams = (folders: string[], capabilities: object = {}) => ({
  processId: process.pid,
  rootUri: folders[0] ? uriOf(folders[0]) : null,
  workspaceFolders: folders.map((folder, i) => ({ uri: uriOf(folder), name: `folder ${i}` })),
  capabilities,
});

describe('before initialize', () => {
  it('answers every request with -32002, builds nothing, then honours the workspace folders of initialize', async () => {
    const peer = new ReplayPeer();
    try {
      for (const method of ['workspace/symbol', 'textDocument/hover', 'glossary/indexInfo', 'glossary/noSuchMethod']) {
        await expect(
          within(peer.send(method, { query: 'API', textDocument: { uri: uriOf(page()) }, position: { line: 0, character: 0 } }), 15_000, method),
          method,
        ).rejects.toMatchObject({ code: -32002 });
      }
      // Notifications before initialize are dropped (the spec), not acted on.
      peer.write(peer.notification('textDocument/didOpen', { textDocument: { uri: uriOf(page()), languageId: 'markdown', version: 1, text: '{{Glossary("API")}}' } }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(peer.logs().filter((line) => /build \d+: indexing|indexed \d+ pages/.test(line))).toEqual([]);
      await peer.send('initialize', initializeParams([root]));
      peer.write(peer.notification('initialized', {}));
      const symbols = (await within(peer.send('workspace/symbol', { query: 'xss' }), 60_000, 'workspace/symbol')) as Array<{ name: string }>;
      expect(symbols[0]?.name).toBe('Cross-site scripting (XSS)');
      expect(peer.logs().filter((line) => /build \d+: indexing/.test(line))).toHaveLength(1);
    } finally {
      expect(await peer.stop()).toBe(0);
    }
  }, 90_000);
});

describe('a stream that is not LSP', () => {
  const framed = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: initializeParams([]) });
  it.each([
    ['a header without Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n' + initialize],
    [
      'a body shorter than its Content-Length, then more data',
      `Content-Length: ${Buffer.byteLength(initialize) + 40}\r\n\r\n${initialize}` + framed(JSON.stringify({ jsonrpc: '2.0', method: 'initialized', params: {} })),
    ],
    ['a body that is no JSON', framed('{"jsonrpc": "2.0", "id": 1, "method": "initia')],
    ['garbage', 'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'],
  ])(
    '%s: logs it and exits with a non-zero code (so the client restarts it)',
    async (_, bytes) => {
      const peer = new ReplayPeer();
      peer.child.stdin!.write(bytes);
      const code = await within(peer.exited, 15_000, 'the server to exit');
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      expect(peer.stderr.join('')).toMatch(/malformed LSP message/);
    },
    30_000,
  );

  it('exits quietly when the client goes away (EPIPE on stdout)', async () => {
    const peer = new ReplayPeer();
    await peer.send('initialize', initializeParams([root]));
    peer.write(peer.notification('initialized', {}));
    peer.child.stdout!.destroy();
    // The server has things to say (its log, the answer): the pipe is closed.
    peer.write({ id: 99, method: 'workspace/symbol', params: { query: 'API' } });
    const code = await within(peer.exited, 30_000, 'the server to exit');
    expect(code).not.toBeNull();
    expect(peer.stderr.join('')).toBe('');
  }, 60_000);
});

describe('builds replaced, failed, and fixed', () => {
  it('forgets a workspace folder removed mid-index: its pages are gone, and its build is never heard from', async () => {
    const big = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-removed-'));
    for (let i = 0; i < 4000; i++) {
      const dir = path.join(big, `files/en-us/glossary/removedterm_${i}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'index.md'), `---\ntitle: Removedterm ${i}\nslug: Glossary/Removedterm_${i}\n---\n\nA term.\n`);
    }
    const peer = new ReplayPeer();
    try {
      await peer.send('initialize', initializeParams([root, big], { workspace: { workspaceFolders: true }, window: { workDoneProgress: true } }));
      peer.write(peer.notification('initialized', {}));
      await peer.until(() => peer.all('$/progress').some((message) => message.params.value.kind === 'report'), 30_000, 'the first build to report progress');
      const removedAt = peer.received.length;
      peer.write(peer.notification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: uriOf(big), name: 'folder 1' }] } }));
      const symbols = (await within(peer.send('workspace/symbol', { query: 'Removedterm' }), 60_000, 'workspace/symbol')) as Array<{ name: string }>;
      expect(symbols).toEqual([]);
      expect(((await peer.send('workspace/symbol', { query: 'xss' })) as Array<{ name: string }>)[0]?.name).toBe('Cross-site scripting (XSS)');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const bigRoot = path.join(big, 'files');
      const after = peer.received.slice(removedAt);
      // Nothing about the removed folder after it was removed: no status naming it, no ready from the old build.
      expect(after.filter((message) => message.method === 'glossary/indexStatus' && message.params.roots.includes(bigRoot))).toEqual([]);
      expect(
        peer
          .all('glossary/indexStatus')
          .filter((message) => message.params.state === 'ready' && !message.params.referencesScanned)
          .map((message) => message.params.roots),
      ).toEqual([[path.join(root, 'files')]]);
      expect(peer.logs().filter((line) => /indexed \d+ pages/.test(line))).toHaveLength(1);
      expect(peer.logs().find((line) => /indexed \d+ pages/.test(line))).toMatch(/\(build 2\)$/);
      // One progress, begun once and ended once, whatever the builds.
      const kinds = peer.all('$/progress').map((message) => message.params.value.kind);
      expect(kinds.filter((kind) => kind === 'begin')).toHaveLength(1);
      expect(kinds.at(-1)).toBe('end');
      expect(kinds.filter((kind) => kind === 'end')).toHaveLength(1);
    } finally {
      expect(await peer.stop()).toBe(0);
      fs.rmSync(big, { recursive: true, force: true });
    }
  }, 120_000);

  it('reports a failed build once, answers meanwhile, and builds again on the next change', async () => {
    const marker = path.join(cacheDir, 'fail-builds');
    fs.writeFileSync(marker, '');
    const peer = new ReplayPeer({ GLOSSARY_LSP_FAIL_BUILD_WHILE: marker });
    try {
      await peer.send('initialize', initializeParams([root], { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } }));
      peer.write(
        peer.notification('initialized', {}),
        peer.notification('textDocument/didOpen', { textDocument: { uri: uriOf(page()), languageId: 'markdown', version: 1, text: fs.readFileSync(page(), 'utf8') } }),
      );
      await peer.until(() => peer.logs().some((line) => /indexing failed \(build 1\)/.test(line)), 30_000, 'the build to fail');
      // Requests are answered (empty), not left hanging.
      expect(await within(peer.send('textDocument/hover', hoverParams()), 15_000, 'hover')).toBeNull();
      expect(await within(peer.send('glossary/indexInfo'), 15_000, 'indexInfo')).toMatchObject({ warnings: [expect.stringContaining('indexing failed')] });
      // A change while it still fails: tried again, logged again, not shown again.
      const change = () => peer.notification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(page()), type: 2 }] });
      peer.write(change());
      await peer.until(() => peer.logs().some((line) => /indexing failed \(build 2\)/.test(line)), 30_000, 'the retry to fail');
      expect(peer.all('window/showMessage').map((message) => message.params.message)).toEqual([expect.stringMatching(/^Glossary: indexing failed \(build 1\)/)]);
      // Fixed: the next change builds, and everything answers.
      fs.rmSync(marker);
      peer.write(change());
      await peer.until(() => peer.logs().some((line) => /indexed \d+ pages .*\(build 3\)/.test(line)), 30_000, 'the fixed build');
      const hover = (await peer.send('textDocument/hover', hoverParams())) as { contents: { value: string } };
      expect(hover.contents.value).toContain('Application Programming Interface');
      expect(peer.all('window/showMessageRequest')).toEqual([]);
      expect(peer.logs().filter((line) => /unhandled|uncaught/i.test(line))).toEqual([]);
    } finally {
      expect(await peer.stop()).toBe(0);
    }
  }, 120_000);
});

describe('Check Workspace', () => {
  const frPage = () => path.join(root, 'files/fr/learn/first_steps/index.md');

  it('under pull: a workspace report to the waiting workspace pull, kept fresh, and nothing pushed', async () => {
    const original = fs.readFileSync(frPage(), 'utf8');
    const peer = new ReplayPeer();
    try {
      await peer.send(
        'initialize',
        initializeParams([root], {
          workspace: { diagnostics: { refreshSupport: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
          textDocument: { diagnostic: { dynamicRegistration: false } },
        }),
      );
      const uri = uriOf(page());
      peer.write(
        peer.notification('initialized', {}),
        peer.notification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: fs.readFileSync(page(), 'utf8') } }),
      );
      const pulled = (await peer.send('textDocument/diagnostic', { textDocument: { uri } })) as { items: Array<{ code: string }> };
      expect(pulled.items.map((item) => item.code)).toContain('templ-broken-link');
      // VS Code's client keeps one workspace pull open; the server answers it when there is news.
      const waiting = peer.request<{ items: Array<{ uri: string; items: Array<{ code: string }> }> }>('workspace/diagnostic', { previousResultIds: [] });
      peer.write(waiting.message);
      const result = (await within(peer.send('glossary/checkWorkspace', {}), 60_000, 'checkWorkspace')) as { files: number; issues: number };
      expect(result.files).toBeGreaterThan(GENERATED);
      const report = await within(waiting.answer, 15_000, 'the workspace report');
      const fr = report.items.find((item) => item.uri === uriOf(frPage()));
      expect(fr?.items.map((item) => item.code)).toContain('templ-broken-link');
      expect(report.items.some((item) => item.uri === uri)).toBe(false); // open: the document pull has it
      // The French page is fixed on disk: the next workspace pull says so.
      fs.writeFileSync(frPage(), '---\ntitle: Premiers pas\nslug: Learn/First_steps\n---\n\nRien à signaler : {{Glossary("API")}}.\n');
      peer.write(peer.notification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(frPage()), type: 2 }] }));
      const next = (await within(peer.send('workspace/diagnostic', { previousResultIds: [] }), 15_000, 'the next workspace report')) as typeof report;
      expect(next.items.find((item) => item.uri === uriOf(frPage()))?.items).toEqual([]);
      expect(peer.all('textDocument/publishDiagnostics')).toEqual([]);
    } finally {
      fs.writeFileSync(frPage(), original);
      expect(await peer.stop()).toBe(0);
    }
  }, 120_000);

  it('under push: pages it reported are cleared once fixed on disk', async () => {
    const original = fs.readFileSync(frPage(), 'utf8');
    const peer = new ReplayPeer();
    try {
      await peer.send('initialize', initializeParams([root], { textDocument: { publishDiagnostics: {} } }));
      peer.write(peer.notification('initialized', {}));
      await within(peer.send('glossary/checkWorkspace', {}), 60_000, 'checkWorkspace');
      const fr = uriOf(frPage());
      expect(
        peer
          .all('textDocument/publishDiagnostics')
          .filter((message) => message.params.uri === fr)
          .at(-1)?.params.diagnostics.length,
      ).toBeGreaterThan(0);
      fs.writeFileSync(frPage(), '---\ntitle: Premiers pas\nslug: Learn/First_steps\n---\n\nRien à signaler : {{Glossary("API")}}.\n');
      peer.write(peer.notification('workspace/didChangeWatchedFiles', { changes: [{ uri: fr, type: 2 }] }));
      await peer.until(
        () =>
          peer
            .all('textDocument/publishDiagnostics')
            .filter((message) => message.params.uri === fr)
            .at(-1)?.params.diagnostics.length === 0,
        15_000,
        'the fixed page cleared',
      );
    } finally {
      fs.writeFileSync(frPage(), original);
      expect(await peer.stop()).toBe(0);
    }
  }, 120_000);
});
