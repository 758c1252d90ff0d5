/**
 * A small LSP client for protocol tests: spawns the built server over stdio and speaks JSON-RPC
 * through vscode-languageserver-protocol, as any editor would.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  PublishDiagnosticsParams,
  InitializeParams,
  InitializeResult,
} from 'vscode-languageserver-protocol/node';
import type { IndexStatus } from '../../server/src/lsp/protocol';

export const REPO = path.resolve(__dirname, '../..');
/** The built server; GLOSSARY_LSP_SERVER_JS runs another build (e.g. an older one, to see a test fail). */
export const SERVER = path.resolve(process.env.GLOSSARY_LSP_SERVER_JS ?? path.join(REPO, 'server/out/bin/glossary-lsp.js'));

export interface TestClient {
  connection: ProtocolConnection;
  process: ChildProcess;
  diagnostics: Map<string, PublishDiagnosticsParams>;
  logs: string[];
  /** The server's answer to `initialize`. */
  initializeResult: InitializeResult;
  /** Resolves with the next diagnostics published for `uri` that satisfy `accept`. */
  waitForDiagnostics(uri: string, accept?: (params: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** Resolves with the first `glossary/indexStatus` (the latest one sent, or a later one) that satisfies `accept`. */
  waitForStatus(accept: (status: IndexStatus) => boolean, timeoutMs?: number): Promise<IndexStatus>;
  open(uri: string, text: string, version?: number): Promise<void>;
  stop(): Promise<number | null>;
}

export async function startClient(options: { rootPath: string; capabilities?: InitializeParams['capabilities']; env?: NodeJS.ProcessEnv; initializationOptions?: unknown }): Promise<TestClient> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], {
    env: { ...process.env, CONTENT_ROOT: '', CONTENT_TRANSLATED_ROOT: '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const diagnostics = new Map<string, PublishDiagnosticsParams>();
  const waiters: Array<{ uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  const logs: string[] = [];
  child.stderr!.on('data', (chunk) => logs.push(String(chunk)));
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    diagnostics.set(params.uri, params);
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && waiter.accept(params)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    }
  });
  connection.onNotification('window/logMessage', (params: { message: string }) => logs.push(params.message));
  connection.onNotification('window/showMessage', (params: { message: string }) => logs.push(params.message));
  let status: IndexStatus | undefined;
  const statusWaiters = new Set<(status: IndexStatus) => void>();
  connection.onNotification('glossary/indexStatus', (next: IndexStatus) => {
    status = next;
    for (const waiter of [...statusWaiters]) waiter(next);
  });
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onNotification('$/progress', () => undefined);
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
  connection.listen();
  const rootUri = pathToFileURL(options.rootPath).toString();
  const initializeResult: InitializeResult = await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'content' }],
    capabilities: options.capabilities ?? {
      window: { workDoneProgress: true },
      workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, configuration: true },
      textDocument: { completion: { completionItem: { snippetSupport: true } }, publishDiagnostics: {} },
    },
    initializationOptions: options.initializationOptions,
  } satisfies InitializeParams);
  await connection.sendNotification('initialized', {});
  return {
    connection,
    process: child,
    diagnostics,
    logs,
    initializeResult,
    waitForDiagnostics(uri, accept = () => true, timeoutMs = 15000) {
      const current = diagnostics.get(uri);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} in ${timeoutMs} ms; last: ${JSON.stringify(diagnostics.get(uri)?.diagnostics.map((d) => d.code))}\n${logs.join('\n')}`)), timeoutMs);
        waiters.push({ uri, accept, resolve: (p) => (clearTimeout(timer), resolve(p)) });
        void current;
      });
    },
    waitForStatus(accept, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const settle = (next: IndexStatus) => {
          if (!accept(next)) return;
          statusWaiters.delete(settle);
          clearTimeout(timer);
          resolve(next);
        };
        const timer = setTimeout(() => (statusWaiters.delete(settle), reject(new Error(`no such glossary/indexStatus in ${timeoutMs} ms; last: ${JSON.stringify(status)}`))), timeoutMs);
        statusWaiters.add(settle);
        if (status) settle(status);
      });
    },
    async open(uri, text, version = 1) {
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
    },
    async stop() {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        child.kill();
      }
      const code = await Promise.race([exited, new Promise<null>((resolve) => setTimeout(() => (child.kill('SIGKILL'), resolve(null)), 5000))]);
      connection.dispose();
      return code;
    },
  };
}

/** A scratch copy of the example content tree. */
export function copyExampleTree(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-lsp-'));
  fs.cpSync(path.join(REPO, 'examples/content'), dir, { recursive: true });
  return dir;
}

export function uriOf(file: string): string {
  return pathToFileURL(file).toString();
}
