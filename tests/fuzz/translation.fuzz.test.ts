/**
 * Property tests for the pure parts of translation status: the `sourceCommit` locator is total,
 * stays inside the front matter and its value is what it says; git output parsers never throw and
 * give the same answer however their input is chunked. Seeded; `FUZZ_RUNS=20000 npm run fuzz`.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findFrontMatterKey, findSourceCommit } from '../../server/src/syntax/sourceCommit';
import { frontMatterEnd } from '../../server/src/syntax/document';
import { CommitGraphParser, FileChange, NameStatusParser, parseBatchCheck, parseRevParse } from '../../server/src/content/gitOutput';
import { NulTokenizer } from '../../server/src/content/git';
import { fuzzParams } from '../helpers/fuzz';

const params = fuzzParams(14);

const FRAGMENTS = [
  '---',
  '\n',
  '\r\n',
  ' ',
  '  ',
  '\t',
  'l10n',
  'l10n:',
  'sourceCommit',
  'sourceCommit:',
  ':',
  '"',
  "'",
  '#',
  '{',
  '}',
  ',',
  'abc1234',
  '0123456',
  'title: A',
  'x',
  '😀',
  '\ud800',
  '- ',
];
const frontMatterLike = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 50 }).map((parts) => `---\n${parts.join('')}\n---\nbody`);
const anyText = fc.oneof(frontMatterLike, fc.string({ maxLength: 200 }));

describe('findSourceCommit', () => {
  it('never throws; its offsets are ordered, inside the front matter, and the value is the text written there', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const field = findSourceCommit(text);
        findFrontMatterKey(text, 'translation_of');
        if (!field) return;
        const end = frontMatterEnd(text);
        expect(field.keyStart).toBeLessThan(field.valueStart + 1);
        expect(field.valueStart).toBeLessThanOrEqual(field.valueEnd);
        expect(field.valueEnd).toBeLessThanOrEqual(end);
        expect(text.slice(field.keyStart, field.keyStart + 12)).toBe('sourceCommit');
        const written = text.slice(field.valueStart, field.valueEnd);
        expect(written.includes('\n')).toBe(false);
        expect(field.value).toBe((field.quote ? written.slice(1, -1) : written).trim());
      }),
      params,
    );
  });
});

const hash = fc.constantFrom('a', 'b', 'c').map((c) => c.repeat(40));
const tokenLike = fc.oneof(
  hash.map((h) => `\x1e${h}`),
  fc.constantFrom('\nM', 'M', 'A', 'D', 'R100', 'R050', 'C075', 'T', '\n', '', 'files/en-us/a/index.md', 'x'),
  fc.string({ maxLength: 20 }),
);

describe('git output parsers', () => {
  it('NameStatusParser never throws and is chunking-independent', () => {
    fc.assert(
      fc.property(fc.array(tokenLike, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 5 }), (tokens, cuts) => {
        const text = tokens.join('\0');
        const run = (chunks: string[]) => {
          const changes: FileChange[] = [];
          const parser = new NameStatusParser((change) => changes.push(change));
          const tokenizer = new NulTokenizer((token) => parser.token(token));
          chunks.forEach((chunk) => tokenizer.push(chunk));
          tokenizer.end();
          return changes;
        };
        const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((from, i, all) => text.slice(from, all[i + 1] ?? text.length));
        expect(run(chunks)).toEqual(run([text]));
      }),
      params,
    );
  });

  it('CommitGraphParser, parseBatchCheck and parseRevParse never throw', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 60 }), { maxLength: 20 }), fc.string({ maxLength: 200 }), (records, out) => {
        const parser = new CommitGraphParser();
        records.forEach((record) => parser.token(record));
        const graph = parser.finish();
        expect(graph.parents.length).toBe(graph.hashes.length);
        parseBatchCheck(out, 2);
        parseRevParse(out, '/');
      }),
      params,
    );
  });
});
