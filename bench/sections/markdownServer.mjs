// Section 9: vscode-markdown-languageserver@0.5.0 beside glossary-lsp (check and --stdio) on the same en-us pages.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { alive, mb, median, now, progress, REPS, report, requireFromRepo, row, say, seconds, spread } from '../lib/harness.mjs';
import { readPage } from '../lib/corpus.mjs';
import { LspClient, OpenDocument, runCheck, startGlossary, uriOf } from '../lib/glossaryServer.mjs';
import { installMarkdownServer } from '../lib/markdownServer.mjs';

const MD_SAMPLE = Math.max(50, Number(process.env.BENCH_MD_SAMPLE) || 1000);
/** The section runs every en-us page when that is projected to take at most this long. */
const MD_ALL_BUDGET_MS = 180_000;

/** The `markdown` settings VS Code sends, with validation on. */
const MARKDOWN_SETTINGS = {
  server: { log: 'off' },
  preferredMdPathExtensionStyle: 'auto',
  suggest: { paths: { enabled: true, includeWorkspaceHeaderCompletions: 'onDoubleHash' } },
  occurrencesHighlight: { enabled: false },
  validate: {
    enabled: true,
    referenceLinks: { enabled: 'warning' },
    fragmentLinks: { enabled: 'warning' },
    fileLinks: { enabled: 'warning', markdownFragmentLinks: 'inherit' },
    ignoredLinks: [],
    unusedLinkDefinitions: { enabled: 'hint' },
    duplicateLinkDefinitions: { enabled: 'warning' },
  },
};

/**
 * Open, pull diagnostics for and close each of `files` in turn, until `deadlineMs` after the
 * server's spawn; `open` holds the texts of the open pages (the markdown server asks for them).
 */
async function pullEachPage(client, files, { label, deadlineMs, timeoutMs, open }) {
  const loopStarted = now();
  let diagnostics = 0;
  let done = 0;
  for (const file of files) {
    alive();
    if (now() - client.spawnedAt > deadlineMs) break;
    const text = readPage(file);
    open?.set(uriOf(file), text);
    const doc = new OpenDocument(client, file, text);
    const result = await client.request('textDocument/diagnostic', { textDocument: { uri: doc.uri } }, timeoutMs);
    diagnostics += result?.items?.length ?? 0;
    doc.close();
    open?.delete(doc.uri);
    done++;
    if (done % 2000 === 0) progress(`${label}: ${done}/${files.length} pages`);
  }
  const end = now();
  return { pages: done, complete: done === files.length, totalMs: end - client.spawnedAt, loopMs: end - loopStarted, diagnostics, hwmKB: client.memory().hwmKB };
}

/** vscode-markdown-languageserver over `files` (open, pull, close each), from spawn to the last answer. */
async function runMarkdownServer(ctx, files, { serverJs, deadlineMs }) {
  const MarkdownIt = requireFromRepo('markdown-it');
  const md = new MarkdownIt({ html: true });
  const client = new LspClient([serverJs, '--stdio'], { name: 'markdown-languageserver', env: { ...process.env } });
  const calls = {};
  const count = (method) => (calls[method] = (calls[method] ?? 0) + 1);
  const open = new Map();
  const pathOf = (uri) => fileURLToPath(uri);
  const allMarkdown = ctx.facts.en.map((page) => uriOf(page.file));
  client.onRequest('markdown/parse', ({ uri, text }) => {
    count('markdown/parse');
    return md.parse(text ?? open.get(uri) ?? fs.readFileSync(pathOf(uri), 'utf8'), {});
  });
  client.onRequest('markdown/fs/readFile', ({ uri }) => {
    count('markdown/fs/readFile');
    return Array.from(fs.readFileSync(pathOf(uri)));
  });
  client.onRequest('markdown/fs/stat', ({ uri }) => {
    count('markdown/fs/stat');
    const stat = fs.statSync(pathOf(uri), { throwIfNoEntry: false });
    return stat ? { isDirectory: stat.isDirectory() } : null;
  });
  client.onRequest('markdown/fs/readDirectory', ({ uri }) => {
    count('markdown/fs/readDirectory');
    return fs.readdirSync(pathOf(uri), { withFileTypes: true }).map((entry) => [entry.name, { isDirectory: entry.isDirectory() }]);
  });
  client.onRequest('markdown/findMarkdownFilesInWorkspace', () => {
    count('markdown/findMarkdownFilesInWorkspace');
    return allMarkdown;
  });
  client.onRequest('markdown/fs/watcher/create', () => (count('markdown/fs/watcher/create'), null));
  client.onRequest('markdown/fs/watcher/delete', () => (count('markdown/fs/watcher/delete'), null));
  client.onRequest('client/registerCapability', () => (count('client/registerCapability'), null));
  client.onRequest('workspace/diagnostic/refresh', () => (count('workspace/diagnostic/refresh'), null));
  client.onRequest('workspace/configuration', (params) => params.items.map((item) => (item.section === 'markdown' ? MARKDOWN_SETTINGS : null)));
  client.onRequest('window/workDoneProgress/create', () => null);
  try {
    const rootUri = uriOf(ctx.corpusDir);
    await client.request(
      'initialize',
      {
        processId: process.pid,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: 'corpus' }],
        capabilities: {
          workspace: { workspaceFolders: true, configuration: false, didChangeConfiguration: { dynamicRegistration: true }, diagnostics: { refreshSupport: true } },
          textDocument: { synchronization: { didSave: true }, diagnostic: { dynamicRegistration: false } },
        },
        initializationOptions: { markdownFileExtensions: ['md'] },
      },
      60_000,
    );
    client.notify('initialized', {});
    client.notify('workspace/didChangeConfiguration', { settings: { markdown: MARKDOWN_SETTINGS } });
    const result = await pullEachPage(client, files, { label: 'markdown-languageserver', deadlineMs, timeoutMs: 120_000, open });
    return { ...result, calls, unknownRequests: Object.fromEntries(client.unknownRequests) };
  } finally {
    await client.stop();
  }
}

/** glossary-lsp --stdio over the same pages the same way (pull, open / pull / close), no cache. */
async function runGlossaryServerOver(ctx, files, deadlineMs = 420_000) {
  const client = await startGlossary({ corpusDir: ctx.corpusDir, cacheDir: path.join(ctx.work, `side-by-side-${files.length}`), pull: true, name: 'side-by-side' });
  try {
    return await pullEachPage(client, files, { label: 'glossary-lsp', deadlineMs, timeoutMs: 300_000 });
  } finally {
    await client.stop();
  }
}

/** `theirs` against `ours`: "3.2× faster" or "1.5× slower" (ours). */
function versus(theirs, ours) {
  return theirs >= ours ? `${(theirs / ours).toFixed(1)}× faster` : `${(ours / theirs).toFixed(1)}× slower`;
}

async function markdownServer(ctx) {
  const serverJs = await installMarkdownServer();
  try {
    requireFromRepo.resolve('markdown-it');
  } catch {
    throw new Error('markdown-it is not installed (the markdown/parse answers need it)');
  }
  const all = ctx.facts.en.map((page) => page.file);
  const stride = Math.max(1, Math.floor(all.length / MD_SAMPLE));
  const sample = all.filter((_, i) => i % stride === 0).slice(0, MD_SAMPLE);
  progress(`markdown-languageserver over a fixed sample: every ${stride}th en-us page by path (${sample.length})`);
  const onSample = await runMarkdownServer(ctx, sample, { serverJs, deadlineMs: 600_000 });
  if (!onSample.complete) throw new Error(`the sample did not finish in time (${onSample.pages}/${sample.length} pages)`);
  const projectedAllMs = (onSample.loopMs * all.length) / sample.length;
  let files = sample;
  let md = onSample;
  if (projectedAllMs <= MD_ALL_BUDGET_MS && process.env.BENCH_MD_ALL !== '0') {
    progress(`every en-us page (projected ${seconds(projectedAllMs)})`);
    const everything = await runMarkdownServer(ctx, all, { serverJs, deadlineMs: MD_ALL_BUDGET_MS * 2 });
    if (everything.complete) {
      files = all;
      md = everything;
    }
  }
  const why = process.env.BENCH_MD_ALL === '0' ? 'BENCH_MD_ALL=0' : `all ${all.length} projected at ${seconds(projectedAllMs)}, over the ${seconds(MD_ALL_BUDGET_MS)} budget`;
  const scope = files === all ? `every en-us page (${all.length})` : `a fixed sample of ${files.length} en-us pages (every ${stride}th by path; ${why})`;
  progress('glossary-lsp check over the same pages');
  const checks = [];
  for (let rep = 0; rep < REPS; rep++) checks.push(await runCheck(ctx, files === all ? [path.join(ctx.filesDir, 'en-us')] : files, 'check-side-by-side'));
  const check = { ...checks[0], wallMs: median(checks.map((r) => r.wallMs)), walls: checks.map((r) => r.wallMs) };
  progress('glossary-lsp server over the same pages (open, pull, close; no cache)');
  const server = await runGlossaryServerOver(ctx, files);
  report.sections.sideBySide = { scope, projectedAllMs, markdownLanguageServer: md, sample: onSample === md ? undefined : onSample, glossaryCheck: check, glossaryServer: server };
  say(`  scope: ${scope}; workspace folder = the corpus folder; findMarkdownFilesInWorkspace lists the en-us pages`);
  say(
    `  vscode-markdown-languageserver (open, pull, close each; markdown-it in this client): ${seconds(md.totalMs)} from spawn (${seconds(md.loopMs)} in the loop), ${md.diagnostics} diagnostics, VmHWM ${mb(md.hwmKB)}`,
  );
  say(
    `    its requests to the client: ${Object.entries(md.calls)
      .map(([k, v]) => `${k.replace('markdown/', '')} ${v}`)
      .join(', ')}${Object.keys(md.unknownRequests).length ? `; unanswered kinds: ${Object.keys(md.unknownRequests).join(', ')}` : ''}`,
  );
  say(
    `  glossary-lsp check on the same pages: ${seconds(check.wallMs)} wall${spread(check.walls, seconds)} (cpu ${seconds(check.cpuMs)}), ${check.issues} issues: ${versus(md.totalMs, check.wallMs)}`,
  );
  if (!server.complete) say(`  glossary-lsp --stdio stopped at its deadline after ${server.pages}/${files.length} pages: its figure below is for those pages only`);
  say(
    `  glossary-lsp --stdio the same way as the markdown server (no cache): ${seconds(server.totalMs)} from spawn (${seconds(server.loopMs)} in the loop), ${server.diagnostics} diagnostics, VmHWM ${mb(server.hwmKB)}: ${versus(md.totalMs, server.totalMs)}`,
  );
  say(
    '  note: they check different things. The markdown server resolves /en-US/docs/… as files under the workspace, so nearly every MDN link is "missing" to it; glossary-lsp resolves them (and macros) as MDN does.',
  );
  row(`markdown-languageserver, ${files === all ? 'all en-us' : `${files.length}-page sample`}`, seconds(md.totalMs));
  row('glossary-lsp check, same pages', `${seconds(check.wallMs)} (${versus(md.totalMs, check.wallMs)})`);
  row(
    `glossary-lsp server, same pages${server.complete ? '' : ` (${server.pages} done)`}`,
    server.complete ? `${seconds(server.totalMs)} (${versus(md.totalMs, server.totalMs)})` : `${seconds(server.totalMs)} for ${server.pages} pages`,
  );
}

export default { id: 9, title: 'Side by side: vscode-markdown-languageserver@0.5.0', budgetMs: 900_000, run: markdownServer };
