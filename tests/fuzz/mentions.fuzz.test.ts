/**
 * Property tests for unlinked-mention detection: prose tokens and term matches are total, lie
 * inside the text, in order, never overlap each other nor a macro, code span or comment; and
 * linking every first mention of a page (the quick fix) never changes what a reader sees, never
 * touches a byte outside the mentions, and leaves no mention of those entries. Seeded;
 * `FUZZ_RUNS=20000 npm run fuzz` for a long run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ContentIndex } from '../../server/src/content/contentIndex';
import { InMemoryFileSystem } from '../../server/src/content/fileSystem';
import { GLOSSARY_MACROS } from '../../server/src/content/pageReferences';
import { GlossaryTerms, glossaryTermsOf } from '../../server/src/content/glossaryTerms';
import { scanDocument } from '../../server/src/syntax/document';
import { inRegions } from '../../server/src/syntax/regions';
import { proseTokens } from '../../server/src/syntax/prose';
import { matchTerms } from '../../server/src/syntax/termMatcher';
import { FeatureContext, fileUri, pageDocument } from '../../server/src/features/context';
import { pageMentions } from '../../server/src/features/glossaryMentions';
import { FILES, pagePath } from '../helpers/content';
import { FILE_MAP, renderedText } from '../helpers/glossaryFixture';
import { fuzzParams, joined } from '../helpers/fuzz';

const params = fuzzParams(13);

const FRAGMENTS = [
  'API',
  'APIs',
  'api',
  'CORS',
  'cross-site',
  'scripting',
  'Cross-site scripting',
  'XSS',
  'node',
  'Node',
  'orphan term',
  'Orphan term',
  ' ',
  ' ',
  ' ',
  '\n',
  '\n\n',
  '\t',
  '.',
  ',',
  '-',
  '_',
  '/',
  "'",
  '"',
  '(',
  ')',
  '**',
  '_',
  '`',
  '```\n',
  '~~~\n',
  '# ',
  '## ',
  '- ',
  '- : ',
  '> ',
  '[',
  ']',
  '](',
  '](/en-US/docs/Glossary/API)',
  '[x]: /y\n',
  '<a href="/x">',
  '</a>',
  '<code>',
  '</code>',
  '<b>',
  '</b>',
  '<!--',
  '-->',
  '{{Glossary("API")}}',
  '{{glossary("CORS", "cors")}}',
  '{{domxref("Node")}}',
  '{{',
  '}}',
  '{',
  '}',
  '\\',
  '\\{{',
  '&amp;',
  '&',
  '|',
  'é',
  'ễ',
  '\u0301',
  '属性',
  'プロパティ',
  '\ud800',
  '😀',
  'Trình duyệt',
  'x.y',
  'a@b',
  ':',
  '#',
  'http://e.com/API',
];
const body = joined(fc.constantFrom(...FRAGMENTS), 80);
const anyText = fc.oneof(
  { arbitrary: body, weight: 4 },
  { arbitrary: fc.string({ maxLength: 200 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 1 },
);

let ctx: FeatureContext;
let terms: GlossaryTerms;

beforeAll(async () => {
  const index = await ContentIndex.build(new InMemoryFileSystem(FILE_MAP), [FILES]);
  ctx = { index, glossaryMacros: GLOSSARY_MACROS };
  terms = await glossaryTermsOf(index, 'en-us', { readText: (page) => FILE_MAP[page.path] });
});

describe('mention detection, fuzzed', () => {
  it('tokens and matches are total, inside the text, ordered, and outside macros, code and comments', () => {
    fc.assert(
      fc.property(anyText, (bodyText) => {
        const text = `---\ntitle: t\nslug: Web/Guide\n---\n${bodyText}`;
        const doc = scanDocument(text);
        const tokens = proseTokens(doc);
        let previousEnd = 0;
        for (let i = 0; i < tokens.count; i++) {
          const [start, end] = [tokens.starts[i], tokens.ends[i]];
          expect(start).toBeGreaterThanOrEqual(Math.max(previousEnd, doc.bodyStart));
          expect(end).toBeGreaterThan(start);
          expect(end).toBeLessThanOrEqual(text.length);
          expect(inRegions(doc.code, start) || inRegions(doc.comments, start)).toBe(false);
          expect(doc.macros.some((macro) => macro.start <= start && start < macro.end)).toBe(false);
          previousEnd = end;
        }
        let lastEnd = 0;
        for (const match of matchTerms(tokens, terms.matcher)) {
          expect(match.start).toBeGreaterThanOrEqual(lastEnd);
          expect(match.end).toBeGreaterThan(match.start);
          lastEnd = match.end;
        }
      }),
      params,
    );
  });

  it('linking every first mention keeps what readers see, touches nothing else, and leaves no such mention', () => {
    const path = pagePath('en-us', 'Web/Guide');
    fc.assert(
      fc.property(body, (bodyText) => {
        const text = `---\ntitle: t\nslug: Web/Guide\n---\n${bodyText}`;
        const doc = pageDocument(fileUri(path), text, 1, 'en-us', path);
        const mentions = pageMentions(doc, ctx, terms);
        let edited = text;
        for (const mention of [...mentions].sort((a, b) => b.start - a.start)) {
          expect(text.slice(mention.edit.start, mention.edit.end)).toBe(mention.text);
          edited = edited.slice(0, mention.edit.start) + mention.edit.newText + edited.slice(mention.edit.end);
        }
        // Outside the mentions, every byte is where it was.
        let cursor = 0;
        let editedCursor = 0;
        for (const mention of [...mentions].sort((a, b) => a.start - b.start)) {
          expect(edited.slice(editedCursor, editedCursor + mention.start - cursor)).toBe(text.slice(cursor, mention.start));
          editedCursor += mention.start - cursor + mention.edit.newText.length;
          cursor = mention.end;
        }
        expect(edited.slice(editedCursor)).toBe(text.slice(cursor));
        expect(renderedText(edited)).toBe(renderedText(text));
        const linked = new Set(mentions.map((mention) => mention.entry.folder));
        const after = pageMentions(pageDocument(fileUri(path), edited, 2, 'en-us', path), ctx, terms);
        expect(after.filter((mention) => linked.has(mention.entry.folder))).toEqual([]);
      }),
      params,
    );
  });
});
