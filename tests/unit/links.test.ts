/**
 * Markdown links into MDN (server/src/syntax/links.ts, through scanDocument): inline links and
 * images, reference definitions, `<a href>`, long `https://developer.mozilla.org/` targets; never
 * in code or comments; external links ignored (docs/semantics.md § Links (Markdown and HTML)).
 */
import { describe, it, expect } from 'vitest';
import { scanDocument } from '../../server/src/syntax/document';
import { isCheckedTarget, scanLinks, stripMdnOrigin } from '../../server/src/syntax/links';
import { spanOf } from '../helpers/text';
import { expectCases } from '../helpers/cases';

const FM = '---\ntitle: T\nslug: Web/T\n---\n\n';

function links(text: string) {
  return scanDocument(text).links.map((link) => ({
    kind: link.kind,
    target: link.target,
    written: text.slice(link.targetStart, link.targetEnd),
  }));
}

describe('inline links and images', () => {
  it('finds inline links with the target range', () => {
    const text = `${FM}See [Web APIs](/en-US/docs/Web/API) and [more](/en-US/docs/Web/API/Element#see_also).`;
    const found = scanDocument(text).links;
    expect(found.map((l) => [l.kind, l.target])).toEqual([
      ['inline', '/en-US/docs/Web/API'],
      ['inline', '/en-US/docs/Web/API/Element#see_also'],
    ]);
    expect([found[0].targetStart, found[0].targetEnd]).toEqual(spanOf(text, '/en-US/docs/Web/API'));
  });

  it('finds images like links', () => {
    expect(links(`${FM}![A diagram](/en-US/docs/Web/diagram.svg)`)).toEqual([{ kind: 'inline', target: '/en-US/docs/Web/diagram.svg', written: '/en-US/docs/Web/diagram.svg' }]);
  });

  it('keeps https://developer.mozilla.org/… links (the same thing written long)', () => {
    const url = 'https://developer.mozilla.org/en-US/docs/Glossary/API';
    expect(links(`${FM}[API](${url})`)).toEqual([{ kind: 'inline', target: url, written: url }]);
    expect(stripMdnOrigin(url)).toBe('/en-US/docs/Glossary/API');
    expect(stripMdnOrigin('/en-US/docs/X')).toBe('/en-US/docs/X');
  });

  it('keeps links without a locale (`/docs/Web`) and to other locales', () => {
    expect(links(`${FM}[a](/docs/Web) [b](/fr/docs/Web/API)`).map((l) => l.target)).toEqual(['/docs/Web', '/fr/docs/Web/API']);
  });

  it('ignores external and relative links', () => {
    const text = `${FM}[a](https://example.com/docs/x) [b](http://developer.mozilla.org/en-US/docs/X) [c](//cdn.example/x) [d](#section) [e](relative/path) [f](mailto:x@y.z) [g](https://developer.mozilla.org.evil.example/x)`;
    expect(links(text)).toEqual([]);
  });

  it('isCheckedTarget: `/…` and the MDN origin only', () => {
    expectCases(isCheckedTarget, [
      ['/en-US/docs/X', true],
      ['https://developer.mozilla.org/en-US/docs/X', true],
      ['//example.com/x', false],
      ['https://example.com/x', false],
      ['#frag', false],
      ['', false],
    ]);
  });

  it('reads angle-bracket destinations (the range excludes the brackets)', () => {
    const text = `${FM}[a](</en-US/docs/Web/API>) [b](</en-US/docs/With space>)`;
    expect(links(text)).toEqual([
      { kind: 'inline', target: '/en-US/docs/Web/API', written: '/en-US/docs/Web/API' },
      { kind: 'inline', target: '/en-US/docs/With space', written: '/en-US/docs/With space' },
    ]);
  });

  it('keeps balanced parentheses in a URL, stops at the closing one', () => {
    const text = `${FM}[fn](/en-US/docs/Web/API/Foo_(bar)) then (text)`;
    expect(links(text).map((l) => l.target)).toEqual(['/en-US/docs/Web/API/Foo_(bar)']);
  });

  it('stops at a title after the URL', () => {
    const text = `${FM}[a](/en-US/docs/Web/API "Web APIs") [b](/en-US/docs/Web/CSS 'CSS') [c](  /en-US/docs/Web/HTML  )`;
    expect(links(text).map((l) => l.written)).toEqual(['/en-US/docs/Web/API', '/en-US/docs/Web/CSS', '/en-US/docs/Web/HTML']);
  });

  it('finds adjacent links and links on several lines, in text order', () => {
    const text = `${FM}[a](/en-US/docs/A)[b](/en-US/docs/B)\n- [c](/en-US/docs/C)\n`;
    expect(links(text).map((l) => l.target)).toEqual(['/en-US/docs/A', '/en-US/docs/B', '/en-US/docs/C']);
  });

  it('does not take `[text] (url)` (space between) for a link', () => {
    expect(links(`${FM}[a] (/en-US/docs/A)`)).toEqual([]);
  });
});

describe('reference definitions', () => {
  it('finds a definition at the very start of a text', () => {
    expect(links('[api]: /en-US/docs/Web/API').map((l) => [l.kind, l.target])).toEqual([['reference', '/en-US/docs/Web/API']]);
  });

  it('finds definitions after the first line (every real page: they follow the front matter)', () => {
    const text = `${FM}See [the API][api].\n\n[api]: /en-US/docs/Web/API\n[css]: </en-US/docs/Web/CSS> "CSS"\n  [html]: https://developer.mozilla.org/en-US/docs/Web/HTML\n`;
    expect(links(text)).toEqual([
      { kind: 'reference', target: '/en-US/docs/Web/API', written: '/en-US/docs/Web/API' },
      { kind: 'reference', target: '/en-US/docs/Web/CSS', written: '/en-US/docs/Web/CSS' },
      {
        kind: 'reference',
        target: 'https://developer.mozilla.org/en-US/docs/Web/HTML',
        written: 'https://developer.mozilla.org/en-US/docs/Web/HTML',
      },
    ]);
  });

  it('ignores external definitions and definitions in code', () => {
    const text = `${FM}[ext]: https://example.com/x\n\n\`\`\`\n[code]: /en-US/docs/InCode\n\`\`\`\n`;
    expect(links(text)).toEqual([]);
  });
});

describe('HTML anchors', () => {
  it('an <a href> is reported at its opening tag, the fix range is its href value', () => {
    const text = `${FM}See <a class="x"\n  href="/en-US/docs/A" title='t'>a</a>.`;
    const [link] = scanDocument(text).links;
    expect(text.slice(link.start, link.end)).toBe('<a class="x"\n  href="/en-US/docs/A" title=\'t\'>');
    expect(text.slice(link.targetStart, link.targetEnd)).toBe('/en-US/docs/A');
  });

  it('unquoted href values; <abbr>, <aside> and closing tags are not anchors; an unclosed tag is text', () => {
    const text = `${FM}<a href=/en-US/docs/A?x=1>a</a> <abbr href="/en-US/docs/No">b</abbr> <aside href="/en-US/docs/No2"></aside> </a href="/en-US/docs/No3"> <a href="/en-US/docs/Unclosed"`;
    expect(links(text).map((l) => l.target)).toEqual(['/en-US/docs/A?x=1']);
  });

  it('finds <a href> with double or single quotes, other attributes, any case', () => {
    const text = `${FM}<a href="/en-US/docs/A">a</a> <a class="x" href='/fr/docs/B'>b</a> <A HREF="/en-US/docs/C">c</A>`;
    expect(links(text)).toEqual([
      { kind: 'html', target: '/en-US/docs/A', written: '/en-US/docs/A' },
      { kind: 'html', target: '/fr/docs/B', written: '/fr/docs/B' },
      { kind: 'html', target: '/en-US/docs/C', written: '/en-US/docs/C' },
    ]);
  });

  it('ignores external anchors and anchors in comments', () => {
    expect(links(`${FM}<a href="https://example.com/">x</a> <!-- <a href="/en-US/docs/Hidden">h</a> -->`)).toEqual([]);
  });
});

describe('HTML blocks (CommonMark types 1–7): Markdown link syntax is text, <a href> is a link', () => {
  it('a <table class="no-markdown"> runs until a blank line: the Markdown link in it is text, its <a href> is a link', () => {
    const text = `${FM}<table class="no-markdown">\n  <tr><td>[x](/en-US/docs/InTable) <a href="/en-US/docs/Anchor">a</a></td></tr>\n</table>\n\n[after](/en-US/docs/After)\n`;
    expect(links(text).map((l) => [l.kind, l.target])).toEqual([
      ['html', '/en-US/docs/Anchor'],
      ['inline', '/en-US/docs/After'],
    ]);
  });

  it('type 6 ends at a blank line: Markdown after it is Markdown again, inside <details> too', () => {
    const text = `${FM}<details>\n<summary>[s](/en-US/docs/Summary)</summary>\n\n[inside](/en-US/docs/Inside)\n\n</details>\n`;
    expect(links(text).map((l) => l.target)).toEqual(['/en-US/docs/Inside']);
  });

  it('type 1 (<pre>, <script>, <style>, <textarea>) runs to its closing tag, across blank lines', () => {
    const text = `${FM}<pre>\n[a](/en-US/docs/Pre)\n\n[b](/en-US/docs/Pre2)\n</pre>\n\n[c](/en-US/docs/After)\n`;
    expect(links(text).map((l) => l.target)).toEqual(['/en-US/docs/After']);
  });

  it('type 7 (any tag alone on its line) cannot interrupt a paragraph; inline HTML starts no block', () => {
    const alone = `${FM}<span class="x">\n[a](/en-US/docs/InBlock)\n\n[b](/en-US/docs/Out)\n`;
    expect(links(alone).map((l) => l.target)).toEqual(['/en-US/docs/Out']);
    const inParagraph = `${FM}Some text\n<span class="x">\n[a](/en-US/docs/Paragraph) and <kbd>[k](/en-US/docs/Kbd)</kbd>\n`;
    expect(links(inParagraph).map((l) => l.target)).toEqual(['/en-US/docs/Paragraph', '/en-US/docs/Kbd']);
  });

  it('an HTML block in a list item or a block quote', () => {
    const text = `${FM}- item\n\n  <div>\n  [a](/en-US/docs/InList)\n  </div>\n\n> <div>\n> [b](/en-US/docs/InQuote)\n\n[c](/en-US/docs/Out)\n`;
    expect(links(text).map((l) => l.target)).toEqual(['/en-US/docs/Out']);
  });

  it('a macro is text of its own length for the block parser: it never starts an HTML block', () => {
    const text = `${FM}{{EmbedLiveSample("x")}}<div>\n[a](/en-US/docs/AfterMacro)\n`;
    expect(links(text).map((l) => l.target)).toEqual(['/en-US/docs/AfterMacro']);
  });

  it('a reference definition in an HTML block is text; backticks in an HTML block do not hide an <a href>', () => {
    const text = `${FM}<div>\n[r]: /en-US/docs/RefInBlock\n\`<a href="/en-US/docs/Tick">t</a>\`\n</div>\n`;
    expect(links(text).map((l) => [l.kind, l.target])).toEqual([['html', '/en-US/docs/Tick']]);
  });

  it('an indented code block is code; CRLF line ends are read as LF', () => {
    const text = `${FM}Text.\r\n\r\n    [a](/en-US/docs/Indented)\r\n\r\n<div>\r\n[b](/en-US/docs/Block)\r\n\r\n[c](/en-US/docs/After)\r\n`;
    expect(links(text).map((l) => l.target)).toEqual(['/en-US/docs/After']);
  });
});

describe('autolinks', () => {
  it('<https://developer.mozilla.org/…> and bare ones, without trailing punctuation or an unbalanced `)`', () => {
    const text = `${FM}<https://developer.mozilla.org/en-US/docs/A> and https://developer.mozilla.org/en-US/docs/B. (see https://developer.mozilla.org/en-US/docs/C_(x)) *https://developer.mozilla.org/en-US/docs/D*`;
    expect(links(text).map((l) => [l.kind, l.target])).toEqual([
      ['autolink', 'https://developer.mozilla.org/en-US/docs/A'],
      ['autolink', 'https://developer.mozilla.org/en-US/docs/B'],
      ['autolink', 'https://developer.mozilla.org/en-US/docs/C_(x)'],
      ['autolink', 'https://developer.mozilla.org/en-US/docs/D'],
    ]);
  });

  it('not in code, HTML blocks, attributes or link destinations (found once)', () => {
    const text = `${FM}\`https://developer.mozilla.org/en-US/docs/Code\` <img src="https://developer.mozilla.org/en-US/docs/Attr"> [x](https://developer.mozilla.org/en-US/docs/Dest) x:https://developer.mozilla.org/en-US/docs/Glued\n\n<div>\nhttps://developer.mozilla.org/en-US/docs/Block\n</div>\n`;
    expect(links(text).map((l) => [l.kind, l.target])).toEqual([['inline', 'https://developer.mozilla.org/en-US/docs/Dest']]);
  });
});

describe('where links are text', () => {
  it('not in inline code spans (single or double backticks)', () => {
    const text = `${FM}\`[a](/en-US/docs/Code)\` and \`\` [b](/en-US/docs/Code2) \` \`\` and [c](/en-US/docs/Real)`;
    expect(links(text).map((l) => l.target)).toEqual(['/en-US/docs/Real']);
  });

  it('not in fenced code blocks (``` and ~~~, indented in a list, with an info string)', () => {
    const text = `${FM}\`\`\`md\n[a](/en-US/docs/Fenced)\n\`\`\`\n\n~~~\n[b](/en-US/docs/Tilde)\n~~~\n\n- item\n\n  \`\`\`\n  [c](/en-US/docs/Nested)\n  \`\`\`\n\n[d](/en-US/docs/Real)`;
    expect(links(text).map((l) => l.target)).toEqual(['/en-US/docs/Real']);
  });

  it('not in an unclosed fenced block (it runs to the end)', () => {
    expect(links(`${FM}\`\`\`\n[a](/en-US/docs/A)\n`)).toEqual([]);
  });

  it('not in HTML comments, single- or multi-line, or unclosed', () => {
    const text = `${FM}<!-- [a](/en-US/docs/A) -->\n<!--\n[b](/en-US/docs/B)\n-->\n[c](/en-US/docs/C)\n<!-- [d](/en-US/docs/D)`;
    expect(links(text).map((l) => l.target)).toEqual(['/en-US/docs/C']);
  });

  it('not in the front matter', () => {
    const text = '---\ntitle: "[x](/en-US/docs/FM)"\nslug: A\n---\n[y](/en-US/docs/Body)';
    expect(links(text).map((l) => l.target)).toEqual(['/en-US/docs/Body']);
  });

  it('a backtick with no partner is literal text: the link after it counts', () => {
    expect(links(`${FM}It costs 5\` and [a](/en-US/docs/A)`).map((l) => l.target)).toEqual(['/en-US/docs/A']);
  });

  it('code spans do not cross a blank line', () => {
    expect(links(`${FM}\`open\n\n[a](/en-US/docs/A) close\``).map((l) => l.target)).toEqual(['/en-US/docs/A']);
  });

  it('scanLinks honours the skip regions it is given', () => {
    const text = '[a](/en-US/docs/A) [b](/en-US/docs/B)';
    const skip: Array<[number, number]> = [[0, 18]];
    expect(scanLinks(text, skip).map((l) => l.target)).toEqual(['/en-US/docs/B']);
  });
});
