// Section 11: what unlinked-mention detection costs: in process on the largest page, after edits of an entry, and the coverage counted in the server.
import * as path from 'node:path';
import { alive, mb, ms, now, pct, progress, report, row, runChild, say, seconds, sleep, stats } from '../lib/harness.mjs';
import { bodyLine, glossaryCompletionPoint, readPage, requestMix } from '../lib/corpus.mjs';
import { OpenDocument, pullAfterEdits, readyServer } from '../lib/glossaryServer.mjs';

async function mentionCost(ctx) {
  const page = ctx.facts.largest.file;
  const result = await runChild('mentions', { filesDir: ctx.filesDir, page, repeat: 60 }, 300_000);
  report.sections.mentions = { page: path.relative(ctx.corpusDir, page), ...result };
  say(`  en-us terms: ${result.specs} terms of ${result.entries} entries built in ${ms(result.termsMs)} (once per locale, again when a glossary page changes)`);
  say(`  largest en-us page ${path.relative(ctx.corpusDir, page)} (${(result.bytes / 1024).toFixed(0)} KB, ${result.mentions} unlinked first mentions):`);
  say(`    scanDocument (already on the keystroke path): ${pct(result.scan)}`);
  say(`    mention facts (references resolved, prose tokens, matching): ${pct(result.facts)}; cpu p50 ${ms(result.factsCpu.p50)}, p95 ${ms(result.factsCpu.p95)}`);
  say(`    of which prose tokens + matching alone: ${pct(result.match)}`);
  // Section 5 measures diagnostics with mention detection on, over the protocol: no projection needed.
  const pull = report.sections.diagnostics?.pull?.p95;
  if (Number.isFinite(pull)) say(`  section 5 measured pull diagnostics after an edit of this page, mention detection on: p95 ${ms(pull)}`);
  row(
    'unlinked mentions, largest page, p95 (in process)',
    `${ms(result.facts.p95)} (p50 ${ms(result.facts.p50)}, cpu p95 ${ms(result.factsCpu.p95)})`,
    'part of diagnostics ≤ 15 ms (section 5)',
    Number.isFinite(pull) ? pull <= 15 : undefined,
  );

  // An edit of a glossary entry changes the locale's terms: they are rebuilt, every other entry's specs reused.
  const entry = ctx.facts.glossaryEntry.file;
  const entryPull = await pullAfterEdits(ctx, entry, { name: 'diagnostics-pull-entry', edits: 40 });
  report.sections.mentions.entryEdits = { page: path.relative(ctx.corpusDir, entry), ...entryPull };
  say(
    `  pull diagnostics right after an edit of the entry ${path.relative(ctx.corpusDir, entry)} (the en-US terms rebuilt after each edit reaches the index): ${pct(entryPull)}; server cpu ${ms(entryPull.serverCpuMsPerEdit)} per edit`,
  );
  row('pull diagnostics after an edit of a glossary entry p95 (terms rebuilt)', `${ms(entryPull.p95)} (p50 ${ms(entryPull.p50)})`, '≤ 15 ms', entryPull.p95 <= 15);

  await coverageInBackground(ctx);
}

/**
 * The en-US coverage the Glossary view asks for, counted by the server in the background: alone
 * (how long, how much CPU), asked again, after one edit, as HTML; then counted again (new aliases)
 * while completion and hover are asked every 20 ms (a fast typist's pace): their latency during
 * the count, before it and after it.
 */
async function coverageInBackground(ctx) {
  const client = await readyServer(ctx, { pull: true, name: 'coverage-background' });
  try {
    const page = ctx.facts.largest;
    const point = glossaryCompletionPoint(readPage(page.file));
    const viPage = ctx.facts.latencyPages.find((candidate) => candidate.locale === 'vi');
    const viText = readPage(viPage.file);
    const doc = new OpenDocument(client, page.file, point.text);
    const viDoc = new OpenDocument(client, viPage.file, viText);
    const { completions, hovers } = requestMix([
      { doc, text: point.text },
      { doc: viDoc, text: viText },
    ]);
    /** Completion and hover, alternately, one every `everyMs`, until `done()`. */
    const sample = async (done, everyMs = 20) => {
      const samples = { completion: [], hover: [] };
      for (let i = 0; !done(); i++) {
        alive();
        const [method, target, at] = i % 2 ? hovers[(i >> 1) % hovers.length] : completions[(i >> 1) % completions.length];
        const started = now();
        const { ms: took } = await client.timed(method, { textDocument: { uri: target.uri }, position: at }, 60_000);
        samples[method === 'textDocument/hover' ? 'hover' : 'completion'].push(took);
        await sleep(Math.max(0, everyMs - (now() - started)));
      }
      return { completion: stats(samples.completion), hover: stats(samples.hover) };
    };
    progress('warm-up, then 3 s of completion and hover with nothing in the background');
    for (let i = 0; i < 20; i++) {
      const [method, target, at] = i % 2 ? hovers[i % hovers.length] : completions[i % completions.length];
      await client.request(method, { textDocument: { uri: target.uri }, position: at });
    }
    let until = now() + 3000;
    const idle = await sample(() => now() > until);

    // 1. The count alone: nothing else asked meanwhile.
    progress('glossary/coverage en-US: every page counted, nothing else asked meanwhile');
    let cpuBefore = client.cpuMs();
    const alone = await client.timed('glossary/coverage', { locale: 'en-US' }, 600_000);
    const aloneCpuMs = client.cpuMs() - cpuBefore;
    const view = alone.result;
    const afterCount = client.memory();
    const again = await client.timed('glossary/coverage', { locale: 'en-US' });
    const line = bodyLine(point.text, (text) => /^[A-Za-z]/.test(text));
    doc.insert(line, 0, 'Edited. ');
    await sleep(400);
    const edited = await client.timed('glossary/coverage', { locale: 'en-US' });
    const html = await client.timed('glossary/coverage', { locale: 'en-US', format: 'html' });

    // 2. The count again (an alias changes the terms: every page is looked at anew) while
    // completion and hover are asked every 20 ms.
    progress('glossary/coverage en-US counted again (new aliases), completion and hover asked every 20 ms meanwhile');
    client.notify('workspace/didChangeConfiguration', { settings: { glossary: { aliases: { API: ['application programming interfaces'] } } } });
    await sleep(300);
    cpuBefore = client.cpuMs();
    const started = now();
    let answeredAt;
    const pending = client.request('glossary/coverage', { locale: 'en-US' }, 900_000).then(() => (answeredAt = now()));
    const during = await sample(() => answeredAt !== undefined);
    await pending;
    const busyMs = answeredAt - started;
    const busyCpuMs = client.cpuMs() - cpuBefore;
    const memory = client.memory();
    until = now() + 2000;
    const after = await sample(() => now() > until);
    const entries = view.entries.length;
    const unlinked = view.entries.reduce((sum, entry) => sum + entry.mentionedUnlinked, 0);
    report.sections.coverageInServer = {
      pages: view.pages,
      entries,
      unlinked,
      wanted: view.wanted.length,
      aloneMs: alone.ms,
      aloneCpuMs,
      againMs: again.ms,
      editedMs: edited.ms,
      htmlMs: html.ms,
      htmlBytes: Buffer.byteLength(html.result.html),
      withRequestsMs: busyMs,
      withRequestsCpuMs: busyCpuMs,
      idle,
      during,
      after,
      rssAfterCountKB: afterCount.rssKB,
      hwmKB: memory.hwmKB,
    };
    say(
      `  glossary/coverage en-US (${view.pages} pages, ${entries} entries, ${unlinked} unlinked first mentions, ${view.wanted.length} wanted), every page counted: ${seconds(alone.ms)} (server cpu ${seconds(aloneCpuMs)}); asked again ${ms(again.ms)}; after one edit ${ms(edited.ms)}; as HTML ${ms(html.ms)} (${(Buffer.byteLength(html.result.html) / 1024).toFixed(0)} KB)`,
    );
    say(`  counted again while completion and hover were asked every 20 ms: ${seconds(busyMs)} (server cpu ${seconds(busyCpuMs)}, requests included)`);
    say(`  completion / hover: before ${pct(idle.completion)} / ${pct(idle.hover)}`);
    say(`    while coverage was counted: ${pct(during.completion)} / ${pct(during.hover)}`);
    say(`    in the 2 s after: ${pct(after.completion)} / ${pct(after.hover)}`);
    say(`  server RSS with the en-US coverage held: ${mb(afterCount.rssKB)}; VmHWM through both counts ${mb(memory.hwmKB)}`);
    row(
      'completion / hover p95 while en-US coverage is counted in the background',
      `${ms(during.completion.p95)} / ${ms(during.hover.p95)} (before: ${ms(idle.completion.p95)} / ${ms(idle.hover.p95)})`,
      '≤ 5 ms',
      during.completion.p95 <= 5 && during.hover.p95 <= 5,
    );
    row('glossary/coverage en-US: counted / again / after one edit', `${seconds(alone.ms)} (cpu ${seconds(aloneCpuMs)}) / ${ms(again.ms)} / ${ms(edited.ms)}`);
    row('server peak RSS (VmHWM) through the en-US coverage counts', mb(memory.hwmKB), '≤ 250 MB', memory.hwmKB <= 250 * 1024);
  } finally {
    await client.stop();
  }
}

export default { id: 11, title: 'Unlinked mentions: detection cost, edits of an entry, coverage counted in the server', budgetMs: 900_000, run: mentionCost };
