/**
 * Running git: a fixed argument list through child_process (never a shell), read-only, with an
 * environment that cannot send it elsewhere (GIT_DIR and friends from the editor's environment are
 * dropped), never prompting, never taking optional locks, never fetching, pathspecs literal,
 * messages in English. Output is decoded as UTF-8 and handed over as it arrives, so large logs are
 * parsed while git is still writing them.
 */
import { spawn } from 'node:child_process';
import * as os from 'node:os';
import { StringDecoder } from 'node:string_decoder';

export type GitFailure =
  /** `git` is not on PATH (or cannot be started). */
  | 'not-installed'
  /** git ran and exited non-zero. */
  | 'failed'
  | 'timeout'
  | 'cancelled'
  /** The output was larger than the caller allows. */
  | 'too-large';

export class GitError extends Error {
  constructor(
    readonly failure: GitFailure,
    message: string,
    readonly stderr = '',
    readonly exitCode?: number | null,
  ) {
    super(message);
  }
}

export interface GitRunOptions {
  /** The folder git runs in (the repository's top level). */
  cwd: string;
  /** Text written to git's stdin (then closed); stdin is closed at once otherwise. */
  input?: string;
  /** Called with decoded stdout as it arrives; without it, stdout is collected and returned. */
  onStdout?: (chunk: string) => void;
  signal?: AbortSignal;
  /** Kill git after this long (default 120 s). */
  timeoutMs?: number;
  /** Most characters of stdout collected (default 64 M); more is a `too-large` failure. */
  maxOutput?: number;
  /** The environment git starts from (default process.env); see {@link gitEnvironment}. */
  env?: NodeJS.ProcessEnv;
  /** The git program (default `git`, found on PATH). */
  git?: string;
}

/** Options in front of every command: no pager, no fsmonitor hook, no signatures, paths as written. */
const GLOBAL_ARGS = [
  '--no-pager',
  '--no-optional-locks',
  '--literal-pathspecs',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.quotepath=false',
  '-c',
  'log.showSignature=false',
  '-c',
  'diff.relative=false',
];

/** Variables that name another repository, index or object store: never inherited. */
const KEPT_GIT_VARIABLES = new Set([
  'GIT_EXEC_PATH',
  'GIT_CONFIG_NOSYSTEM',
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_SYSTEM',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
]);

/** The environment git runs with: the caller's, minus repository-redirecting GIT_* variables, plus our safety settings. */
export function gitEnvironment(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (!name.toUpperCase().startsWith('GIT_') || KEPT_GIT_VARIABLES.has(name.toUpperCase())) env[name] = value;
  }
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_OPTIONAL_LOCKS = '0';
  env.GIT_LITERAL_PATHSPECS = '1';
  // A partial clone must not fetch missing objects behind the user's back (git ≥ 2.44 honours it).
  env.GIT_NO_LAZY_FETCH = '1';
  env.GIT_ADVICE = '0';
  env.LC_ALL = 'C';
  return env;
}

/** Run git with `args` (after {@link GLOBAL_ARGS}); resolves with the collected stdout ('' when streamed). */
export function runGit(args: readonly string[], options: GitRunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new GitError('cancelled', 'cancelled'));
      return;
    }
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(options.git ?? 'git', [...GLOBAL_ARGS, ...args], {
        cwd: options.cwd,
        env: gitEnvironment(options.env),
        stdio: ['pipe', 'pipe', 'pipe'],
        shell: false,
        windowsHide: true,
      });
    } catch (error) {
      reject(new GitError('not-installed', `cannot start git: ${(error as Error).message}`));
      return;
    }
    const decoder = new StringDecoder('utf8');
    const chunks: string[] = [];
    let collected = 0;
    let stderr = '';
    let settled = false;
    const maxOutput = options.maxOutput ?? 64 * 2 ** 20;
    const finish = (error: GitError | undefined, stdout = '') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        reject(error);
      } else resolve(stdout);
    };
    const onAbort = () => finish(new GitError('cancelled', 'cancelled'));
    options.signal?.addEventListener('abort', onAbort);
    const timeoutMs = options.timeoutMs ?? 120_000;
    const timer = setTimeout(() => finish(new GitError('timeout', `git ${args[0]} took longer than ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    const take = (text: string) => {
      if (!text || settled) return;
      if (options.onStdout) {
        try {
          options.onStdout(text);
        } catch (error) {
          finish(new GitError('failed', `reading git ${args[0]}: ${(error as Error).message}`));
        }
        return;
      }
      collected += text.length;
      if (collected > maxOutput) finish(new GitError('too-large', `git ${args[0]} printed more than ${maxOutput} characters`));
      else chunks.push(text);
    };
    child.stdout!.on('data', (data: Buffer) => take(decoder.write(data)));
    child.stderr!.on('data', (data: Buffer) => {
      if (stderr.length < 16_384) stderr += data.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish(error.code === 'ENOENT' ? new GitError('not-installed', 'git is not on PATH') : new GitError('failed', `git ${args[0]}: ${error.message}`));
    });
    child.on('close', (code) => {
      take(decoder.end());
      if (code === 0) finish(undefined, chunks.join(''));
      else finish(new GitError('failed', `git ${args[0]} failed (exit code ${code}): ${firstLine(stderr)}`, stderr, code));
    });
    // EPIPE when git exits without reading its input is reported through 'close'.
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(options.input ?? '');
  });
}

function firstLine(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('hint:'));
  return lines[0] ?? '(no message)';
}

/**
 * Splits a NUL-separated stream into tokens (git's `-z` output), across chunk boundaries.
 * `push` hands every complete token to `onToken`; `end` the last one, if any.
 */
export class NulTokenizer {
  private pending = '';

  constructor(private readonly onToken: (token: string) => void) {}

  push(chunk: string): void {
    let start = 0;
    for (let at = chunk.indexOf('\0'); at !== -1; at = chunk.indexOf('\0', start)) {
      const token = this.pending ? this.pending + chunk.slice(start, at) : chunk.slice(start, at);
      this.pending = '';
      this.onToken(token);
      start = at + 1;
    }
    this.pending += chunk.slice(start);
  }

  end(): void {
    if (this.pending) this.onToken(this.pending);
    this.pending = '';
  }
}

/** How many git processes may run side by side over slices of one long log: the cores, up to 4. */
export function defaultLogProcesses(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(4, cores));
}
