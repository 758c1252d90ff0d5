// Section 7: the server's memory after indexing (no cache) and through 10,000 keystrokes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { alive, mb, now, poll, progress, report, row, say, seconds, sleep } from '../lib/harness.mjs';
import { bodyLine, readPage } from '../lib/corpus.mjs';
import { OpenDocument, REFERENCES_READY, startGlossary } from '../lib/glossaryServer.mjs';

async function memory(ctx) {
  // No cache: the index is read from the files, the worst case for the peak.
  const cacheDir = path.join(ctx.work, 'memory-cache');
  const spawnedWall = Date.now();
  const client = await startGlossary({ corpusDir: ctx.corpusDir, cacheDir, pull: false, name: 'memory' });
  try {
    await client.waitForLog(REFERENCES_READY, 300_000);
    await poll(() => fs.existsSync(cacheDir) && fs.readdirSync(cacheDir).some((name) => /^index-.*\.json$/.test(name)), 120_000, 'the cache file');
    await sleep(1000);
    const afterIndexing = client.memory();
    const page = ctx.facts.largest;
    const text = readPage(page.file);
    const doc = new OpenDocument(client, page.file, text);
    await client.request('textDocument/hover', { textDocument: { uri: doc.uri }, position: { line: 0, character: 0 } });
    await sleep(500);
    const baseline = client.memory();
    // 10,000 keystrokes typed into one line after another, a completion every 100.
    const EDITS = 10_000;
    const typing = 'See {{Glossary("HTTP")}} and [the API](/en-US/docs/Web/API) for more. ';
    let line = bodyLine(text, (l) => l === '');
    let column = 0;
    progress(`${EDITS} didChange edits`);
    const started = now();
    for (let i = 0; i < EDITS; i++) {
      if (column >= 80) {
        doc.insert(line, column, '\n');
        line++;
        column = 0;
      } else {
        doc.insert(line, column, typing[i % typing.length]);
        column++;
      }
      if (i % 100 === 99) {
        alive();
        await client.request('textDocument/completion', { textDocument: { uri: doc.uri }, position: { line, character: column } });
      }
    }
    await client.request('textDocument/hover', { textDocument: { uri: doc.uri }, position: { line, character: 0 } });
    const editMs = now() - started;
    const rightAfter = client.memory();
    await sleep(2000);
    const settled = client.memory();
    const beforeShutdown = client.memory();
    const result = { spawnedAt: spawnedWall, afterIndexing, baseline, rightAfter, settled, peakKB: beforeShutdown.hwmKB, edits: EDITS, editMs };
    report.sections.memory = result;
    say(`  no cache, en-us + vi; after references scanned and cache written: RSS ${mb(afterIndexing.rssKB)}, VmHWM ${mb(afterIndexing.hwmKB)}`);
    say(`  baseline with the largest en-us page open: RSS ${mb(baseline.rssKB)}`);
    say(
      `  ${EDITS} didChange edits in ${seconds(editMs)} (a completion every 100): RSS ${mb(rightAfter.rssKB)} right after, ${mb(settled.rssKB)} 2 s later (${((settled.rssKB - baseline.rssKB) / 1024).toFixed(0)} MB vs baseline)`,
    );
    say(`  peak RSS (VmHWM before shutdown): ${mb(beforeShutdown.hwmKB)}`);
    row('server peak RSS (VmHWM), en-us+vi', mb(beforeShutdown.hwmKB), '≤ 250 MB', beforeShutdown.hwmKB <= 250 * 1024);
    row('RSS after 10k edits vs baseline', `${mb(settled.rssKB)} vs ${mb(baseline.rssKB)}`);
  } finally {
    await client.stop();
  }
}

export default { id: 7, title: 'Server memory', budgetMs: 420_000, run: memory };
