// Section 5: diagnostics right after an edit of the largest page: pull (mention detection on and off) and push.
import * as path from 'node:path';
import { alive, ms, now, pct, progress, report, row, say, sleep, stats } from '../lib/harness.mjs';
import { readPage } from '../lib/corpus.mjs';
import { MENTION_CODE, mentionItems, mentionsProbe, OpenDocument, probeEdits, pullAfterEdits, readyServer, uriOf } from '../lib/glossaryServer.mjs';

async function diagnosticsAfterEdit(ctx) {
  const page = ctx.facts.largest;
  const text = readPage(page.file);
  const { line, macro } = probeEdits(text);
  const EDITS = 60;
  // Pull: the client asks right after each didChange. Unlinked-mention detection is on (the
  // default); the same without it, for what it costs.
  const pull = await pullAfterEdits(ctx, page.file, { name: 'diagnostics-pull', edits: EDITS });
  if (!pull.mentionItems) throw new Error(`no ${MENTION_CODE} diagnostic on ${page.file}: the measurement would not include mention detection`);
  const pullOff = await pullAfterEdits(ctx, page.file, { name: 'diagnostics-pull-mentions-off', edits: EDITS, settings: { severity: { [MENTION_CODE]: 'off' } } });
  // Push, for reference: didChange → publishDiagnostics of that version (includes the 150 ms debounce).
  let push;
  {
    const client = await readyServer(ctx, { pull: false, name: 'diagnostics-push' });
    try {
      const opened = client.waitForNotification('textDocument/publishDiagnostics', (p) => p.uri === uriOf(page.file), 60_000);
      const doc = new OpenDocument(client, page.file, text);
      const { params: firstPublished } = await opened;
      const times = [];
      let fresh = 0;
      progress(`push: ${EDITS} edits, one every 300 ms`);
      for (let i = 0; i < EDITS; i++) {
        alive();
        const inserting = i % 2 === 0;
        const sent = now();
        const version = doc.version + 1;
        const published = client.waitForNotification('textDocument/publishDiagnostics', (p) => p.uri === doc.uri && p.version === version, 10_000);
        if (inserting) doc.insert(line, 0, macro);
        else doc.remove(line, 0, macro.length);
        const { params, at } = await published;
        times.push(at - sent);
        if (mentionsProbe(params.diagnostics) > 0 === inserting) fresh++;
        await sleep(150);
      }
      push = { ...stats(times), fresh, mentionItems: mentionItems(firstPublished.diagnostics) };
    } finally {
      await client.stop();
    }
  }
  report.sections.diagnostics = { page: path.relative(ctx.corpusDir, page.file), edits: EDITS, pull, pullMentionsOff: pullOff, push };
  say(
    `  ${EDITS} edits on ${path.relative(ctx.corpusDir, page.file)} (insert/remove ${macro.trim()} at line ${line + 1}); unlinked-mention detection on (${pull.mentionItems} ${MENTION_CODE} hints on the page)`,
  );
  say(
    `  pull: textDocument/diagnostic right after didChange: ${pct(pull)}; reflected the edit ${pull.fresh}/${EDITS}; first pull ${ms(pull.firstPullMs)} (${pull.items} items; the locale's terms built then); server cpu ${ms(pull.serverCpuMsPerEdit)} per edit (pull + debounced index update)`,
  );
  say(
    `  pull, mention detection off (glossary.severity): ${pct(pullOff)}; server cpu ${ms(pullOff.serverCpuMsPerEdit)} per edit — mentions add ${ms(pull.p50 - pullOff.p50)} at p50, ${ms(pull.serverCpuMsPerEdit - pullOff.serverCpuMsPerEdit)} of cpu per edit`,
  );
  say(`  push (reference): didChange → publishDiagnostics of that version: ${pct(push)}; reflected the edit ${push.fresh}/${EDITS} (includes the 150 ms debounce)`);
  row('pull diagnostics after edit p95, unlinked mentions on', `${ms(pull.p95)} (p50 ${ms(pull.p50)}; mentions off: p95 ${ms(pullOff.p95)})`, '≤ 15 ms', pull.p95 <= 15);
  row('push diagnostics after edit p50 (incl. 150 ms debounce)', ms(push.p50));
}

export default { id: 5, title: 'Diagnostics after an edit (largest en-us page)', budgetMs: 300_000, run: diagnosticsAfterEdit };
