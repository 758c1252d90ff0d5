/**
 * The KumaScript macro scanner (server/src/syntax/macros.ts) against docs/semantics.md § Macros and
 * MDN's own macro grammar (rari's `rari-templ.pest`): every odd form authors write, and the
 * malformed ones MDN prints literally with a `templ-syntax-error`.
 */
import { describe, it, expect } from 'vitest';
import { scanMacros, parseMacroAt, macroKey, Macro } from '../../server/src/syntax/macros';
import { scanDocument } from '../../server/src/syntax/document';
import { offsetOf, spanOf } from '../helpers/text';

function only(text: string): Macro {
  const { macros, errors } = scanMacros(text);
  expect(errors).toEqual([]);
  expect(macros).toHaveLength(1);
  return macros[0];
}

/** The macro's parts as the text they cover, for readable expectations. */
function parts(text: string, macro: Macro) {
  return {
    whole: text.slice(macro.start, macro.end),
    name: text.slice(macro.nameStart, macro.nameEnd),
    args: macro.args.map((arg) => ({
      kind: arg.kind,
      value: arg.value,
      quote: arg.quote,
      written: text.slice(arg.start, arg.end),
      inner: text.slice(arg.valueStart, arg.valueEnd),
    })),
  };
}

describe('well-formed macros', () => {
  it('reads {{Glossary("API")}} with name, argument and whole ranges', () => {
    const text = 'An {{Glossary("API")}} here.';
    const macro = only(text);
    expect(macro.name).toBe('Glossary');
    expect([macro.start, macro.end]).toEqual(spanOf(text, '{{Glossary("API")}}'));
    expect([macro.nameStart, macro.nameEnd]).toEqual(spanOf(text, 'Glossary'));
    expect(macro.openParen).toBe(offsetOf(text, '('));
    expect(macro.closeParen).toBe(offsetOf(text, ')'));
    expect(macro.args).toHaveLength(1);
    const [arg] = macro.args;
    expect(arg).toMatchObject({ kind: 'string', value: 'API', quote: '"' });
    expect([arg.start, arg.end]).toEqual(spanOf(text, '"API"'));
    expect([arg.valueStart, arg.valueEnd]).toEqual(spanOf(text, 'API'));
  });

  it('keeps the name as written; macroKey compares case-insensitively', () => {
    const text = '{{glossary("method","méthodes")}}';
    const macro = only(text);
    expect(macro.name).toBe('glossary');
    expect(macroKey(macro.name)).toBe(macroKey('Glossary'));
    expect(macroKey('GLOSSARY')).toBe('glossary');
    expect(parts(text, macro).args).toEqual([
      { kind: 'string', value: 'method', quote: '"', written: '"method"', inner: 'method' },
      { kind: 'string', value: 'méthodes', quote: '"', written: '"méthodes"', inner: 'méthodes' },
    ]);
  });

  it('allows whitespace inside the braces and the parentheses', () => {
    const text = 'x {{ Glossary( "API" ) }} y';
    const macro = only(text);
    expect(parts(text, macro)).toEqual({
      whole: '{{ Glossary( "API" ) }}',
      name: 'Glossary',
      args: [{ kind: 'string', value: 'API', quote: '"', written: '"API"', inner: 'API' }],
    });
  });

  it('allows newlines and tabs between the parts, as MDN’s grammar does', () => {
    const text = '{{Glossary\n(\t"a",\n  "b"\n)}}';
    expect(parts(text, only(text)).args.map((a) => a.value)).toEqual(['a', 'b']);
  });

  it('reads single-quoted and backquoted strings', () => {
    const text = "{{glossary('API', `the API`)}}";
    expect(parts(text, only(text)).args).toEqual([
      { kind: 'string', value: 'API', quote: "'", written: "'API'", inner: 'API' },
      { kind: 'string', value: 'the API', quote: '`', written: '`the API`', inner: 'the API' },
    ]);
  });

  it('decodes JSON-style escapes; the value range still covers the text as written', () => {
    const text = String.raw`{{Glossary("say \"hi\" \\ caf\u00e9")}}`;
    const macro = only(text);
    const [arg] = macro.args;
    expect(arg.value).toBe('say "hi" \\ café');
    expect(text.slice(arg.valueStart, arg.valueEnd)).toBe(String.raw`say \"hi\" \\ caf\u00e9`);
    expect(macro.end).toBe(text.length);
  });

  it('decodes an escaped quote of each kind inside its own quotes', () => {
    const text = String.raw`{{x('it\'s', ` + '`a\\`b`' + `)}}`;
    expect(only(text).args.map((a) => a.value)).toEqual(["it's", 'a`b']);
  });

  it('reads integers, floats, negative numbers and booleans', () => {
    const text = '{{EmbedLiveSample("demo", 100, 2.5, -3, -0.25, true, false)}}';
    expect(parts(text, only(text)).args.map(({ kind, value, written }) => ({ kind, value, written }))).toEqual([
      { kind: 'string', value: 'demo', written: '"demo"' },
      { kind: 'number', value: 100, written: '100' },
      { kind: 'number', value: 2.5, written: '2.5' },
      { kind: 'number', value: -3, written: '-3' },
      { kind: 'number', value: -0.25, written: '-0.25' },
      { kind: 'boolean', value: true, written: 'true' },
      { kind: 'boolean', value: false, written: 'false' },
    ]);
  });

  it('reads empty arguments between commas as missing (not a syntax error)', () => {
    const text = '{{EmbedLiveSample("x", , 200)}}';
    const macro = only(text);
    expect(macro.args.map((a) => a.kind)).toEqual(['string', 'empty', 'number']);
    const empty = macro.args[1];
    expect(empty.start).toBe(empty.end);
    expect(empty.start).toBeGreaterThan(offsetOf(text, ','));
    expect(empty.start).toBeLessThanOrEqual(offsetOf(text, ',', 1));
    expect(macro.args[2].value).toBe(200);
  });

  it('reads the many-empty-arguments EmbedLiveSample calls of real content', () => {
    for (const text of [
      `{{EmbedLiveSample('url-from-array', , , , , , , 'allow-popups')}}`,
      '{{EmbedLiveSample("url-validation", "40px", , , , , "allow-forms")}}',
      '{{EmbedLiveSample(, "x")}}',
    ]) {
      const macro = only(text);
      expect(macro.end).toBe(text.length);
      expect(macro.args.some((arg) => arg.kind === 'empty')).toBe(true);
    }
  });

  // rari's current parser (mdn/tree-sitter-mdn) reads `("x",)` as a malformed macro; the older
  // pest grammar allowed the comma. The build warns templ-syntax-error, so the editor does too.
  it('rejects a trailing comma, as MDN’s current parser does', () => {
    const { macros, errors } = scanMacros('{{EmbedLiveSample("x",)}}');
    expect(macros).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ start: 0, end: 25, name: 'EmbedLiveSample' });
  });

  it('reads an empty string as an argument with an empty value', () => {
    const text = '{{Glossary("")}}';
    const [arg] = only(text).args;
    expect(arg).toMatchObject({ kind: 'string', value: '' });
    expect(arg.valueStart).toBe(arg.valueEnd);
  });

  it('reads {{GlossarySidebar}} without parentheses, and {{Foo()}} with empty ones', () => {
    const text = '{{GlossarySidebar}}\n{{ GlossarySidebar }}\n{{Foo()}}';
    const { macros, errors } = scanMacros(text);
    expect(errors).toEqual([]);
    expect(macros.map((m) => [m.name, m.args.length, m.openParen === -1])).toEqual([
      ['GlossarySidebar', 0, true],
      ['GlossarySidebar', 0, true],
      ['Foo', 0, false],
    ]);
    expect(macros[0].closeParen).toBe(-1);
    expect(text.slice(macros[1].start, macros[1].end)).toBe('{{ GlossarySidebar }}');
  });

  it('reads names with digits, `_` and `-`', () => {
    expect(only('{{Compat_2}}').name).toBe('Compat_2');
    expect(only('{{_x}}').name).toBe('_x');
    expect(only('{{see-also}}').name).toBe('see-also');
  });

  it('finds adjacent macros', () => {
    const { macros } = scanMacros('{{a}}{{b("c")}}{{d}}');
    expect(macros.map((m) => m.name)).toEqual(['a', 'b', 'd']);
  });

  it('returns macros in text order with non-overlapping ranges', () => {
    const text = 'a {{Glossary("A")}} b {{domxref("B")}}\n{{HTMLElement("c")}} `{{jsxref("D")}}`';
    const { macros } = scanMacros(text);
    expect(macros).toHaveLength(4);
    for (let i = 1; i < macros.length; i++) expect(macros[i].start).toBeGreaterThanOrEqual(macros[i - 1].end);
  });
});

describe('text that is not a macro', () => {
  it('skips an escaped \\{{Glossary("x")}} (neither a macro nor an error)', () => {
    const text = 'To show a macro: \\{{Glossary("x")}}.';
    expect(scanMacros(text)).toMatchObject({ macros: [], errors: [] });
  });

  it('skips an escaped macro but finds the next one', () => {
    const text = '\\{{Glossary("x")}} and {{Glossary("y")}}';
    const { macros } = scanMacros(text);
    expect(macros.map((m) => m.args[0].value)).toEqual(['y']);
  });

  it('takes `{{ }}`, `{{}}`, `{{{` and `{{9x}}` for text', () => {
    for (const text of ['{{ }}', '{{}}', 'a {{{ }}} b', '{{{', '{{9x}}', '{{', '{{ "x" }}', '{{ 1 }}']) {
      expect(scanMacros(text), text).toMatchObject({ macros: [], errors: [] });
    }
  });

  it('finds a macro right after a stray `{` (`{{{Glossary("a")}}}`): MDN reads `{` as text, then the macro', () => {
    // rari's grammar: text = ((escape | !macro_tag) ~ ANY)+, so a macro can start at any offset.
    const text = '{{{Glossary("a")}}}';
    const { macros } = scanMacros(text);
    expect(macros.map((m) => [m.start, m.end])).toEqual([[1, 18]]);
  });

  it('does not report macros in HTML comments, on one line or several, or in an unclosed comment', () => {
    const text = [
      'Before <!-- {{Glossary("one-line")}} --> after {{Glossary("kept")}}',
      '<!--',
      '{{Glossary("multi-line")}}',
      '{{glossary("broken"}}',
      '-->',
      '{{Glossary("kept-too")}}',
      '<!-- never closed {{Glossary("unclosed")}} {{broken(}}',
    ].join('\n');
    const { macros, errors } = scanMacros(text);
    expect(macros.map((m) => m.args[0].value)).toEqual(['kept', 'kept-too']);
    expect(errors).toEqual([]);
    const doc = scanDocument(text);
    expect(doc.macros.map((m) => m.args[0].value)).toEqual(['kept', 'kept-too']);
    expect(doc.macroErrors).toEqual([]);
  });

  it('skips nothing but comments: a `-->` before any `<!--` hides nothing', () => {
    const { macros } = scanMacros('--> {{Glossary("a")}}');
    expect(macros).toHaveLength(1);
  });
});

describe('macros in Markdown code are still macros (MDN’s parser does not know Markdown)', () => {
  it('finds a macro in an inline code span', () => {
    const text = 'Write `{{Glossary("API")}}` to link.';
    const doc = scanDocument(text);
    expect(doc.macros).toHaveLength(1);
    expect(doc.macros[0].args[0].value).toBe('API');
  });

  it('finds a macro in a fenced code block, with ``` and ~~~ fences', () => {
    const text = '```html\n<p>{{Glossary("API")}}</p>\n```\n\n~~~\n{{domxref("Element")}}\n~~~\n';
    const doc = scanDocument(text);
    expect(doc.macros.map((m) => m.name)).toEqual(['Glossary', 'domxref']);
  });

  it('reports a malformed macro in a code block too', () => {
    const doc = scanDocument('```\n{{glossary("x")}\n```\n');
    expect(doc.macroErrors).toHaveLength(1);
  });

  it('does not find macros in the front matter, but does in the body', () => {
    const text = '---\ntitle: "{{Glossary(\\"fm\\")}}"\nslug: A\n---\n\n{{Glossary("body")}}\n';
    const doc = scanDocument(text);
    expect(doc.macros.map((m) => m.args[0].value)).toEqual(['body']);
    expect(doc.bodyStart).toBe(offsetOf(text, '\n\n{{') + 1);
  });
});

describe('malformed macros (templ-syntax-error) and their ranges', () => {
  function onlyError(text: string) {
    const { macros, errors } = scanMacros(text);
    expect(macros).toEqual([]);
    expect(errors).toHaveLength(1);
    return errors[0];
  }

  it('{{glossary("JWT", JSON Web Token(JWT)"")}}: the whole macro, failing at the unquoted argument', () => {
    const macro = '{{glossary("JWT", JSON Web Token(JWT)"")}}';
    const text = `an object such as a ${macro}.\nNext line.`;
    const error = onlyError(text);
    expect([error.start, error.end]).toEqual(spanOf(text, macro));
    expect(error.at).toBe(offsetOf(text, 'JSON'));
    expect(error.name).toBe('glossary');
    expect(error.message).toMatch(/argument/);
  });

  it('{{glossary("x")} (one closing brace): from `{{` to the end of the line', () => {
    const text = 'See {{glossary("x")}\nNext line.';
    const error = onlyError(text);
    expect(text.slice(error.start, error.end)).toBe('{{glossary("x")}');
    expect(error.at).toBe(offsetOf(text, '}'));
    expect(error.message).toMatch(/'}}'/);
  });

  it('{{domxref(Element.style)}}: unquoted argument', () => {
    const text = 'The {{domxref(Element.style)}} property.';
    const error = onlyError(text);
    expect(text.slice(error.start, error.end)).toBe('{{domxref(Element.style)}}');
    expect(error.at).toBe(offsetOf(text, 'Element'));
    expect(error.name).toBe('domxref');
  });

  it('{{domxref("A" "b")}}: missing comma', () => {
    const text = 'resets the {{domxref("A" "b")}} value.';
    const error = onlyError(text);
    expect(text.slice(error.start, error.end)).toBe('{{domxref("A" "b")}}');
    expect(error.at).toBe(offsetOf(text, '"b"'));
    expect(error.message).toMatch(/',' or '\)'/);
  });

  it('{{domxref("X"))}}: extra parenthesis', () => {
    const text = 'and {{domxref("X"))}} interface';
    const error = onlyError(text);
    expect(text.slice(error.start, error.end)).toBe('{{domxref("X"))}}');
    expect(error.at).toBe(offsetOf(text, '))') + 1);
  });

  it('{{glossary("x)}}: missing closing quote; the range covers the macro text and stays on its line', () => {
    const text = 'A {{glossary("x)}} b\nnext';
    const error = onlyError(text);
    expect(error.start).toBe(offsetOf(text, '{{'));
    expect(text.slice(error.start, error.end)).toMatch(/^\{\{glossary\("x\)\}\}( b)?$/);
    expect(error.message).toMatch(/closing quote/);
  });

  it('a missing closing quote at the very end of the text', () => {
    const text = '{{glossary("x';
    const error = onlyError(text);
    expect([error.start, error.end]).toEqual([0, text.length]);
    expect(error.message).toMatch(/closing quote/);
  });

  it('{{Glossary at the end of the text, and {{Glossary("a") without }}', () => {
    for (const text of ['{{Glossary', '{{Glossary("a")', '{{Glossary("a"']) {
      const error = onlyError(text);
      expect([error.start, error.end], text).toEqual([0, text.length]);
      expect(error.message).toMatch(/end of text/);
    }
  });

  it('unknown tokens as arguments: null, identifiers, `.5`, `+1`', () => {
    for (const text of ['{{x(null)}}', '{{x(truex)}}', '{{x(.5)}}', '{{x(+1)}}', '{{x(1.)}}']) {
      const error = onlyError(text);
      expect([error.start, error.end], text).toEqual([0, text.length]);
    }
  });

  it('a backslash escape JSON does not know (`\\x`) does not parse', () => {
    // docs/semantics.md: strings with JSON-style escapes; rari's dq_char accepts only \" \\ \/ \b \f \n \r \t \uXXXX.
    const text = String.raw`{{Glossary("a\xb")}}`;
    expect(scanMacros(text).macros).toEqual([]);
    expect(scanMacros(text).errors).toHaveLength(1);
  });

  it('a malformed macro does not swallow the valid macro on the next line', () => {
    for (const bad of ['{{glossary("x")}', '{{glossary("x)}}', '{{domxref(Element.style)}}', '{{glossary("JWT", JSON Web Token(JWT)"")}}', '{{domxref("X"))}}']) {
      const text = `${bad}\n{{Glossary("API")}}`;
      const { macros, errors } = scanMacros(text);
      expect(errors, bad).toHaveLength(1);
      expect(errors[0].end, bad).toBeLessThanOrEqual(offsetOf(text, '\n'));
      expect(
        macros.map((m) => [m.name, m.start]),
        bad,
      ).toEqual([['Glossary', offsetOf(text, '{{Glossary')]]);
    }
  });

  it('a malformed macro does not swallow a valid macro later on the same line', () => {
    // MDN's grammar reads a non-macro `{{` as text and tries again at the next character, so the
    // second macro is expanded: it must be found (and the error must not cover it).
    for (const bad of ['{{glossary("x")}', '{{glossary("x)}}', '{{domxref(Element.style', '{{Glossary']) {
      const text = `${bad} then {{Glossary("API")}} end`;
      const { macros, errors } = scanMacros(text);
      expect(errors, bad).toHaveLength(1);
      expect(
        macros.map((m) => m.args[0]?.value),
        bad,
      ).toEqual(['API']);
      expect(errors[0].end, bad).toBeLessThanOrEqual(offsetOf(text, '{{Glossary("API")'));
    }
  });

  it('two malformed macros on one line are two errors, in order', () => {
    const text = '{{a(x)}} and {{b(y)}}';
    const { errors } = scanMacros(text);
    expect(errors.map((e) => [e.name, text.slice(e.start, e.end)])).toEqual([
      ['a', '{{a(x)}}'],
      ['b', '{{b(y)}}'],
    ]);
  });

  it('parseMacroAt: undefined where no name follows `{{`', () => {
    expect(parseMacroAt('{{ }}', 0)).toBeUndefined();
    expect(parseMacroAt('{{{a}}', 0)).toBeUndefined();
    expect(parseMacroAt('{{"a"}}', 0)).toBeUndefined();
    expect(parseMacroAt('{{a}}', 0)).toMatchObject({ name: 'a', start: 0, end: 5 });
  });

  it('scanDocument reports errors with the same ranges, in the body only', () => {
    const text = '---\ntitle: {{bad(}}\n---\n{{glossary("x")}\n';
    const doc = scanDocument(text);
    expect(doc.macroErrors.map((e) => text.slice(e.start, e.end))).toEqual(['{{glossary("x")}']);
  });
});
