/**
 * vscode-markdown-languageserver, the server behind VS Code's Markdown support, for section 9. It
 * is not a dependency of the project (it asks for Node ≥ 22 while we promise Node 20, and `npm ci`
 * would warn every user about it): the bench installs it on first use into a cache folder
 * (BENCH_MD_SERVER_DIR, else $XDG_CACHE_HOME or ~/.cache, /glossary-lsp-bench/…) with npm.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { progress, SkipSection } from './harness.mjs';

export const MD_SERVER_PACKAGE = 'vscode-markdown-languageserver';
export const MD_SERVER_VERSION = '0.5.0';

function cacheDir() {
  if (process.env.BENCH_MD_SERVER_DIR) return path.resolve(process.env.BENCH_MD_SERVER_DIR);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'glossary-lsp-bench', `${MD_SERVER_PACKAGE}-${MD_SERVER_VERSION}`);
}

/** npm as `npm run bench` runs it (npm_execpath), else the one on PATH. */
function npmCommand() {
  const cli = process.env.npm_execpath;
  return cli && /npm-cli\.c?js$/.test(cli) ? [process.execPath, [cli]] : [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];
}

function run(command, args, cwd) {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => (output = (output + chunk).slice(-2000)));
    child.stderr.on('data', (chunk) => (output = (output + chunk).slice(-2000)));
    child.on('error', (error) => resolve({ code: -1, output: String(error.message) }));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/**
 * The path of the server's entry (dist/node/workerMain.js), installed if need be. Throws
 * SkipSection, saying why, when it is not there and npm cannot install it (offline, no npm).
 */
export async function installMarkdownServer() {
  const dir = cacheDir();
  const entry = path.join(dir, 'node_modules', MD_SERVER_PACKAGE, 'dist', 'node', 'workerMain.js');
  if (fs.existsSync(entry)) return entry;
  const spec = `${MD_SERVER_PACKAGE}@${MD_SERVER_VERSION}`;
  progress(`installing ${spec} into ${dir} (once; it is not a dependency of the project)`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, description: 'glossary-lsp bench: the comparison server of section 9' }) + '\n');
  // It declares Node >= 22; it runs on the Node the bench runs on, so the engine check is not asked for.
  const [command, prefix] = npmCommand();
  const args = [...prefix, 'install', '--no-audit', '--no-fund', '--no-save', '--no-package-lock', '--engine-strict=false', '--loglevel=error', spec];
  const { code, output } = await run(command, args, dir);
  if (code !== 0 || !fs.existsSync(entry)) {
    throw new SkipSection(
      `${spec} is not installed and \`npm install\` could not install it into ${dir} (exit ${code}): ${output.trim().split('\n').slice(-3).join(' | ')}. Install it there by hand (npm install --prefix ${dir} ${spec}) or set BENCH_MD_SERVER_DIR to a folder that holds it.`,
    );
  }
  return entry;
}
