// Section 4: completion, hover, definition and references round trips on open pages, with the server's CPU per request.
import * as path from 'node:path';
import { alive, ms, pct, progress, report, row, say, stats } from '../lib/harness.mjs';
import { bodyLine, DOCS_LINK, GLOSSARY_MACRO, itemsOf, lineIndex, readPage, spreadPick } from '../lib/corpus.mjs';
import { OpenDocument, readyServer } from '../lib/glossaryServer.mjs';

async function latency(ctx) {
  const client = await readyServer(ctx, { pull: true, name: 'latency' });
  try {
    const docs = ctx.facts.latencyPages.map((page) => {
      const text = readPage(page.file);
      return { page, text, lines: lineIndex(text), open: new OpenDocument(client, page.file, text) };
    });
    const completionPoints = [];
    const macroPoints = [];
    const linkPoints = [];
    for (const doc of docs) {
      for (const match of doc.text.matchAll(GLOSSARY_MACRO)) {
        const argStart = match.index + match[0].length - match[2].length;
        const argEnd = match.index + match[0].length - 1; // before the closing quote
        for (const offset of new Set([argStart, (argStart + argEnd) >> 1, argEnd])) completionPoints.push({ doc, position: doc.lines.positionAt(offset) });
        macroPoints.push({ doc, position: doc.lines.positionAt((argStart + argEnd) >> 1) });
        macroPoints.push({ doc, position: doc.lines.positionAt(match.index + 4) }); // on the macro name
      }
      for (const match of doc.text.matchAll(DOCS_LINK)) linkPoints.push({ doc, position: doc.lines.positionAt(match.index + 2 + (match[1].length >> 1)) });
    }
    const hoverPoints = [...spreadPick(macroPoints, 200), ...spreadPick(linkPoints, 100)];
    const navigationPoints = [
      ...spreadPick(
        macroPoints.filter((_, i) => i % 2 === 0),
        120,
      ),
      ...spreadPick(linkPoints, 80),
    ];
    const at = (point) => ({ textDocument: { uri: point.doc.open.uri }, position: point.position });

    progress(`warm-up (20 requests), then ${Math.min(300, completionPoints.length)} completions, ${hoverPoints.length} hovers, ${navigationPoints.length} definitions`);
    for (const point of spreadPick(completionPoints, 10)) await client.request('textDocument/completion', at(point));
    for (const point of spreadPick(hoverPoints, 10)) await client.request('textDocument/hover', at(point));

    /** Round trips of `method` at each point; `useful` says whether an answer has content. */
    const measure = async (method, points, useful, extra = {}, timeoutMs = 60_000) => {
      const times = [];
      let answered = 0;
      const cpuBefore = client.cpuMs();
      for (const point of points) {
        alive();
        const { result, ms: took } = await client.timed(method, { ...at(point), ...extra }, timeoutMs);
        times.push(took);
        if (useful(result)) answered++;
      }
      // Server CPU time per request: what the request costs, whatever else the machine runs.
      return { ...stats(times), answered, serverCpuMsPerRequest: (client.cpuMs() - cpuBefore) / points.length };
    };
    const hasItems = (result) => itemsOf(result).length > 0;
    const hasContents = (result) => !!result?.contents;
    const hasLocation = (result) => (Array.isArray(result) ? result.length > 0 : !!result);
    const completion = await measure('textDocument/completion', spreadPick(completionPoints, 300), hasItems);

    // Half-typed: `{{Glossary("<prefix>` typed on an empty line, completion asked right after the didChange.
    const prefixes = ['', 'a', 'ht', 'HTT', 'dom', 'java', 'css', 'Bé', 'cro', 'xyz', 'API', 'ser', 'pri', 'web', 'u', 'ip', 'tls', 'Mo', 'ca', 'q'];
    const typedTimes = [];
    let typedAnswered = 0;
    const typedCpuBefore = client.cpuMs();
    for (const doc of docs.slice(0, 4)) {
      const line = bodyLine(doc.text, (text) => text === '');
      if (line < 0) continue;
      for (const prefix of prefixes) {
        alive();
        const typed = `{{Glossary("${prefix}`;
        doc.open.insert(line, 0, typed);
        const { result, ms: took } = await client.timed('textDocument/completion', { textDocument: { uri: doc.open.uri }, position: { line, character: typed.length } });
        typedTimes.push(took);
        if (itemsOf(result).length) typedAnswered++;
        doc.open.remove(line, 0, typed.length);
      }
    }
    const halfTyped = { ...stats(typedTimes), answered: typedAnswered, serverCpuMsPerRequest: (client.cpuMs() - typedCpuBefore) / typedTimes.length };

    progress('hover, definition, references');
    const hover = await measure('textDocument/hover', hoverPoints, hasContents);
    const definition = await measure('textDocument/definition', navigationPoints, hasLocation);
    let references;
    if (client.capabilities.referencesProvider) {
      references = await measure('textDocument/references', spreadPick(navigationPoints, 100), hasLocation, { context: { includeDeclaration: false } });
    }
    const all = { completion, halfTyped, hover, definition, references };
    report.sections.latency = { pages: docs.map((doc) => path.relative(ctx.corpusDir, doc.page.file)), ...all };
    say(`  ${docs.length} open pages (largest en-us, 6 en-us + 3 vi with the most Glossary macros); client round trips after 20 warm-up requests`);
    const cpu = (s) => `server cpu ${ms(s.serverCpuMsPerRequest)}/request`;
    say(`  completion in Glossary arg (3 offsets/macro) ${pct(completion)}; with items ${completion.answered}/${completion.n}; ${cpu(completion)}`);
    say(`  completion half-typed, right after didChange ${pct(halfTyped)}; with items ${halfTyped.answered}/${halfTyped.n}; ${cpu(halfTyped)}`);
    say(`  hover (macro name/arg, /docs/ links)         ${pct(hover)}; non-empty ${hover.answered}/${hover.n}; ${cpu(hover)}`);
    say(`  definition                                   ${pct(definition)}; found ${definition.answered}/${definition.n}; ${cpu(definition)}`);
    if (references) say(`  references                                   ${pct(references)}; non-empty ${references.answered}/${references.n}; ${cpu(references)}`);
    else say('  references: skipped, the server does not declare referencesProvider');
    row('completion p95 (in macros)', `${ms(completion.p95)} (p50 ${ms(completion.p50)})`, '≤ 5 ms', completion.p95 <= 5);
    row('completion p95 (half-typed after didChange)', `${ms(halfTyped.p95)} (p50 ${ms(halfTyped.p50)})`, '≤ 5 ms', halfTyped.p95 <= 5);
    row('hover p95', `${ms(hover.p95)} (p50 ${ms(hover.p50)})`, '≤ 5 ms', hover.p95 <= 5);
    row('definition p95', ms(definition.p95));
    row('references p95', references ? ms(references.p95) : 'skipped (no referencesProvider)');
  } finally {
    await client.stop();
  }
}

export default { id: 4, title: 'Request latency (en-us + vi indexed, references scanned)', budgetMs: 420_000, run: latency };
