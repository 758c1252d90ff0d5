/**
 * Precision of unlinked-mention detection on real MDN content. tests/corpus/mention-sample.json
 * holds a seeded random sample of the mentions `glossary-lsp coverage` reported on the corpus
 * (English and Vietnamese, drawn by scripts/mention-sample.mjs), each judged by hand, and
 * `knownWrong`: mentions earlier rules reported that were judged wrong. This test runs the matcher
 * again on those pages and keeps the verdicts from regressing: no mention judged wrong is reported
 * again, precision over the sample's mentions still reported stays ≥ 95%, and the sample's mentions
 * are still found (so the test cannot pass by reporting nothing).
 *
 * Only the glossary, the redirects and the sampled pages are unpacked: whether a page links an
 * entry depends on nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { ContentIndex } from '../../server/src/content/contentIndex';
import { nodeFileSystem } from '../../server/src/content/fileSystem';
import { GlossaryTerms, glossaryTermsOf } from '../../server/src/content/glossaryTerms';
import { pageGlossaryFacts } from '../../server/src/resolve/coverage';
import { scanDocument } from '../../server/src/syntax/document';
import { CORPUS_TARBALLS, missingCorpus, unpackCorpus } from '../helpers/corpus';

const missing = missingCorpus;
if (missing.length) console.warn(`tests/corpus: skipped, corpus tarball(s) not found: ${missing.join(', ')}`);

interface Judged {
  locale: string;
  file: string;
  line: number;
  column: number;
  text: string;
  entry: string;
  verdict: 'correct' | 'wrong';
  reason: string;
}
interface Sample {
  seed: number;
  population: Record<string, number>;
  items: Judged[];
  knownWrong: Judged[];
}

const SAMPLE = JSON.parse(readFileSync(path.join(__dirname, 'mention-sample.json'), 'utf8')) as Sample;
const key = (item: { file: string; line: number; column: number; entry: string }) => `${item.file}:${item.line}:${item.column} ${item.entry}`;

describe.skipIf(missing.length > 0)('unlinked mentions on the MDN corpus: the judged sample', () => {
  let tmp: string;
  /** `file:line:column entry` of every mention reported now on the judged pages. */
  const reported = new Set<string>();
  /** What is reported now, per judged page: `entry text` at their positions (for messages). */
  const reportedOn = new Map<string, string[]>();

  beforeAll(async () => {
    const judged = [...SAMPLE.items, ...SAMPLE.knownWrong];
    const members: Record<string, string[]> = {};
    for (const locale of Object.keys(CORPUS_TARBALLS)) {
      // Each name once: tar reports a name already covered by the glossary folder as not found.
      const glossary = `files/${locale}/glossary`;
      const pages = new Set(judged.filter((item) => item.locale === locale && !item.file.startsWith(glossary + '/')).map((item) => item.file));
      members[locale] = [glossary, ...pages];
      if (locale === 'en-us') members[locale].push('files/en-us/_redirects.txt');
    }
    tmp = unpackCorpus('glossary-mentions-', members);
    const texts = new Map<string, string>();
    const index = await ContentIndex.build(nodeFileSystem, [path.join(tmp, 'files')], { scan: () => false, onPageText: (page, text) => texts.set(page.path, text) });
    const terms: Record<string, GlossaryTerms> = {};
    for (const locale of Object.keys(CORPUS_TARBALLS)) terms[locale] = await glossaryTermsOf(index, locale, { readText: (page) => texts.get(page.path) });
    for (const file of new Set(judged.map((item) => item.file))) {
      const page = index.pageAtPath(path.join(tmp, file));
      if (!page) throw new Error(`${file} is not in the corpus any more`);
      const doc = scanDocument(texts.get(page.path)!);
      const found: string[] = [];
      for (const mention of pageGlossaryFacts(doc, page, index, terms[page.locale]).mentions) {
        const { line, column } = doc.lines.displayPositionAt(mention.start);
        reported.add(key({ file, line, column, entry: mention.entry }));
        found.push(`${line}:${column} ${mention.entry} "${doc.text.slice(mention.start, mention.end)}"`);
      }
      reportedOn.set(file, found);
    }
  }, 300_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('has at least 100 judged mentions, English and Vietnamese, with a fixed seed', () => {
    expect(SAMPLE.items.length).toBeGreaterThanOrEqual(100);
    expect(new Set(SAMPLE.items.map((item) => item.locale))).toEqual(new Set(['en-us', 'vi']));
    expect(typeof SAMPLE.seed).toBe('number');
    for (const item of [...SAMPLE.items, ...SAMPLE.knownWrong]) {
      expect(['correct', 'wrong']).toContain(item.verdict);
      expect(item.reason.length).toBeGreaterThan(0);
    }
  });

  it('no mention judged wrong is reported again', () => {
    const wrong = [...SAMPLE.items.filter((item) => item.verdict === 'wrong'), ...SAMPLE.knownWrong];
    expect(SAMPLE.knownWrong.length).toBeGreaterThan(0);
    const back = wrong.filter((item) => reported.has(key(item))).map((item) => `${key(item)} "${item.text}" (${item.reason})`);
    expect(back).toEqual([]);
  });

  it("precision over the sample stays ≥ 95%, and the sample's mentions are still found", () => {
    const still = SAMPLE.items.filter((item) => reported.has(key(item)));
    const correct = still.filter((item) => item.verdict === 'correct').length;
    const precision = correct / still.length;
    const lost = SAMPLE.items.filter((item) => item.verdict === 'correct' && !reported.has(key(item)));
    console.info(`tests/corpus: mention precision ${(precision * 100).toFixed(1)}% (${correct}/${still.length} still reported; ${lost.length} correct ones no longer reported)`);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    // A judged-correct mention may move (an earlier one found instead) but most must stay.
    const where = lost.map((item) => `${key(item)} "${item.text}" — now: ${(reportedOn.get(item.file) ?? []).join('; ')}`);
    expect(lost.length, where.join('\n')).toBeLessThanOrEqual(Math.floor(SAMPLE.items.length * 0.1));
  });
});
