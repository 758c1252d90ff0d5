/**
 * Signature help and the quick fixes (did you mean, create entry, create translation, add
 * page-type) over the in-memory tree of checksTree.ts (moved from checks.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { signatureHelp } from '../../server/src/features/signatureHelp';
import { macroCallAt } from '../../server/src/syntax/cursor';
import { codeActions, localeFrontMatterShape } from '../../server/src/features/codeActions';
import { frontMatterFindings } from '../../server/src/resolve/frontMatterChecks';
import { diagnostics } from '../../server/src/features/diagnostics';
import { fileUri } from '../../server/src/features/context';
import { FILES } from '../helpers/content';
import type { ChecksFixture } from './checksTree';
import { Action, changesOf, checksFixture, docAt, everywhere, page, pathOf } from './checksTree';

let index: ChecksFixture['index'];
let ctx: ChecksFixture['ctx'];
let readText: ChecksFixture['readText'];
beforeAll(async () => {
  ({ index, ctx, readText } = await checksFixture());
});

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

interface Created {
  uri: string;
  text: string;
}
function createdFile(action: Action): Created {
  const [create, edit] = action.edit!.documentChanges! as Array<{
    kind?: string;
    uri?: string;
    textDocument?: { uri: string };
    edits?: Array<{ newText: string; range: unknown }>;
  }>;
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
    const second = { start: doc.scanned.lines.positionAt(text.indexOf('Interfce')), end: doc.scanned.lines.positionAt(text.indexOf('Interfce')) };
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
