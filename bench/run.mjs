#!/usr/bin/env node
/**
 * `npm run bench`: indexing, checking and the language server's latencies on the real MDN corpus
 * (../shared/corpus: en-us + vi), with the figures we hold ourselves to, and the language server
 * behind VS Code's Markdown support (vscode-markdown-languageserver) side by side.
 *
 *   node bench/run.mjs [--json] [--only 2,3,...] [--skip 9]
 *
 * Environment:
 *   BENCH_CORPUS_DIR   an unpacked corpus (holding files/en-us and files/vi): used as is, kept
 *   BENCH_REPS         repetitions of the in-process and check timings (default 3)
 *   BENCH_MD_SAMPLE    pages in the fixed sample of section 9 (default 1000)
 *   BENCH_MD_ALL=0     section 9 on the sample only, even when every page would fit in its budget
 *   BENCH_MD_SERVER_DIR where section 9 installs vscode-markdown-languageserver (default ~/.cache/glossary-lsp-bench/…)
 *   BENCH_CPU_PROF     a folder: every server / check / child process writes a --cpu-prof there
 *   BENCH_BUDGET_SCALE multiplies every section's time budget (e.g. 0.01 to see the time-outs work)
 *   BENCH_TRANSLATION_COMMITS, BENCH_TRANSLATION_PAGES  size of section 12's synthetic history (20000, 15000)
 *
 * Plain Node ESM, no build: it runs after `npm run build` and loads the built server modules from
 * server/out. Cold measurements run in fresh child processes (this file with --child TASK, the
 * tasks of lib/tasks.mjs). Each section is bounded in time; a failing section prints its error and
 * the bench goes on. Progress goes to stderr; the report to stdout (with --json, one JSON object
 * instead).
 *
 * This file is the runner. Each section is a module of sections/ ({ id, title, budgetMs, run });
 * lib/harness.mjs holds the report, the section runner, statistics and timed processes;
 * lib/corpus.mjs the corpus and where to ask in a page; lib/glossaryServer.mjs the servers, driven
 * through the protocol tests' client (tests/helpers/lspClient.mjs).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { json, killAll, now, printTable, report, RESULT_MARK, say, section, seconds, SERVER, targets } from './lib/harness.mjs';
import { buildStamp, corpusFacts, machine, prepareCorpus } from './lib/corpus.mjs';
/** In order; loaded by the runner only, so that child processes load none of them. */
const SECTIONS = ['indexing', 'coldStart', 'latency', 'diagnostics', 'check', 'memory', 'fileChange', 'markdownServer', 'coverage', 'mentions', 'translations'];

const benchStarted = now();

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-bench-'));
  let corpus;
  const cleanup = () => {
    killAll();
    fs.rmSync(work, { recursive: true, force: true });
    if (corpus && !corpus.reused) fs.rmSync(corpus.dir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      cleanup();
      process.exit(130);
    });
  }
  try {
    const m = (report.machine = machine());
    say(`# Glossary LSP bench — ${new Date().toISOString()}`);
    say(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, node ${m.node}, ${m.os}; load average ${m.loadAverage.join(' ')}`);
    say(`tree: ${m.commit} (${m.uncommittedServerFiles} uncommitted files under server/); measuring the build in server/out`);
    if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} is missing: run npm run build first`);
    report.buildStamp = buildStamp();

    corpus = prepareCorpus();
    const facts = corpusFacts(corpus.dir);
    const filesDir = facts.filesDir;
    report.corpus = {
      dir: corpus.dir,
      reused: corpus.reused,
      unpackMs: Math.round(corpus.unpackMs),
      pages: { 'en-us': facts.en.length, vi: facts.pages.length - facts.en.length },
      megabytes: Number((facts.pages.reduce((sum, page) => sum + page.bytes, 0) / 2 ** 20).toFixed(1)),
      largestEnUs: { file: path.relative(corpus.dir, facts.largest.file), bytes: facts.largest.bytes },
    };
    say('\n## 1. Corpus');
    say(
      `  ${corpus.reused ? `reused ${corpus.dir}` : `unpacked to ${corpus.dir} in ${seconds(corpus.unpackMs)}`}; ` +
        `${facts.en.length} en-us + ${facts.pages.length - facts.en.length} vi pages, ${report.corpus.megabytes} MB; largest en-us page ${report.corpus.largestEnUs.file} (${(facts.largest.bytes / 1024).toFixed(0)} KB)`,
    );
    // Caches written by the servers of section 3, reused by later sections.
    const serverCache = path.join(work, 'server-cache');
    const ctx = { corpusDir: corpus.dir, filesDir, facts, work, serverCache };

    for (const name of SECTIONS) await section((await import(`./sections/${name}.mjs`)).default, ctx);
  } catch (error) {
    say(`FAILED: ${error?.stack ?? error}`);
    report.errors.setup = String(error?.message ?? error);
  } finally {
    cleanup();
  }

  report.table = targets;
  report.totalSeconds = Math.round((now() - benchStarted) / 1000);
  report.loadAverageAtEnd = os.loadavg().map((value) => Number(value.toFixed(2)));
  say('\n## Summary');
  printTable();
  say(`(bench took ${report.totalSeconds} s; load average at the end ${report.loadAverageAtEnd.join(' ')} on ${report.machine?.cores ?? os.cpus().length} cores)`);
  const stampAtEnd = buildStamp();
  if (report.buildStamp && stampAtEnd !== report.buildStamp) {
    report.rebuiltDuringRun = stampAtEnd;
    say(`WARNING: server/out was rebuilt during the run (newest file ${report.buildStamp} → ${stampAtEnd}): later sections measured other code`);
  }
  if (json) process.stdout.write(JSON.stringify(report) + '\n');
}

if (process.argv[2] === '--child') {
  const [task, params] = process.argv.slice(3);
  try {
    const { CHILD_TASKS } = await import('./lib/tasks.mjs');
    const result = await CHILD_TASKS[task](JSON.parse(params ?? '{}'));
    process.stdout.write(`\n${RESULT_MARK}${JSON.stringify(result)}\n`);
    process.exitCode = 0;
  } catch (error) {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exitCode = 1;
  }
} else {
  await main();
}
