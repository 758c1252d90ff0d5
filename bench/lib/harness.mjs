/**
 * What every bench section shares: the paths and options, the report and its table rows, the
 * section runner (time budget, abort, children killed), statistics and formatting, and the
 * processes the bench times (child tasks, commands) with their CPU and memory from /proc.
 */
import { createRequire } from 'node:module';
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

export const BENCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = path.resolve(BENCH, '..');
export const OUT = path.join(REPO, 'server', 'out');
export const SERVER = path.join(OUT, 'bin', 'glossary-lsp.js');
export const requireFromRepo = createRequire(path.join(REPO, 'package.json'));
export const requireFromOut = createRequire(path.join(OUT, 'bench.js'));
/** The runner; `run.mjs --child TASK PARAMS` runs a task of lib/tasks.mjs in a fresh process. */
const RUNNER = path.join(BENCH, 'run.mjs');
export const RESULT_MARK = '@@BENCH_RESULT@@';
const CPU_AT_EXIT = path.join(BENCH, 'cpu-at-exit.cjs');

export const REPS = Math.max(1, Number(process.env.BENCH_REPS) || 3);

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const now = () => performance.now();

/** CPU time (user + system) since a process.cpuUsage() reading, in ms. */
export function cpuSince(start) {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

// ————————————————————————————————————————— statistics and formatting ——————————————————————————————

export function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    min: sorted[0] ?? NaN,
    p50: pick(50),
    p95: pick(95),
    p99: pick(99),
    max: sorted[sorted.length - 1] ?? NaN,
    mean: sorted.length ? sum / sorted.length : NaN,
  };
}

export const median = (values) => stats(values).p50;
export const ms = (value, digits = value < 10 ? 2 : value < 100 ? 1 : 0) => (Number.isFinite(value) ? `${value.toFixed(digits)} ms` : 'n/a');
export const seconds = (value) => (Number.isFinite(value) ? `${(value / 1000).toFixed(2)} s` : 'n/a');
export const mb = (kb) => (Number.isFinite(kb) ? `${(kb / 1024).toFixed(0)} MB` : 'n/a');
export const spread = (values, format) => (values.length > 1 ? ` (${format(Math.min(...values))}–${format(Math.max(...values))} over ${values.length})` : '');
export const pct = (s) => `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}, max ${ms(s.max)} (n=${s.n})`;

// ————————————————————————————————————————— options and the report ——————————————————————————————————

export const json = process.argv.includes('--json');
const listArg = (name) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? new Set(process.argv[at + 1].split(',').map((s) => s.trim())) : undefined;
};
const only = listArg('--only');
const skip = listArg('--skip') ?? new Set();

/** The report: stdout, or stderr with --json (stdout then holds only the JSON). */
export function say(line = '') {
  (json ? process.stderr : process.stdout).write(line + '\n');
}
export function progress(line) {
  process.stderr.write(`  … ${line}\n`);
}

export const report = { machine: undefined, corpus: {}, sections: {}, errors: {}, table: [] };
export const targets = [];
/** A row of the final table. */
export function row(measurement, figure, target, met) {
  targets.push({ measurement, figure, target: target ?? '—', status: typeof met === 'string' ? met : met === undefined ? '—' : met ? 'met' : 'MISSED' });
}

/** The summary table, as the bench prints it at the end. */
export function printTable() {
  const widths = [
    Math.max(11, ...targets.map((t) => t.measurement.length)),
    Math.max(6, ...targets.map((t) => t.figure.length)),
    Math.max(6, ...targets.map((t) => t.target.length)),
  ];
  say(`${'measurement'.padEnd(widths[0])}  ${'figure'.padEnd(widths[1])}  ${'target'.padEnd(widths[2])}  result`);
  say(`${'-'.repeat(widths[0])}  ${'-'.repeat(widths[1])}  ${'-'.repeat(widths[2])}  ------`);
  for (const t of targets) say(`${t.measurement.padEnd(widths[0])}  ${t.figure.padEnd(widths[1])}  ${t.target.padEnd(widths[2])}  ${t.status}`);
}

// ————————————————————————————————————————— sections and their children ————————————————————————————

/** Children alive now: killed when their section fails or runs out of time. */
export const live = new Set();
let abortState = { aborted: false };
/** Throws once the running section has failed or timed out: long loops call it between steps. */
export function alive() {
  if (abortState.aborted) throw new Error('section aborted');
}
export function kill(child) {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
export function killAll() {
  for (const child of [...live]) kill(child);
}

/** Thrown by a section that cannot run here (e.g. a tool it needs cannot be installed): not a failure. */
export class SkipSection extends Error {}

/** Run one section ({ id, title, budgetMs, run }) unless --only / --skip leave it out. */
export async function section({ id, title, budgetMs, run }, ctx) {
  if ((only && !only.has(String(id))) || skip.has(String(id))) return;
  say(
    `\n## ${id}. ${title}  [load average ${os
      .loadavg()
      .map((v) => v.toFixed(1))
      .join(' ')}]`,
  );
  const started = now();
  budgetMs *= Number(process.env.BENCH_BUDGET_SCALE) || 1;
  abortState = { aborted: false };
  const state = abortState;
  let timer;
  try {
    await Promise.race([
      run(ctx),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`section timed out after ${budgetMs / 1000} s`)), budgetMs);
      }),
    ]);
  } catch (error) {
    const skipped = error instanceof SkipSection;
    say(`  ${skipped ? 'SKIPPED' : 'FAILED'}: ${error?.message ?? error}`);
    report.errors[id] = String(error?.message ?? error);
    row(`${id}. ${title}`, skipped ? 'skipped (see above)' : 'failed (see above)', undefined, skipped ? 'skipped' : 'FAILED');
  } finally {
    clearTimeout(timer);
    state.aborted = true;
    killAll();
  }
  say(`  (section took ${((now() - started) / 1000).toFixed(1)} s)`);
}

export function cpuProfArgs(name) {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir)}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`] : [];
}

/** Spawn `node args`, tracked in `live`, keeping the last 4,000 characters of stderr; `done` on exit. */
function spawnTracked(args, { timeoutMs, name, env }, done) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  live.add(child);
  const out = [];
  const tail = { err: '' };
  child.stdout.on('data', (chunk) => out.push(chunk));
  child.stderr.on('data', (chunk) => (tail.err = (tail.err + chunk).slice(-4000)));
  const timer = setTimeout(() => {
    kill(child);
    done.timedOut(new Error(`${name} timed out after ${timeoutMs / 1000} s`));
  }, timeoutMs);
  child.on('exit', (code, signal) => {
    live.delete(child);
    clearTimeout(timer);
    done.exited(code, signal, Buffer.concat(out).toString('utf8'), tail.err);
  });
}

/** Run a tasks.mjs entry in a fresh process; resolves with what it returns. */
export function runChild(task, params, timeoutMs = 180_000) {
  return new Promise((resolve, reject) => {
    const args = [...cpuProfArgs(task), '--expose-gc', RUNNER, '--child', task, JSON.stringify(params)];
    spawnTracked(
      args,
      { timeoutMs, name: `child ${task}` },
      {
        timedOut: reject,
        exited(code, signal, out, err) {
          const line = out.split('\n').find((l) => l.startsWith(RESULT_MARK));
          if (code === 0 && line) resolve(JSON.parse(line.slice(RESULT_MARK.length)));
          else reject(new Error(`child ${task} exited with ${code ?? signal}: ${err.trim().split('\n').slice(-6).join(' | ')}`));
        },
      },
    );
  });
}

/** Run a command; resolves with its wall time (from spawn to exit), stdout and exit code. */
export function runTimed(args, { timeoutMs = 120_000, name = 'cmd', env } = {}) {
  return new Promise((resolve, reject) => {
    const started = now();
    spawnTracked(
      [...cpuProfArgs(name), '--require', CPU_AT_EXIT, ...args],
      { timeoutMs, name, env: { ...process.env, ...env } },
      {
        timedOut: reject,
        exited(code, signal, stdout, err) {
          const wallMs = now() - started;
          const usage = /@@BENCH_CPU@@(.*)/.exec(err);
          const cpu = usage ? JSON.parse(usage[1]) : {};
          if (code === null) reject(new Error(`${name} killed by ${signal}: ${err.slice(-500)}`));
          else resolve({ wallMs, code, stdout, stderr: err.replace(/\n?@@BENCH_CPU@@.*\n?/, ''), cpuMs: cpu.userMs + cpu.systemMs, maxRssKB: cpu.maxRssKB });
        },
      },
    );
  });
}

// ————————————————————————————————————————— /proc ————————————————————————————————————————————————

/** VmHWM / VmRSS of a process, in kB. */
export function procMemory(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { hwmKB: field('VmHWM'), rssKB: field('VmRSS') };
  } catch {
    return { hwmKB: NaN, rssKB: NaN };
  }
}

let ticksPerSecond;
/** Clock ticks per second (getconf CLK_TCK), the unit of /proc/<pid>/stat's CPU times. */
export function clockTicks() {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}
clockTicks(); // now, not in the middle of a measurement

/** Fields of /proc/<pid>/stat after the command name (so field 3, the state, is at 0); undefined elsewhere. */
function procStat(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a process has used so far, in ms (clock ticks of 10 ms). */
export function procCpuMs(pid) {
  const fields = procStat(pid);
  return fields ? (Number(fields[14 - 3]) + Number(fields[15 - 3])) * (1000 / clockTicks()) : NaN;
}

/** CPU time (user + system) of this process's finished children (e.g. git), in ms; NaN without /proc. */
export function childrenCpuMs() {
  const fields = procStat('self');
  return fields ? ((Number(fields[16 - 3]) + Number(fields[17 - 3])) * 1000) / clockTicks() : NaN;
}

export async function poll(check, timeoutMs, what, every = 50) {
  const deadline = now() + timeoutMs;
  for (;;) {
    alive();
    const value = check();
    if (value) return value;
    if (now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(every);
  }
}
