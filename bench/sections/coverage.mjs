// Section 10: glossary-lsp coverage of files/en-us beside check (issue 13), as commands.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mb, median, progress, REPS, report, row, runTimed, say, seconds, spread, SERVER } from '../lib/harness.mjs';
import { runCheck } from '../lib/glossaryServer.mjs';

async function coverageVsCheck(ctx) {
  const output = path.join(ctx.work, 'coverage-en-us.json');
  const checks = [];
  const coverages = [];
  // Interleaved, so that both see the same state of the machine.
  for (let rep = 0; rep < REPS; rep++) {
    progress(`check ${rep + 1}/${REPS}`);
    checks.push(await runCheck(ctx, [path.join(ctx.filesDir, 'en-us')], 'check-beside-coverage'));
    progress(`coverage ${rep + 1}/${REPS}`);
    const result = await runTimed([SERVER, 'coverage', '--root', ctx.corpusDir, '--format', 'json', '--output', output], {
      name: 'coverage-en-us',
      env: { CONTENT_ROOT: '', CONTENT_TRANSLATED_ROOT: '' },
      timeoutMs: 300_000,
    });
    if (result.code !== 0) throw new Error(`coverage failed (exit ${result.code}): ${result.stderr.slice(-500)}`);
    coverages.push(result);
  }
  const json = JSON.parse(fs.readFileSync(output, 'utf8'));
  const mentions = json.entries.reduce((sum, entry) => sum + entry.mentionedUnlinked.length, 0);
  const check = median(checks.map((r) => r.wallMs));
  const coverage = median(coverages.map((r) => r.wallMs));
  const ratio = coverage / check;
  report.sections.coverage = {
    checkWallMs: checks.map((r) => r.wallMs),
    coverageWallMs: coverages.map((r) => r.wallMs),
    checkCpuMs: median(checks.map((r) => r.cpuMs)),
    coverageCpuMs: median(coverages.map((r) => r.cpuMs)),
    coverageMaxRssKB: coverages[0].maxRssKB,
    entries: json.entries.length,
    orphans: json.entries.filter((entry) => entry.orphan).length,
    wanted: json.wanted.length,
    unlinkedMentions: mentions,
    ratio,
  };
  say(
    `  glossary-lsp check --root <corpus> <corpus>/files/en-us: ${seconds(check)} median wall${spread(
      checks.map((r) => r.wallMs),
      seconds,
    )}, cpu ${seconds(report.sections.coverage.checkCpuMs)}`,
  );
  say(
    `  glossary-lsp coverage --root <corpus> --format json: ${seconds(coverage)} median wall${spread(
      coverages.map((r) => r.wallMs),
      seconds,
    )}, cpu ${seconds(report.sections.coverage.coverageCpuMs)}, peak RSS ${mb(coverages[0].maxRssKB)}`,
  );
  say(
    `  ${json.entries.length} entries, ${report.sections.coverage.orphans} orphans, ${json.wanted.length} wanted terms, ${mentions} unlinked first mentions; coverage / check = ${ratio.toFixed(2)}×`,
  );
  row('coverage files/en-us vs check (wall)', `${seconds(coverage)} vs ${seconds(check)} = ${ratio.toFixed(2)}×`, '≤ 2×', ratio <= 2);
}

export default { id: 10, title: 'glossary-lsp coverage of files/en-us beside check', budgetMs: 600_000, run: coverageVsCheck };
