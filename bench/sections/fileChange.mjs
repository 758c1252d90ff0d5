// Section 8: one file changing on disk: updateFile in process, and didChangeWatchedFiles to fresh diagnostics over the protocol.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { alive, ms, now, pct, progress, report, row, runChild, say, sleep, stats } from '../lib/harness.mjs';
import { readPage } from '../lib/corpus.mjs';
import { OpenDocument, readyServer, uriOf } from '../lib/glossaryServer.mjs';

async function fileChange(ctx) {
  const REPEAT = 50;
  const paths = [ctx.facts.largest.file, ctx.facts.glossaryEntry?.file].filter(Boolean);
  progress(`in-process: build, scanReferences, then updateFile(path, null) ×${REPEAT}`);
  const inProcess = await runChild('update', { filesDir: ctx.filesDir, paths, repeat: REPEAT });
  const full = inProcess.buildMs + inProcess.scanMs;
  for (const update of inProcess.updates) {
    say(
      `  updateFile(${path.relative(ctx.corpusDir, update.path)}, null), ${(update.bytes / 1024).toFixed(0)} KB: median ${ms(update.p50)} (p95 ${ms(update.p95)}) vs full build ${ms(full)} (${(full / update.p50).toFixed(0)}×)`,
    );
  }
  // Over the protocol: a page that links to a glossary entry is open; the entry appears and
  // disappears on disk; time from workspace/didChangeWatchedFiles to its fresh diagnostics.
  const client = await readyServer(ctx, { pull: false, name: 'watched-files' });
  const term = `Bench_probe_${process.pid}`;
  const probeDir = path.join(ctx.filesDir, 'en-us', 'glossary', term.toLowerCase());
  const probeFile = path.join(probeDir, 'index.md');
  let protocol;
  try {
    const page = ctx.facts.largest;
    const text = readPage(page.file);
    const withLink = `${text}${text.endsWith('\n') ? '' : '\n'}\nSee {{Glossary("${term}")}}.\n`;
    const mentions = (params) => params.diagnostics.some((d) => String(d.message).includes(term));
    const opened = client.waitForNotification('textDocument/publishDiagnostics', (p) => p.uri === uriOf(page.file) && mentions(p), 60_000);
    const doc = new OpenDocument(client, page.file, withLink);
    await opened;
    const times = [];
    progress(`protocol: the linked entry created / deleted ${REPEAT} times`);
    for (let i = 0; i < REPEAT; i++) {
      alive();
      const creating = i % 2 === 0;
      if (creating) {
        fs.mkdirSync(probeDir, { recursive: true });
        fs.writeFileSync(probeFile, `---\ntitle: Bench probe\nslug: Glossary/${term}\npage-type: glossary-definition\n---\n\nA page written by bench/run.mjs for a moment.\n`);
      } else {
        fs.rmSync(probeFile, { force: true });
      }
      const fresh = client.waitForNotification('textDocument/publishDiagnostics', (p) => p.uri === doc.uri && mentions(p) === !creating, 10_000);
      const sent = now();
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(probeFile), type: creating ? 1 : 3 }] });
      const { at } = await fresh;
      times.push(at - sent);
      await sleep(50);
    }
    protocol = stats(times);
  } finally {
    await client.stop();
    fs.rmSync(probeDir, { recursive: true, force: true });
  }
  report.sections.fileChange = { inProcess, fullBuildMs: full, protocol };
  say(`  didChangeWatchedFiles (entry created/deleted) → fresh publishDiagnostics of the open page linking to it: ${pct(protocol)}`);
  const largest = inProcess.updates[0];
  row('updateFile one page (largest) vs full build', `${ms(largest.p50)} vs ${ms(full)}`);
  row('didChangeWatchedFiles → fresh diagnostics p50', ms(protocol.p50));
}

export default { id: 8, title: 'One file changing on disk', budgetMs: 300_000, run: fileChange };
