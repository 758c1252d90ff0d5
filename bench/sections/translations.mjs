// Section 12: translation status of a whole locale against a synthetic English history (lib/syntheticHistory.mjs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { median, ms, now, progress, REPS, report, row, runChild, runTimed, say, seconds, spread, SERVER } from '../lib/harness.mjs';
import { INDEXED, startGlossary, TRANSLATION_STATUS_KNOWN } from '../lib/glossaryServer.mjs';
import { generateSyntheticHistory } from '../lib/syntheticHistory.mjs';

/**
 * The status of every page of a locale against English history: a synthetic history of realistic
 * size (BENCH_TRANSLATION_COMMITS, default 20,000, over BENCH_TRANSLATION_PAGES, default 15,000
 * English pages) made with git fast-import, a locale of ~15,000 pages, each in a fresh process:
 * index (front matter), then the English history read in batch and every page's status.
 */
async function translationStatusOfLocale(ctx) {
  const commits = Number(process.env.BENCH_TRANSLATION_COMMITS) || 20_000;
  const pages = Number(process.env.BENCH_TRANSLATION_PAGES) || 15_000;
  progress(`generating a synthetic English history: ${commits} commits over ${pages} pages (git fast-import), and a locale`);
  const started = now();
  const synthetic = await generateSyntheticHistory(path.join(ctx.work, 'translations'), { commits, pages });
  const generateMs = now() - started;
  const params = { englishFiles: synthetic.englishFiles, localeFiles: synthetic.localeFiles, locale: synthetic.locale, env: synthetic.env };
  progress('warm-up run (OS cache of the pages and of git objects)');
  await runChild('translations', params);
  // Interleaved: after the index (everything sequential), and the server's way (the repository
  // and its commit graph read while indexing).
  const runs = [];
  const overlapped = [];
  for (let rep = 0; rep < REPS; rep++) {
    progress(`repetition ${rep + 1}/${REPS}: index, then the status of the locale; the same with git started while indexing`);
    runs.push(await runChild('translations', params));
    overlapped.push(await runChild('translations', { ...params, overlap: true, advance: rep === REPS - 1 }));
  }
  // The language server itself: its history read started with the build (overlapped), then the
  // locale's source commits once the index is ready; cold (no history kept on disk), then a second
  // start at the same HEAD (the history kept on disk by the first).
  const serverRuns = { cold: [], cached: [] };
  const serverCache = path.join(ctx.work, 'translations-server-cache');
  const serverStart = async (kind) => {
    const client = await startGlossary({
      corpusDir: path.dirname(synthetic.localeFiles),
      cacheDir: serverCache,
      name: `translations-server-${kind}`,
      settings: { contentRoots: [synthetic.repo], logLevel: 'debug' },
      env: synthetic.env,
    });
    try {
      const indexed = await client.waitForLog(INDEXED, 300_000);
      const known = await client.waitForLog(TRANSLATION_STATUS_KNOWN, 300_000);
      const steps = {};
      for (const log of client.logs) {
        const step = /English history: (.+) in (\d+) ms/.exec(log.message);
        if (step) steps[step[1]] = (steps[step[1]] ?? 0) + Number(step[2]);
      }
      serverRuns[kind].push({ indexMs: Number(indexed.match[2]), beyondIndexMs: Number(known.match[2]), steps });
    } finally {
      await client.stop();
    }
  };
  for (let rep = 0; rep < REPS; rep++) {
    progress(`the language server, repetition ${rep + 1}/${REPS}: cold history, then a second start with the history kept on disk`);
    for (const file of fs.existsSync(serverCache) ? fs.readdirSync(serverCache) : []) if (file.startsWith('english-history-')) fs.rmSync(path.join(serverCache, file));
    await serverStart('cold');
    await serverStart('cached');
  }
  progress('glossary-lsp translations --format json (the whole command)');
  const cli = [];
  for (let rep = 0; rep < REPS; rep++) {
    const result = await runTimed(
      [SERVER, 'translations', '--root', synthetic.repo, '--root', path.dirname(synthetic.localeFiles), '--format', 'json', '--output', path.join(ctx.work, 'translations.json')],
      { env: synthetic.env, name: 'translations' },
    );
    if (result.code !== 0) throw new Error(`glossary-lsp translations exited with ${result.code}: ${result.stderr.slice(-300)}`);
    cli.push(result.wallMs);
  }
  const status = median(runs.map((r) => r.statusMs));
  const statusOverlapped = median(overlapped.map((r) => r.statusMs));
  const index = median(runs.map((r) => r.indexMs));
  const steps = Object.fromEntries(Object.keys(runs[0].steps).map((step) => [step, median(runs.map((r) => r.steps[step] ?? 0))]));
  const advanced = overlapped[overlapped.length - 1].advanceMs;
  report.sections.translations = { synthetic: { ...synthetic, env: undefined, generateMs }, runs, overlapped, server: serverRuns, cliMs: cli };
  const serverCold = median(serverRuns.cold.map((r) => r.beyondIndexMs));
  const serverCached = median(serverRuns.cached.map((r) => r.beyondIndexMs));
  say(
    `  history: ${synthetic.commits} commits (${synthetic.renames} pages renamed, ${synthetic.moves} folder moves, ${synthetic.outside} outside files/en-us) over ${synthetic.pages} English pages; ${synthetic.translated} ${synthetic.locale} pages, ${synthetic.distinctSourceCommits} distinct source commits; generated in ${seconds(generateMs)}`,
  );
  say(`  medians of ${REPS} fresh processes (min–max):`);
  say(
    `  index en-us + ${synthetic.locale} (front matter)                       ${ms(index).padStart(9)}${spread(
      runs.map((r) => r.indexMs),
      ms,
    )}`,
  );
  say(
    `  status of all ${runs[0].pages} ${synthetic.locale} pages, beyond indexing          ${ms(status).padStart(9)} [cpu: node ${ms(median(runs.map((r) => r.statusCpuMs)))}, git ${ms(median(runs.map((r) => r.gitCpuMs)))}]${spread(
      runs.map((r) => r.statusMs),
      ms,
    )}`,
  );
  say(
    `    git steps: ${Object.entries(steps)
      .map(([step, value]) => `${step} ${ms(value)}`)
      .join(', ')} (${runs[0].gitRuns} git commands; graph and cat-file side by side)`,
  );
  say(
    `    then every page's status: ${ms(status - median(runs.map((r) => r.historyMs)))}; the same values asked again ${ms(median(runs.map((r) => r.againMs)))}, refresh with HEAD unmoved ${ms(median(runs.map((r) => r.refreshMs)))}`,
  );
  say(
    `    statuses: ${Object.entries(runs[0].counts)
      .map(([name, count]) => `${count} ${name}`)
      .join(', ')}; outdated pages are ${runs[0].meanBehind.toFixed(1)} commits behind on average`,
  );
  say(
    `  the same, repository and commit graph read while indexing (the server's way) ${ms(statusOverlapped).padStart(9)}${spread(
      overlapped.map((r) => r.statusMs),
      ms,
    )}; index then ${ms(median(overlapped.map((r) => r.indexMs)))}`,
  );
  say(`  refresh after HEAD moved forward by one commit (a pull): ${ms(advanced)}`);
  say(`  the language server (history read from the build's start, status of every page when the index is ready + …):`);
  say(
    `    first start, nothing kept on disk                                ${ms(serverCold).padStart(9)}${spread(
      serverRuns.cold.map((r) => r.beyondIndexMs),
      ms,
    )}; index ${ms(median(serverRuns.cold.map((r) => r.indexMs)))}`,
  );
  say(
    `      git steps (whole start): ${Object.entries(serverRuns.cold[0].steps)
      .map(([step, value]) => `${step} ${ms(value)}`)
      .join(', ')}`,
  );
  say(
    `    second start at the same HEAD (history kept on disk by HEAD)   ${ms(serverCached).padStart(9)}${spread(
      serverRuns.cached.map((r) => r.beyondIndexMs),
      ms,
    )}; index ${ms(median(serverRuns.cached.map((r) => r.indexMs)))}`,
  );
  say(
    `      steps: ${Object.entries(serverRuns.cached[0].steps)
      .map(([step, value]) => `${step} ${ms(value)}`)
      .join(', ')}`,
  );
  say(`  glossary-lsp translations --format json, whole command (spawn, index, history, report): ${seconds(median(cli))}${spread(cli, seconds)}`);
  row(
    `translation status, ${runs[0].pages} pages / ${synthetic.commits} commits, beyond indexing`,
    `${ms(status)} (git started while indexing: ${ms(statusOverlapped)})`,
    '≤ 2 s',
    Math.min(status, statusOverlapped) <= 2000,
  );
  row(
    `translation status in the server, beyond indexing: first start / second start (history on disk)`,
    `${ms(serverCold)} / ${ms(serverCached)}`,
    '≤ 2 s',
    `first ${serverCold <= 2000 ? 'met' : 'MISSED'}, second ${serverCached <= 2000 ? 'met' : 'MISSED'}`,
  );
  row('translation status refresh, HEAD one commit forward', ms(advanced));
  row('glossary-lsp translations (whole command)', seconds(median(cli)));
}

// ————————————————————————————————————————— entry ——————————————————————————————————————————————

export default { id: 12, title: 'Translation status of a whole locale (synthetic git history)', budgetMs: 900_000, run: translationStatusOfLocale };
