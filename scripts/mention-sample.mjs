#!/usr/bin/env node
/**
 * Draw a seeded random sample of the unlinked mentions `glossary-lsp coverage` reports on the MDN
 * corpus (en-us and vi), for judging by hand. Runs the built engine (npm run build first).
 *
 *   node scripts/mention-sample.mjs --corpus DIR [--seed N] [--per-locale N] [--out FILE] [--contexts]
 *
 * DIR holds files/en-us and files/vi (the tarballs of ../shared/corpus, unpacked). The sample is
 * written to FILE (default tests/corpus/mention-sample.json) as {seed, perLocale, population,
 * items: [{locale, file, line, column, text, entry, verdict, reason}], knownWrong}; verdicts already
 * in FILE for the same mention are kept, and so is knownWrong (mentions judged wrong elsewhere). --contexts prints each item with the text around it (to stdout only:
 * the corpus' prose is not copied into the repository).
 */
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from './seededRandom.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(REPO, 'server', 'out', 'x.js'));
const { ContentIndex } = require('./content/contentIndex.js');
const { nodeFileSystem } = require('./content/fileSystem.js');
const { glossaryTermsOf } = require('./content/glossaryTerms.js');
const { pageGlossaryFacts } = require('./resolve/coverage.js');
const { scanDocument } = require('./syntax/document.js');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : args[at + 1];
};
const corpus = option('--corpus');
if (!corpus) {
  console.error('usage: node scripts/mention-sample.mjs --corpus DIR [--seed N] [--per-locale N] [--out FILE] [--contexts]');
  process.exit(2);
}
const seed = Number(option('--seed', '13'));
const perLocale = Number(option('--per-locale', '60'));
const out = path.resolve(option('--out', path.join(REPO, 'tests', 'corpus', 'mention-sample.json')));
const contexts = args.includes('--contexts');

/** A seeded generator (mulberry32): the same sample on every machine. */
const random = seededRandom;

const filesDir = path.resolve(corpus, 'files');
const texts = new Map();
const index = await ContentIndex.build(nodeFileSystem, [filesDir], { scan: () => false, onPageText: (page, text) => texts.set(page.path, text) });
const previous = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : { items: [] };
const judged = new Map(previous.items.map((item) => [`${item.file}:${item.line}:${item.column}:${item.entry}`, item]));
const items = [];
const population = {};
for (const locale of ['en-us', 'vi']) {
  const terms = await glossaryTermsOf(index, locale, { readText: (page) => texts.get(page.path) });
  const memo = new Map();
  const mentions = [];
  const pages = [...index.allPages()].filter((page) => page.locale === locale).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const page of pages) {
    const text = texts.get(page.path);
    const doc = scanDocument(text);
    for (const mention of pageGlossaryFacts(doc, page, index, terms, { memo }).mentions) {
      const { line, column } = doc.lines.displayPositionAt(mention.start);
      mentions.push({ page, text, mention, line, column });
    }
  }
  population[locale] = mentions.length;
  const next = random(seed + (locale === 'vi' ? 1 : 0));
  // Partial Fisher–Yates: the first perLocale places are the sample.
  for (let i = 0; i < Math.min(perLocale, mentions.length); i++) {
    const j = i + Math.floor(next() * (mentions.length - i));
    [mentions[i], mentions[j]] = [mentions[j], mentions[i]];
    const { page, text, mention, line, column } = mentions[i];
    const file = path.relative(path.dirname(filesDir), page.path).split(path.sep).join('/');
    const item = { locale, file, line, column, text: text.slice(mention.start, mention.end), entry: mention.entry, verdict: null, reason: '' };
    const known = judged.get(`${file}:${line}:${column}:${mention.entry}`);
    if (known) Object.assign(item, { verdict: known.verdict, reason: known.reason });
    items.push(item);
    if (contexts) {
      const before = text.slice(Math.max(0, mention.start - 160), mention.start).replace(/\n/g, ' ⏎ ');
      const after = text.slice(mention.end, mention.end + 160).replace(/\n/g, ' ⏎ ');
      console.log(`#${items.length - 1} ${file}:${line}:${column} ${mention.entry} [${mention.spec.source}] ${item.verdict ?? ''}\n   …${before}【${item.text}】${after}…\n`);
    }
  }
}
// Judgements made outside the sample (knownWrong) and the note about them are kept.
const { knownWrong = [], judged: note } = previous;
fs.writeFileSync(out, JSON.stringify({ seed, perLocale, population, items, knownWrong, ...(note ? { judged: note } : {}) }, null, 2) + '\n');
console.error(`${items.length} items (population ${JSON.stringify(population)}) written to ${path.relative(process.cwd(), out)}`);
