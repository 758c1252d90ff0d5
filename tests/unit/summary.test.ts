/**
 * A glossary page's summary for hovers and completion details (server/src/content/summary.ts),
 * docs/semantics.md § Summary of a glossary page.
 */
import { describe, it, expect } from 'vitest';
import { firstParagraph, NO_SUMMARY, pageSummary, renderParagraph, SUMMARY_LIMIT } from '../../server/src/content/summary';
import { expectCases } from '../helpers/cases';

const page = (body: string) => `---\ntitle: API\nslug: Glossary/API\npage-type: glossary-definition\n---\n${body}`;

describe('which paragraph', () => {
  it('skips the front matter, blank lines, macro-only lines and headings', () => {
    const text = page('\n{{GlossarySidebar}}\n\n## Definition\n\nAn **API** is a set of features.\nIt has rules.\n\nSecond paragraph.\n');
    expect(firstParagraph(text)).toBe('An **API** is a set of features. It has rules.');
    expect(pageSummary(text)).toBe('An **API** is a set of features. It has rules.');
  });

  it('never reads the front matter as a paragraph', () => {
    expect(pageSummary(page(''))).toBe(NO_SUMMARY);
    expect(pageSummary(page('\n{{GlossarySidebar}}\n'))).not.toMatch(/title/);
  });

  it('stops at a blank line, a macro-only line or a heading', () => {
    expectCases(firstParagraph, [
      [page('One.\nTwo.\n\nThree.'), 'One. Two.'],
      [page('One.\n{{EmbedLiveSample("x")}}\nThree.'), 'One.'],
      [page('One.\n## Heading\nThree.'), 'One.'],
      [page('One.\n   ### Indented heading\nThree.'), 'One.'],
    ]);
  });

  it('a line with several macros and nothing else is macro-only', () => {
    expect(firstParagraph(page('{{GlossarySidebar}} {{SeeCompatTable}}\nText.'))).toBe('Text.');
  });

  it('a line that starts with a macro but has text is part of the paragraph', () => {
    expect(pageSummary(page('{{Glossary("API")}} stands for application programming interface.'))).toBe('API stands for application programming interface.');
  });

  it('skips a code block before the paragraph', () => {
    expect(firstParagraph(page('```\ncode line\n```\nAfter the code.'))).toBe('After the code.');
  });

  it('skips a one-line HTML comment before the paragraph', () => {
    expect(pageSummary(page('<!-- note to translators -->\nReal text.'))).toBe('Real text.');
  });

  it('skips a multi-line HTML comment before the paragraph', () => {
    expect(pageSummary(page('<!--\nnote to translators\n-->\n\nReal text.'))).toBe('Real text.');
  });

  it('accepts CRLF pages', () => {
    const text = '---\r\ntitle: x\r\n---\r\n\r\n{{GlossarySidebar}}\r\n\r\nCRLF text\r\nmore.\r\n\r\nNo.';
    expect(pageSummary(text)).toBe('CRLF text more.');
  });

  it('a page without front matter still has a summary', () => {
    expect(pageSummary('Plain text.')).toBe('Plain text.');
  });
});

describe('rendering', () => {
  const CASES: [string, [string, string][]][] = [
    [
      'shows a Glossary macro as its display text, else its term',
      [
        ['A {{glossary("user interface", "UI")}} and a {{Glossary("method")}}.', 'A UI and a method.'],
        ['A {{Glossary(\'a b\')}} and {{glossary("json", "")}}.', 'A a b and json.'],
      ],
    ],
    [
      'shows reference macros as code, or their display text',
      [['{{domxref("Element")}}, {{HTMLElement("abbr")}}, {{jsxref("Array", "arrays")}}, {{cssxref("color")}}', '`Element`, `<abbr>`, arrays, `color`']],
    ],
    ['drops macros that produce no text', [['Text {{Unknown("x")}} end.', 'Text end.']]],
    ['shows an escaped macro literally, without its backslash', [['Write \\{{Glossary("x")}} to link.', 'Write {{Glossary("x")}} to link.']]],
    [
      'keeps links as links, made absolute on developer.mozilla.org',
      [
        [
          'See [APIs](/en-US/docs/Web/API) and [long](https://developer.mozilla.org/en-US/docs/Web).',
          'See [APIs](https://developer.mozilla.org/en-US/docs/Web/API) and [long](https://developer.mozilla.org/en-US/docs/Web).',
        ],
        ['[ext](https://example.com/x)', '[ext](https://example.com/x)'],
      ],
    ],
    ['escapes HTML outside code spans, not inside them', [['The <abbr> element & `<abbr>` in code.', 'The &lt;abbr&gt; element &amp; `<abbr>` in code.']]],
    ['collapses whitespace', [['a   b\t c ', 'a b c']]],
  ];
  for (const [name, cases] of CASES) it(name, () => expectCases(renderParagraph, cases));
});

describe('hostile paragraphs: linear, and capped with "…"', () => {
  it("`'](/'` repeated 80,000 times (quadratic for the old link pattern) renders at once", () => {
    const started = performance.now();
    const summary = pageSummary(page(`A quadratic summary: ${'](/'.repeat(80_000)}\n`));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(summary.startsWith('A quadratic summary: ')).toBe(true);
    expect(summary.endsWith('…')).toBe(true);
    expect(summary.length).toBeLessThan(SUMMARY_LIMIT * 3);
  });

  it('a 10 MB first paragraph (one line, or many) gives a summary of at most the limit', () => {
    for (const separator of [' ', '\n']) {
      const words = Array.from({ length: 1_000_000 }, (_, i) => `word${i % 10}`).join(separator);
      const started = performance.now();
      const summary = pageSummary(page(`Start ${words}\n\nNext.`));
      expect(performance.now() - started).toBeLessThan(2000);
      expect(summary.startsWith('Start word0 word1')).toBe(true);
      expect(summary.endsWith('…')).toBe(true);
      expect(summary.length).toBeLessThanOrEqual(SUMMARY_LIMIT + 1);
      // Cut at a word.
      expect(summary).toMatch(/ word\d…$/);
    }
  });

  it('a cut inside a link or emphasis closes it; a cut in code keeps the span', () => {
    const long = 'x '.repeat(400);
    const inLink = renderParagraph(`See [the ${long} page](/en-US/docs/Web) after.`, 100);
    expect(inLink).toMatch(/^See \[the (x )+x?\]\(https:\/\/developer\.mozilla\.org\/en-US\/docs\/Web\)…$/);
    expect(renderParagraph(`An **important ${long.trim()}** thing.`, 50)).toMatch(/^An \*\*important (x )*x?\*\*…$/);
    expect(renderParagraph(`Code \`${'y'.repeat(300)}\` here.`, 50)).toMatch(/^Code `y+…`…$/);
  });

  it('a short paragraph is not cut', () => {
    expect(renderParagraph('Short.')).toBe('Short.');
    const exact = 'a'.repeat(SUMMARY_LIMIT);
    expect(renderParagraph(exact)).toBe(exact);
  });
});

describe('no summary', () => {
  it('says so, never an empty string', () => {
    expect(NO_SUMMARY).toBe('No summary found.');
    for (const text of ['', page(''), page('\n\n  \n\t\n'), page('{{GlossarySidebar}}\n'), page('# Only a heading\n'), page('{{Unknown}}\n')]) {
      expect(pageSummary(text), JSON.stringify(text)).toBe(NO_SUMMARY);
    }
  });
});
