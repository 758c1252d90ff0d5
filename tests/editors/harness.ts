/**
 * Shared harness for the real-editor tests (neovim.test.ts, emacs.test.ts).
 *
 * Each suite copies examples/content to a temp dir, writes a "plan" (JSON) for the editor script
 * (neovim-client.lua / emacs-client.el), runs the editor headless once in `beforeAll`, and then
 * asserts on the JSON result the script wrote. The editor script never asserts: failures are
 * reported here, with what the server actually answered. Two set-ups per editor: the English
 * tree as workspace, and a translator's (the French tree alone as workspace, English named only
 * in the editor's settings). The scripts record, never answer, window/showMessageRequest: a
 * prompt is a failure here, not a hung editor.
 *
 * Env:
 *   GLOSSARY_REQUIRE_REAL_CLIENTS=1  a missing editor fails instead of skipping (CI sets it).
 *   GLOSSARY_LSP_SERVER_JS=<file>    run another server build (default: server/out/bin/glossary-lsp.js).
 *   GLOSSARY_EDITOR_TIMEOUT_MS=<n>   bound for each wait inside the editor (default 20000).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

export const REPO = path.resolve(__dirname, '../..');
export const SERVER_JS = path.resolve(process.env.GLOSSARY_LSP_SERVER_JS ?? path.join(REPO, 'server/out/bin/glossary-lsp.js'));
const WAIT_MS = Number(process.env.GLOSSARY_EDITOR_TIMEOUT_MS ?? 20_000);
/** Whole editor run: four bounded waits plus start-up, then the editor is killed regardless. */
const RUN_MS = WAIT_MS * 4 + 20_000;
const REQUIRE = process.env.GLOSSARY_REQUIRE_REAL_CLIENTS === '1';
const INSTALL_HINT = 'run `bash .ci/install-editors.sh` (as root) to enable';

export interface Availability {
  ok: boolean;
  /** Why not, when not. */
  reason?: string;
}

export function nvimAvailable(): Availability {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (r.error || r.status !== 0) return { ok: false, reason: '`nvim` not found' };
  return { ok: true };
}

export function emacsEglotAvailable(): Availability {
  const r = spawnSync(
    'emacs',
    [
      '-Q',
      '--batch',
      '--eval',
      `(progn (require 'package) (add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa") (package-initialize) (kill-emacs (if (require 'eglot nil t) 0 3)))`,
    ],
    { encoding: 'utf8', timeout: 20_000 },
  );
  if (r.error) return { ok: false, reason: '`emacs` not found' };
  if (r.status === 3) return { ok: false, reason: '`emacs` found but eglot is missing' };
  if (r.status !== 0) return { ok: false, reason: `\`emacs\` did not start (exit ${r.status}): ${r.stderr}` };
  return { ok: true };
}

export * from './plan';
import { FR_PAGE, PAGE, pagePlan, type EditorResult, type PagePlan, type Setup } from './plan';

export interface EditorRun {
  result: EditorResult | null;
  exitCode: number | null;
  signal: string | null;
  killedAfterMs: number | null;
  ms: number;
  stdout: string;
  stderr: string;
  /** Tail of the editor's own LSP log, where it has one (server stderr ends up there for Neovim). */
  log: string;
  page: PagePlan;
  /** The scratch content root (the folder holding files/). */
  root: string;
}

export interface EditorLaunch {
  command: string;
  args: string[];
  /** Extra environment (XDG dirs etc. are set by the harness). */
  env?: Record<string, string>;
  /** A log file under the scratch dir to attach to failures. */
  logFile?: (scratch: string) => string;
}

function tail(s: string, n = 4000): string {
  return s.length > n ? '…' + s.slice(-n) : s;
}

/**
 * Runs the editor in `scratch` (its own HOME and XDG folders there) with the plan file, in its own
 * process group, killed whole at the end (the server too, if the editor left it behind) or after
 * RUN_MS.
 */
async function runInScratch(
  launch: EditorLaunch,
  scratch: string,
  planFile: string,
): Promise<{ exitCode: number | null; signal: string | null; killedAfterMs: number | null; ms: number; stdout: string; stderr: string }> {
  const started = Date.now();
  const child = spawn(launch.command, launch.args, {
    cwd: scratch,
    detached: true, // own process group: the kill below takes the server with it
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      // The server would use these content roots instead of the scratch copy's.
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^CONTENT(_TRANSLATED)?_ROOT$/.test(k))),
      ...launch.env,
      HOME: path.join(scratch, 'home'),
      XDG_CACHE_HOME: path.join(scratch, 'cache'),
      XDG_STATE_HOME: path.join(scratch, 'state'),
      XDG_DATA_HOME: path.join(scratch, 'data'),
      XDG_CONFIG_HOME: path.join(scratch, 'config'),
      GLOSSARY_EDITOR_PLAN: planFile,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  let killedAfterMs: number | null = null;
  const timer = setTimeout(() => {
    killedAfterMs = Date.now() - started;
    killGroup();
  }, RUN_MS);
  const [exitCode, signal] = await new Promise<[number | null, string | null]>((resolve) => {
    child.on('error', (e) => {
      stderr += String(e);
      resolve([null, null]);
    });
    child.on('exit', (code, sig) => resolve([code, sig]));
  });
  clearTimeout(timer);
  killGroup();
  return { exitCode, signal, killedAfterMs, ms: Date.now() - started, stdout, stderr };
}

/** Run one editor on a scratch copy of examples/content; always kills it (and the server) at the end. */
export async function runEditor(launch: EditorLaunch, setup: Setup = 'english'): Promise<EditorRun> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-editor-'));
  let root: string;
  let file: string;
  let settings: { glossary: { contentRoots: string[] } } | null = null;
  if (setup === 'translator') {
    root = path.join(scratch, 'translated-content');
    const english = path.join(scratch, 'content');
    fs.cpSync(path.join(REPO, 'examples/content/files/fr'), path.join(root, 'files/fr'), { recursive: true });
    fs.cpSync(path.join(REPO, 'examples/content/files/en-us'), path.join(english, 'files/en-us'), { recursive: true });
    file = path.join(root, FR_PAGE);
    settings = { glossary: { contentRoots: [english] } };
  } else {
    root = path.join(scratch, 'content');
    fs.cpSync(path.join(REPO, 'examples/content'), root, { recursive: true });
    file = path.join(root, PAGE);
  }
  const page = pagePlan(fs.readFileSync(file, 'utf8'), setup);
  for (const d of ['home', 'cache', 'state', 'data', 'config']) fs.mkdirSync(path.join(scratch, d));
  const out = path.join(scratch, 'result.json');
  const planFile = path.join(scratch, 'plan.json');
  fs.writeFileSync(
    planFile,
    JSON.stringify({
      cmd: [process.execPath, SERVER_JS, '--stdio'],
      root,
      file,
      out,
      timeoutMs: WAIT_MS,
      hover: page.hover,
      completion: { text: page.completionText },
      diagnosticCodes: page.expectedDiagnostics.map((d) => d.code),
      settings,
    }),
  );

  const { exitCode, signal, killedAfterMs, ms, stdout, stderr } = await runInScratch(launch, scratch, planFile);

  let result: EditorResult | null;
  try {
    result = JSON.parse(fs.readFileSync(out, 'utf8'));
  } catch {
    result = null;
  }
  let log = '';
  const logFile = launch.logFile?.(scratch);
  if (logFile && fs.existsSync(logFile)) log = tail(fs.readFileSync(logFile, 'utf8'));
  if (!process.env.GLOSSARY_KEEP_SCRATCH) fs.rmSync(scratch, { recursive: true, force: true });
  return { result, exitCode, signal, killedAfterMs, ms, stdout: tail(stdout), stderr: tail(stderr), log, page, root };
}

// ---------------------------------------------------------------------------------------------
// Reading the answers

export function completionItems(result: any): any[] {
  if (!result) return [];
  if (Array.isArray(result)) return result;
  if (Array.isArray(result.items)) return result.items;
  return [];
}

export function hoverText(result: any): string {
  if (!result || !result.contents) return '';
  const one = (c: any): string => (typeof c === 'string' ? c : c && typeof c.value === 'string' ? c.value : '');
  return Array.isArray(result.contents) ? result.contents.map(one).join('\n') : one(result.contents);
}

function show(x: unknown, n = 3000): string {
  const s = JSON.stringify(x, null, 1) ?? String(x);
  return s.length > n ? s.slice(0, n) + '…' : s;
}

/** The last diagnostics the server pushed for the page before the test edited it. */
function lastOpenPush(r: EditorResult) {
  const pushes = (r.diagnostics?.pushes ?? []).filter((p) => p.uri === r.uri && p.phase === 'open');
  return pushes[pushes.length - 1];
}

// ---------------------------------------------------------------------------------------------
// The suite, the same for every editor

export function editorSuite(name: string, available: () => Availability, launch: EditorLaunch): void {
  const avail = available();
  if (!avail.ok && !REQUIRE) {
    const why = `${name}: ${avail.reason}; ${INSTALL_HINT}`;
    console.warn(`[skipped] ${why}`);
    describe.skip(`${name} as LSP client (skipped: ${why})`, () => {
      it('is not installed', () => {});
    });
    return;
  }
  if (!avail.ok) {
    describe(`${name} as LSP client`, () => {
      it('is installed (GLOSSARY_REQUIRE_REAL_CLIENTS=1)', () => {
        throw new Error(`${avail.reason}; ${INSTALL_HINT}`);
      });
    });
    return;
  }

  for (const setup of ['english', 'translator'] as const) {
    const title = setup === 'english' ? `${name} as LSP client` : `${name} as LSP client, translator set-up (French workspace, English through settings)`;
    describe(title, () => suite(name, launch, setup));
  }
}

function suite(name: string, launch: EditorLaunch, setup: Setup): void {
  let run: EditorRun;
  /** Context for every failure message: what the editor said and did. */
  const ctx = () =>
    [
      `editor exit=${run.exitCode} signal=${run.signal} after ${run.ms} ms` + (run.killedAfterMs != null ? ` (killed after ${run.killedAfterMs} ms)` : ''),
      `steps: ${show(run.result?.steps ?? [])}`,
      run.result?.errors?.length ? `editor script errors: ${run.result.errors.join('\n')}` : '',
      run.stderr ? `editor stderr: ${run.stderr}` : '',
      run.result?.serverStderr ? `server stderr: ${tail(run.result.serverStderr)}` : '',
      run.result?.logs?.length ? `server log: ${tail(run.result.logs.join('\n'))}` : '',
      run.log ? `editor LSP log: ${run.log}` : '',
    ]
      .filter(Boolean)
      .join('\n');

  beforeAll(async () => {
    if (!fs.existsSync(SERVER_JS)) {
      throw new Error(`server not built: ${SERVER_JS} is missing (run \`npm test\`, which builds first)`);
    }
    run = await runEditor(launch, setup);
  }, RUN_MS + 30_000);

  afterAll(() => {
    if (run) console.info(`[${name}, ${setup}] ${run.result?.editor ?? '?'}: editor run ${run.ms} ms`);
  });

  it('starts the server and completes the LSP handshake', () => {
    expect(run.result, `no result written by the editor script\n${ctx()}`).not.toBeNull();
    const r = run.result!;
    expect(r.initialized, `handshake not done\n${ctx()}`).toBe(true);
    expect(r.rootDir && path.resolve(r.rootDir), 'the client picked another root').toBe(run.root);
    // Neovim 0.7 and eglot ignore dynamic registration: these must be static capabilities.
    expect(r.capabilities?.completionProvider, `no static completionProvider in ${show(r.capabilities)}`).toBeTruthy();
    expect(r.capabilities?.hoverProvider, `no static hoverProvider in ${show(r.capabilities)}`).toBeTruthy();
    expect(r.errors ?? [], ctx()).toEqual([]);
  });

  it('never prompts (no window/showMessageRequest), and warns of nothing that is not so', () => {
    expect(run.result?.prompts ?? [], `the server asked the editor: ${show(run.result?.prompts)}\n${ctx()}`).toEqual([]);
    expect(
      (run.result?.messages ?? []).filter((m) => /No English/i.test(m)),
      ctx(),
    ).toEqual([]);
  });

  it('builds the index once', () => {
    const builds = (run.result?.logs ?? []).filter((line) => /build \d+: indexing/.test(line));
    expect(builds, ctx()).toHaveLength(1);
  });

  it('completes Cross-site_scripting inside {{Glossary("cros', () => {
    const c = run.result?.completion;
    expect(c, `no completion step\n${ctx()}`).toBeTruthy();
    expect(c!.lineText, 'the editor did not type the text').toBe(run.page.completionText);
    expect(c!.error ?? null, `completion failed: ${show(c!.error)}\n${ctx()}`).toBeNull();
    const labels = completionItems(c!.result).map((i) => i.label);
    expect(labels, `completion at ${show((c!.params as any)?.position)} answered ${show(c!.result)}`).toContain('Cross-site_scripting');
  });

  const file = setup === 'translator' ? FR_PAGE : PAGE;
  const plan = pagePlan(fs.readFileSync(path.join(REPO, 'examples/content', file), 'utf8'), setup);
  it(`hovers ${plan.hoverMacro} with its summary`, () => {
    const h = run.result?.hover;
    expect(h, `no hover step\n${ctx()}`).toBeTruthy();
    expect(h!.error ?? null, `hover failed: ${show(h!.error)}\n${ctx()}`).toBeNull();
    const text = hoverText(h!.result);
    const said = `hover at ${show((h!.params as any)?.position)} answered ${show(h!.result)}`;
    for (const words of run.page.hoverSays) expect(text, said).toContain(words);
  });

  for (const want of plan.expectedDiagnostics) {
    it(`pushes ${want.code} on ${want.macro}`, () => {
      const push = lastOpenPush(run.result ?? ({} as EditorResult));
      expect(push, `no publishDiagnostics for ${run.result?.uri}\n${ctx()}`).toBeTruthy();
      const said = `expected ${want.code} on line ${want.line + 1} covering ${want.macro} (characters ${want.start}–${want.end}); the server pushed ${show(push.diagnostics)}`;
      const hit = push.diagnostics.find(
        (d) =>
          d.code === want.code && d.range.start.line === want.line && d.range.end.line === want.line && d.range.start.character <= want.start && d.range.end.character >= want.end,
      );
      expect(hit, said).toBeTruthy();
      // And the editor took it in (Neovim's vim.diagnostic, Emacs's flymake).
      const shown = (run.result!.diagnostics!.editor ?? []).filter((d) => d.lnum === want.line);
      expect(
        shown.some((d) => d.code === want.code || String(d.message).includes(want.code)),
        `the editor does not show ${want.code} on line ${want.line + 1}; it shows ${show(run.result!.diagnostics!.editor)}`,
      ).toBe(true);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// A script of the test's own, on a scratch copy (rename and other edits that write to disk)

/** Every file under a folder (relative path → bytes), and every folder (relative path → null). */
export function snapshotTree(dir: string): Map<string, Buffer | null> {
  const out = new Map<string, Buffer | null>();
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) {
        out.set(path.relative(dir, full) + '/', null);
        walk(full);
      } else out.set(path.relative(dir, full), fs.readFileSync(full));
    }
  };
  walk(dir);
  return out;
}

export interface ScriptRun {
  /** The JSON the script wrote to `plan.out`, or null. */
  result: any;
  exitCode: number | null;
  signal: string | null;
  killedAfterMs: number | null;
  ms: number;
  stderr: string;
  log: string;
  /** The content root of the scratch copy (removed by now), and its files before and after the run. */
  root: string;
  before: Map<string, Buffer | null>;
  after: Map<string, Buffer | null>;
}

/**
 * Run an editor once on a scratch copy of examples/content with a plan the test writes (`plan`
 * gets the copy's content root; `cmd`, `root`, `out` and `timeoutMs` are added), and snapshot the
 * copy before and after: for edits that write to disk. The editor and the server are killed at the end.
 */
export async function runEditorScript(launch: EditorLaunch, plan: (root: string) => Promise<Record<string, unknown>> | Record<string, unknown>): Promise<ScriptRun> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-editor-'));
  const root = path.join(scratch, 'content');
  fs.cpSync(path.join(REPO, 'examples/content'), root, { recursive: true });
  for (const d of ['home', 'cache', 'state', 'data', 'config']) fs.mkdirSync(path.join(scratch, d));
  const out = path.join(scratch, 'result.json');
  const planFile = path.join(scratch, 'plan.json');
  fs.writeFileSync(planFile, JSON.stringify({ ...(await plan(root)), cmd: [process.execPath, SERVER_JS, '--stdio'], root, out, timeoutMs: WAIT_MS }));
  const before = snapshotTree(root);
  const started = Date.now();
  const { exitCode, signal, killedAfterMs, stderr } = await runInScratch(launch, scratch, planFile);
  const after = snapshotTree(root);
  let result: any;
  try {
    result = JSON.parse(fs.readFileSync(out, 'utf8'));
  } catch {
    result = null;
  }
  const logFile = launch.logFile?.(scratch);
  const log = logFile && fs.existsSync(logFile) ? tail(fs.readFileSync(logFile, 'utf8')) : '';
  if (!process.env.GLOSSARY_KEEP_SCRATCH) fs.rmSync(scratch, { recursive: true, force: true });
  return { result, exitCode, signal, killedAfterMs, ms: Date.now() - started, stderr: tail(stderr), log, root, before, after };
}
