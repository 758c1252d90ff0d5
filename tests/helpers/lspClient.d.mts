import type { ChildProcess } from 'node:child_process';
import type { IndexStatus } from '../../server/src/lsp/protocol';
import type { InitializeParams, InitializeResult, ProtocolConnection, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node.js';

export declare const REPO: string;
/** The built server; GLOSSARY_LSP_SERVER_JS runs another build (e.g. an older one, to see a test fail). */
export declare const SERVER: string;
export declare function uriOf(file: string): string;

export interface LanguageServerProcess {
  process: ChildProcess;
  connection: ProtocolConnection;
  /** Resolves with the exit code (or signal) when the process has exited. */
  exited: Promise<number | string | null>;
  running(): boolean;
  kill(): void;
  /** shutdown + exit; killed when it does not answer or does not exit within `timeoutMs` (default 5 s). */
  stop(options?: { timeoutMs?: number; requestTimeoutMs?: number }): Promise<number | null>;
}
export declare function spawnLanguageServer(args: string[], options?: { env?: NodeJS.ProcessEnv }): LanguageServerProcess;

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
export declare function startClient(options: {
  rootPath: string;
  capabilities?: InitializeParams['capabilities'];
  env?: NodeJS.ProcessEnv;
  initializationOptions?: unknown;
}): Promise<TestClient>;

/** A scratch copy of the example content tree. */
export declare function copyExampleTree(): string;
