/**
 * Authoring checks and actions over an InMemoryFileSystem index: the macro catalog, templ-unknown
 * and templ-invalid-arg, signature help, the quick fixes (did you mean, create entry, create
 * translation, add page-type) and the front matter rules.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ContentIndex } from '../../server/src/content/contentIndex';
import { InMemoryFileSystem } from '../../server/src/content/fileSystem';
import { decodePage } from '../../server/src/content/fileSystem';
import { slugToFolder } from '../../server/src/content/slugs';
import { checkPage } from '../../server/src/resolve/pageFindings';
import { scanDocument } from '../../server/src/syntax/document';
import { catalogKey, isKnownMacro, MACROS, macroSignature, macroSpec } from '../../server/src/syntax/macroTable';
import { signatureHelp } from '../../server/src/features/signatureHelp';
import { macroCallAt } from '../../server/src/syntax/cursor';
import { codeActions, localeFrontMatterShape } from '../../server/src/features/codeActions';
import { frontMatterFindings } from '../../server/src/resolve/frontMatterChecks';
import { diagnostics } from '../../server/src/features/diagnostics';
import { FeatureContext, fileUri, pageDocument, PageDocument } from '../../server/src/features/context';
import { check, FILES } from '../helpers/content';

interface PageSpec {
  title?: string | null;
  slug?: string | null;
  pageType?: string;
  l10n?: boolean;
  translationOf?: boolean;
  body?: string;
}

/** A page's text with exactly the front matter keys asked for. */
function page(spec: PageSpec): string {
  const lines = ['---'];
  if (spec.title !== null && spec.title !== undefined) lines.push(`title: ${JSON.stringify(spec.title)}`);
  if (spec.slug !== null && spec.slug !== undefined) lines.push(`slug: ${spec.slug}`);
  if (spec.pageType) lines.push(`page-type: ${spec.pageType}`);
  if (spec.l10n) lines.push('l10n:', '  sourceCommit: 0123456789abcdef0123456789abcdef01234567');
  if (spec.translationOf) lines.push(`translation_of: ${spec.slug}`);
  lines.push('---', '', spec.body ?? 'Some text.', '');
  return lines.join('\n');
}

const glossary = (slug: string, extra: Partial<PageSpec> = {}): PageSpec => ({ title: slug.split('/').pop()!.replace(/_/g, ' '), slug, pageType: 'glossary-definition', ...extra });
const at = (locale: string, folder: string) => `${FILES}/${locale}/${folder}/index.md`;
const pathOf = (locale: string, slug: string) => at(locale, slugToFolder(slug));

const FILES_IN_TREE: Record<string, string> = {
  [pathOf('en-us', 'Glossary/API')]: page(glossary('Glossary/API', { body: '{{GlossarySidebar}}\n\nAn **API** is a set of features.' })),
  [pathOf('en-us', 'Glossary/Function')]: page(glossary('Glossary/Function')),
  [pathOf('en-us', 'Glossary/Interface')]: page(glossary('Glossary/Interface', { body: '{{GlossarySidebar}}\n\nAn **interface** is a contract.\n\n## See also\n\n- {{Glossary("API")}}' })),
  [pathOf('en-us', 'Glossary/Bezier_curve')]: page(glossary('Glossary/Bezier_curve', { title: 'Bézier curve' })),
  [pathOf('en-us', 'Glossary/Cross-site_scripting')]: page(glossary('Glossary/Cross-site_scripting', { title: 'Cross-site scripting (XSS)' })),
  [pathOf('en-us', 'Web/API/Element')]: page({ title: 'Element', slug: 'Web/API/Element', pageType: 'web-api-interface' }),
  [pathOf('en-us', 'Learn/First_steps')]: page({ title: 'First steps', slug: 'Learn/First_steps' }),
  [`${FILES}/en-us/_redirects.txt`]: '# FROM-URL\tTO-URL\n/en-US/docs/Glossary/Bézier_curve\t/en-US/docs/Glossary/Bezier_curve\n/en-US/docs/Web/Old\t/en-US/docs/Web/API/Element\n',
  // fr: current translations (l10n.sourceCommit), glossary pages with page-type
  [pathOf('fr', 'Glossary/API')]: page(glossary('Glossary/API', { l10n: true })),
  [pathOf('fr', 'Glossary/Function')]: page(glossary('Glossary/Function', { title: 'Fonction', l10n: true })),
  [pathOf('fr', 'Learn/First_steps')]: page({ title: 'Premiers pas', slug: 'Learn/First_steps', l10n: true }),
  // de: older translations (translation_of), glossary pages without page-type
  [pathOf('de', 'Glossary/API')]: page({ title: 'API', slug: 'Glossary/API', translationOf: true }),
  [pathOf('de', 'Glossary/Function')]: page({ title: 'Funktion', slug: 'Glossary/Function', translationOf: true }),
};

let fs: InMemoryFileSystem;
let index: ContentIndex;
let ctx: FeatureContext;
beforeAll(async () => {
  fs = new InMemoryFileSystem(FILES_IN_TREE);
  index = await ContentIndex.build(fs, [FILES]);
  ctx = { index, glossaryMacros: new Set(['glossary']) };
});

function docAt(path: string, text: string, locale: string): PageDocument {
  return pageDocument(fileUri(path), text, 1, locale, path);
}

const readText = async (path: string) => {
  const decoded = decodePage(await fs.readFile(path));
  return 'text' in decoded ? decoded.text : undefined;
};

const everywhere = (doc: PageDocument) => ({ start: { line: 0, character: 0 }, end: doc.scanned.lines.positionAt(doc.text.length) });

// ——— the catalog ———

describe('the macro catalog', () => {
  it('knows every macro of MDN’s table, case-insensitively and with - equal to _', () => {
    for (const name of [
      'Glossary', 'domxref', 'jsxref', 'cssxref', 'HTMLElement', 'SVGElement', 'SVGAttr', 'MathMLElement', 'HTTPStatus', 'HTTPHeader', 'HTTPMethod', 'CSP',
      'WebExtAPIRef', 'xref', 'RFC', 'Previous', 'Next', 'PreviousNext', 'PreviousMenu', 'NextMenu', 'PreviousMenuNext', 'LiveSampleLink', 'EmbedLiveSample',
      'EmbedGHLiveSample', 'EmbedInteractiveExample', 'InteractiveExample', 'EmbedYouTube', 'JSFiddleEmbed', 'Compat', 'Specifications', 'WebExtAllCompatTables',
      'CSSInfo', 'CSSSyntax', 'CSS_Ref', 'svginfo', 'InheritanceDiagram', 'JS_Property_Attributes', 'ListSubpages', 'ListSubpagesForSidebar',
      'QuickLinksWithSubpages', 'SubpagesWithSummaries', 'LandingPageListSubpages', 'GlossaryDisambiguation', 'APIListAlpha', 'APIListSpecs', 'WebExtExamples',
      'WebExtAllExamples', 'XSLTRef', 'Firefox_for_developers', 'echo', 'Experimental_Inline', 'ExperimentalBadge', 'Non-standard_Inline', 'Deprecated_Inline',
      'Optional_Inline', 'ReadOnlyInline', 'SecureContext_Inline', 'SeeCompatTable', 'SecureContext_Header', 'Non-standard_Header', 'AvailableInWorkers',
      'Deprecated_Header', 'APIRef', 'DefaultAPISidebar', 'JSRef', 'CSSRef', 'GlossarySidebar', 'AddonSidebar', 'AddonSidebarMain', 'LearnSidebar', 'SVGRef',
      'HTTPSidebar', 'JsSidebar', 'HTMLSidebar', 'AccessibilitySidebar', 'FirefoxSidebar', 'WebAssemblySidebar', 'XSLTSidebar', 'MDNSidebar', 'GamesSidebar',
      'MathMLRef', 'PWASidebar', 'xulelem',
      // In MDN's templates though not in the table: used by the content.
      'CSSSyntaxRaw', 'ListGroups',
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
      if (firstOptional !== -1) expect(spec.parameters.slice(firstOptional).every((param) => param.optional), spec.name).toBe(true);
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
  const invalid = (text: string) => check(index, text).filter((f) => f.code === 'templ-invalid-arg').map((f) => [f.written, f.message]);

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
    expect(invalid('{{domxref("Element", true)}}')).toEqual([['{{domxref("Element", true)}}', 'Macro domxref received argument (true) which is not valid: display must be a string']]);
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

describe('signature help', () => {
  const call = (typed: string) => macroCallAt(typed, typed.length);

  it('finds the macro and the argument the cursor is in, on half-typed text', () => {
    expect(call('See {{Glossary(')).toMatchObject({ name: 'Glossary', argIndex: 0 });
    expect(call('See {{Glossary("API", "')).toMatchObject({ name: 'Glossary', argIndex: 1 });
    expect(call('{{ domxref ( "a,b", ')).toMatchObject({ name: 'domxref', argIndex: 1 });
    expect(call('{{Glossary("a\\",", ')).toMatchObject({ argIndex: 1 });
    expect(call("{{EmbedLiveSample('x', 100,\n  200, ")).toMatchObject({ name: 'EmbedLiveSample', argIndex: 3 });
    const text = '{{Glossary("API", "x")}}';
    expect(macroCallAt(text, text.indexOf('"x"') + 1)).toMatchObject({ argIndex: 1 });
  });

  it('is nothing outside the parentheses, after `)`, or in an escaped macro', () => {
    expect(call('{{Glossary("API")')).toBeUndefined();
    expect(call('{{Glossary("API")}} and ')).toBeUndefined();
    expect(call('{{Glossary')).toBeUndefined();
    expect(call('\\{{Glossary(')).toBeUndefined();
    expect(call('plain text (with, commas')).toBeUndefined();
    expect(call('')).toBeUndefined();
  });

  it('answers with the catalog’s parameters and the active one', () => {
    const text = 'A {{Glossary("API", "';
    const doc = docAt(pathOf('en-us', 'Learn/First_steps'), text, 'en-us');
    const help = signatureHelp(doc, doc.scanned.lines.positionAt(text.length), ctx)!;
    expect(help.activeParameter).toBe(1);
    const [signature] = help.signatures;
    expect(signature.label).toBe('{{Glossary(term, display?)}}');
    expect(signature.parameters!.map((param) => signature.label.slice(...(param.label as [number, number])))).toEqual(['term', 'display?']);
    expect((signature.parameters![1].documentation as { value: string }).value).toContain('Link text');
    expect((signature.documentation as { value: string }).value).toContain('glossary entry');
  });

  it('says an extra argument is ignored; nothing for unknown macros or comments; Glossary’s for configured names', () => {
    const at = (text: string, context = ctx) => {
      const doc = docAt(pathOf('en-us', 'Learn/First_steps'), text, 'en-us');
      return signatureHelp(doc, doc.scanned.lines.positionAt(text.length), context);
    };
    const extra = at('{{Glossary("a", "b", ')!;
    expect(extra.activeParameter).toBe(2);
    expect((extra.signatures[0].documentation as { value: string }).value).toContain('ignores it');
    expect(at('{{nope(')).toBeNull();
    expect(at('<!-- {{Glossary(')).toBeNull();
    const configured = at('{{term(', { ...ctx, glossaryMacros: new Set(['glossary', 'term']) })!;
    expect(configured.signatures[0].label).toBe('{{term(term, display?)}}');
    const [start, end] = configured.signatures[0].parameters![0].label as [number, number];
    expect(configured.signatures[0].label.slice(start, end)).toBe('term');
  });
});

// ——— code actions ———

type Action = Awaited<ReturnType<typeof codeActions>>[number];
const changesOf = (action: Action, uri: string) => action.edit!.changes![uri];
interface Created {
  uri: string;
  text: string;
}
function createdFile(action: Action): Created {
  const [create, edit] = action.edit!.documentChanges! as Array<{ kind?: string; uri?: string; textDocument?: { uri: string }; edits?: Array<{ newText: string; range: unknown }> }>;
  expect(create.kind).toBe('create');
  expect(edit.textDocument!.uri).toBe(create.uri);
  expect(edit.edits![0].range).toEqual({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  return { uri: create.uri!, text: edit.edits![0].newText };
}

describe('code actions', () => {
  const enPath = pathOf('en-us', 'Learn/First_steps');
  const frPath = pathOf('fr', 'Learn/First_steps');
  const deFolderPath = pathOf('de', 'Learn/First_steps');

  it('keeps "Replace with …" and "Fix all"', async () => {
    const text = page({ title: 'First steps', slug: 'Learn/First_steps', body: '{{Glossary("Bézier curve")}} and [old](/en-US/docs/Web/Old).' });
    const doc = docAt(enPath, text, 'en-us');
    const actions = await codeActions(doc, everywhere(doc), [], ctx);
    const titles = actions.map((action) => action.title);
    expect(titles).toContain('Replace with Glossary/Bezier_curve');
    expect(titles).toContain('Replace with /en-US/docs/Web/API/Element');
    expect(titles).toContain('Fix all 2 redirected and ill-cased links in this file');
  });

  it('"Did you mean" offers the closest terms as edits of the written term', async () => {
    const text = page({ title: 'First steps', slug: 'Learn/First_steps', body: 'A {{Glossary("Functon", "function")}} and {{glossary(\'Interfce#x\')}}.' });
    const doc = docAt(enPath, text, 'en-us');
    const range = { start: doc.scanned.lines.positionAt(text.indexOf('{{Glossary("Functon"')), end: doc.scanned.lines.positionAt(text.indexOf('{{Glossary("Functon"')) };
    const actions = await codeActions(doc, range, [], ctx);
    const meant = actions.filter((action) => action.title.startsWith('Did you mean'));
    expect(meant[0].title).toBe('Did you mean Function?');
    expect(meant.length).toBeLessThanOrEqual(3);
    const [edit] = changesOf(meant[0], doc.uri);
    expect(edit.newText).toBe('Function');
    expect(edit.range).toEqual(doc.scanned.lines.rangeOf(text.indexOf('Functon'), text.indexOf('Functon') + 'Functon'.length));
    // The #fragment stays; the quote is the one written.
    const second = { start: doc.scanned.lines.positionAt(text.indexOf("Interfce")), end: doc.scanned.lines.positionAt(text.indexOf('Interfce')) };
    const interfaceActions = (await codeActions(doc, second, [], ctx)).filter((action) => action.title.startsWith('Did you mean'));
    expect(interfaceActions[0].title).toBe('Did you mean Interface?');
    expect(changesOf(interfaceActions[0], doc.uri)[0].newText).toBe('Interface#x');
  });

  it('"Create glossary entry" makes the file in the page’s locale, with its front matter shape', async () => {
    const text = page({ title: 'First steps', slug: 'Learn/First_steps', body: 'A {{Glossary("Mixin_class")}}.' });
    const doc = docAt(enPath, text, 'en-us');
    const create = (await codeActions(doc, everywhere(doc), [], ctx)).find((action) => action.title === 'Create glossary entry Mixin_class')!;
    const { uri, text: created } = createdFile(create);
    expect(uri).toBe(fileUri(`${FILES}/en-us/glossary/mixin_class/index.md`));
    expect(created.startsWith('---\ntitle: Mixin class\nslug: Glossary/Mixin_class\npage-type: glossary-definition\n---\n')).toBe(true);
    expect(created).not.toContain('l10n');
    expect(created).toContain('{{GlossarySidebar}}');
    // What it creates is a good page: no front matter finding once in place.
    expect(frontMatterFindings(created, `${FILES}/en-us/glossary/mixin_class/index.md`, index)).toEqual([]);

    const fr = docAt(frPath, page({ title: 'Premiers pas', slug: 'Learn/First_steps', l10n: true, body: 'Un {{Glossary("Mixin")}}.' }), 'fr');
    const frCreate = (await codeActions(fr, everywhere(fr), [], ctx)).find((action) => action.title === 'Create glossary entry Mixin')!;
    const frFile = createdFile(frCreate);
    expect(frFile.uri).toBe(fileUri(`${FILES}/fr/glossary/mixin/index.md`));
    expect(frFile.text).toContain('\nl10n:\n  sourceCommit:');
    expect(frFile.text).not.toContain('translation_of');

    const de = docAt(deFolderPath, page({ title: 'Erste Schritte', slug: 'Learn/First_steps', translationOf: true, body: 'Ein {{Glossary("Mixin")}}.' }), 'de');
    const deFile = createdFile((await codeActions(de, everywhere(de), [], ctx)).find((action) => action.title === 'Create glossary entry Mixin')!);
    expect(deFile.text).toContain('\ntranslation_of: Glossary/Mixin\n');
    expect(deFile.text).not.toContain('l10n');
  });

  it('reads the locale’s front matter shape from its pages', () => {
    expect(localeFrontMatterShape(ctx, 'en-us')).toBe('none');
    expect(localeFrontMatterShape(ctx, 'fr')).toBe('l10n');
    expect(localeFrontMatterShape(ctx, 'de')).toBe('translation_of');
    expect(localeFrontMatterShape(ctx, 'ja')).toBe('l10n');
  });

  it('"Create translation from English" copies the English text under the locale’s front matter', async () => {
    const text = page({ title: 'Premiers pas', slug: 'Learn/First_steps', l10n: true, body: 'Une {{Glossary("Interface")}} et une {{Glossary("interface", "autre")}}.' });
    const doc = docAt(frPath, text, 'fr');
    const actions = await codeActions(doc, everywhere(doc), [], ctx, { readText });
    const translations = actions.filter((action) => action.title.startsWith('Create fr translation'));
    expect(translations.map((action) => action.title)).toEqual(['Create fr translation of Glossary/Interface from English']);
    const { uri, text: created } = createdFile(translations[0]);
    expect(uri).toBe(fileUri(`${FILES}/fr/glossary/interface/index.md`));
    expect(created).toBe(
      '---\ntitle: Interface\nslug: Glossary/Interface\npage-type: glossary-definition\nl10n:\n  sourceCommit: # mdn/content commit of the English page\n---\n' +
        '\n{{GlossarySidebar}}\n\nAn **interface** is a contract.\n\n## See also\n\n- {{Glossary("API")}}\n',
    );
    // Without a way to read files, or a client that cannot create them, neither create action is offered.
    expect((await codeActions(doc, everywhere(doc), [], ctx)).some((action) => action.title.startsWith('Create fr translation'))).toBe(false);
    expect((await codeActions(doc, everywhere(doc), [], ctx, { readText, createFiles: false })).some((action) => action.title.startsWith('Create'))).toBe(false);
  });

  it('only acts on findings in the range, and names the diagnostic it fixes', async () => {
    const text = page({ title: 'First steps', slug: 'Learn/First_steps', body: 'A {{Glossary("Functon")}}.\n\nAn {{Glossary("API")}}.' });
    const doc = docAt(enPath, text, 'en-us');
    const apiAt = doc.scanned.lines.positionAt(text.indexOf('{{Glossary("API")}}') + 3);
    expect(await codeActions(doc, { start: apiAt, end: apiAt }, [], ctx)).toEqual([]);
    const diagnostic = diagnostics(doc, ctx).find((d) => d.code === 'templ-broken-link')!;
    const actions = await codeActions(doc, diagnostic.range, [diagnostic], ctx);
    expect(actions.find((action) => action.title.startsWith('Did you mean'))!.diagnostics).toEqual([diagnostic]);
  });
});

// ——— front matter ———

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
    for (const text of ['', '---', '---\n---\n', '---\n: : :\n---\n', '---\n- a\n- b\n---\n', '---\ntitle: [1, 2]\nslug: 3\n---\n', '---\r\ntitle: A\r\n---\r\n', '\u0000\u0001---', '---\nslug: "\\uZZZZ"\n---\n']) {
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
    expect(diagnostics(doc, ctx, { 'front-matter-missing-page-type': 'off', 'front-matter-slug-mismatch': 'hint' }).map((d) => [d.code, d.severity])).toEqual([['front-matter-slug-mismatch', 4]]);
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
