/**
 * The connection and the LSP lifecycle around it:
 * - over stdio, a stream that cannot be read as LSP (a header without Content-Length, a body cut
 *   short, a body that is no JSON) is logged on stderr and ends the process with code 1, so that
 *   the client sees the server die and restarts it; the client going away (EPIPE on stdout, stdin
 *   closed) ends it quietly;
 * - before `initialize`, every request is answered ServerNotInitialized (-32002) and every
 *   notification but `exit` is dropped; after `shutdown`, requests are InvalidRequest.
 * `exit` itself ends the process with 0 after `shutdown`, 1 without (vscode-languageserver).
 */
import { format } from 'node:util';
import { Connection, createConnection, ErrorCodes, ProposedFeatures, ResponseError, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';

export type Phase = 'new' | 'running' | 'shutdown';

export interface Lifecycle {
  phase: Phase;
}

/** The error a request gets in this phase, or undefined when it may run. */
export function refusal(lifecycle: Lifecycle): ResponseError<never> | undefined {
  if (lifecycle.phase === 'new') return new ResponseError<never>(ErrorCodes.ServerNotInitialized, 'the server has not been initialized yet');
  if (lifecycle.phase === 'shutdown') return new ResponseError<never>(ErrorCodes.InvalidRequest, 'the server is shutting down');
  return undefined;
}

/** The connection the process was started for (`--stdio`, `--node-ipc`, `--socket=N`, `--pipe`). */
export function createServerConnection(lifecycle: Lifecycle): Connection {
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  const exitCode = () => (lifecycle.phase === 'shutdown' ? 0 : 1);
  const quietExit = () => process.exit(exitCode());
  // Anything written to stdout that is not LSP would corrupt the stream: console output goes to stderr.
  for (const name of ['log', 'info', 'warn', 'debug', 'trace'] as const) console[name] = (...args: unknown[]) => void process.stderr.write(format(...args) + '\n');
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (isClientGone(error)) quietExit();
    process.stderr.write(`glossary-lsp: cannot write to stdout (${error.message}); exiting\n`);
    process.exit(1);
  });
  process.stdin.on('end', quietExit);
  process.stdin.on('close', quietExit);
  const reader = new StreamMessageReader(process.stdin);
  reader.onError((error) => {
    process.stderr.write(`glossary-lsp: malformed LSP message on stdin (${error.message.split('\n')[0]}); exiting so that the client restarts the server\n`);
    process.exit(1);
  });
  reader.onPartialMessage((info) =>
    process.stderr.write(`glossary-lsp: a message on stdin is still incomplete after ${info.waitingTime} ms (a body shorter than its Content-Length?)\n`),
  );
  return createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
}

/** The client closed its end: writing any more is pointless, and saying so too. */
export function isClientGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ECONNRESET' || code === 'ERR_STREAM_WRITE_AFTER_END';
}
