/**
 * Drives real VS Code (code-server, in headless Debian Chromium through playwright-core) with the
 * packaged extension installed: build the .vsix, install it into a scratch code-server, start it,
 * open a scratch copy of examples/content, and read the editor through the DOM.
 *
 * Env:
 *   GLOSSARY_REQUIRE_REAL_CLIENTS=1  missing code-server/Chromium fails instead of skipping (CI sets it).
 *   GLOSSARY_E2E_DIR=<dir>           where .ci/install-vscode.sh installed Node 24 + code-server
 *                                    (default /opt/glossary-e2e).
 *   GLOSSARY_E2E_CHROMIUM=<file>     Chromium binary (default /usr/bin/chromium).
 *   GLOSSARY_E2E_VSIX=<file>         install this .vsix instead of building one.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, it } from 'vitest';

export const REPO = path.resolve(__dirname, '../..');
export const ARTIFACTS = path.join(REPO, '.artifacts', 'e2e');
export const E2E_DIR = process.env.GLOSSARY_E2E_DIR ?? '/opt/glossary-e2e';
export const NODE24 = path.join(E2E_DIR, 'node', 'bin', 'node');
export const CODE_SERVER_ENTRY = path.join(E2E_DIR, 'code-server', 'lib', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.GLOSSARY_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const REQUIRE = process.env.GLOSSARY_REQUIRE_REAL_CLIENTS === '1';
export const INSTALL_HINT = 'run `bash .ci/install-vscode.sh` as root to install them (Node 24 + code-server into /opt/glossary-e2e, Debian chromium)';

export function availability(): { ok: boolean; reason?: string } {
  const missing: string[] = [];
  if (!fs.existsSync(NODE24)) missing.push(`Node 24 (${NODE24})`);
  if (!fs.existsSync(CODE_SERVER_ENTRY)) missing.push(`code-server (${CODE_SERVER_ENTRY})`);
  if (!fs.existsSync(CHROMIUM)) missing.push(`Chromium (${CHROMIUM})`);
  return missing.length ? { ok: false, reason: `missing ${missing.join(', ')}` } : { ok: true };
}

/**
 * A suite that drives code-server in Chromium: run when both are installed; without them skipped,
 * saying why, or failed under GLOSSARY_REQUIRE_REAL_CLIENTS=1 (CI).
 */
export function describeWithCodeServer(title: string, body: () => void): void {
  const avail = availability();
  if (avail.ok) {
    describe(`${title} (code-server)`, body);
    return;
  }
  const why = `${avail.reason}; ${INSTALL_HINT}`;
  if (!REQUIRE) {
    console.warn(`[skipped] ${title}: ${why}`);
    describe.skip(`${title} (skipped: ${why})`, () => {
      it('needs code-server and Chromium', () => {});
    });
    return;
  }
  describe(title, () => {
    it('has code-server and Chromium installed (GLOSSARY_REQUIRE_REAL_CLIENTS=1)', () => {
      throw new Error(why);
    });
  });
}

/** Opens a file with Quick Open (Ctrl+P), by a path typed and the row that shows `row`. */
export async function quickOpen(page: Page, typed: string, row: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const quickInput = page.locator('.quick-input-widget input');
  await quickInput.waitFor({ timeout: 20_000 });
  await quickInput.fill(typed);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: row }).first().waitFor({ timeout: 20_000 });
  await sleep(300);
  await page.keyboard.press('Enter');
}

/**
 * Bundle + package the extension into `dir`; returns the .vsix path. Test files that run side by
 * side take turns (both write dist/): a lock folder, taken with mkdir.
 */
export async function buildVsix(dir: string): Promise<string> {
  if (process.env.GLOSSARY_E2E_VSIX) return path.resolve(process.env.GLOSSARY_E2E_VSIX);
  const vsix = path.join(dir, 'glossary-lsp.vsix');
  const lock = path.join(REPO, '.artifacts', 'vsix-build.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 240_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A lock older than any build is left over from a killed run.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 300_000) fs.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`another test has been packaging the extension for 4 minutes (${lock})`, { cause: err });
      else await sleep(500);
    }
  }
  try {
    run(process.execPath, [path.join(REPO, 'scripts/bundle.mjs'), '--minify'], REPO);
    run(process.execPath, [path.join(REPO, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--skip-license', '-o', vsix], REPO);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
  return vsix;
}

function run(cmd: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): string {
  const r = spawnSync(cmd, args, { cwd, env: env ?? process.env, encoding: 'utf8', timeout: 120_000 });
  if (r.error || r.status !== 0) {
    throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (${r.error ?? `exit ${r.status}`}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface Session {
  tmp: string;
  workspace: string;
  port: number;
  codeServer: ChildProcess;
  context: BrowserContext;
  page: Page;
  logFile: string;
  close(): Promise<void>;
}

export const USER_SETTINGS = {
  'files.autoSave': 'off',
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'editor.hover.delay': 300,
  // Auto-closing is timing-dependent in the browser: the completion tests type every character.
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.minimap.enabled': false,
  'git.enabled': false,
};

export interface SessionOptions {
  /** Makes the workspace folder under `tmp` and returns it (default: a scratch copy of examples/content). */
  workspace?: (tmp: string) => string;
  /** Changes to the workspace folder before code-server starts. */
  prepare?: (workspace: string) => void;
  /** User settings added to USER_SETTINGS. */
  settings?: Record<string, unknown>;
  /** Where screenshots and code-server's log go (default ARTIFACTS). */
  artifacts?: string;
}

/** Install the .vsix, start code-server on a scratch copy of examples/content (or `options.workspace`) and open it in Chromium. */
export async function startSession(vsix: string, tmp: string, options: SessionOptions = {}): Promise<Session> {
  const { chromium } = await import('playwright-core');
  const artifacts = options.artifacts ?? ARTIFACTS;
  fs.mkdirSync(artifacts, { recursive: true });
  let workspace: string;
  if (options.workspace) workspace = options.workspace(tmp);
  else {
    workspace = path.join(tmp, 'content');
    fs.cpSync(path.join(REPO, 'examples/content'), workspace, { recursive: true });
  }
  options.prepare?.(workspace);
  const userData = path.join(tmp, 'user-data');
  const extensions = path.join(tmp, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...options.settings }, null, 2));
  const config = path.join(tmp, 'code-server.yaml');
  fs.writeFileSync(config, 'auth: none\ncert: false\n');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.dirname(NODE24)}:${process.env.PATH}`,
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
    XDG_STATE_HOME: path.join(tmp, 'xdg-state'),
    XDG_RUNTIME_DIR: path.join(tmp, 'xdg-runtime'),
    VSCODE_CLI: undefined,
    ELECTRON_RUN_AS_NODE: undefined,
  };
  for (const k of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME', 'XDG_RUNTIME_DIR']) {
    fs.mkdirSync(env[k]!, { recursive: true, mode: 0o700 });
  }
  const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];

  run(NODE24, [CODE_SERVER_ENTRY, ...common, '--install-extension', vsix, '--force'], tmp, env);

  const port = await freePort();
  const logFile = path.join(artifacts, 'code-server.log');
  const log = fs.openSync(logFile, 'w');
  const codeServer = spawn(
    NODE24,
    [
      CODE_SERVER_ENTRY,
      ...common,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-workspace-trust',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      workspace,
    ],
    { cwd: tmp, env, stdio: ['ignore', log, log], detached: true },
  );
  fs.closeSync(log);

  let context: BrowserContext | undefined;
  const close = async () => {
    if (context) {
      const c = context;
      await Promise.race([c.close().catch(() => undefined), sleep(10_000)]);
    }
    await killGroup(codeServer);
  };
  try {
    await waitForHealth(port, codeServer, logFile);
    context = await chromium.launchPersistentContext(path.join(tmp, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1600, height: 1000 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
        `--crash-dumps-dir=${path.join(tmp, 'crash-dumps')}`,
      ],
      env: { ...env, HOME: path.join(tmp, 'home') },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    return { tmp, workspace, port, codeServer, context, page, logFile, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** SIGTERM the process group (code-server, its extension host and our language server), SIGKILL after 5 s. */
async function killGroup(p: ChildProcess): Promise<void> {
  if (p.pid === undefined || p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-p.pid!, sig);
    } catch {
      /* gone */
    }
  };
  signal('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5000).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') signal('SIGKILL');
  // Children that outlived the leader (same group).
  signal('SIGKILL');
}

async function waitForHealth(port: number, p: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (p.exitCode !== null) throw new Error(`code-server exited (${p.exitCode}):\n${fs.readFileSync(logFile, 'utf8')}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await sleep(250);
  }
  throw new Error(`code-server did not answer /healthz on port ${port} within 60 s:\n${fs.readFileSync(logFile, 'utf8')}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function screenshot(page: Page, name: string, artifacts = ARTIFACTS): Promise<string> {
  const file = path.join(artifacts, `${name}.png`);
  await page.screenshot({ path: file }).catch(() => undefined);
  return file;
}

export * from './screen';

/** Runs a command from the command palette (F1), by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
  await sleep(200);
  await page.keyboard.press('Enter');
}

/** Poll `fn` until it returns a truthy value; throws with `what` (and the last value) on timeout. */
export async function until<T>(what: string, fn: () => Promise<T>, timeoutMs = 20_000, everyMs = 250): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await fn();
    if (last) return last as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await sleep(everyMs);
  }
}

/**
 * One code-server session at a time across test files (vitest runs files side by side): two would
 * share the bundle being written into dist/ and halve each other's CPU on a small machine. A lock
 * folder with the holder's pid; a holder that died is replaced. Resolves with the release.
 */
export async function e2eLock(timeoutMs = 600_000): Promise<() => void> {
  const lock = path.join(REPO, '.artifacts', 'e2e.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      return () => fs.rmSync(lock, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder = NaN;
    try {
      holder = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8').trim());
    } catch {
      // Being made or removed right now.
    }
    let alive = true;
    if (Number.isInteger(holder) && holder > 0) {
      try {
        process.kill(holder, 0);
      } catch {
        alive = false;
      }
    }
    // A dead holder's lock is taken over.
    if (!alive) fs.rmSync(lock, { recursive: true, force: true });
    if (Date.now() > deadline) throw new Error(`another end-to-end session held ${lock} for ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

export function mkTmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-e2e-'));
}

/** Pids of the language servers started from the extension installed under `tmp` (read from /proc). */
export function serverPids(tmp: string): number[] {
  const needle = path.join(tmp, 'extensions');
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const args = cmdline.split('\0');
    if (args.some((a) => a.startsWith(needle) && a.endsWith(path.join('dist', 'server.js')))) pids.push(Number(entry));
  }
  return pids;
}
