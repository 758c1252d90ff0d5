/**
 * The one LSP client of the protocol tests and the bench: spawns a language server over stdio and
 * speaks JSON-RPC through vscode-languageserver-protocol, as any editor would. Plain Node ESM (types
 * in lspClient.d.mts) so that `npm run bench` loads it without a build; tests/lsp/client.ts
 * re-exports the tests' part.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The built server; GLOSSARY_LSP_SERVER_JS runs another build (e.g. an older one, to see a test fail). */
export const SERVER = path.resolve(process.env.GLOSSARY_LSP_SERVER_JS ?? path.join(REPO, 'server/out/bin/glossary-lsp.js'));

export function uriOf(file) {
  return pathToFileURL(file).toString();
}

/**
 * `node ...args` with a protocol connection over its stdin / stdout (listening). The connection is
 * disposed when the process exits, which rejects the requests still waiting for an answer.
 */
export function spawnLanguageServer(args, { env = process.env } = {}) {
  const child = spawn(process.execPath, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.on('error', () => undefined);
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      connection.dispose();
      resolve(code ?? signal);
    });
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    process: child,
    connection,
    exited,
    running,
    kill() {
      if (running()) child.kill('SIGKILL');
    },
    /** shutdown + exit; killed when it does not answer or does not exit within `timeoutMs`. */
    async stop({ timeoutMs = 5000, requestTimeoutMs } = {}) {
      if (!running()) return child.exitCode;
      try {
        const shutdown = connection.sendRequest('shutdown');
        await (requestTimeoutMs
          ? Promise.race([shutdown, new Promise((_, reject) => setTimeout(() => reject(new Error('shutdown unanswered')), requestTimeoutMs).unref())])
          : shutdown);
        await connection.sendNotification('exit');
      } catch {
        child.kill();
      }
      let timer;
      const code = await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(() => (child.kill('SIGKILL'), resolve(null)), timeoutMs)))]);
      clearTimeout(timer);
      return typeof code === 'number' ? code : null;
    },
  };
}

/** The built glossary server, initialized with `rootPath` as its one workspace folder (protocol tests). */
export async function startClient(options) {
  const server = spawnLanguageServer([SERVER, '--stdio'], { env: { ...process.env, CONTENT_ROOT: '', CONTENT_TRANSLATED_ROOT: '', ...options.env } });
  const { connection, process: child } = server;
  const diagnostics = new Map();
  const waiters = [];
  const logs = [];
  child.stderr.on('data', (chunk) => logs.push(String(chunk)));
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    diagnostics.set(params.uri, params);
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && waiter.accept(params)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    }
  });
  connection.onNotification('window/logMessage', (params) => logs.push(params.message));
  connection.onNotification('window/showMessage', (params) => logs.push(params.message));
  /** The latest `glossary/indexStatus`, and those waiting for one. */
  let status;
  const statusWaiters = new Set();
  connection.onNotification('glossary/indexStatus', (next) => {
    status = next;
    for (const waiter of [...statusWaiters]) waiter(next);
  });
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onNotification('$/progress', () => undefined);
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => null));
  connection.listen();
  const rootUri = uriOf(options.rootPath);
  const initializeResult = await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'content' }],
    capabilities: options.capabilities ?? {
      window: { workDoneProgress: true },
      workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, configuration: true },
      textDocument: { completion: { completionItem: { snippetSupport: true } }, publishDiagnostics: {} },
    },
    initializationOptions: options.initializationOptions,
  });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    process: child,
    diagnostics,
    logs,
    initializeResult,
    waitForDiagnostics(uri, accept = () => true, timeoutMs = 15000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`no diagnostics for ${uri} in ${timeoutMs} ms; last: ${JSON.stringify(diagnostics.get(uri)?.diagnostics.map((d) => d.code))}\n${logs.join('\n')}`)),
          timeoutMs,
        );
        waiters.push({ uri, accept, resolve: (p) => (clearTimeout(timer), resolve(p)) });
      });
    },
    waitForStatus(accept, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const settle = (next) => {
          if (!accept(next)) return;
          statusWaiters.delete(settle);
          clearTimeout(timer);
          resolve(next);
        };
        const timer = setTimeout(
          () => (statusWaiters.delete(settle), reject(new Error(`no such glossary/indexStatus in ${timeoutMs} ms; last: ${JSON.stringify(status)}`))),
          timeoutMs,
        );
        statusWaiters.add(settle);
        if (status) settle(status);
      });
    },
    async open(uri, text, version = 1) {
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
    },
    stop: () => server.stop(),
  };
}

/** A scratch copy of the example content tree. */
export function copyExampleTree() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-lsp-'));
  fs.cpSync(path.join(REPO, 'examples/content'), dir, { recursive: true });
  return dir;
}
