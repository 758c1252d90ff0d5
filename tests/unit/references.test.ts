/**
 * Find references and prepare rename (server/src/features/findReferences.ts, rename.ts) over a
 * ContentIndex built on an InMemoryFileSystem: which macros, links and redirects lead to a page.
 * The tree and helpers: referencesTree.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fileUri } from '../../server/src/features/context';
import { findReferences, referencesTo, referencingPageCount } from '../../server/src/features/findReferences';
import { prepareRename } from '../../server/src/features/rename';
import { FILES, pagePath } from '../helpers/content';
import { at, docOf, freshTree, reader, textAt, referenceLines, files, index, ctx } from './referencesTree';

beforeEach(freshTree);

describe('find references', () => {
  it('finds every macro spelling, link form and redirect that resolves to the entry, with exact ranges', async () => {
    expect(await referenceLines(docOf('en-us', 'Learn/Uses'), '{{Glossary("Method")}}', 13)).toEqual([
      "en-us/glossary/function/index.md {{glossary('method', 'Methods')}}",
      'en-us/glossary/method/static/index.md /en-US/docs/Glossary/Method',
      'en-us/learn/uses/index.md {{Glossary("Method")}}',
      "en-us/learn/uses/index.md {{glossary('method')}}",
      'en-us/learn/uses/index.md {{ Glossary( "method" , "the methods" ) }}',
      'en-us/learn/uses/index.md {{GLOSSARY(`Method#static`, "static")}}',
      'en-us/learn/uses/index.md {{Glossary("Old_method")}}',
      'en-us/learn/uses/index.md /en-US/docs/Glossary/Method',
      'en-us/learn/uses/index.md /docs/Glossary/Method#syntax',
      'en-us/learn/uses/index.md https://developer.mozilla.org/en-US/docs/Glossary/Method',
      'en-us/learn/uses/index.md /en-US/docs/Glossary/Old_method',
      'en-us/learn/uses/index.md /en-US/docs/glossary/method',
      'en-us/learn/uses/index.md /en-US/docs/Glossary/Method',
      'en-us/_redirects.txt /en-US/docs/Glossary/Old_method',
    ]);
  });

  it('answers the same from anywhere in the entry, and includes the declaration (its slug) when asked', async () => {
    const fromMacro = await findReferences(docOf('en-us', 'Learn/Uses'), at(files[pagePath('en-us', 'Learn/Uses')], 'Glossary("Method")', 3), false, ctx, reader(files));
    const entry = docOf('en-us', 'Glossary/Method');
    const fromEntry = await findReferences(entry, at(entry.text, 'is a'), false, ctx, reader(files));
    expect(fromEntry).toEqual(fromMacro);
    const withDeclaration = await findReferences(entry, at(entry.text, 'title'), true, ctx, reader(files));
    expect(withDeclaration).toHaveLength(fromEntry.length + 1);
    expect(withDeclaration[0].uri).toBe(fileUri(pagePath('en-us', 'Glossary/Method')));
    expect(textAt(entry.text, withDeclaration[0].range)).toBe('Glossary/Method');
  });

  it('a translated entry: its locale’s macros (through its redirects too), not English pages', async () => {
    expect(await referenceLines(docOf('fr', 'Glossary/Method'), 'Une')).toEqual([
      'en-us/learn/uses/index.md /fr/docs/Glossary/Method',
      'fr/learn/uses/index.md {{Glossary("Method", "méthodes")}}',
      'fr/learn/uses/index.md {{glossary("Methode")}}',
      'fr/_redirects.txt /fr/docs/Glossary/Methode',
    ]);
  });

  it('an English entry: translated pages that reach it through the en-US fallback', async () => {
    const sites = await referencesTo(index.page('en-us', 'Glossary/Interface')!, ctx, reader(files));
    expect(sites.map((site) => `${site.path.slice(FILES.length + 1)} ${site.kind === 'reference' ? site.resolution.kind : site.kind}`)).toEqual([
      'fr/learn/uses/index.md only-in-en-us',
      'fr/learn/uses/index.md only-in-en-us',
    ]);
  });

  it('link macros count: domxref to an API page', async () => {
    const sites = await referencesTo(index.page('en-us', 'Web/API/Element')!, ctx, reader(files));
    expect(sites.map((site) => (site.kind === 'reference' ? site.text.slice(site.reference.start, site.reference.end) : site.from))).toEqual([
      '{{domxref("Element")}}',
      '/en-US/docs/Web/API/Element',
    ]);
  });

  it('reads open documents before the disk', async () => {
    const path = pagePath('en-us', 'Glossary/Function');
    const open = '---\ntitle: Function\nslug: Glossary/Function\n---\n\nEdited: {{Glossary("Method", "m")}} and {{Glossary("Method")}}.\n';
    const sites = await referencesTo(index.page('en-us', 'Glossary/Method')!, ctx, reader(files, { [path]: open }));
    const onFunction = sites.filter((site) => site.path === path);
    expect(onFunction.map((site) => (site.kind === 'reference' ? open.slice(site.reference.start, site.reference.end) : ''))).toEqual([
      '{{Glossary("Method", "m")}}',
      '{{Glossary("Method")}}',
    ]);
  });

  it('counts the pages that use an entry', async () => {
    expect(await referencingPageCount(index.page('en-us', 'Glossary/Method')!, ctx, reader(files))).toBe(3);
    expect(await referencingPageCount(index.page('en-us', 'Glossary/Interface')!, ctx, reader(files))).toBe(1);
    expect(await referencingPageCount(index.page('en-us', 'Glossary/Method_chaining')!, ctx, reader(files))).toBe(1);
  });

  it('nothing on a broken term', async () => {
    const doc = docOf('en-us', 'Learn/Uses');
    expect(await findReferences(doc, at(doc.text, '{{Glossary("Nope")}}', 13), true, ctx, reader(files))).toEqual([]);
  });
});

describe('prepare rename', () => {
  const uses = () => docOf('en-us', 'Learn/Uses');

  it('on a Glossary term: the term without its #hash, the entry’s term as placeholder', () => {
    const doc = uses();
    const result = prepareRename(doc, at(doc.text, "{{glossary('method')}}", 13), ctx);
    expect(textAt(doc.text, result.range)).toBe('method');
    expect(result.placeholder).toBe('Method');
    const hashed = prepareRename(doc, at(doc.text, 'Method#static', 2), ctx);
    expect(textAt(doc.text, hashed.range)).toBe('Method');
    const redirected = prepareRename(doc, at(doc.text, 'Old_method")}}', 1), ctx);
    expect([textAt(doc.text, redirected.range), redirected.placeholder]).toEqual(['Old_method', 'Method']);
  });

  it('on a link target: the slug part; on the slug: line: its value', () => {
    const doc = uses();
    const link = prepareRename(doc, at(doc.text, '/docs/Glossary/Method#syntax', 3), ctx);
    expect([textAt(doc.text, link.range), link.placeholder]).toEqual(['Glossary/Method', 'Glossary/Method']);
    const entry = docOf('en-us', 'Glossary/Method');
    const slug = prepareRename(entry, at(entry.text, 'slug:', 2), ctx);
    expect([textAt(entry.text, slug.range), slug.placeholder]).toEqual(['Glossary/Method', 'Glossary/Method']);
  });

  it.each([
    ['plain text', 'Uses', 1, /Nothing to rename here/],
    ['a macro name', '{{Glossary("Method")}}', 4, /Put the cursor on the term/],
    ['a broken term', '{{Glossary("Nope")}}', 13, /doesn't resolve/],
    ['a domxref macro', '{{domxref', 4, /cannot rename its target/],
  ])('refuses on %s', (_what, needle, delta, message) => {
    const doc = needle === '{{domxref' ? docOf('en-us', 'Web/API') : uses();
    expect(() => prepareRename(doc, at(doc.text, needle, delta), ctx)).toThrow(message);
  });

  it('refuses elsewhere in the front matter', () => {
    const entry = docOf('en-us', 'Glossary/Method');
    expect(() => prepareRename(entry, at(entry.text, 'title'), ctx)).toThrow(/slug: line/);
  });
});
