/**
 * Unlinked-mention matching, pure: the prose tokens of a page (server/src/syntax/prose.ts: what is
 * prose and what is not, word boundaries, sentence starts, scripts) and the term matcher
 * (server/src/syntax/termMatcher.ts: case rules, gaps, longest match, ambiguity, names).
 */
import { describe, expect, it } from 'vitest';
import { scanDocument } from '../../server/src/syntax/document';
import { GLUED, HARD_BREAK, NO_SPACE_SCRIPT, proseTokens, SENTENCE_START, textTokens, tokenTexts } from '../../server/src/syntax/prose';
import { compileTerms, firstMentions, isAcronymLike, matchTerms, TermSpec } from '../../server/src/syntax/termMatcher';
import { expectCases } from '../helpers/cases';

const page = (body: string) => `---\ntitle: A page\nslug: Web/A\n---\n\n${body}\n`;
const words = (body: string) => tokenTexts(proseTokens(scanDocument(page(body))));

/** The words of `body` with their flags, for the ones named. */
function flagsOf(body: string): Map<string, number> {
  const tokens = proseTokens(scanDocument(page(body)));
  const out = new Map<string, number>();
  tokenTexts(tokens).forEach((word, i) => out.set(word, tokens.flags[i]));
  return out;
}

/** Compiles terms given as entry → its texts, in order. */
const termsOf = (terms: Record<string, string[]>) => compileTerms(Object.entries(terms).flatMap(([entry, texts]) => texts.map((text) => ({ entry, text }))));

/** Matched texts of `specs` in `body` (a page), in order. */
function matches(specs: Array<TermSpec | string>, body: string, locale?: string): string[] {
  const matcher = compileTerms(specs.map((spec) => (typeof spec === 'string' ? { entry: spec, text: spec } : spec)));
  const text = page(body);
  return matchTerms(proseTokens(scanDocument(text)), matcher, { locale }).map((match) => text.slice(match.start, match.end));
}

describe('prose tokens: what is prose', () => {
  it('skips the front matter, code blocks and spans, HTML comments and whole macros', () => {
    const body = [
      'Prose with `inline API code` and {{Glossary("API", "the API")}} and {{domxref("Fetch API")}}.',
      '<!-- a comment about CORS -->',
      '```js',
      'const API = 1;',
      '```',
      'More prose.',
    ].join('\n');
    expect(words(body)).toEqual(['Prose', 'with', 'and', 'and', 'More', 'prose']);
  });

  it('skips headings (ATX, up to three spaces of indent) but not a # inside text', () => {
    expect(words('# The API heading\n   ## Another heading\nText about #hash and C# here.')).toEqual(['Text', 'about', 'hash', 'and', 'C', 'here']);
  });

  it('skips link text and destinations: inline, images, reference links and definitions, shortcut brackets kept', () => {
    const body =
      'See [the CORS guide](/en-US/docs/Web/HTTP/CORS "CORS title") and ![an API diagram](api.png) and [XSS][xss-ref], not [plain brackets].\n\n[xss-ref]: https://example.com/xss';
    expect(words(body)).toEqual(['See', 'and', 'and', 'not', 'plain', 'brackets']);
  });

  it('keeps text after a bracket that closes nothing, and forgets open brackets at a blank line', () => {
    // `](/x)` with no `[` in its paragraph is literal text.
    expect(words('An [unclosed bracket.\n\nThen CORS](/x) text.')).toEqual(['An', 'unclosed', 'bracket', 'Then', 'CORS', 'x', 'text']);
  });

  it('skips HTML tags, and the content of code, links and headings in HTML', () => {
    const body = '<p class="API note">Use <code>fetch API</code> or <a href="/x">the CORS page</a>, <kbd>Ctrl</kbd>.</p>\n<h2 id="x">Heading CORS</h2>\n<td>Cell text</td>';
    expect(words(body)).toEqual(['Use', 'or', 'Cell', 'text']);
  });

  it('skips definition-list terms (`- term` followed by `  - : definition`), not their definitions', () => {
    const body = '- The API term\n  - : The API definition.\n- A plain list item';
    expect(words(body)).toEqual(['The', 'API', 'definition', 'A', 'plain', 'list', 'item']);
  });

  it('reads an escaped character as text, never as syntax', () => {
    expect(words('A \\[literal\\](not a link) here.')).toEqual(['A', 'literal', 'not', 'a', 'link', 'here']);
  });

  it('marks hard breaks where something that is not prose sits between two words', () => {
    const flags = flagsOf('one {{macro}} two `code` three\n\nfour [link](/x) five');
    expect(flags.get('one')! & HARD_BREAK).toBeTruthy();
    expect(flags.get('two')! & HARD_BREAK).toBeTruthy();
    expect(flags.get('three')! & HARD_BREAK).toBeTruthy();
    expect(flags.get('four')! & HARD_BREAK).toBeTruthy();
    expect(flags.get('five')! & HARD_BREAK).toBeTruthy();
    expect(flagsOf('six seven').get('seven')! & HARD_BREAK).toBe(0);
  });
});

describe('prose tokens: word boundaries', () => {
  it('glues words joined by - . / _ @ : = # + ~ without spaces (identifiers, file names, URLs)', () => {
    const flags = flagsOf('API-based Node.js example.com/api my_api_key a@b c:d e=f g#h i+j k~l');
    for (const word of ['based', 'js', 'com', 'api', 'key', 'b', 'd', 'f', 'h', 'j', 'l']) expect(flags.get(word)! & GLUED).toBeTruthy();
    for (const word of ['API', 'Node', 'example', 'my', 'a', 'c', 'e', 'g', 'i', 'k']) expect(flags.get(word)! & GLUED).toBe(0);
  });

  it('does not glue across spaces, sentence ends, apostrophes or emphasis', () => {
    const flags = flagsOf("An API. Next the API's rules, **CORS** and _XSS_ and - dash");
    for (const word of ['Next', 's', 'CORS', 'XSS', 'dash']) expect(flags.get(word)! & GLUED).toBe(0);
  });

  it('marks sentence starts: the first word of a line, list item, cell, sentence, or after any tag', () => {
    const flags = flagsOf('First word. Second sentence: Third here, fourth.\n- Item one\n| Cell | other |\n<td>Tagged</td>\nSome <em>Emphasis</em> inside');
    for (const word of ['First', 'Second', 'Third', 'Item', 'Cell', 'other', 'Tagged', 'Emphasis']) expect(flags.get(word)! & SENTENCE_START).toBeTruthy();
    for (const word of ['word', 'here', 'fourth', 'one']) expect(flags.get(word)! & SENTENCE_START).toBe(0);
  });

  it('reads letters of every script, with their accents and marks', () => {
    expect(words('Vietnamese: Trình duyệt hỗ trợ; French: élément déjà; Russian: свойство; Greek: ιδιότητα; 3D and HTML5.')).toEqual([
      'Vietnamese',
      'Trình',
      'duyệt',
      'hỗ',
      'trợ',
      'French',
      'élément',
      'déjà',
      'Russian',
      'свойство',
      'Greek',
      'ιδιότητα',
      '3D',
      'and',
      'HTML5',
    ]);
  });

  it('makes each character of a script without spaces its own token, and splits Latin from other scripts', () => {
    const tokens = textTokens('使用API接口 APIを使う API를 사용');
    expect(tokenTexts(tokens)).toEqual(['使', '用', 'API', '接', '口', 'API', 'を', '使', 'う', 'API', '를', '사용']);
    expect(tokens.flags[0] & NO_SPACE_SCRIPT).toBeTruthy();
    expect(tokens.flags[2] & NO_SPACE_SCRIPT).toBe(0);
  });

  it('is total: odd input never throws and every token lies inside the text', () => {
    for (const text of ['', '\n', '[', ']', '](', '<', '<a', '<code>', '\\', '&', '&amp', '\ud800', '\udc00x', '# ', '- :', '---\n---\n', '`'.repeat(9), '[x]('.repeat(50)]) {
      const tokens = proseTokens(scanDocument(text));
      for (let i = 0; i < tokens.count; i++) {
        expect(tokens.starts[i]).toBeGreaterThanOrEqual(0);
        expect(tokens.ends[i]).toBeLessThanOrEqual(text.length);
        expect(tokens.starts[i]).toBeLessThan(tokens.ends[i]);
      }
    }
  });
});

describe('term matcher: case rules', () => {
  it('an acronym or product name matches only as written', () => {
    expectCases(isAcronymLike, [
      ['CORS', true],
      ['APIs', true],
      ['JavaScript', true],
      ['i18n', true],
      ['Method', false],
      ['cookie', false],
    ]);
    expect(matches(['CORS', 'JavaScript'], 'cors, Cors, CORS, javascript, Javascript, JavaScript')).toEqual(['CORS', 'JavaScript']);
  });

  it('a phrase matches in any case, across one line break, but not across a paragraph or punctuation', () => {
    expect(matches(['Cross-site scripting'], 'CROSS-SITE SCRIPTING, cross-site\nscripting, cross-site\n\nscripting, cross-site, scripting')).toEqual([
      'CROSS-SITE SCRIPTING',
      'cross-site\nscripting',
    ]);
  });

  it('the gaps of a term are what it has: a hyphen is not a space', () => {
    expect(matches(['cross-site scripting'], 'cross site scripting and cross - site scripting and cross-site scripting')).toEqual(['cross-site scripting']);
    expect(matches(['Node.js', 'HTTP/2'], 'Node.js and Node js and HTTP/2 and HTTP 2')).toEqual(['Node.js', 'HTTP/2']);
  });

  it('acronym words of a phrase keep their case, the others do not', () => {
    expect(matches(['CSS pixel'], 'css pixel, CSS Pixel, CSS PIXEL')).toEqual(['CSS Pixel', 'CSS PIXEL']);
  });

  it('exactCase matches one spelling only', () => {
    expect(matches([{ entry: 'bf', text: 'bfcache', exactCase: true }], 'Bfcache, BFCACHE, bfcache')).toEqual(['bfcache']);
  });

  it('a name is matched mid-sentence only, and not inside a longer capitalized name', () => {
    const internet = { entry: 'internet', text: 'Internet', exactCase: true, name: true };
    expectCases(matches, [
      [[internet], 'Internet is big. Over the Internet and in Internet Explorer, the internet, Accessible Rich Internet Applications.', ['Internet']],
      [[internet], 'The Internet here.', ['Internet']],
      [[internet], 'the HTML Internet page', []],
    ]);
  });
});

describe('term matcher: whole words', () => {
  it('never matches inside a word, an identifier, a file name or a URL', () => {
    expect(matches(['API', 'Node'], 'APIs, RESTAPI, API-based, non-API, my_API, example.com/API, Node.js, NodeList, the API and a Node.')).toEqual(['API', 'Node']);
  });

  it('matches next to punctuation, emphasis and possessives', () => {
    expect(matches(['API'], '(API), "API", **API**, _API_, API\'s, API—and API.')).toEqual(['API', 'API', 'API', 'API', 'API', 'API', 'API']);
  });

  it('accents belong to their word: é, ü, Vietnamese tones', () => {
    expect(matches(['Bézier curve', 'cache'], 'A Bézier curve, a Bezier curve, a cachê, a cache.')).toEqual(['Bézier curve', 'cache']);
    expect(matches(['trình duyệt web'], 'Mở Trình Duyệt Web hoặc trình duyệt webview hoặc trình duyệt')).toEqual(['Trình Duyệt Web']);
  });

  it('Vietnamese written with combining marks matches the precomposed term (NFC)', () => {
    const decomposed = 'trình duyệt web'.normalize('NFD');
    expect(decomposed).not.toBe('trình duyệt web');
    expect(matches(['trình duyệt web'], `Mở ${decomposed} ngay.`)).toEqual([decomposed]);
  });

  it('other scripts: Cyrillic words whole, not inside longer words', () => {
    expect(matches(['свойство'], 'Это свойство, а не свойствами или подсвойство.')).toEqual(['свойство']);
  });

  it('scripts without spaces: matched where Intl.Segmenter puts word boundaries', () => {
    expectCases(matches, [
      [['プロパティ'], 'プロパティーを設定します。プロパティを設定', 'ja', ['プロパティ']],
      [['属性'], '浏览器的属性值', 'zh', ['属性']],
      [['API'], '使用API接口', 'zh', ['API']],
    ]);
  });
});

describe('term matcher: which match wins', () => {
  it('leftmost, then longest', () => {
    const specs = ['JavaScript', 'JavaScript engine', 'engine'];
    expect(matches(specs, 'A JavaScript engine runs JavaScript in an engine.')).toEqual(['JavaScript engine', 'JavaScript', 'engine']);
  });

  it('two entries claiming the same words match neither, and the words are consumed', () => {
    const specs: TermSpec[] = [
      { entry: 'server', text: 'máy chủ' },
      { entry: 'host', text: 'máy chủ' },
      { entry: 'proxy', text: 'máy chủ proxy' },
      { entry: 'chu', text: 'chủ' },
    ];
    expect(matches(specs, 'Một máy chủ và một máy chủ proxy.')).toEqual(['máy chủ proxy']);
  });

  it('a higher priority wins over a tie', () => {
    const matcher = compileTerms([
      { entry: 'a', text: 'flex item', priority: 0 },
      { entry: 'b', text: 'flex item', priority: 2 },
    ]);
    const text = page('A flex item.');
    expect(matchTerms(proseTokens(scanDocument(text)), matcher).map((m) => m.entry)).toEqual(['b']);
  });

  it('firstMentions: the first match of each entry, leaving out the excluded ones', () => {
    const matcher = termsOf({ api: ['API', 'APIs'], cors: ['CORS'], dom: ['DOM'] });
    const text = page('APIs and the API, CORS twice CORS, and the DOM.');
    const first = firstMentions(proseTokens(scanDocument(text)), matcher, { exclude: (entry) => entry === 'dom' });
    expect(first.map((m) => [m.entry, text.slice(m.start, m.end)])).toEqual([
      ['api', 'APIs'],
      ['cors', 'CORS'],
    ]);
  });

  it('rejects terms that cannot be matched faithfully (no words, text outside the words)', () => {
    const matcher = termsOf({ a: [''], b: ['.NET'], c: ['C++'], d: ['ok'] });
    expect(matcher.rejected.map((spec) => spec.entry)).toEqual(['a', 'b', 'c']);
  });
});
