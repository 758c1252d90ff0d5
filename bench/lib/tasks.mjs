/**
 * The in-process measurements, each run by the runner in a fresh process (`run.mjs --child TASK
 * PARAMS`, see runChild): the read floor, ContentIndex builds, updateFile, unlinked-mention
 * detection and translation status, on the built server modules in server/out.
 */
import * as fs from 'node:fs';
import { cpuSince, now, requireFromOut, stats } from './harness.mjs';
import { walkPages } from './corpus.mjs';
import { translationStatusChild } from './syntheticHistory.mjs';

function loadServerModules() {
  const started = now();
  const { ContentIndex } = requireFromOut('./content/contentIndex.js');
  const { nodeFileSystem } = requireFromOut('./content/fileSystem.js');
  const { DiskIndexCache } = requireFromOut('./content/indexCache.js');
  return { ContentIndex, nodeFileSystem, DiskIndexCache, requireMs: now() - started };
}

export const CHILD_TASKS = {
  /** Walk files/ and read every index.md (readFileSync, utf8): what any indexer must at least do. */
  floor({ filesDir }) {
    const cpu = process.cpuUsage();
    const started = now();
    const paths = walkPages(filesDir);
    let chars = 0;
    for (const file of paths) chars += fs.readFileSync(file, 'utf8').length;
    return { ms: now() - started, cpuMs: cpuSince(cpu), files: paths.length, chars };
  },

  /** ContentIndex.build the server's way (front matter only), then scanReferences; optionally with / writing a cache. */
  async index({ filesDir, cacheDir, useCache, saveCache }) {
    const { ContentIndex, nodeFileSystem, DiskIndexCache, requireMs } = loadServerModules();
    const cacheErrors = [];
    const cache = cacheDir ? new DiskIndexCache(cacheDir, (message) => cacheErrors.push(message)) : undefined;
    const buildCpu = process.cpuUsage();
    const buildStarted = now();
    const index = await ContentIndex.build(nodeFileSystem, [filesDir], { scan: () => false, cache: useCache ? cache : undefined });
    const buildMs = now() - buildStarted;
    const buildCpuMs = cpuSince(buildCpu);
    const scanCpu = process.cpuUsage();
    const scanStarted = now();
    await index.scanReferences();
    const scanMs = now() - scanStarted;
    const scanCpuMs = cpuSince(scanCpu);
    // What the index keeps: heap after a full collection (the child runs with --expose-gc).
    globalThis.gc?.();
    const retained = process.memoryUsage();
    let saveMs;
    if (saveCache && cache) {
      const saveStarted = now();
      await index.saveCache(cache);
      saveMs = now() - saveStarted;
    }
    return {
      requireMs,
      buildMs,
      buildCpuMs,
      scanMs,
      scanCpuMs,
      saveMs,
      pages: index.pageCount,
      locales: index.locales(),
      referencesComplete: index.referencesComplete,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      retainedHeapMB: retained.heapUsed / 2 ** 20,
      retainedRssMB: retained.rss / 2 ** 20,
      cacheErrors,
    };
  },

  /** The cost of one file changing on disk: updateFile(path, null), against the full build. */
  async update({ filesDir, paths, repeat }) {
    const { ContentIndex, nodeFileSystem } = loadServerModules();
    const buildStarted = now();
    const index = await ContentIndex.build(nodeFileSystem, [filesDir], { scan: () => false });
    const buildMs = now() - buildStarted;
    const scanStarted = now();
    await index.scanReferences();
    const scanMs = now() - scanStarted;
    const updates = [];
    for (const file of paths) {
      const times = [];
      for (let i = 0; i < repeat; i++) {
        const started = now();
        await index.updateFile(file, null);
        times.push(now() - started);
      }
      updates.push({ path: file, bytes: fs.statSync(file).size, ...stats(times) });
    }
    return { buildMs, scanMs, updates, pages: index.pageCount };
  },
};

/** Section 11: unlinked-mention detection on one page, in-process: terms built once, then the page again and again. */
CHILD_TASKS.mentions = async ({ filesDir, page, repeat }) => {
  const { ContentIndex, nodeFileSystem } = loadServerModules();
  const { glossaryTermsOf } = requireFromOut('./content/glossaryTerms.js');
  const { pageGlossaryFacts } = requireFromOut('./resolve/coverage.js');
  const { scanDocument } = requireFromOut('./syntax/document.js');
  const { proseTokens } = requireFromOut('./syntax/prose.js');
  const { firstMentions } = requireFromOut('./syntax/termMatcher.js');
  const texts = new Map();
  const index = await ContentIndex.build(nodeFileSystem, [filesDir], {
    scan: () => false,
    locales: (locale) => locale === 'en-us',
    onPageText: (indexed, text) => {
      if (indexed.folder.startsWith('glossary/') || indexed.path === page) texts.set(indexed.path, text);
    },
  });
  const termsStarted = now();
  const terms = await glossaryTermsOf(index, 'en-us', { readText: (entry) => texts.get(entry.path) });
  const termsMs = now() - termsStarted;
  const text = texts.get(page);
  const info = index.pageAtPath(page);
  const scan = [];
  const facts = [];
  const factsCpu = [];
  const match = [];
  let mentions = 0;
  for (let i = 0; i < repeat + 5; i++) {
    let started = now();
    const doc = scanDocument(text);
    const scanMs = now() - started;
    // CPU time as well as wall time: on a shared machine the wall time also counts waiting for a core.
    const cpu = process.cpuUsage();
    started = now();
    mentions = pageGlossaryFacts(doc, info, index, terms).mentions.length;
    const factsMs = now() - started;
    const factsCpuMs = cpuSince(cpu);
    started = now();
    firstMentions(proseTokens(doc), terms.matcher, { locale: 'en-us' });
    const matchMs = now() - started;
    // The first runs warm the JIT up.
    if (i >= 5) {
      scan.push(scanMs);
      facts.push(factsMs);
      factsCpu.push(factsCpuMs);
      match.push(matchMs);
    }
  }
  return {
    termsMs,
    specs: terms.specs.length,
    entries: terms.entries.size,
    bytes: Buffer.byteLength(text),
    mentions,
    scan: stats(scan),
    facts: stats(facts),
    factsCpu: stats(factsCpu),
    match: stats(match),
  };
};

/** Section 12: index English + a locale, then the status of every page of the locale (syntheticHistory.mjs). */
CHILD_TASKS.translations = (params) => translationStatusChild(params, requireFromOut);
