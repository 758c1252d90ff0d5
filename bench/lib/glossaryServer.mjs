/**
 * The servers the bench drives: a timed client around the tests' LSP client
 * (tests/helpers/lspClient.mjs), glossary-lsp --stdio started the way real clients start it, open
 * documents edited incrementally, and glossary-lsp check timed as a command.
 */
import { spawnLanguageServer, uriOf } from '../../tests/helpers/lspClient.mjs';
import { alive, cpuProfArgs, live, now, poll, procCpuMs, procMemory, progress, runTimed, SERVER, sleep, stats } from './harness.mjs';
import { bodyLine, readPage } from './corpus.mjs';

export { uriOf };

export const REFERENCES_READY = /references of (\d+) pages ready in (\d+) ms/;
export const INDEXED = /indexed (\d+) pages .* in (\d+) ms/;
export const TRANSLATION_STATUS_KNOWN = /translation status: (\d+) source commits known at [0-9a-f]+ (\d+) ms after the index was ready/;

/** A language server over stdio with what the bench asks of it: timed requests, its logs, its CPU and memory. */
export class LspClient {
  constructor(args, { env, name }) {
    this.name = name;
    this.spawnedAt = now();
    this.server = spawnLanguageServer([...cpuProfArgs(name), ...args], { env });
    this.child = this.server.process;
    this.connection = this.server.connection;
    this.pid = this.child.pid;
    live.add(this.child);
    void this.server.exited.then(() => live.delete(this.child));
    this.requestHandlers = new Map();
    this.listeners = new Map();
    this.logs = [];
    this.unknownRequests = new Map();
    this.stderr = '';
    this.child.stderr.on('data', (chunk) => (this.stderr = (this.stderr + chunk).slice(-4000)));
    this.connection.onRequest((method, params) => {
      const handler = this.requestHandlers.get(method);
      if (!handler) this.unknownRequests.set(method, (this.unknownRequests.get(method) ?? 0) + 1);
      return handler ? handler(params) : null;
    });
    this.connection.onNotification((method, params) => {
      for (const fn of [...(this.listeners.get(method) ?? [])]) fn(params);
    });
    this.onNotification('window/logMessage', (params) => this.logs.push({ at: now() - this.spawnedAt, message: params.message }));
    this.connection.listen();
  }

  exitError() {
    return new Error(`${this.name} exited (${this.child.exitCode ?? this.child.signalCode}) ${this.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }

  request(method, params, timeoutMs = 60_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: ${method} got no answer in ${timeoutMs / 1000} s`)), timeoutMs);
      const failed = (error) => (clearTimeout(timer), reject(this.server.running() ? new Error(`${method}: ${error?.message ?? error}`) : this.exitError()));
      try {
        this.connection.sendRequest(method, params).then((result) => (clearTimeout(timer), resolve(result)), failed);
      } catch (error) {
        failed(error);
      }
    });
  }

  /** A request and its round-trip time. */
  async timed(method, params, timeoutMs) {
    const started = now();
    const result = await this.request(method, params, timeoutMs);
    return { result, ms: now() - started };
  }

  notify(method, params) {
    if (this.server.running()) void this.connection.sendNotification(method, params).catch(() => undefined);
  }

  onRequest(method, handler) {
    this.requestHandlers.set(method, handler);
  }

  onNotification(method, fn) {
    const listeners = this.listeners.get(method) ?? new Set();
    this.listeners.set(method, listeners);
    const listener = (params) => fn(params);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /** The next notification `method` whose params pass `accept`. */
  waitForNotification(method, accept, timeoutMs = 30_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => (off(), reject(new Error(`${this.name}: no ${method} in ${timeoutMs / 1000} s`))), timeoutMs);
      const off = this.onNotification(method, (params) => {
        if (!accept(params)) return;
        off();
        clearTimeout(timer);
        resolve({ params, at: now() });
      });
    });
  }

  /** A log line matching `pattern`, logged already or later; resolves with the match and when (ms since spawn). */
  async waitForLog(pattern, timeoutMs = 60_000) {
    const found = () => {
      for (const log of this.logs) {
        const match = pattern.exec(log.message);
        if (match) return { match, at: log.at };
      }
      return undefined;
    };
    return poll(found, timeoutMs, `${this.name} to log ${pattern}`, 20);
  }

  memory() {
    return procMemory(this.pid);
  }

  cpuMs() {
    return procCpuMs(this.pid);
  }

  async stop() {
    await this.server.stop({ timeoutMs: 10_000, requestTimeoutMs: 10_000 });
  }
}

/**
 * glossary-lsp --stdio, initialized with the corpus as workspace folder. With `settings` (the
 * glossary section) and `open` (pages), the start is a real client's: initialize, then in one go
 * `initialized`, didChangeConfiguration with the settings, and didOpen of each page (as
 * vscode-languageclient, Neovim's on_init and Helix do); workspace/configuration is answered with
 * the same settings.
 */
export async function startGlossary({ corpusDir, cacheDir, pull, name, settings, open = [], env = process.env }) {
  const client = new LspClient([SERVER, '--stdio'], {
    name,
    env: { ...env, CONTENT_ROOT: '', CONTENT_TRANSLATED_ROOT: '', GLOSSARY_LSP_CACHE_DIR: cacheDir, GLOSSARY_LSP_CACHE: '' },
  });
  client.onRequest('workspace/configuration', (params) => params.items.map((item) => (settings && item.section === 'glossary' ? settings : null)));
  for (const method of ['client/registerCapability', 'window/workDoneProgress/create', 'workspace/diagnostic/refresh', 'window/showMessageRequest'])
    client.onRequest(method, () => null);
  const rootUri = uriOf(corpusDir);
  const init = await client.request(
    'initialize',
    {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'corpus' }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true, diagnostics: { refreshSupport: true } },
        textDocument: {
          synchronization: { didSave: true },
          completion: { completionItem: { snippetSupport: true } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: { versionSupport: true },
          ...(pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
        },
      },
    },
    120_000,
  );
  client.initializedAt = now() - client.spawnedAt;
  client.capabilities = init.capabilities;
  client.notify('initialized', {});
  if (settings) client.notify('workspace/didChangeConfiguration', { settings: { glossary: settings } });
  client.docs = open.map(({ file, text }) => new OpenDocument(client, file, text));
  return client;
}

/** The server cache of section 3 when there is one; else the server writes it (later sections run faster then). */
export async function readyServer(ctx, { pull, name, settings }) {
  const client = await startGlossary({ corpusDir: ctx.corpusDir, cacheDir: ctx.serverCache, pull, name, settings });
  await client.waitForLog(REFERENCES_READY, 300_000);
  return client;
}

/** An open document and the edits sent to it (incremental sync). */
export class OpenDocument {
  constructor(client, file, text) {
    this.client = client;
    this.file = file;
    this.uri = uriOf(file);
    this.text = text;
    this.version = 1;
    client.notify('textDocument/didOpen', { textDocument: { uri: this.uri, languageId: 'markdown', version: 1, text } });
  }
  /** Insert `text` at (line, character); returns the new version. */
  insert(line, character, text) {
    return this.change({ start: { line, character }, end: { line, character } }, text);
  }
  /** Remove `length` UTF-16 units on one line. */
  remove(line, character, length) {
    return this.change({ start: { line, character }, end: { line, character: character + length } }, '');
  }
  change(range, text) {
    this.version++;
    this.client.notify('textDocument/didChange', { textDocument: { uri: this.uri, version: this.version }, contentChanges: [{ range, text }] });
    return this.version;
  }
  close() {
    this.client.notify('textDocument/didClose', { textDocument: { uri: this.uri } });
  }
}

// ————————————————————————————————————————— edits and diagnostics ——————————————————————————————————

const PROBE_TERM = 'bench-no-such-term';
export const MENTION_CODE = 'glossary-unlinked-mention';

/** Alternately insert and remove a broken glossary macro at the start of a paragraph line. */
export function probeEdits(text) {
  const line = bodyLine(text, (l) => /^[A-Za-z]/.test(l));
  if (line < 0) throw new Error('no paragraph line to edit');
  return { line, macro: `{{Glossary("${PROBE_TERM}")}} ` };
}
export const mentionsProbe = (items) => items.filter((d) => String(d.message).includes(PROBE_TERM)).length;
export const mentionItems = (items) => items.filter((d) => d.code === MENTION_CODE).length;

/**
 * Pull diagnostics right after each of `edits` edits of `file` (alternately inserting and removing a
 * broken glossary macro at a paragraph line), one every 200 ms, on a server started with `settings`.
 */
export async function pullAfterEdits(ctx, file, { name, settings, edits = 60 }) {
  const text = readPage(file);
  const { line, macro } = probeEdits(text);
  const client = await readyServer(ctx, { pull: true, name, settings });
  try {
    if (!client.capabilities.diagnosticProvider) throw new Error('the server did not declare a diagnosticProvider to a pull client');
    const doc = new OpenDocument(client, file, text);
    const first = await client.timed('textDocument/diagnostic', { textDocument: { uri: doc.uri } });
    const times = [];
    let fresh = 0;
    let mentions = 0;
    const cpuBefore = client.cpuMs();
    progress(`${name}: ${edits} edits, one every 200 ms`);
    for (let i = 0; i < edits; i++) {
      alive();
      const inserting = i % 2 === 0;
      if (inserting) doc.insert(line, 0, macro);
      else doc.remove(line, 0, macro.length);
      const { result, ms: took } = await client.timed('textDocument/diagnostic', { textDocument: { uri: doc.uri } });
      times.push(took);
      if (mentionsProbe(result.items) > 0 === inserting) fresh++;
      mentions = Math.max(mentions, mentionItems(result.items));
      await sleep(200);
    }
    return {
      line,
      macro,
      firstPullMs: first.ms,
      items: first.result.items.length,
      mentionItems: mentionItems(first.result.items),
      mentions,
      ...stats(times),
      fresh,
      serverCpuMsPerEdit: (client.cpuMs() - cpuBefore) / edits,
    };
  } finally {
    await client.stop();
  }
}

// ————————————————————————————————————————— glossary-lsp check ——————————————————————————————————————

/** `Checked N files: 1 error, 9 warnings, 5 information.` → counts. */
function parseSummary(stdout) {
  const line = stdout.trimEnd().split('\n').pop() ?? '';
  const match = /Checked ([\d,]+) files?(?::\s*(.*))?/.exec(line);
  if (!match) return { files: NaN, issues: NaN, summary: line };
  const issues = [...(match[2] ?? '').matchAll(/([\d,]+) (error|warning|information|hint)/g)].reduce((sum, m) => sum + Number(m[1].replace(/,/g, '')), 0);
  return { files: Number(match[1].replace(/,/g, '')), issues, summary: line };
}

export async function runCheck(ctx, paths, name) {
  const result = await runTimed([SERVER, 'check', '--root', ctx.corpusDir, ...paths], { name, env: { CONTENT_ROOT: '', CONTENT_TRANSLATED_ROOT: '' }, timeoutMs: 180_000 });
  if (result.code === 2) throw new Error(`check failed (exit 2): ${result.stderr.slice(-500)}`);
  return {
    wallMs: result.wallMs,
    cpuMs: result.cpuMs,
    maxRssKB: result.maxRssKB,
    code: result.code,
    ...parseSummary(result.stdout),
    issueLines: result.stdout.split('\n').filter((l) => /:\d+:\d+ /.test(l)).length,
  };
}
