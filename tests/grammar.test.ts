/**
 * Token tests for syntaxes/kumascript.injection.tmLanguage.json.
 *
 * No VS Code here: vscode-textmate + vscode-oniguruma tokenize Markdown with VS Code's own Markdown
 * grammar (npm tm-grammars) and our injection attached through the registry's `getInjections`,
 * which is how VS Code attaches a grammar contributed with `injectTo`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import vsctm from 'vscode-textmate';
import oniguruma from 'vscode-oniguruma';

const require = createRequire(import.meta.url);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const INJECTION_PATH = join(repoRoot, 'syntaxes/kumascript.injection.tmLanguage.json');
const INJECTION_SCOPE = 'markdown.kumascript.injection';
const MARKDOWN_SCOPE = 'text.html.markdown';

/** Grammars from tm-grammars that VS Code would also have loaded for Markdown (HTML for inline/block HTML). */
const TM_GRAMMARS: Record<string, string> = {
  'text.html.markdown': 'markdown.json',
  'text.html.basic': 'html.json',
  'text.html.derivative': 'html-derivative.json',
  'source.css': 'css.json',
  'source.js': 'javascript.json',
};

interface Token {
  text: string;
  scopes: string[];
}

let grammar: vsctm.IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      if (scopeName === INJECTION_SCOPE) {
        return vsctm.parseRawGrammar(readFileSync(INJECTION_PATH, 'utf8'), INJECTION_PATH);
      }
      const file = TM_GRAMMARS[scopeName];
      if (!file) return null; // embedded languages we do not need (fenced code in other languages)
      const path = require.resolve(`tm-grammars/grammars/${file}`);
      return vsctm.parseRawGrammar(readFileSync(path, 'utf8'), path);
    },
    getInjections: (scopeName: string) => (scopeName === MARKDOWN_SCOPE ? [INJECTION_SCOPE] : undefined),
  });
  const g = await registry.loadGrammar(MARKDOWN_SCOPE);
  if (!g) throw new Error('could not load the Markdown grammar');
  grammar = g;
});

/** Tokenize a Markdown document; one array of tokens per line. */
function tokenize(source: string): Token[][] {
  let state = vsctm.INITIAL;
  return source.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t, i) => ({
      text: line.slice(t.startIndex, i + 1 < r.tokens.length ? r.tokens[i + 1].startIndex : line.length),
      scopes: t.scopes,
    }));
  });
}

/** Readable dump of tokens, used as the assertion message so failures show what the grammar did. */
function dump(lines: Token[][]): string {
  return lines.map((tokens, n) => tokens.map((t) => `  ${n + 1}: ${JSON.stringify(t.text).padEnd(28)} ${t.scopes.join(' ')}`).join('\n')).join('\n');
}

/** Scopes of the `nth` token (0-based) whose text is exactly `text`, in any line. */
function scopesOf(lines: Token[][], text: string, nth = 0): string[] {
  const hits = lines.flat().filter((t) => t.text === text);
  if (hits.length <= nth) {
    throw new Error(`no token ${JSON.stringify(text)} (#${nth}) in:\n${dump(lines)}`);
  }
  return hits[nth].scopes;
}

/** Innermost scope of a token. */
function innermost(lines: Token[][], text: string, nth = 0): string {
  const s = scopesOf(lines, text, nth);
  return s[s.length - 1];
}

/** All scopes that come from the injection (suffix .kumascript), over a whole document. */
/** The (first) Glossary macro's name is inside `scope`, and is a macro's glossary name. */
function expectGlossaryWithin(lines: Token[][], scope: string): void {
  const s = scopesOf(lines, 'Glossary');
  expect(s, dump(lines)).toContain(scope);
  expect(s.slice(-2)).toEqual([MACRO, GLOSSARY]);
}

/** None of `tokens` has a KumaScript scope (a failure dumps `lines`). */
function expectNoMacroScopes(tokens: Token[], lines: Token[][]): void {
  expect(
    tokens.flatMap((x) => x.scopes).filter((s) => s.endsWith('.kumascript')),
    dump(lines),
  ).toEqual([]);
}

function kumaScopes(lines: Token[][]): string[] {
  return lines.flat().flatMap((t) => t.scopes.filter((s) => s.endsWith('.kumascript')));
}

const MACRO = 'meta.macro.kumascript';
const BEGIN = 'punctuation.definition.macro.begin.kumascript';
const END = 'punctuation.definition.macro.end.kumascript';
const GLOSSARY = 'entity.name.function.macro.glossary.kumascript';
const OTHER_NAME = 'entity.name.function.macro.kumascript';
const ARGS = 'meta.arguments.kumascript';
const PAREN_OPEN = 'punctuation.definition.arguments.begin.kumascript';
const PAREN_CLOSE = 'punctuation.definition.arguments.end.kumascript';
const COMMA = 'punctuation.separator.arguments.kumascript';
const DQ = 'string.quoted.double.kumascript';
const SQ = 'string.quoted.single.kumascript';
const BQ = 'string.quoted.other.kumascript';
const STR_BEGIN = 'punctuation.definition.string.begin.kumascript';
const STR_END = 'punctuation.definition.string.end.kumascript';
const ESCAPE = 'constant.character.escape.kumascript';
const NUMBER = 'constant.numeric.kumascript';
const BOOLEAN = 'constant.language.boolean.kumascript';
const PARA = ['text.html.markdown', 'meta.paragraph.markdown'];

/** Expect a token to carry exactly these scopes (whole stack), with the token dump on failure. */
function expectScopes(lines: Token[][], text: string, expected: string[], nth = 0): void {
  expect(scopesOf(lines, text, nth), `${JSON.stringify(text)}\n${dump(lines)}`).toEqual(expected);
}

describe('grammar files', () => {
  it('Markdown grammar from tm-grammars is text.html.markdown', () => {
    const md = JSON.parse(readFileSync(require.resolve('tm-grammars/grammars/markdown.json'), 'utf8'));
    expect(md.scopeName).toBe('text.html.markdown');
  });

  it('injection grammar declares its scope and selector', () => {
    const inj = JSON.parse(readFileSync(INJECTION_PATH, 'utf8'));
    expect(inj.scopeName).toBe(INJECTION_SCOPE);
    // L: inside paragraphs and headings (so `\\{{` beats Markdown's `\\{` escape); R: elsewhere, so that
    // Markdown opens its paragraph/list/quote/table at the start of a line before a macro is matched.
    expect(inj.injectionSelector).toBe(
      'L:text.html.markdown meta.paragraph.markdown -comment, ' + 'L:text.html.markdown markup.heading.markdown -comment, ' + 'R:text.html.markdown -comment',
    );
  });
});

describe('macros in a paragraph', () => {
  it('{{Glossary("API")}}: every part, exact scopes', () => {
    const t = tokenize('See {{Glossary("API")}} here.');
    const m = [...PARA, MACRO];
    expectScopes(t, 'See ', PARA);
    expectScopes(t, '{{', [...m, BEGIN]);
    expectScopes(t, 'Glossary', [...m, GLOSSARY]);
    expectScopes(t, '(', [...m, PAREN_OPEN]);
    expectScopes(t, '"', [...m, ARGS, DQ, STR_BEGIN]);
    expectScopes(t, 'API', [...m, ARGS, DQ]);
    expectScopes(t, '"', [...m, ARGS, DQ, STR_END], 1);
    expectScopes(t, ')', [...m, PAREN_CLOSE]);
    expectScopes(t, '}}', [...m, END]);
    expectScopes(t, ' here.', PARA);
  });

  it('{{glossary("method","méthodes")}}: lower-case name, two arguments', () => {
    const t = tokenize('Les {{glossary("method","méthodes")}} sont');
    expect(innermost(t, 'glossary')).toBe(GLOSSARY);
    expectScopes(t, 'method', [...PARA, MACRO, ARGS, DQ]);
    expectScopes(t, ',', [...PARA, MACRO, ARGS, COMMA]);
    expectScopes(t, 'méthodes', [...PARA, MACRO, ARGS, DQ]);
    expect(innermost(t, '}}')).toBe(END);
    expectScopes(t, ' sont', PARA);
  });

  it('GLOSSARY in any case is the glossary macro', () => {
    const t = tokenize('{{GLOSSARY("api")}} {{gLoSsArY("api")}}');
    expect(innermost(t, 'GLOSSARY')).toBe(GLOSSARY);
    expect(innermost(t, 'gLoSsArY')).toBe(GLOSSARY);
  });

  it('{{ Glossary( "cross-site scripting" ) }}: whitespace inside braces and parentheses', () => {
    const t = tokenize('An {{ Glossary( "cross-site scripting" ) }} attack.');
    expect(innermost(t, '{{'), dump(t)).toBe(BEGIN);
    expectScopes(t, 'Glossary', [...PARA, MACRO, GLOSSARY]);
    expectScopes(t, 'cross-site scripting', [...PARA, MACRO, ARGS, DQ]);
    expect(innermost(t, ')')).toBe(PAREN_CLOSE);
    expectScopes(t, '}}', [...PARA, MACRO, END]);
    expectScopes(t, ' attack.', PARA);
    // The whitespace inside the braces belongs to the macro too.
    expect(t[0].filter((x) => x.text.trim() === '' && x.scopes.includes(MACRO)).length, dump(t)).toBeGreaterThan(0);
  });

  it("{{glossary('single')}}: single-quoted string", () => {
    const t = tokenize("{{glossary('single')}}");
    expectScopes(t, "'", [...PARA, MACRO, ARGS, SQ, STR_BEGIN]);
    expectScopes(t, 'single', [...PARA, MACRO, ARGS, SQ]);
    expectScopes(t, "'", [...PARA, MACRO, ARGS, SQ, STR_END], 1);
  });

  it('backtick strings and escapes inside strings', () => {
    const t = tokenize('{{Glossary(`tick`)}} {{Foo("a\\"b", \'it\\\'s\', "\\u00e9")}}');
    expectScopes(t, 'tick', [...PARA, MACRO, ARGS, BQ]);
    expectScopes(t, '\\"', [...PARA, MACRO, ARGS, DQ, ESCAPE]);
    expectScopes(t, "\\'", [...PARA, MACRO, ARGS, SQ, ESCAPE]);
    expectScopes(t, '\\u00e9', [...PARA, MACRO, ARGS, DQ, ESCAPE]);
    expect(innermost(t, '}}', 1)).toBe(END);
  });

  it('{{domxref("MediaDevices.getUserMedia")}}: a non-glossary macro', () => {
    const t = tokenize('Call {{domxref("MediaDevices.getUserMedia")}}.');
    expectScopes(t, 'domxref', [...PARA, MACRO, OTHER_NAME]);
    expectScopes(t, 'MediaDevices.getUserMedia', [...PARA, MACRO, ARGS, DQ]);
    expect(kumaScopes(t)).not.toContain(GLOSSARY);
  });

  it('{{GlossarySidebar}}: no parentheses, and not a glossary macro', () => {
    const t = tokenize('{{GlossarySidebar}}');
    expectScopes(t, '{{', [...PARA, MACRO, BEGIN]);
    expectScopes(t, 'GlossarySidebar', [...PARA, MACRO, OTHER_NAME]);
    expectScopes(t, '}}', [...PARA, MACRO, END]);
    expect(kumaScopes(t)).not.toContain(GLOSSARY);
  });

  it('{{SomeMacro(1, 2.5, true, false)}}: numbers and booleans', () => {
    const t = tokenize('{{SomeMacro(1, 2.5, true, false)}}');
    expectScopes(t, 'SomeMacro', [...PARA, MACRO, OTHER_NAME]);
    expectScopes(t, '1', [...PARA, MACRO, ARGS, NUMBER]);
    expectScopes(t, '2.5', [...PARA, MACRO, ARGS, NUMBER]);
    expectScopes(t, 'true', [...PARA, MACRO, ARGS, BOOLEAN]);
    expectScopes(t, 'false', [...PARA, MACRO, ARGS, BOOLEAN]);
    expectScopes(t, ',', [...PARA, MACRO, ARGS, COMMA]);
    expectScopes(t, ',', [...PARA, MACRO, ARGS, COMMA], 2);
  });

  it('macro names with hyphens and empty parentheses', () => {
    const t = tokenize('{{Non-standard_Inline}} {{Compat()}}');
    expect(innermost(t, 'Non-standard_Inline')).toBe(OTHER_NAME);
    expect(innermost(t, 'Compat')).toBe(OTHER_NAME);
    expect(innermost(t, '(')).toBe(PAREN_OPEN);
    expect(innermost(t, ')')).toBe(PAREN_CLOSE);
  });
});

describe('things that are not macros', () => {
  it('\\{{Glossary("not")}}: an escape, nothing scoped as a macro', () => {
    const t = tokenize('Write \\{{Glossary("not")}} to show it.');
    expectScopes(t, '\\', [...PARA, ESCAPE]);
    expect(
      kumaScopes(t).filter((s) => s !== ESCAPE),
      dump(t),
    ).toEqual([]);
    expect(
      t.flat().some((x) => x.scopes.includes(MACRO)),
      dump(t),
    ).toBe(false);
  });

  it('<!-- {{Glossary("x")}} --> as a block: comment, no macro scopes', () => {
    const t = tokenize('<!-- {{Glossary("x")}} -->\n\nAfter {{Glossary("y")}}');
    expect(
      t[0].every((x) => x.scopes.includes('comment.block.html')),
      dump(t),
    ).toBe(true);
    expectNoMacroScopes(t[0], t);
    // ...and the comment closed properly: the next paragraph is scoped again.
    expect(innermost(t, 'Glossary')).toBe(GLOSSARY);
  });

  it('multi-line HTML comment: no macro scopes on any line', () => {
    const t = tokenize('<!--\n{{Glossary("x")}}\n-->\n\n{{Glossary("y")}}');
    expectNoMacroScopes(t.slice(0, 3).flat(), t);
    expect(
      t[4].some((x) => x.scopes.includes(GLOSSARY)),
      dump(t),
    ).toBe(true);
  });

  it('inline HTML comment inside a paragraph: no macro scopes inside it', () => {
    const t = tokenize('Text <!-- {{Glossary("x")}} --> and {{Glossary("y")}}');
    const inComment = t[0].filter((x) => x.scopes.some((s) => s.startsWith('comment.')));
    expect(inComment.map((x) => x.text).join(''), dump(t)).toContain('{{Glossary("x")}}');
    expectNoMacroScopes(inComment, t);
    expect(innermost(t, 'Glossary')).toBe(GLOSSARY);
  });

  it('{{glossary("JWT", JSON Web Token(JWT)"")}}: not a macro, does not swallow the next line', () => {
    const t = tokenize('Bad {{glossary("JWT", JSON Web Token(JWT)"")}} then **bold**\nNext {{Glossary("API")}} line.');
    expectNoMacroScopes(t[0], t);
    expect(innermost(t, 'bold')).toBe('markup.bold.markdown');
    expectScopes(t, 'Glossary', [...PARA, MACRO, GLOSSARY]);
    expectScopes(t, ' line.', PARA);
  });

  it('{{glossary("x")}: not a macro, does not swallow the rest of the line or the next line', () => {
    const t = tokenize('Bad {{glossary("x")} then *it*\n{{Glossary("API")}} ok\n\n- item');
    expectNoMacroScopes(t[0], t);
    expect(innermost(t, 'it')).toBe('markup.italic.markdown');
    expectScopes(t, 'Glossary', [...PARA, MACRO, GLOSSARY]);
    expectScopes(t, ' ok', PARA);
    expect(scopesOf(t, '-')).toContain('markup.list.unnumbered.markdown');
  });

  it('a macro split over two lines is not a macro', () => {
    const t = tokenize('{{Glossary(\n"API")}}');
    expect(kumaScopes(t), dump(t)).toEqual([]);
  });
});

describe('macros inside Markdown constructs', () => {
  it('in a list item', () => {
    const t = tokenize('- An {{Glossary("API")}} item');
    const s = scopesOf(t, 'Glossary');
    expect(s[s.length - 1], dump(t)).toBe(GLOSSARY);
    expect(s).toContain('markup.list.unnumbered.markdown');
    expect(s).toContain(MACRO);
    expect(innermost(t, 'API')).toBe(DQ);
  });

  it('in a numbered list item', () => {
    const t = tokenize('1. {{domxref("Element")}}');
    const s = scopesOf(t, 'domxref');
    expect(s).toContain('markup.list.numbered.markdown');
    expect(s[s.length - 1]).toBe(OTHER_NAME);
  });

  it('in a heading', () => {
    const t = tokenize('## The {{Glossary("API")}} heading');
    const s = scopesOf(t, 'Glossary');
    expect(s, dump(t)).toEqual(['text.html.markdown', 'markup.heading.markdown', 'heading.2.markdown', 'entity.name.section.markdown', MACRO, GLOSSARY]);
    expect(innermost(t, ' heading')).toBe('entity.name.section.markdown');
  });

  it('in a table cell', () => {
    const t = tokenize('| Term | Note |\n| ---- | ---- |\n| {{Glossary("API")}} | {{Glossary("JSON")}} |');
    const s = scopesOf(t, 'Glossary');
    expect(s, dump(t)).toContain('markup.table.markdown');
    expect(s[s.length - 1]).toBe(GLOSSARY);
    expect(innermost(t, 'JSON')).toBe(DQ);
    expect(innermost(t, '}}', 1)).toBe(END);
  });

  it('in a blockquote', () => {
    const t = tokenize('> Quote {{Glossary("API")}} end');
    const s = scopesOf(t, 'Glossary');
    expect(s, dump(t)).toContain('markup.quote.markdown');
    expect(s[s.length - 1]).toBe(GLOSSARY);
  });

  it('inside **bold**', () => {
    const t = tokenize('Some **bold {{Glossary("API")}} text** here');
    expectGlossaryWithin(t, 'markup.bold.markdown');
    expect(innermost(t, ' text')).toBe('markup.bold.markdown');
    expect(innermost(t, ' here')).toBe('meta.paragraph.markdown');
  });

  it('inside *emphasis*', () => {
    const t = tokenize('Some *it {{Glossary("API")}}* here');
    expectGlossaryWithin(t, 'markup.italic.markdown');
  });

  it('followed by **bold** on the same line', () => {
    const t = tokenize('{{Glossary("API")}} and **bold** text');
    expect(innermost(t, '}}')).toBe(END);
    expectScopes(t, 'bold', [...PARA, 'markup.bold.markdown']);
    expectScopes(t, '**', [...PARA, 'markup.bold.markdown', 'punctuation.definition.bold.markdown']);
    expectScopes(t, ' text', PARA);
  });

  it('inside link text, and the link is still a link', () => {
    const t = tokenize('See [the {{Glossary("API")}} page](/en-US/docs/Glossary/API) now');
    expectGlossaryWithin(t, 'meta.link.inline.markdown');
    expect(innermost(t, '/en-US/docs/Glossary/API')).toBe('markup.underline.link.markdown');
  });

  it('at the start of a line, followed by **bold**: the paragraph is still opened', () => {
    const t = tokenize('{{Glossary("API")}} then **bold**\n\\{{Glossary("not")}} then *it*');
    expectScopes(t, 'Glossary', [...PARA, MACRO, GLOSSARY]);
    expectScopes(t, 'bold', [...PARA, 'markup.bold.markdown']);
    expectScopes(t, '\\', [...PARA, ESCAPE]);
    expectScopes(t, 'it', [...PARA, 'markup.italic.markdown']);
  });

  it('at the start of a list item and of a blockquote, followed by **bold**', () => {
    const t = tokenize('- {{Glossary("API")}} **bold**\n\n> {{Glossary("JSON")}} *it*');
    expect(scopesOf(t, 'Glossary'), dump(t)).toEqual(['text.html.markdown', 'markup.list.unnumbered.markdown', 'meta.paragraph.markdown', MACRO, GLOSSARY]);
    expect(scopesOf(t, 'bold').slice(-2)).toEqual(['meta.paragraph.markdown', 'markup.bold.markdown']);
    const q = scopesOf(t, 'Glossary', 1);
    expect(q, dump(t)).toContain('markup.quote.markdown');
    expect(q.slice(-3)).toEqual(['meta.paragraph.markdown', MACRO, GLOSSARY]);
    expect(scopesOf(t, 'it').slice(-2)).toEqual(['meta.paragraph.markdown', 'markup.italic.markdown']);
  });

  it('at the start of a table cell, and text after it in the cell keeps its scopes', () => {
    const t = tokenize('| a | b |\n| - | - |\n|{{Glossary("API")}} **bold**| x |');
    expectGlossaryWithin(t, 'markup.table.markdown');
    expect(innermost(t, 'bold')).toBe('markup.bold.markdown');
  });

  it('in an HTML block (MDN tables written in HTML)', () => {
    const t = tokenize('<table>\n<tr><td>{{Glossary("API")}}</td></tr>\n</table>');
    expect(scopesOf(t, 'Glossary').slice(-2), dump(t)).toEqual([MACRO, GLOSSARY]);
    expect(innermost(t, 'td')).toBe('entity.name.tag.html');
  });

  it('in a fenced code block (MDN expands macros there too)', () => {
    const t = tokenize('```plain\n{{Glossary("API")}}\n```\n\nAfter **bold**');
    expectGlossaryWithin(t, 'markup.fenced_code.block.markdown');
    expect(innermost(t, 'bold')).toBe('markup.bold.markdown');
  });

  it('two macros on one line', () => {
    const t = tokenize('{{Glossary("A")}}{{jsxref("B")}}');
    expect(innermost(t, 'Glossary')).toBe(GLOSSARY);
    expect(innermost(t, 'jsxref')).toBe(OTHER_NAME);
    expect(innermost(t, '{{', 1)).toBe(BEGIN);
  });
});
