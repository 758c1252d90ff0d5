/**
 * LSP lifecycle over stdio: requests after shutdown are errors, a cancelled request is answered
 * (cancelled or with its empty answer) and the server goes on, and quick edits never get
 * diagnostics for a version the author no longer has. (Exit codes and MethodNotFound are in
 * tests/lsp/protocol.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CancellationTokenSource, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { copyExampleTree, startClient, TestClient, uriOf } from '../lsp/client';
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
    expect(seen.every((p) => p.version !== undefined && sent.includes(p.version)), JSON.stringify(seen.map((p) => p.version))).toBe(true);
    expect(seen.at(-1)!.version).toBe(102);
    const missing = seen.at(-1)!.diagnostics.map((d) => /Missing_\d/.exec(String(d.message))?.[0]).filter(Boolean);
    expect(missing.sort()).toEqual(['Missing_0', 'Missing_1', 'Missing_2']);
  }, 60_000);
});
