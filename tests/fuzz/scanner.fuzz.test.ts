/**
 * Property tests for the pure engine: the scanners, front matter, summaries and checkPage are
 * total (never throw, on any string), keep every range inside the text, never overlap macros, and
 * positions round-trip. Seeded; `FUZZ_RUNS=20000 npm run fuzz` for a long run.
 */
import { beforeAll, describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { scanDocument } from '../../server/src/syntax/document';
import { parseMacroAt, scanMacros } from '../../server/src/syntax/macros';
import { codeSpans, inRegions } from '../../server/src/syntax/regions';
import { LineIndex } from '../../server/src/syntax/positions';
import { readFrontMatter } from '../../server/src/content/frontMatter';
import { NO_SUMMARY, pageSummary } from '../../server/src/content/summary';
import { checkPage } from '../../server/src/resolve/pageFindings';
import { DEFAULT_SEVERITY } from '../../server/src/resolve/findings';
import { ContentIndex } from '../../server/src/content/contentIndex';
import { buildTree } from '../helpers/content';
import { BREAKS, codeUnit, SLUG_SPECIALS, COMMENT_AND_FENCE, fuzzParams, joined, LINK_PARTS, MACRO_PUNCTUATION, ODD_UNITS, pageOf, utf16String } from '../helpers/fuzz';

const params = fuzzParams(42);

// ——— Arbitraries ———

const FRAGMENTS = [
  ...MACRO_PUNCTUATION,
  '  ',
  ...BREAKS,
  'Glossary',
  'glossary',
  'domxref',
  'jsxref',
  'HTMLElement',
  'GlossarySidebar',
  'EmbedLiveSample',
  'x',
  'API',
  'Bézier curve',
  ...COMMENT_AND_FENCE,
  '#',
  '## ',
  '123',
  '-1.5',
  '0.25',
  'true',
  'false',
  ...ODD_UNITS,
  ...LINK_PARTS,
  '..',
  '%2e%2e',
  '%',
  '\\{{',
  'title: x\n',
  'slug: Glossary/API\n',
  ...SLUG_SPECIALS,
];
const fragment = fc.constantFrom(...FRAGMENTS);
const macroLike = joined(fragment, 60);
/** Macro-like text with a front matter block, as pages start. */
const pageLike = pageOf(macroLike);
const longLine = fc
  .tuple(fc.array(fragment, { minLength: 1, maxLength: 8 }), fc.integer({ min: 200, max: 2000 }))
  .map(([parts, times]) => parts.join('').replace(/\n/g, ' ').repeat(times).slice(0, 20_000));

/** Valid macros, their truncations (malformed macros) and text, side by side on few lines. */
const validMacro = fc
  .tuple(
    fc.constantFrom('Glossary', 'glossary', 'domxref', 'x', 'EmbedLiveSample'),
    fc.array(fc.constantFrom('"API"', "'a b'", '`c`', '1', '-2.5', 'true', '""', ''), { maxLength: 3 }),
    fc.constantFrom('', ' '),
  )
  .map(([name, args, space]) => (args.length ? `{{${space}${name}(${args.join(', ')})${space}}}` : `{{${space}${name}${space}}}`));
const macroPiece = fc.oneof(
  validMacro,
  fc.tuple(validMacro, fc.nat()).map(([macro, cut]) => macro.slice(0, 3 + (cut % (macro.length - 3)))),
  fc.constantFrom(' ', ' text ', '\n', '}', ')', '"', '`', '\\', '<!-- ', ' -->'),
);
const macroSoup = fc.array(macroPiece, { maxLength: 12 }).map((parts) => parts.join(''));

const anyText = fc.oneof(
  { arbitrary: macroSoup, weight: 3 },
  { arbitrary: fc.string({ maxLength: 200 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 1 },
  { arbitrary: utf16String, weight: 1 },
  { arbitrary: macroLike, weight: 4 },
  { arbitrary: pageLike, weight: 2 },
);

/** Asserts a property of any text (`anyText`), with the file's parameters. */
const forAnyText = (property: (text: string) => boolean | void) => fc.assert(fc.property(anyText, property), params);

let index: ContentIndex;
beforeAll(async () => {
  ({ index } = await buildTree({
    pages: { 'en-us': ['Glossary/API', 'Glossary/Bezier_curve', 'Web/API', 'Web/API/Element'], fr: ['Glossary/API'] },
    redirects: { 'en-us': [['/en-US/docs/Glossary/Bézier_curve', '/en-US/docs/Glossary/Bezier_curve']] },
    allowedBroken: ['Web/Allowed'],
  }));
});

// ——— Invariants ———

function expectRange(text: string, start: number, end: number, what: string): void {
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= text.length)) {
    throw new Error(`${what}: bad range [${start}, ${end}) in a text of length ${text.length}: ${JSON.stringify(text.slice(0, 200))}`);
  }
}

function checkScan(text: string): void {
  const doc = scanDocument(text);
  expect(doc.text).toBe(text);
  expectRange(text, 0, doc.bodyStart, 'bodyStart');
  const items: Array<{ start: number; end: number; what: string }> = [];
  for (const macro of doc.macros) {
    expectRange(text, macro.start, macro.end, 'macro');
    expectRange(text, macro.nameStart, macro.nameEnd, 'macro name');
    expect(macro.start).toBeGreaterThanOrEqual(doc.bodyStart);
    expect(macro.nameStart).toBeGreaterThan(macro.start);
    expect(macro.nameEnd).toBeLessThan(macro.end);
    expect(text.slice(macro.nameStart, macro.nameEnd)).toBe(macro.name);
    expect(text.startsWith('{{', macro.start)).toBe(true);
    expect(text.slice(macro.end - 2, macro.end)).toBe('}}');
    for (const arg of macro.args) {
      expectRange(text, arg.start, arg.end, 'argument');
      expectRange(text, arg.valueStart, arg.valueEnd, 'argument value');
      expect(arg.start).toBeGreaterThan(macro.nameEnd);
      expect(arg.end).toBeLessThan(macro.end);
      expect(arg.start <= arg.valueStart && arg.valueEnd <= arg.end).toBe(true);
    }
    for (let i = 1; i < macro.args.length; i++) expect(macro.args[i].start).toBeGreaterThanOrEqual(macro.args[i - 1].end);
    items.push({ start: macro.start, end: macro.end, what: 'macro' });
  }
  for (const error of doc.macroErrors) {
    expectRange(text, error.start, error.end, 'macro error');
    expect(error.end).toBeGreaterThan(error.start);
    expect(error.at).toBeGreaterThanOrEqual(error.start);
    expect(error.at).toBeLessThanOrEqual(text.length);
    expect(text.startsWith('{{', error.start)).toBe(true);
    items.push({ start: error.start, end: error.end, what: 'error' });
  }
  items.sort((a, b) => a.start - b.start);
  for (let i = 1; i < items.length; i++) {
    if (items[i].start < items[i - 1].end) {
      throw new Error(`${items[i - 1].what} [${items[i - 1].start}, ${items[i - 1].end}) overlaps ${items[i].what} at ${items[i].start}: ${JSON.stringify(text)}`);
    }
  }
  for (const link of doc.links) {
    expectRange(text, link.targetStart, link.targetEnd, 'link');
    expect(text.slice(link.targetStart, link.targetEnd)).toBe(link.target);
  }
  for (const regions of [doc.code, doc.comments]) {
    for (let i = 0; i < regions.length; i++) {
      expectRange(text, regions[i][0], regions[i][1], 'region');
      if (i > 0) expect(regions[i][0]).toBeGreaterThanOrEqual(regions[i - 1][1]);
    }
  }
}

function checkFindings(text: string, locale: string): void {
  const findings = checkPage(scanDocument(text), locale, index);
  for (let i = 0; i < findings.length; i++) {
    const finding = findings[i];
    expectRange(text, finding.start, finding.end, `finding ${finding.code}`);
    expect(Object.keys(DEFAULT_SEVERITY)).toContain(finding.code);
    if (finding.fix) expectRange(text, finding.fix.start, finding.fix.end, 'fix');
    if (i > 0) expect(finding.start).toBeGreaterThanOrEqual(findings[i - 1].start);
  }
}

// ——— Properties ———

describe('totality: never throws', () => {
  it('scanDocument and scanMacros', () => {
    forAnyText((text) => {
      scanDocument(text);
      scanMacros(text);
    });
  });

  it('readFrontMatter (errors come back, never thrown)', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, pageLike), (text) => {
        const result = readFrontMatter(text);
        if (!result.ok) {
          expect(typeof result.error.message).toBe('string');
          expect(result.error.line).toBeGreaterThanOrEqual(0);
        }
      }),
      params,
    );
  });

  it('pageSummary: never empty', () => {
    forAnyText((text) => {
      const summary = pageSummary(text);
      expect(summary.length).toBeGreaterThan(0);
      expect(summary === NO_SUMMARY || summary.trim() === summary).toBe(true);
    });
  });

  it('checkPage, in English and a translated locale', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom('en-us', 'fr', 'de'), (text, locale) => checkFindings(text, locale)),
      params,
    );
  });

  it('long lines', () => {
    fc.assert(
      fc.property(longLine, (text) => {
        checkScan(text);
        pageSummary(text);
        checkFindings(text, 'fr');
      }),
      { ...params, numRuns: Math.max(20, Math.floor(params.numRuns / 10)) },
    );
  });
});

describe('ranges', () => {
  it('every range is inside the text, start <= end; macros and errors never overlap', () => {
    forAnyText((text) => checkScan(text));
  });
});

describe('no macro is lost', () => {
  it('a malformed macro’s range holds no valid macro (MDN tries a macro at every `{{`)', () => {
    forAnyText((text) => {
      const doc = scanDocument(text);
      for (const error of doc.macroErrors) {
        for (let k = text.indexOf('{{', error.start + 1); k !== -1 && k < error.end; k = text.indexOf('{{', k + 1)) {
          if (text[k - 1] === '\\' || inRegions(doc.comments, k)) continue;
          const inner = parseMacroAt(text, k);
          if (inner && !('message' in inner)) {
            throw new Error(`error [${error.start}, ${error.end}) hides the macro ${JSON.stringify(text.slice(k, inner.end))} in ${JSON.stringify(text)}`);
          }
        }
      }
    });
  });
});

describe('summaries', () => {
  it('never hold raw HTML outside code spans', () => {
    forAnyText((text) => {
      const summary = pageSummary(text);
      const spans = codeSpans(summary, []);
      for (let i = 0; i < summary.length; i++) {
        if ((summary[i] === '<' || summary[i] === '>') && !inRegions(spans, i)) {
          throw new Error(`raw ${summary[i]} at ${i} in ${JSON.stringify(summary)} from ${JSON.stringify(text)}`);
        }
      }
    });
  });
});

describe('positions', () => {
  it('offsetAt(positionAt(offset)) === offset', () => {
    fc.assert(
      fc.property(anyText, fc.nat(), (text, seed) => {
        const lines = new LineIndex(text);
        const offset = seed % (text.length + 1);
        // Between `\r` and `\n` is no place a position can name (LSP lines end before their terminator).
        if (text[offset - 1] === '\r' && text[offset] === '\n') return;
        expect(lines.offsetAt(lines.positionAt(offset))).toBe(offset);
      }),
      params,
    );
  });

  it('positionAt(offsetAt(position)) === position for positions inside a line', () => {
    fc.assert(
      fc.property(anyText, fc.nat(), fc.nat(), (text, lineSeed, charSeed) => {
        const lines = new LineIndex(text);
        const line = lineSeed % lines.lineCount;
        const start = lines.lineStarts[line];
        let end = line + 1 < lines.lineCount ? lines.lineStarts[line + 1] - 1 : text.length;
        if (line + 1 < lines.lineCount && end > start && text[end - 1] === '\r') end--;
        const position = { line, character: charSeed % (end - start + 1) };
        expect(lines.positionAt(lines.offsetAt(position))).toEqual(position);
      }),
      params,
    );
  });

  it('display columns grow with the offset on a line and never exceed UTF-16 columns', () => {
    forAnyText((text) => {
      const lines = new LineIndex(text);
      let previous = { line: 0, column: 0 };
      for (let offset = 0; offset <= Math.min(text.length, 300); offset++) {
        const display = lines.displayPositionAt(offset);
        const position = lines.positionAt(offset);
        expect(display.line).toBe(position.line + 1);
        expect(display.column).toBeLessThanOrEqual(position.character + 1);
        if (display.line === previous.line) expect(display.column).toBeGreaterThanOrEqual(previous.column);
        previous = display;
      }
    });
  });
});

describe('well-formed macros round-trip', () => {
  const quote = fc.constantFrom('"', "'", '`');
  const stringValue = fc.string({ unit: fc.oneof(fc.constantFrom('"', "'", '`', '\\', '\n', '{', '}', '(', ')', ','), codeUnit), maxLength: 20 });
  const numberText = fc
    .tuple(fc.boolean(), fc.nat({ max: 100_000 }), fc.option(fc.nat({ max: 9999 }), { nil: undefined }))
    .map(([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}`);
  const arg = fc.oneof(
    fc.tuple(quote, stringValue).map(([q, value]) => ({ written: encode(value, q), value: value as string | number | boolean })),
    numberText.map((written) => ({ written, value: Number(written) as string | number | boolean })),
    fc.boolean().map((value) => ({ written: String(value), value: value as string | number | boolean })),
  );
  const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,15}$/);
  const space = fc.constantFrom('', ' ', '  ', '\n', '\t');
  const plainText = fc.string({ maxLength: 30 }).map((text) => text.replace(/[{}\\<`]/g, ''));

  function encode(value: string, q: string): string {
    if (q === '"') return JSON.stringify(value);
    let out = '';
    for (const c of value) {
      if (c === q || c === '\\') out += '\\' + c;
      else if (c === '\n') out += '\\n';
      else if (c === '\r') out += '\\r';
      else out += c;
    }
    return q + out + q;
  }

  it('scanMacros reads back the name and every argument of a generated macro', () => {
    fc.assert(
      fc.property(plainText, name, fc.array(arg, { maxLength: 5 }), space, space, plainText, (before, macroName, args, s1, s2, after) => {
        const written = args.length ? `{{${s1}${macroName}(${args.map((a) => a.written).join(`,${s2}`)})${s1}}}` : `{{${s1}${macroName}${s2}}}`;
        const text = before + written + after;
        const { macros, errors } = scanMacros(text);
        expect(errors).toEqual([]);
        expect(macros).toHaveLength(1);
        const [macro] = macros;
        expect(macro.name).toBe(macroName);
        expect([macro.start, macro.end]).toEqual([before.length, before.length + written.length]);
        expect(macro.args.map((a) => a.value)).toEqual(args.map((a) => a.value));
      }),
      params,
    );
  });

  it('an escaped macro is never a macro; a commented-out one is never reported', () => {
    fc.assert(
      fc.property(name, fc.array(arg, { maxLength: 3 }), plainText, (macroName, args, inside) => {
        const written = `{{${macroName}(${args.map((a) => a.written).join(', ')})}}`;
        expect(scanMacros('\\' + written).macros).toEqual([]);
        const commented = scanMacros(`<!-- ${inside.replace(/-->/g, '')} ${written} -->`);
        expect(commented.macros).toEqual([]);
        expect(commented.errors).toEqual([]);
      }),
      params,
    );
  });
});

describe('long adversarial lines do not hang the scanner', () => {
  // 400 KB of one construct repeated on a single line (minified HTML, a pasted blob): anything
  // quadratic takes minutes here and fails by the test's timeout; linear work takes a fraction of
  // a second. No timing is asserted (speed belongs to the benchmark), only that it finishes.
  const SIZE = 400_000;
  const cases: Record<string, string> = {
    'unclosed macros': '{{a('.repeat(SIZE / 4),
    'unclosed strings': '{{a("'.repeat(SIZE / 5),
    'inline link openers': '[a]('.repeat(SIZE / 4),
    'reference-definition markers': ']:'.repeat(SIZE / 2),
    'anchor openers': '<a href="'.repeat(SIZE / 9),
    'comment openers': '<!--'.repeat(SIZE / 4),
    'backtick runs': Array.from({ length: 2000 }, (_, i) => '`'.repeat((i % 40) + 1) + 'x').join(''),
  };
  for (const [name, text] of Object.entries(cases)) {
    it(name, { timeout: 60_000 }, () => {
      const doc = scanDocument(text);
      for (const error of doc.macroErrors) doc.lines.displayPositionAt(error.start);
      expect(pageSummary(text).length).toBeGreaterThan(0);
    });
  }
});
