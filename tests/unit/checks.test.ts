/**
 * Authoring checks over an InMemoryFileSystem index: the macro catalog, templ-unknown and
 * templ-invalid-arg, the front matter rules, and fixes that keep what readers see.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ContentIndex } from '../../server/src/content/contentIndex';
import { InMemoryFileSystem } from '../../server/src/content/fileSystem';
import { checkPage } from '../../server/src/resolve/pageFindings';
import { scanDocument } from '../../server/src/syntax/document';
import { catalogKey, isKnownMacro, MACROS, macroSignature, macroSpec } from '../../server/src/syntax/macroTable';
import { codeActions } from '../../server/src/features/codeActions';
import { frontMatterFindings } from '../../server/src/resolve/frontMatterChecks';
import { diagnostics } from '../../server/src/features/diagnostics';
import { FeatureContext } from '../../server/src/features/context';
import { check, FILES } from '../helpers/content';
import type { ChecksFixture } from './checksTree';
import { at, changesOf, checksFixture, docAt, everywhere, FILES_IN_TREE, glossary, page, pathOf } from './checksTree';

let index: ChecksFixture['index'];
let ctx: ChecksFixture['ctx'];
beforeAll(async () => {
  ({ index, ctx } = await checksFixture());
});

// ——— the catalog ———

describe('the macro catalog', () => {
  it('knows every macro of MDN’s table, case-insensitively and with - equal to _', () => {
    for (const name of [
      'Glossary',
      'domxref',
      'jsxref',
      'cssxref',
      'HTMLElement',
      'SVGElement',
      'SVGAttr',
      'MathMLElement',
      'HTTPStatus',
      'HTTPHeader',
      'HTTPMethod',
      'CSP',
      'WebExtAPIRef',
      'xref',
      'RFC',
      'Previous',
      'Next',
      'PreviousNext',
      'PreviousMenu',
      'NextMenu',
      'PreviousMenuNext',
      'LiveSampleLink',
      'EmbedLiveSample',
      'EmbedGHLiveSample',
      'EmbedInteractiveExample',
      'InteractiveExample',
      'EmbedYouTube',
      'JSFiddleEmbed',
      'Compat',
      'Specifications',
      'WebExtAllCompatTables',
      'CSSInfo',
      'CSSSyntax',
      'CSS_Ref',
      'svginfo',
      'InheritanceDiagram',
      'JS_Property_Attributes',
      'ListSubpages',
      'ListSubpagesForSidebar',
      'QuickLinksWithSubpages',
      'SubpagesWithSummaries',
      'LandingPageListSubpages',
      'GlossaryDisambiguation',
      'APIListAlpha',
      'APIListSpecs',
      'WebExtExamples',
      'WebExtAllExamples',
      'XSLTRef',
      'Firefox_for_developers',
      'echo',
      'Experimental_Inline',
      'ExperimentalBadge',
      'Non-standard_Inline',
      'Deprecated_Inline',
      'Optional_Inline',
      'ReadOnlyInline',
      'SecureContext_Inline',
      'SeeCompatTable',
      'SecureContext_Header',
      'Non-standard_Header',
      'AvailableInWorkers',
      'Deprecated_Header',
      'APIRef',
      'DefaultAPISidebar',
      'JSRef',
      'CSSRef',
      'GlossarySidebar',
      'AddonSidebar',
      'AddonSidebarMain',
      'LearnSidebar',
      'SVGRef',
      'HTTPSidebar',
      'JsSidebar',
      'HTMLSidebar',
      'AccessibilitySidebar',
      'FirefoxSidebar',
      'WebAssemblySidebar',
      'XSLTSidebar',
      'MDNSidebar',
      'GamesSidebar',
      'MathMLRef',
      'PWASidebar',
      'xulelem',
      // In MDN's templates though not in the table: used by the content.
      'CSSSyntaxRaw',
      'ListGroups',
    ]) {
      expect(isKnownMacro(name), name).toBe(true);
    }
    expect(isKnownMacro('GLOSSARY')).toBe(true);
    expect(isKnownMacro('non_standard_inline')).toBe(true);
    expect(isKnownMacro('Non-Standard-Inline')).toBe(true);
    expect(macroSpec('css-ref')?.name).toBe('CSS_Ref');
    expect(isKnownMacro('domxreg')).toBe(false);
    expect(isKnownMacro('term')).toBe(false);
    expect(isKnownMacro('term', new Set(['term']))).toBe(true);
  });

  it('is data: one entry a key, required parameters first, a type and docs for each', () => {
    const keys = MACROS.map((spec) => catalogKey(spec.name));
    expect(new Set(keys).size).toBe(keys.length);
    for (const spec of MACROS) {
      expect(spec.documentation, spec.name).toBeTruthy();
      const firstOptional = spec.parameters.findIndex((param) => param.optional);
      if (firstOptional !== -1)
        expect(
          spec.parameters.slice(firstOptional).every((param) => param.optional),
          spec.name,
        ).toBe(true);
      for (const param of spec.parameters) {
        expect(['string', 'any', 'integer']).toContain(param.type);
        expect(param.documentation, `${spec.name}.${param.name}`).toBeTruthy();
      }
    }
    expect(macroSpec('JS_Property_Attributes')!.parameters.map((param) => param.type)).toEqual(['integer', 'integer', 'integer']);
    expect(macroSpec('HTTPStatus')!.parameters[0]).toMatchObject({ type: 'any', optional: false });
  });

  it('gives a signature label with each parameter’s place in it', () => {
    const signature = macroSignature('glossary')!;
    expect(signature.label).toBe('{{Glossary(term, display?)}}');
    expect(signature.offsets.map(([start, end]) => signature.label.slice(start, end))).toEqual(['term', 'display?']);
    expect(macroSignature('GlossarySidebar')!.label).toBe('{{GlossarySidebar()}}');
    expect(macroSignature('nope')).toBeUndefined();
  });
});

// ——— templ-unknown, templ-invalid-arg ———

describe('templ-unknown', () => {
  it('reports a name MDN does not know, on the whole macro, with MDN’s message', () => {
    const findings = check(index, 'A {{domxreg("Element")}} b.').filter((f) => f.code === 'templ-unknown');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning', written: '{{domxreg("Element")}}', message: 'Macro domxreg does not exist', suggestion: null });
  });

  it('is silent for known names however written, and for configured glossary macros', () => {
    const text = '{{non-standard_inline}} {{NON_STANDARD_INLINE}} {{ Experimental_Inline }} {{xulelem("x")}} {{cssxref("color")}} {{CSSSyntaxRaw(`a = b`)}}';
    expect(check(index, text).filter((f) => f.code === 'templ-unknown')).toEqual([]);
    const withTerm = checkPage(scanDocument('{{term("API")}} {{Term("API")}}'), 'en-us', index, { glossaryMacros: new Set(['glossary', 'term']) });
    expect(withTerm.filter((f) => f.code === 'templ-unknown')).toEqual([]);
    expect(check(index, '{{term("API")}}').map((f) => f.code)).toEqual(['templ-unknown']);
  });

  it('is silent for escaped and commented-out macros, and in the front matter', () => {
    expect(check(index, '\\{{nope}} <!-- {{nope}} -->').map((f) => f.code)).toEqual([]);
    expect(check(index, '---\ntitle: "{{nope}}"\nslug: A\n---\n\nText.').map((f) => f.code)).toEqual([]);
  });
});

describe('templ-invalid-arg', () => {
  const invalid = (text: string) =>
    check(index, text)
      .filter((f) => f.code === 'templ-invalid-arg')
      .map((f) => [f.written, f.message]);

  it('a missing or empty required argument', () => {
    expect(invalid('{{cssxref()}} {{cssxref("")}} {{CSP}}')).toEqual([
      ['{{cssxref()}}', 'Macro cssxref: argument 1 (name) must be provided'],
      ['{{cssxref("")}}', 'Macro cssxref: argument 1 (name) must be provided'],
      ['{{CSP}}', 'Macro csp: argument 1 (directive) must be provided'],
    ]);
    expect(invalid('{{LiveSampleLink("demo")}}')).toEqual([['{{LiveSampleLink("demo")}}', 'Macro livesamplelink: argument 2 (display) must be provided']]);
    expect(invalid('{{JS_Property_Attributes(1, 0)}}')).toEqual([['{{JS_Property_Attributes(1, 0)}}', 'Macro js_property_attributes: argument 3 (configurable) must be provided']]);
  });

  it('a missing Glossary term stays templ-broken-link only (no second finding)', () => {
    expect(check(index, '{{Glossary()}} {{Glossary("")}} {{domxref()}}').map((f) => f.code)).toEqual(['templ-broken-link', 'templ-broken-link', 'templ-broken-link']);
  });

  it('a number or boolean where a string is required, a non-integer where an integer is', () => {
    expect(invalid('{{Glossary(42)}}')).toEqual([['{{Glossary(42)}}', 'Macro glossary received argument (42) which is not valid: term must be a string']]);
    expect(invalid('{{domxref("Element", true)}}')).toEqual([
      ['{{domxref("Element", true)}}', 'Macro domxref received argument (true) which is not valid: display must be a string'],
    ]);
    expect(invalid('{{JS_Property_Attributes(1, 0, 1.5)}} {{JS_Property_Attributes(1, 0, "1")}}').map(([, message]) => message)).toEqual([
      'Macro js_property_attributes received argument (1.5) which is not valid: configurable must be an integer',
      'Macro js_property_attributes received argument ("1") which is not valid: configurable must be an integer',
    ]);
  });

  it('extra arguments, any-typed arguments and skipped optional ones are fine (MDN ignores extras)', () => {
    expect(invalid('{{Glossary("API", "an API", "legacy", 4)}} {{HTTPStatus(404)}} {{RFC(9110, "HTTP", 7)}} {{EmbedLiveSample("x", , 200)}}')).toEqual([]);
    expect(invalid('{{JS_Property_Attributes(1, 0, 1)}} {{Compat("api.Element", 2)}} {{GlossarySidebar("x")}} {{xulelem(1)}}')).toEqual([]);
  });

  it('a macro that does not parse is a syntax error only', () => {
    expect(check(index, '{{cssxref(color)}}').map((f) => f.code)).toEqual(['templ-syntax-error']);
  });
});

// ——— signature help ———

describe('front matter checks', () => {
  const codes = (text: string, path: string) => frontMatterFindings(text, path, index).map((f) => f.code);

  it('a good page has no finding', () => {
    expect(frontMatterFindings(FILES_IN_TREE[pathOf('en-us', 'Glossary/API')], pathOf('en-us', 'Glossary/API'), index)).toEqual([]);
    expect(frontMatterFindings(FILES_IN_TREE[pathOf('fr', 'Glossary/API')], pathOf('fr', 'Glossary/API'), index)).toEqual([]);
  });

  it('no front matter, and YAML that does not parse, positioned on the faulty line', () => {
    const missing = frontMatterFindings('Just text.\n', pathOf('en-us', 'Glossary/API'), index);
    expect(missing).toMatchObject([{ code: 'front-matter-missing', severity: 'error', start: 0, end: 'Just text.'.length }]);
    const text = '---\ntitle: API\nslug: Glossary/API\npage-type: [oops\n---\n\nText.\n';
    const [yaml] = frontMatterFindings(text, pathOf('en-us', 'Glossary/API'), index);
    expect(yaml.code).toBe('front-matter-yaml');
    expect(yaml.message).toMatch(/not valid YAML/);
    const line = text.slice(0, yaml.start).split('\n').length - 1;
    expect(line).toBeGreaterThanOrEqual(1);
    expect(line).toBeLessThanOrEqual(4);
    expect(text.slice(yaml.start, yaml.end)).not.toContain('\n');
  });

  it('missing title and slug, on the opening line when the key is absent, on the key when empty', () => {
    const path = pathOf('en-us', 'Glossary/API');
    const none = frontMatterFindings('---\npage-type: glossary-definition\n---\n\nText.\n', path, index);
    expect(none.map((f) => [f.code, f.start, f.end])).toEqual([
      ['front-matter-missing-title', 0, 3],
      ['front-matter-missing-slug', 0, 3],
    ]);
    const empty = '---\ntitle:\nslug: Glossary/API\npage-type: glossary-definition\n---\n';
    const [finding] = frontMatterFindings(empty, path, index);
    expect(finding.code).toBe('front-matter-missing-title');
    expect(empty.slice(finding.start, finding.end)).toBe('title');
  });

  it('a slug that does not map to the page’s folder, on the slug', () => {
    const path = at('en-us', 'glossary/apis');
    const text = page(glossary('Glossary/APIs_old'));
    const [finding] = frontMatterFindings(text, path, index);
    expect(finding).toMatchObject({ code: 'front-matter-slug-mismatch', severity: 'error' });
    expect(text.slice(finding.start, finding.end)).toBe('Glossary/APIs_old');
    expect(finding.message).toContain('glossary/apis_old');
    // Characters MDN spells out in folders.
    expect(codes(page({ title: 'a', slug: 'Web/CSS/::after' }), at('en-us', 'web/css/_doublecolon_after'))).toEqual([]);
    expect(codes(page({ title: 'a', slug: 'Web/CSS/::after' }), at('en-us', 'web/css/::after'))).toEqual(['front-matter-slug-mismatch']);
  });

  it('two pages of a locale with one slug (from the index), on both', async () => {
    const files = {
      ...FILES_IN_TREE,
      [at('en-us', 'glossary/api_copy')]: page(glossary('Glossary/API')),
    };
    const dupIndex = await ContentIndex.build(new InMemoryFileSystem(files), [FILES]);
    const copy = frontMatterFindings(files[at('en-us', 'glossary/api_copy')], at('en-us', 'glossary/api_copy'), dupIndex).map((f) => f.code);
    expect(copy).toEqual(['front-matter-slug-mismatch', 'front-matter-duplicate-slug']);
    const original = frontMatterFindings(files[pathOf('en-us', 'Glossary/API')], pathOf('en-us', 'Glossary/API'), dupIndex);
    expect(original.map((f) => f.code)).toEqual(['front-matter-duplicate-slug']);
    expect(original[0].message).toContain('glossary/api_copy/index.md');
    // Another locale with the same slug is no duplicate.
    expect(frontMatterFindings(files[pathOf('fr', 'Glossary/API')], pathOf('fr', 'Glossary/API'), dupIndex)).toEqual([]);
  });

  it('a glossary page without page-type where the locale’s glossary pages have one, with a fix', () => {
    const path = pathOf('en-us', 'Glossary/API');
    const text = page({ title: 'API', slug: 'Glossary/API' });
    const [finding] = frontMatterFindings(text, path, index);
    expect(finding).toMatchObject({ code: 'front-matter-missing-page-type', severity: 'warning' });
    const fixed = text.slice(0, finding.fix!.start) + finding.fix!.newText + text.slice(finding.fix!.end);
    expect(fixed).toBe(page(glossary('Glossary/API', { title: 'API' })));
    // German glossary pages have none: nothing to say. Pages outside the glossary: nothing either.
    expect(codes(page({ title: 'API', slug: 'Glossary/API', translationOf: true }), pathOf('de', 'Glossary/API'))).toEqual([]);
    expect(codes(page({ title: 'First steps', slug: 'Learn/First_steps' }), pathOf('en-us', 'Learn/First_steps'))).toEqual([]);
  });

  it('offers the page-type fix as a code action', async () => {
    const path = pathOf('en-us', 'Glossary/API');
    const text = page({ title: 'API', slug: 'Glossary/API', body: 'An **API**.' });
    const doc = docAt(path, text, 'en-us');
    const [action] = (await codeActions(doc, everywhere(doc), [], ctx)).filter((a) => a.title.startsWith('Add page-type'));
    expect(action.title).toBe('Add page-type: glossary-definition');
    expect(changesOf(action, doc.uri)[0].newText).toBe('page-type: glossary-definition\n');
  });

  it('never throws, whatever the text', () => {
    for (const text of [
      '',
      '---',
      '---\n---\n',
      '---\n: : :\n---\n',
      '---\n- a\n- b\n---\n',
      '---\ntitle: [1, 2]\nslug: 3\n---\n',
      '---\r\ntitle: A\r\n---\r\n',
      '\u0000\u0001---',
      '---\nslug: "\\uZZZZ"\n---\n',
    ]) {
      expect(() => frontMatterFindings(text, pathOf('en-us', 'Glossary/API'), index)).not.toThrow();
      expect(() => frontMatterFindings(text, undefined, undefined)).not.toThrow();
    }
  });

  it('come through diagnostics with their codes and the user’s severities', () => {
    const path = pathOf('en-us', 'Glossary/API');
    const doc = docAt(path, page({ title: 'API', slug: 'Glossary/Other' }), 'en-us');
    const all = diagnostics(doc, ctx);
    expect(all.map((d) => [d.code, d.severity])).toEqual([
      ['front-matter-slug-mismatch', 1],
      ['front-matter-missing-page-type', 2],
    ]);
    expect(diagnostics(doc, ctx, { 'front-matter-missing-page-type': 'off', 'front-matter-slug-mismatch': 'hint' }).map((d) => [d.code, d.severity])).toEqual([
      ['front-matter-slug-mismatch', 4],
    ]);
  });
});

// ——— fixes keep what readers see ———

describe('fixes keep what readers see', () => {
  const FIX_TREE: Record<string, string> = {
    [pathOf('en-us', 'Glossary/Doctype')]: page(glossary('Glossary/Doctype')),
    [pathOf('en-us', 'Glossary/MIME_type')]: page(glossary('Glossary/MIME_type')),
    [pathOf('en-us', 'Web/JavaScript/Reference/Operators/this')]: page({ title: 'this', slug: 'Web/JavaScript/Reference/Operators/this' }),
    [pathOf('en-us', 'Web/JavaScript/Reference/Global_Objects/Array/map')]: page({ title: 'map', slug: 'Web/JavaScript/Reference/Global_Objects/Array/map' }),
    [pathOf('en-us', 'Web/API/HTMLElement/style')]: page({ title: 'style', slug: 'Web/API/HTMLElement/style' }),
    [pathOf('en-us', 'Web/HTML/Reference/Elements/img')]: page({ title: '<img>', slug: 'Web/HTML/Reference/Elements/img' }),
    [pathOf('en-us', 'Web/SVG/Reference/Element/circle')]: page({ title: '<circle>', slug: 'Web/SVG/Reference/Element/circle' }),
    [pathOf('en-us', 'Web/HTTP/Reference/Status/410')]: page({ title: '410', slug: 'Web/HTTP/Reference/Status/410' }),
    [pathOf('en-us', 'Learn/First_steps')]: page({ title: 'First steps', slug: 'Learn/First_steps' }),
    [`${FILES}/en-us/_redirects.txt`]: [
      '/en-US/docs/Glossary/DTD\t/en-US/docs/Glossary/Doctype',
      "/en-US/docs/Glossary/It's\t/en-US/docs/Glossary/Doctype",
      '/en-US/docs/Glossary/Content_type\t/en-US/docs/Glossary/MIME_type',
      '/en-US/docs/Web/JavaScript/Reference/this\t/en-US/docs/Web/JavaScript/Reference/Operators/this',
      '/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/mapOld\t/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/map',
      '/en-US/docs/Web/API/Element/style\t/en-US/docs/Web/API/HTMLElement/style',
      '/en-US/docs/Web/HTML/Reference/Elements/image\t/en-US/docs/Web/HTML/Reference/Elements/img',
      '/en-US/docs/Web/SVG/Reference/Element/Circle_old\t/en-US/docs/Web/SVG/Reference/Element/circle',
      '/en-US/docs/Web/HTTP/Reference/Status/404\t/en-US/docs/Web/HTTP/Reference/Status/410',
      '',
    ].join('\n'),
  };
  let fixCtx: FeatureContext;
  beforeAll(async () => {
    fixCtx = { index: await ContentIndex.build(new InMemoryFileSystem(FIX_TREE), [FILES]), glossaryMacros: new Set(['glossary']) };
  });
  const fixed = (written: string) => {
    const [finding] = check(fixCtx.index, written);
    expect(finding?.fix, `a fix for ${written}`).toBeDefined();
    return { text: written.slice(0, finding.fix!.start) + finding.fix!.newText + written.slice(finding.fix!.end), caveat: finding.fixCaveat };
  };

  it.each([
    ['{{Glossary("DTD")}}', '{{Glossary("Doctype", "DTD")}}'],
    ['{{Glossary("Content type")}}', '{{Glossary("MIME_type", "Content type")}}'],
    ["{{glossary('DTD')}}", "{{glossary('Doctype', 'DTD')}}"],
    ['{{ Glossary( `DTD` ) }}', '{{ Glossary( `Doctype`, `DTD` ) }}'],
    ['{{Glossary("DTD", "document type")}}', '{{Glossary("Doctype", "document type")}}'],
    ['{{Glossary("DTD", "")}}', '{{Glossary("Doctype", "DTD")}}'],
    ['{{Glossary("DTD#x")}}', '{{Glossary("Doctype#x", "DTD#x")}}'],
    ['{{jsxref("this")}}', '{{jsxref("Operators/this", "this")}}'],
    ['{{jsxref("Array.prototype.mapOld()")}}', '{{jsxref("Array.map()", "Array.prototype.mapOld()")}}'],
    ['{{domxref("Element.style")}}', '{{domxref("HTMLElement.style", "Element.style")}}'],
    ['{{domxref("Element.style", "", "x")}}', '{{domxref("HTMLElement.style", "Element.style", "x")}}'],
    ['{{domxref("Element.style", , "x")}}', '{{domxref("HTMLElement.style", "Element.style", "x")}}'],
    ['{{HTTPStatus(404)}}', '{{HTTPStatus(410, "404")}}'],
    ['{{HTTPStatus("404", "Not found")}}', '{{HTTPStatus("410", "Not found")}}'],
    ['{{HTMLElement("image", "the image element")}}', '{{HTMLElement("img", "the image element")}}'],
  ])('%s → %s', (written, expected) => {
    expect(fixed(written)).toEqual({ text: expected, caveat: undefined });
  });

  it('a display text that needs escaping is escaped for the macro’s quotes', () => {
    expect(fixed(String.raw`{{glossary('It\'s')}}`).text).toBe(String.raw`{{glossary('Doctype', 'It\'s')}}`);
    expect(fixed(String.raw`{{glossary("It's")}}`).text).toBe(String.raw`{{glossary("Doctype", "It's")}}`);
    const text = String.raw`{{Glossary('DTD')}} {{domxref('Element.style', '')}}`;
    expect(check(fixCtx.index, text).map((f) => f.fix!.newText)).toEqual(["Doctype', 'DTD", "HTMLElement.style', 'Element.style"]);
  });

  it('where the display would change the text (no display parameter, or no code formatting with one), the fix says so', () => {
    expect(fixed('{{SVGElement("Circle_old")}}')).toEqual({
      text: '{{SVGElement("circle")}}',
      caveat: 'this macro has no display argument to keep its text in: the link would read "<circle>" instead of "<Circle_old>"',
    });
    expect(fixed('{{HTMLElement("image")}}')).toEqual({
      text: '{{HTMLElement("img")}}',
      caveat: 'a display argument would drop the code formatting of its text, and without one the link would read "<img>" instead of "<image>"',
    });
  });

  it('a Markdown link keeps its text: only the target changes', () => {
    expect(fixed('[the document type](/en-US/docs/Glossary/DTD)').text).toBe('[the document type](/en-US/docs/Glossary/Doctype)');
  });

  it('code actions: a fix that keeps the text is preferred; one that changes it is offered, not preferred, and not in "Fix all"', async () => {
    const path = pathOf('en-us', 'Learn/First_steps');
    const text = page({ title: 'First steps', slug: 'Learn/First_steps', body: '{{Glossary("DTD")}}, {{SVGElement("Circle_old")}} and {{jsxref("this")}}.' });
    const doc = docAt(path, text, 'en-us');
    const actions = await codeActions(doc, everywhere(doc), [], fixCtx);
    const summary = actions.map((action) => [action.title, action.isPreferred ?? false]);
    expect(summary).toEqual([
      ['Replace with Glossary/Doctype', true],
      ['Replace with Web/SVG/Reference/Element/circle (this macro has no display argument to keep its text in: the link would read "<circle>" instead of "<Circle_old>")', false],
      ['Replace with Web/JavaScript/Reference/Operators/this', true],
      ['Fix all 2 redirected and ill-cased links in this file', false],
    ]);
    const all = changesOf(actions[3], doc.uri).map((edit) => edit.newText);
    expect(all).toEqual(['Doctype", "DTD', 'Operators/this", "this']);
  });
});
