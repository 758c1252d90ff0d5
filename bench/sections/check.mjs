// Section 6: glossary-lsp check of files/en-us, as a command.
import * as path from 'node:path';
import { median, mb, progress, REPS, report, row, say, seconds, spread } from '../lib/harness.mjs';
import { runCheck } from '../lib/glossaryServer.mjs';

async function checkEnUs(ctx) {
  const runs = [];
  for (let rep = 0; rep < REPS; rep++) {
    progress(`check ${rep + 1}/${REPS}`);
    runs.push(await runCheck(ctx, [path.join(ctx.filesDir, 'en-us')], 'check-en-us'));
  }
  const wall = median(runs.map((r) => r.wallMs));
  report.sections.check = { runs };
  const cpu = median(runs.map((r) => r.cpuMs));
  say(
    `  glossary-lsp check --root <corpus> <corpus>/files/en-us: ${seconds(wall)} median wall time${spread(
      runs.map((r) => r.wallMs),
      seconds,
    )}; cpu ${seconds(cpu)}; peak RSS ${mb(runs[0].maxRssKB)}`,
  );
  say(`  ${runs[0].summary}  (${runs[0].issues} issues, ${runs[0].issueLines} issue lines, exit ${runs[0].code})`);
  row('check files/en-us wall time', `${seconds(wall)} (cpu ${seconds(cpu)})`, '≤ 3 s', wall <= 3000);
  row('check files/en-us issues', String(runs[0].issues));
}

export default { id: 6, title: 'glossary-lsp check of files/en-us', budgetMs: 300_000, run: checkEnUs };
