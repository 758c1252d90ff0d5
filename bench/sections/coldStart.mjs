// Section 3: glossary-lsp --stdio started the way real clients start it, to the first answered completion; latency while references are scanned.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { alive, mb, ms, now, pct, poll, progress, report, row, say, sleep, stats } from '../lib/harness.mjs';
import { glossaryCompletionPoint, itemsOf, lineIndex, readPage, requestMix } from '../lib/corpus.mjs';
import { INDEXED, REFERENCES_READY, startGlossary } from '../lib/glossaryServer.mjs';

async function coldStart(ctx) {
  const page = ctx.facts.largest;
  const point = glossaryCompletionPoint(readPage(page.file));
  const position = lineIndex(point.text).positionAt(point.offset);
  // A translator's second page, open too: the Vietnamese page with the most glossary macros.
  const viPage = ctx.facts.latencyPages.find((candidate) => candidate.locale === 'vi');
  const viText = readPage(viPage.file);
  // English named in the settings as well as by the workspace folder: the same root, one build.
  const settings = { contentRoots: [ctx.corpusDir], macros: { glossary: [] }, severity: {}, validate: { onType: true }, logLevel: 'info' };
  fs.rmSync(ctx.serverCache, { recursive: true, force: true });
  const runs = {};
  for (const [label, cacheState] of [
    ['no cache', 'empty'],
    ['warm cache', 'written by the first run'],
  ]) {
    alive();
    progress(
      `server cold start, ${label}: initialize; initialized + didChangeConfiguration + 2 × didOpen at once; completion until answered, then completion and hover through the reference scan`,
    );
    const spawnedWall = Date.now();
    const client = await startGlossary({
      corpusDir: ctx.corpusDir,
      cacheDir: ctx.serverCache,
      pull: true,
      name: `coldstart-${label.replace(' ', '-')}`,
      settings,
      open: [
        { file: page.file, text: point.text },
        { file: viPage.file, text: viText },
      ],
    });
    try {
      const [doc, viDoc] = client.docs;
      let firstMs;
      let firstCpuMs;
      let attempts = 0;
      let items = 0;
      for (;;) {
        alive();
        attempts++;
        const result = await client.request('textDocument/completion', { textDocument: { uri: doc.uri }, position }, 300_000);
        items = itemsOf(result).length;
        if (items) {
          firstMs = now() - client.spawnedAt;
          firstCpuMs = client.cpuMs();
          break;
        }
        await sleep(10);
      }
      // From the first completion on: completion and hover, alternately, a few ms apart, while the
      // references are scanned and for two seconds after.
      const { completions, hovers } = requestMix([
        { doc, text: point.text },
        { doc: viDoc, text: viText },
      ]);
      const samples = [];
      let readyAt;
      const windowStarted = now();
      for (let i = 0; ; i++) {
        alive();
        if (readyAt === undefined && client.logs.some((log) => REFERENCES_READY.test(log.message))) readyAt = now();
        if ((readyAt !== undefined && now() - readyAt > 2000) || now() - windowStarted > 180_000) break;
        const [method, target, at] = i % 2 ? hovers[(i >> 1) % hovers.length] : completions[(i >> 1) % completions.length];
        const { ms: took } = await client.timed(method, { textDocument: { uri: target.uri }, position: at }, 60_000);
        samples.push({ method, ms: took, scanning: readyAt === undefined });
        await sleep(5);
      }
      const during = (method) => stats(samples.filter((sample) => sample.scanning && sample.method === method).map((sample) => sample.ms));
      const after = (method) => stats(samples.filter((sample) => !sample.scanning && sample.method === method).map((sample) => sample.ms));
      const indexed = await client.waitForLog(INDEXED, 300_000);
      const references = await client.waitForLog(REFERENCES_READY, 300_000);
      const builds = client.logs.filter((log) => /build \d+: indexing/.test(log.message)).length;
      const cacheFile = await poll(
        () =>
          fs.existsSync(ctx.serverCache) &&
          fs.readdirSync(ctx.serverCache).find((name) => /^index-.*\.json$/.test(name) && fs.statSync(path.join(ctx.serverCache, name)).mtimeMs >= spawnedWall),
        300_000,
        'the index cache file',
      );
      const cacheWrittenMs = Date.now() - spawnedWall;
      await sleep(500);
      const memory = client.memory();
      runs[label] = {
        cache: cacheState,
        initializeMs: client.initializedAt,
        firstCompletionMs: firstMs,
        firstCompletionCpuMs: firstCpuMs,
        attempts,
        items,
        builds,
        serverIndexedMs: Number(indexed.match[2]),
        indexedAtMs: indexed.at,
        pages: Number(indexed.match[1]),
        referencesReadyAtMs: references.at,
        scanWindowMs: readyAt === undefined ? undefined : readyAt - windowStarted,
        duringScan: { completion: during('textDocument/completion'), hover: during('textDocument/hover') },
        afterScan: { completion: after('textDocument/completion'), hover: after('textDocument/hover') },
        cacheWrittenAtMs: cacheWrittenMs,
        cacheFile,
        rssKB: memory.rssKB,
        hwmKB: memory.hwmKB,
      };
    } finally {
      await client.stop();
    }
  }
  report.sections.coldStart = { page: path.relative(ctx.corpusDir, page.file), viPage: path.relative(ctx.corpusDir, viPage.file), position, runs };
  const floor = ctx.floorMs;
  const ratio = (value) => (floor ? ` = ${(value / floor).toFixed(2)}× floor` : '');
  say(
    `  pages ${path.relative(ctx.corpusDir, page.file)} (completion at ${position.line + 1}:${position.character + 1}) and ${path.relative(ctx.corpusDir, viPage.file)}; times from spawn`,
  );
  for (const [label, r] of Object.entries(runs)) {
    say(
      `  ${label.padEnd(10)}: first completion with items ${ms(r.firstCompletionMs)}${ratio(r.firstCompletionMs)} [server cpu ${ms(r.firstCompletionCpuMs)}] (${r.items} items, ${r.attempts} request(s)); ` +
        `initialize ${ms(r.initializeMs)}; ${r.builds} build(s); server says indexed ${r.pages} pages in ${ms(r.serverIndexedMs)}; references ready at ${ms(r.referencesReadyAtMs)}; cache on disk at ${ms(r.cacheWrittenAtMs)}; RSS ${mb(r.rssKB)}, VmHWM ${mb(r.hwmKB)}`,
    );
    const line = (what, s) => (s.n ? `${what} ${pct(s)}` : `${what} (none)`);
    say(
      `    while references were scanned (${r.scanWindowMs === undefined ? 'not seen' : ms(r.scanWindowMs)} from the 1st completion): ${line('completion', r.duringScan.completion)}; ${line('hover', r.duringScan.hover)}`,
    );
    say(`    in the 2 s after: ${line('completion', r.afterScan.completion)}; ${line('hover', r.afterScan.hover)}`);
  }
  const cold = runs['no cache'];
  const warm = runs['warm cache'];
  row(
    'server start → 1st completion, warm cache (real start sequence)',
    `${ms(warm.firstCompletionMs)}${ratio(warm.firstCompletionMs)} (server cpu ${ms(warm.firstCompletionCpuMs)})`,
    '≤ 2× floor',
    floor ? warm.firstCompletionMs <= 2 * floor : undefined,
  );
  row(
    'server start → 1st completion, no cache (real start sequence)',
    `${ms(cold.firstCompletionMs)}${ratio(cold.firstCompletionMs)} (server cpu ${ms(cold.firstCompletionCpuMs)})`,
    '≤ 2× floor',
    floor ? cold.firstCompletionMs <= 2 * floor : undefined,
  );
  row('builds at start (realistic sequence, both runs)', `${cold.builds} and ${warm.builds}`, '1 each', cold.builds === 1 && warm.builds === 1);
  const p95 = (s) => (s.n ? s.p95 : NaN);
  row(
    'completion p95 during the reference scan (no cache)',
    `${ms(p95(cold.duringScan.completion))} (n=${cold.duringScan.completion.n})`,
    '≤ 5 ms',
    cold.duringScan.completion.n > 0 && cold.duringScan.completion.p95 <= 5,
  );
  row(
    'hover p95 during the reference scan (no cache)',
    `${ms(p95(cold.duringScan.hover))} (n=${cold.duringScan.hover.n})`,
    '≤ 5 ms',
    cold.duringScan.hover.n > 0 && cold.duringScan.hover.p95 <= 5,
  );
  row(
    'server peak RSS (VmHWM) from start through the scan, en-us+vi',
    `${mb(cold.hwmKB)} (no cache) / ${mb(warm.hwmKB)} (warm)`,
    '≤ 250 MB',
    Math.max(cold.hwmKB, warm.hwmKB) <= 250 * 1024,
  );
}

export default { id: 3, title: 'Server cold start to first answered completion', budgetMs: 600_000, run: coldStart };
