/**
 * The bench's data: the machine and build it measures, the MDN corpus unpacked (or reused), the
 * pages it picks (largest, most glossary-heavy, a glossary entry), and where in a page to ask.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { now, OUT, REPO, requireFromOut } from './harness.mjs';

const CORPUS_SOURCE = path.resolve(REPO, '..', 'shared', 'corpus');
const TARBALLS = ['mdn-en-us-md.tar.gz', 'mdn-vi-md.tar.gz'];

export const GLOSSARY_MACRO = /\{\{\s*glossary\s*\(\s*(["'])([^"'\n]*)\1/gi;
export const DOCS_LINK = /\]\((\/[a-z]{2,3}(?:-[A-Za-z0-9]+)?\/docs\/[^)\s#]+)/g;

/** Every index.md under a folder (sync walk, the way the read floor does it). */
export function walkPages(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walkPages(full, out);
    else if (entry.isFile() && entry.name === 'index.md') out.push(full);
  }
  return out;
}

export function machine() {
  const cpus = os.cpus();
  let commit = 'unknown';
  let dirtyServer = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
    dirtyServer = String(execFileSync('git', ['status', '--porcelain', '--', 'server'], { cwd: REPO, encoding: 'utf8' }).split('\n').filter(Boolean).length);
  } catch {
    // not a git checkout
  }
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((value) => Number(value.toFixed(2))),
    commit,
    uncommittedServerFiles: dirtyServer,
  };
}

/** The newest build output under server/out: others may rebuild it while the bench runs. */
export function buildStamp() {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.js')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  try {
    visit(OUT);
  } catch {
    return 'missing';
  }
  return new Date(newest).toISOString();
}

/** BENCH_CORPUS_DIR as is, or the tarballs of ../shared/corpus unpacked into a temp folder. */
export function prepareCorpus() {
  const given = process.env.BENCH_CORPUS_DIR;
  if (given) {
    const dir = path.resolve(given);
    for (const locale of ['en-us', 'vi']) {
      if (!fs.existsSync(path.join(dir, 'files', locale))) throw new Error(`BENCH_CORPUS_DIR=${dir} has no files/${locale}`);
    }
    return { dir, reused: true, unpackMs: 0 };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-bench-corpus-'));
  const started = now();
  try {
    for (const name of TARBALLS) {
      const tarball = path.join(CORPUS_SOURCE, name);
      if (!fs.existsSync(tarball)) throw new Error(`corpus tarball not found: ${tarball}`);
      execFileSync('tar', ['-xzf', tarball, '-C', dir], { timeout: 600_000 });
    }
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, reused: false, unpackMs: now() - started };
}

/** What the bench needs to know about the corpus: pages, sizes, the largest, the most glossary-heavy. */
export function corpusFacts(dir) {
  const filesDir = path.join(dir, 'files');
  const pages = [];
  for (const locale of ['en-us', 'vi']) {
    for (const file of walkPages(path.join(filesDir, locale))) {
      const text = fs.readFileSync(file, 'utf8');
      let glossary = 0;
      for (const _ of text.matchAll(GLOSSARY_MACRO)) glossary++;
      pages.push({ file, locale, bytes: Buffer.byteLength(text), glossary });
    }
  }
  pages.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const en = pages.filter((page) => page.locale === 'en-us');
  const largest = en.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const byGlossary = (locale, count) =>
    pages
      .filter((page) => page.locale === locale && page.file !== largest.file)
      .sort((a, b) => b.glossary - a.glossary || (a.file < b.file ? -1 : 1))
      .slice(0, count);
  const glossaryEntry =
    en.find((page) => page.file.endsWith(`${path.sep}glossary${path.sep}html${path.sep}index.md`)) ?? en.find((page) => page.file.includes(`${path.sep}glossary${path.sep}`));
  return { filesDir, pages, en, largest, latencyPages: [largest, ...byGlossary('en-us', 6), ...byGlossary('vi', 3)], glossaryEntry };
}

// ————————————————————————————————————————— where to ask in a page ——————————————————————————————————

/** Offsets → LSP positions (UTF-16, like JS strings): the server's own LineIndex. */
export function lineIndex(text) {
  const { LineIndex } = requireFromOut('./syntax/positions.js');
  return new LineIndex(text);
}
export function readPage(file) {
  const text = fs.readFileSync(file, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
/** First line after the front matter that passes `accept`. */
export function bodyLine(text, accept) {
  const lines = text.split('\n');
  let line = 0;
  if (lines[0] === '---') {
    line = lines.indexOf('---', 1) + 1;
  }
  for (; line < lines.length; line++) if (accept(lines[line])) return line;
  return -1;
}
/** Where to ask for completion inside a `{{Glossary("` of a page: right after the quote. */
export function glossaryCompletionPoint(text) {
  GLOSSARY_MACRO.lastIndex = 0;
  const match = GLOSSARY_MACRO.exec(text);
  GLOSSARY_MACRO.lastIndex = 0;
  if (match) return { text, offset: match.index + match[0].length - match[2].length };
  const extra = `${text.endsWith('\n') ? '' : '\n'}{{Glossary("`;
  return { text: text + extra, offset: text.length + extra.length };
}
/** `n` items spread evenly over a list (deterministic). */
export function spreadPick(items, n) {
  if (items.length <= n) return items;
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]);
}
export const itemsOf = (result) => (Array.isArray(result) ? result : (result?.items ?? []));

/** Where completion and hover are asked in a page: inside glossary macros' first argument, and on macro names. */
function requestPoints(text) {
  const lines = lineIndex(text);
  const completion = [];
  const hover = [];
  for (const match of text.matchAll(GLOSSARY_MACRO)) {
    const argStart = match.index + match[0].length - match[2].length;
    const argEnd = match.index + match[0].length - 1;
    completion.push(lines.positionAt((argStart + argEnd) >> 1));
    hover.push(lines.positionAt((argStart + argEnd) >> 1), lines.positionAt(match.index + 4));
  }
  return { completion, hover };
}

/** Completion and hover requests over open documents, 200 of each at most: [method, document, position]. */
export function requestMix(docs) {
  const points = docs.flatMap(({ doc, text }) => [
    ...requestPoints(text).completion.map((p) => ['textDocument/completion', doc, p]),
    ...requestPoints(text).hover.map((p) => ['textDocument/hover', doc, p]),
  ]);
  return {
    completions: spreadPick(
      points.filter(([method]) => method === 'textDocument/completion'),
      200,
    ),
    hovers: spreadPick(
      points.filter(([method]) => method === 'textDocument/hover'),
      200,
    ),
  };
}
