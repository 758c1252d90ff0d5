// Section 2: the read floor (walk + read every page) against ContentIndex.build, cold and from the cache.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { median, ms, progress, REPS, report, row, runChild, say, spread } from '../lib/harness.mjs';

async function indexing(ctx) {
  const cacheDir = path.join(ctx.work, 'inprocess-cache');
  progress('warming the OS file cache (one walk + read in a child)');
  const warm = await runChild('floor', { filesDir: ctx.filesDir });
  // The cache is written the server's way: a build given the (empty) cache stamps every file, then saveCache.
  progress('writing the cache: build with an empty DiskIndexCache, scanReferences, saveCache');
  const writer = await runChild('index', { filesDir: ctx.filesDir, cacheDir, useCache: true, saveCache: true });
  const floors = [];
  const cold = [];
  const cached = [];
  // Interleaved, so that every kind sees the same state of the machine.
  for (let rep = 0; rep < REPS; rep++) {
    progress(`repetition ${rep + 1}/${REPS}: floor, build without cache, build with cache`);
    floors.push(await runChild('floor', { filesDir: ctx.filesDir }));
    cold.push(await runChild('index', { filesDir: ctx.filesDir }));
    cached.push(await runChild('index', { filesDir: ctx.filesDir, cacheDir, useCache: true, saveCache: false }));
  }
  const floor = median(floors.map((r) => r.ms));
  const build = median(cold.map((r) => r.buildMs));
  const scan = median(cold.map((r) => r.scanMs));
  const full = median(cold.map((r) => r.buildMs + r.scanMs));
  const cachedBuild = median(cached.map((r) => r.buildMs));
  const cachedFull = median(cached.map((r) => r.buildMs + r.scanMs));
  const floorCpu = median(floors.map((r) => r.cpuMs));
  const buildCpu = median(cold.map((r) => r.buildCpuMs));
  const cachedCpu = median(cached.map((r) => r.buildCpuMs));
  const result = {
    warmupMs: warm.ms,
    files: floors[0].files,
    floorMs: floors.map((r) => r.ms),
    cacheWriter: {
      buildMs: writer.buildMs,
      scanMs: writer.scanMs,
      saveMs: writer.saveMs,
      cacheBytes: fs.readdirSync(cacheDir).reduce((sum, name) => sum + fs.statSync(path.join(cacheDir, name)).size, 0),
    },
    floorCpuMs: floors.map((r) => r.cpuMs),
    cold: cold.map(({ buildMs, buildCpuMs, scanMs, scanCpuMs, pages, maxRssMB, retainedHeapMB, requireMs }) => ({
      buildMs,
      buildCpuMs,
      scanMs,
      scanCpuMs,
      pages,
      maxRssMB,
      retainedHeapMB,
      requireMs,
    })),
    cached: cached.map(({ buildMs, buildCpuMs, scanMs, pages, maxRssMB, referencesComplete, cacheErrors }) => ({
      buildMs,
      buildCpuMs,
      scanMs,
      pages,
      maxRssMB,
      referencesComplete,
      cacheErrors,
    })),
    medians: { floor, build, scan, full, cachedBuild, cachedFull, floorCpu, buildCpu, cachedCpu },
  };
  ctx.buildMs = full;
  ctx.inProcessBuildMs = build;
  ctx.floorMs = floor;
  report.sections.indexing = result;
  const ratio = (value) => `${(value / floor).toFixed(2)}×`;
  say(`  warm-up read (not timed against anything): ${ms(warm.ms)}; ${floors[0].files} pages, ${(floors[0].chars / 2 ** 20).toFixed(1)} M chars`);
  say(`  medians of ${REPS} fresh processes each (min–max); wall time, CPU time in brackets:`);
  say(`  read floor (walk + readFileSync utf8)          ${ms(floor).padStart(9)} [cpu ${ms(floorCpu)}]${spread(result.floorMs, ms)}`);
  say(
    `  (a) build, no cache (front matter only)        ${ms(build).padStart(9)} [cpu ${ms(buildCpu)}]  ${ratio(build)} floor (cpu ${(buildCpu / floorCpu).toFixed(2)}×)${spread(
      cold.map((r) => r.buildMs),
      ms,
    )}`,
  );
  say(
    `      + scanReferences()                         ${ms(scan).padStart(9)}${spread(
      cold.map((r) => r.scanMs),
      ms,
    )}`,
  );
  say(`      = index with references                    ${ms(full).padStart(9)}  ${ratio(full)} floor`);
  say(
    `  (b) build, warm cache                          ${ms(cachedBuild).padStart(9)} [cpu ${ms(cachedCpu)}]  ${ratio(cachedBuild)} floor${spread(
      cached.map((r) => r.buildMs),
      ms,
    )}`,
  );
  say(`      + scanReferences() (nothing left to scan)  ${ms(median(cached.map((r) => r.scanMs))).padStart(9)}; complete: ${cached.every((r) => r.referencesComplete)}`);
  say(
    `  cache written first by a build given the empty cache (${ms(writer.buildMs)} + scan ${ms(writer.scanMs)}) and saveCache (${ms(writer.saveMs)}, ${(result.cacheWriter.cacheBytes / 2 ** 20).toFixed(1)} MB); module load ${ms(cold[0].requireMs)} (not in the figures)`,
  );
  say(
    `  child peak RSS: cold ${cold.map((r) => r.maxRssMB.toFixed(0)).join('/')} MB, cached ${cached.map((r) => r.maxRssMB.toFixed(0)).join('/')} MB; heap the index keeps (after a full GC) ${cold[0].retainedHeapMB.toFixed(0)} MB`,
  );
  if (cached.some((r) => r.cacheErrors.length)) say(`  cache errors: ${cached.flatMap((r) => r.cacheErrors).join('; ')}`);
  row('read floor en-us+vi (walk+read)', ms(floor));
  row('(a) index cold, no cache', `${ms(build)} = ${ratio(build)} floor (cpu ${(buildCpu / floorCpu).toFixed(1)}×)`, '≤ 2× floor', build <= 2 * floor);
  row('(a) + scanReferences', `${ms(full)} = ${ratio(full)} floor`);
  row('(b) index, warm cache', `${ms(cachedBuild)} = ${ratio(cachedBuild)} floor`);
}

export default { id: 2, title: 'Read floor and in-process indexing (en-us + vi)', budgetMs: 600_000, run: indexing };
