/**
 * Find references and rename (server/src/features/findReferences.ts, rename.ts) over a ContentIndex
 * built on an InMemoryFileSystem: which macros, links and redirects lead to a page, and the
 * workspace edit that moves a page as MDN's `content move` does.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { RenameFile, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import { ContentIndex } from '../../server/src/content/contentIndex';
import { decodePage, InMemoryFileSystem } from '../../server/src/content/fileSystem';
import { GLOSSARY_MACROS } from '../../server/src/content/pageReferences';
import { checkPage } from '../../server/src/resolve/pageFindings';
import { resolveUrl } from '../../server/src/resolve/resolve';
import { scanDocument } from '../../server/src/syntax/document';
import { LineIndex } from '../../server/src/syntax/positions';
import { FeatureContext, fileUri, pageDocument, PageDocument } from '../../server/src/features/context';
import { findReferences, ReadText, referencesTo, referencingPageCount } from '../../server/src/features/findReferences';
import { invalidSlugReason, prepareRename, rename, RenameClient, RenameError } from '../../server/src/features/rename';
import { redirectEdits } from '../../server/src/content/redirects';
import { FILES, pagePath, Tree, treeFiles } from '../helpers/content';
import { applyStrictly, MemoryDisk } from '../helpers/workspaceEdit';

const USES = `Uses {{Glossary("Method")}}, {{glossary('method')}}, {{ Glossary( "method" , "the methods" ) }}, {{GLOSSARY(\`Method#static\`, "static")}},
an old name {{Glossary("Old_method")}}, a subpage {{Glossary("Method/Static")}},
links [m](/en-US/docs/Glossary/Method), [m2](/docs/Glossary/Method#syntax), [m3](https://developer.mozilla.org/en-US/docs/Glossary/Method), [old](/en-US/docs/Glossary/Old_method), [ill](/en-US/docs/glossary/method).

[ref]: /en-US/docs/Glossary/Method

Not these: \\{{Glossary("Method")}}, <!-- {{Glossary("Method")}} -->, {{Glossary("Method_chaining")}}, {{Glossary("Nope")}}, \`[code](/en-US/docs/Glossary/Method)\`.
The French page: [fr](/fr/docs/Glossary/Method).`;

const TREE: Tree = {
  pages: {
    'en-us': {
      'Glossary/Method': 'A **method** is a {{Glossary("Function")}}.',
      'Glossary/Method/Static': 'A static method. See [method](/en-US/docs/Glossary/Method).',
      'Glossary/Function': "A function; see {{glossary('method', 'Methods')}}.",
      'Glossary/Method_chaining': 'Chaining.',
      'Glossary/Interface': 'An interface.',
      'Learn/Uses': USES,
      'Web/API': 'See {{domxref("Element.style")}}, {{domxref("Element")}} and [Element](/en-US/docs/Web/API/Element).',
      'Web/API/Element': 'Element.',
      'Web/API/Element/style': 'Style.',
    },
    fr: {
      'Glossary/Method': 'Une méthode.',
      'Learn/Uses': 'Des {{Glossary("Method", "méthodes")}}, {{glossary("Methode")}}, une {{Glossary("Interface")}} et [i](/fr/docs/Glossary/Interface).',
    },
  },
  redirects: {
    'en-us': [
      ['/en-US/docs/Glossary/Old_method', '/en-US/docs/Glossary/Method'],
      ['/en-US/docs/Glossary/Static_method', '/en-US/docs/Glossary/Method/Static#top'],
      ['/en-US/docs/Web/Old', '/en-US/docs/Web/API'],
    ],
    fr: [['/fr/docs/Glossary/Methode', '/fr/docs/Glossary/Method']],
  },
};

const FULL_CLIENT: RenameClient = { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] };

let files: Record<string, string>;
let index: ContentIndex;
let ctx: FeatureContext;

async function indexOf(fileMap: Record<string, string>): Promise<ContentIndex> {
  return ContentIndex.build(new InMemoryFileSystem(fileMap), [FILES]);
}

function reader(fileMap: Record<string, string>, open: Record<string, string> = {}): ReadText {
  const fs = new InMemoryFileSystem(fileMap);
  return async (path) => {
    if (open[path] !== undefined) return { text: open[path], version: 7 };
    try {
      const decoded = decodePage(await fs.readFile(path));
      return 'text' in decoded ? { text: decoded.text, version: null } : undefined;
    } catch {
      return undefined;
    }
  };
}

function docOf(locale: string, slug: string, text = files[pagePath(locale, slug)]): PageDocument {
  const path = pagePath(locale, slug);
  return pageDocument(fileUri(path), text, 1, locale, path);
}

/** LSP position of the `nth` occurrence of `needle` (plus `delta` characters) in a text. */
function at(text: string, needle: string, delta = 0, nth = 0) {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  if (offset === -1) throw new Error(`${needle} not found`);
  return new LineIndex(text).positionAt(offset + delta);
}

function textAt(text: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}

/** Apply a workspace edit to in-memory files as the LSP specification says a client does; it must succeed. */
function applyEdit(fileMap: Record<string, string>, edit: WorkspaceEdit): Record<string, string> {
  return applyStrictly(new MemoryDisk(fileMap), edit).snapshot();
}

/** What a rename may look at on disk: the in-memory files. */
const probe = (fileMap: Record<string, string>) => new MemoryDisk(fileMap).probe;

/** Findings of every page, as `path code target` lines (paths mapped through `moves`). */
function findingsOf(idx: ContentIndex, fileMap: Record<string, string>): string[] {
  const lines: string[] = [];
  for (const page of idx.allPages()) {
    for (const finding of checkPage(scanDocument(fileMap[page.path]), page.locale, idx)) lines.push(`${page.locale}/${page.slug} ${finding.code}`);
  }
  return lines.sort();
}

beforeEach(async () => {
  files = treeFiles(TREE);
  index = await indexOf(files);
  ctx = { index, glossaryMacros: GLOSSARY_MACROS };
});

describe('find references', () => {
  it('finds every macro spelling, link form and redirect that resolves to the entry, with exact ranges', async () => {
    const doc = docOf('en-us', 'Learn/Uses');
    const locations = await findReferences(doc, at(doc.text, '{{Glossary("Method")}}', 13), false, ctx, reader(files));
    const written = locations.map((location) => `${fileURLToPath(location.uri).slice(FILES.length + 1)} ${textAt(files[fileURLToPath(location.uri)], location.range)}`);
    expect(written).toEqual([
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
    const fr = docOf('fr', 'Glossary/Method');
    const locations = await findReferences(fr, at(fr.text, 'Une'), false, ctx, reader(files));
    const written = locations.map((location) => `${fileURLToPath(location.uri).slice(FILES.length + 1)} ${textAt(files[fileURLToPath(location.uri)], location.range)}`);
    expect(written).toEqual([
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

describe('rename', () => {
  const renameFromUses = async (newName: string, client = FULL_CLIENT, needle = '{{Glossary("Method")}}', delta = 13) => {
    const doc = docOf('en-us', 'Learn/Uses');
    return rename(doc, at(doc.text, needle, delta), newName, ctx, { readText: reader(files), files: probe(files), client });
  };

  it('moves the entry and its subpages in every locale, rewrites every reference, adds flattened, sorted redirects', async () => {
    const edit = await renameFromUses('Function_member');
    const kinds = edit.documentChanges!.map((change) =>
      'kind' in change
        ? `${change.kind} ${fileURLToPath((change as RenameFile).oldUri).slice(FILES.length + 1)} → ${fileURLToPath((change as RenameFile).newUri).slice(FILES.length + 1)}`
        : `edit ${fileURLToPath(change.textDocument.uri).slice(FILES.length + 1)}`,
    );
    // Whole folders move first (subpages inside), then text edits addressed to where files are now.
    expect(kinds).toEqual([
      'rename en-us/glossary/method → en-us/glossary/function_member',
      'rename fr/glossary/method → fr/glossary/function_member',
      'edit en-us/glossary/function/index.md',
      'edit en-us/glossary/function_member/index.md',
      'edit en-us/glossary/function_member/static/index.md',
      'edit en-us/learn/uses/index.md',
      'edit fr/glossary/function_member/index.md',
      'edit fr/learn/uses/index.md',
      'edit en-us/_redirects.txt',
      'edit fr/_redirects.txt',
    ]);
    for (const change of edit.documentChanges!) if ('kind' in change) expect((change as RenameFile).options).toEqual({ overwrite: false, ignoreIfExists: false });
    const after = applyEdit(files, edit);
    const moved = (locale: string, slug: string) => after[pagePath(locale, slug)];
    expect(after[pagePath('en-us', 'Glossary/Method')]).toBeUndefined();
    expect(moved('en-us', 'Glossary/Function_member')).toContain('slug: Glossary/Function_member\n');
    expect(moved('en-us', 'Glossary/Function_member/Static')).toContain('slug: Glossary/Function_member/Static\n');
    expect(moved('en-us', 'Glossary/Function_member/Static')).toContain('See [method](/en-US/docs/Glossary/Function_member).');
    expect(moved('fr', 'Glossary/Function_member')).toContain('slug: Glossary/Function_member\n');
    expect(after[pagePath('en-us', 'Learn/Uses')]).toContain(
      `Uses {{Glossary("Function_member", "Method")}}, {{glossary('Function_member', 'method')}}, {{ Glossary( "Function_member" , "the methods" ) }}, {{GLOSSARY(\`Function_member#static\`, "static")}},
an old name {{Glossary("Function_member", "Old_method")}}, a subpage {{Glossary("Function_member/Static", "Method/Static")}},
links [m](/en-US/docs/Glossary/Function_member), [m2](/docs/Glossary/Function_member#syntax), [m3](https://developer.mozilla.org/en-US/docs/Glossary/Function_member), [old](/en-US/docs/Glossary/Function_member), [ill](/en-US/docs/Glossary/Function_member).

[ref]: /en-US/docs/Glossary/Function_member

Not these: \\{{Glossary("Method")}}, <!-- {{Glossary("Method")}} -->, {{Glossary("Method_chaining")}}, {{Glossary("Nope")}}, \`[code](/en-US/docs/Glossary/Method)\`.
The French page: [fr](/fr/docs/Glossary/Function_member).`,
    );
    expect(after[pagePath('en-us', 'Glossary/Function')]).toContain("{{glossary('Function_member', 'Methods')}}");
    expect(after[pagePath('fr', 'Learn/Uses')]).toContain(
      'Des {{Glossary("Function_member", "méthodes")}}, {{glossary("Function_member", "Methode")}}, une {{Glossary("Interface")}}',
    );
    expect(after[`${FILES}/en-us/_redirects.txt`].split('\n').slice(2)).toEqual([
      '/en-US/docs/Glossary/Method\t/en-US/docs/Glossary/Function_member',
      '/en-US/docs/Glossary/Method/Static\t/en-US/docs/Glossary/Function_member/Static',
      '/en-US/docs/Glossary/Old_method\t/en-US/docs/Glossary/Function_member',
      '/en-US/docs/Glossary/Static_method\t/en-US/docs/Glossary/Function_member/Static#top',
      '/en-US/docs/Web/Old\t/en-US/docs/Web/API',
      '',
    ]);
    expect(after[`${FILES}/fr/_redirects.txt`].split('\n').slice(2)).toEqual([
      '/fr/docs/Glossary/Method\t/fr/docs/Glossary/Function_member',
      '/fr/docs/Glossary/Methode\t/fr/docs/Glossary/Function_member',
      '',
    ]);

    // The moved tree checks as well as before, and the old URLs redirect to the new ones.
    const before = findingsOf(index, files);
    const afterIndex = await indexOf(after);
    expect(afterIndex.problems()).toEqual([]);
    const renamedFindings = findingsOf(afterIndex, after).map((line) => line.replace('Glossary/Function_member', 'Glossary/Method'));
    expect(renamedFindings.filter((line) => !before.includes(line))).toEqual([]);
    expect(resolveUrl(afterIndex, '/en-US/docs/Glossary/Method')).toMatchObject({ kind: 'redirected', suggestion: '/en-US/docs/Glossary/Function_member' });
    expect(resolveUrl(afterIndex, '/en-US/docs/Glossary/Method/Static')).toMatchObject({ kind: 'redirected', suggestion: '/en-US/docs/Glossary/Function_member/Static' });
    expect(resolveUrl(afterIndex, '/fr/docs/Glossary/Methode')).toMatchObject({ kind: 'redirected', suggestion: '/fr/docs/Glossary/Function_member' });
  });

  it('edits open documents’ text; sends their versions only when no folder moves (a failed check after a move would stop half-way)', async () => {
    const path = pagePath('en-us', 'Glossary/Function');
    const open = files[path].replace('see {{', 'see, now, {{');
    const doc = docOf('en-us', 'Learn/Uses');
    const env = { readText: reader(files, { [path]: open }), files: probe(files), client: FULL_CLIENT };
    const moving = await rename(doc, at(doc.text, '{{Glossary("Method")}}', 13), 'Function_member', ctx, env);
    const change = moving.documentChanges!.find((c) => !('kind' in c) && c.textDocument.uri === fileUri(path)) as TextDocumentEdit;
    expect(change.textDocument.version).toBeNull();
    expect(textAt(open, change.edits[0].range)).toBe('method');
    const usesPath = pagePath('en-us', 'Learn/Uses');
    const caseOnly = await rename(doc, at(doc.text, '[m](/en-US/docs/Glossary/Method)', 24), 'Glossary/METHOD', ctx, { ...env, readText: reader(files, { [usesPath]: doc.text }) });
    expect(caseOnly.documentChanges!.some((c) => 'kind' in c)).toBe(false);
    const uses = caseOnly.documentChanges!.find((c) => !('kind' in c) && c.textDocument.uri === fileUri(usesPath)) as TextDocumentEdit;
    expect(uses.textDocument.version).toBe(7);
  });

  it('accepts a whole slug or URL as the new name, from a term', async () => {
    for (const name of ['Glossary/Function_member', '/en-US/docs/Glossary/Function_member']) {
      const edit = await renameFromUses(name);
      expect(applyEdit(files, edit)[pagePath('en-us', 'Glossary/Function_member')]).toContain('slug: Glossary/Function_member');
    }
  });

  it('moves the whole folder: images and other files next to the page go with it', async () => {
    files[`${FILES}/en-us/glossary/method/diagram.svg`] = '<svg/>';
    files[`${FILES}/en-us/glossary/method/examples/demo.html`] = '<p>demo</p>';
    const doc = docOf('en-us', 'Learn/Uses');
    const edit = await rename(doc, at(doc.text, '{{Glossary("Method")}}', 13), 'Function_member', ctx, { readText: reader(files), files: probe(files), client: FULL_CLIENT });
    const after = applyEdit(files, edit);
    expect(after[`${FILES}/en-us/glossary/function_member/diagram.svg`]).toBe('<svg/>');
    expect(after[`${FILES}/en-us/glossary/function_member/examples/demo.html`]).toBe('<p>demo</p>');
    expect(Object.keys(after).filter((path) => path.includes('/glossary/method/'))).toEqual([]);
  });

  it('from a link: renames any page; domxref macros follow, with their spelling rules', async () => {
    const doc = docOf('en-us', 'Web/API');
    const edit = await rename(doc, at(doc.text, '/en-US/docs/Web/API/Element', 20), 'Web/API/Elem', ctx, { readText: reader(files), files: probe(files), client: FULL_CLIENT });
    const after = applyEdit(files, edit);
    // The macros show what they showed: their old text becomes their display argument.
    expect(after[pagePath('en-us', 'Web/API')]).toContain(
      'See {{domxref("Elem.style", "Element.style")}}, {{domxref("Elem", "Element")}} and [Element](/en-US/docs/Web/API/Elem).',
    );
    expect(after[pagePath('en-us', 'Web/API/Elem/style')]).toContain('slug: Web/API/Elem/style');
  });

  it('from the slug: line of the entry', async () => {
    const entry = docOf('en-us', 'Glossary/Method');
    const edit = await rename(entry, at(entry.text, 'slug: Glossary/Method', 8), 'Glossary/Member_function', ctx, {
      readText: reader(files),
      files: probe(files),
      client: FULL_CLIENT,
    });
    const after = applyEdit(files, edit);
    expect(after[pagePath('en-us', 'Glossary/Member_function')]).toContain('slug: Glossary/Member_function');
    expect(after[pagePath('en-us', 'Learn/Uses')]).toContain('{{Glossary("Member_function", "Method")}}');
  });

  it('a case-only rename moves no file and adds no redirect; macros (case-insensitive) stay, links change', async () => {
    const edit = await renameFromUses('METHOD');
    expect(edit.documentChanges!.some((change) => 'kind' in change)).toBe(false);
    const after = applyEdit(files, edit);
    expect(after[pagePath('en-us', 'Glossary/Method')]).toContain('slug: Glossary/METHOD\n');
    expect(after[pagePath('en-us', 'Learn/Uses')]).toContain('Uses {{Glossary("Method")}}, {{glossary(\'method\')}}');
    expect(after[pagePath('en-us', 'Learn/Uses')]).toContain('[m](/en-US/docs/Glossary/METHOD)');
    expect(after[pagePath('en-us', 'Learn/Uses')]).toContain('{{Glossary("METHOD", "Old_method")}}');
    expect(after[`${FILES}/en-us/_redirects.txt`]).toContain('/en-US/docs/Glossary/Old_method\t/en-US/docs/Glossary/METHOD\n');
    expect(after[`${FILES}/en-us/_redirects.txt`]).not.toContain('/en-US/docs/Glossary/Method\t');
  });

  it('without documentChanges, a rename that moves nothing comes as plain changes; one that moves files is refused', async () => {
    const plain = await renameFromUses('METHOD', { documentChanges: false, resourceOperations: [] });
    expect(plain.documentChanges).toBeUndefined();
    expect(Object.keys(plain.changes!)).toContain(fileUri(pagePath('en-us', 'Learn/Uses')));
    await expect(renameFromUses('Function_member', { documentChanges: true, resourceOperations: [] })).rejects.toThrow(/cannot move files/);
  });

  it('renaming onto a redirect source takes the redirect out', async () => {
    const edit = await renameFromUses('Old_method');
    const after = applyEdit(files, edit);
    expect(after[`${FILES}/en-us/_redirects.txt`].split('\n').slice(2, 5)).toEqual([
      '/en-US/docs/Glossary/Method\t/en-US/docs/Glossary/Old_method',
      '/en-US/docs/Glossary/Method/Static\t/en-US/docs/Glossary/Old_method/Static',
      '/en-US/docs/Glossary/Static_method\t/en-US/docs/Glossary/Old_method/Static#top',
    ]);
    expect((await indexOf(after)).problems()).toEqual([]);
  });

  it.each([
    ['Method_chaining', /\/en-US\/docs\/Glossary\/Method_chaining already exists/],
    ['', /empty/],
    ['  ', /empty/],
    ['Function member', /no spaces: write "_" instead \(Glossary\/Function_member\)/],
    ['Function_member#x', /#fragment/],
    ['What?', /"\?"/],
    ['../Web/API', /not a valid slug/],
    ['a//b', /not a valid slug/],
    ['Caf%C3%A9', /percent-encoded/],
    ['Method', /already Glossary\/Method/],
  ])('refuses %j', async (name, message) => {
    await expect(renameFromUses(name)).rejects.toThrow(message);
    await expect(renameFromUses(name)).rejects.toBeInstanceOf(RenameError);
  });

  it('refuses to move a glossary entry out of Glossary/ while Glossary macros name it', async () => {
    const entry = docOf('en-us', 'Glossary/Method');
    await expect(rename(entry, at(entry.text, 'slug:', 7), 'Web/Method', ctx, { readText: reader(files), files: probe(files), client: FULL_CLIENT })).rejects.toThrow(
      /keep the new slug under Glossary/,
    );
  });

  it('a subpage that would land on an existing page is refused', async () => {
    files[pagePath('en-us', 'Glossary/Function/Static')] = files[pagePath('en-us', 'Glossary/Method/Static')].replace('Glossary/Method/Static', 'Glossary/Function/Static');
    index = await indexOf(files);
    ctx = { index, glossaryMacros: GLOSSARY_MACROS };
    await expect(renameFromUses('Function')).rejects.toThrow(/Glossary\/Function already exists/);
  });
});

describe('redirect file edits', () => {
  const change = (added: Array<[string, string]>, retarget = new Map<string, string>(), nowPages = new Set<string>()) => ({ added, retarget, nowPages });
  const apply = (text: string, edits: Array<{ start: number; end: number; newText: string }>) =>
    [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);

  it('keeps byte order (as rari writes the file) and a case-insensitive order when the file has one', () => {
    const bytes = '# h\n/en-US/docs/A\t/en-US/docs/X\n/en-US/docs/C\t/en-US/docs/X\n/en-US/docs/b\t/en-US/docs/X\n';
    expect(apply(bytes, redirectEdits(bytes, change([['/en-US/docs/a2', '/en-US/docs/Y']])))).toBe(
      '# h\n/en-US/docs/A\t/en-US/docs/X\n/en-US/docs/C\t/en-US/docs/X\n/en-US/docs/a2\t/en-US/docs/Y\n/en-US/docs/b\t/en-US/docs/X\n',
    );
    // A `from` already there (in any case) gets the new target rather than a second line.
    expect(apply(bytes, redirectEdits(bytes, change([['/en-US/docs/B', '/en-US/docs/Y']])))).toBe(
      '# h\n/en-US/docs/A\t/en-US/docs/X\n/en-US/docs/C\t/en-US/docs/X\n/en-US/docs/b\t/en-US/docs/Y\n',
    );
    const lower = '# h\n/en-US/docs/A\t/en-US/docs/X\n/en-US/docs/b\t/en-US/docs/X\n/en-US/docs/C\t/en-US/docs/X\n';
    expect(apply(lower, redirectEdits(lower, change([['/en-US/docs/Bb', '/en-US/docs/Y']])))).toBe(
      '# h\n/en-US/docs/A\t/en-US/docs/X\n/en-US/docs/b\t/en-US/docs/X\n/en-US/docs/Bb\t/en-US/docs/Y\n/en-US/docs/C\t/en-US/docs/X\n',
    );
  });

  it('appends at the end (adding a missing final newline), and writes a new file with the header', () => {
    const text = '# h\n/en-US/docs/A\t/en-US/docs/X';
    expect(apply(text, redirectEdits(text, change([['/en-US/docs/Z', '/en-US/docs/Y']])))).toBe('# h\n/en-US/docs/A\t/en-US/docs/X\n/en-US/docs/Z\t/en-US/docs/Y\n');
    const created = apply(
      '',
      redirectEdits(
        undefined,
        change([
          ['/fr/docs/B', '/fr/docs/C'],
          ['/fr/docs/A', '/fr/docs/C'],
        ]),
      ),
    );
    expect(created.endsWith('# FROM-URL\tTO-URL\n/fr/docs/A\t/fr/docs/C\n/fr/docs/B\t/fr/docs/C\n')).toBe(true);
  });

  it('flattens: targets that moved follow, keeping their #hash; CRLF lines keep their ending', () => {
    const text = '# h\r\n/en-US/docs/A\t/en-US/docs/old#x\r\n/en-US/docs/B\thttps://example.com/old\r\n';
    const edits = redirectEdits(text, change([], new Map([['/en-us/docs/old', '/en-US/docs/New']])));
    expect(apply(text, edits)).toBe('# h\r\n/en-US/docs/A\t/en-US/docs/New#x\r\n/en-US/docs/B\thttps://example.com/old\r\n');
  });
});

describe('slug validation', () => {
  it('accepts MDN’s slugs', () => {
    for (const slug of ['Glossary/API', 'Web/CSS/::after', 'Web/JavaScript/Reference/Statements/for...of', 'Glossary/Cross-site_scripting', 'Web/API/Document/cookie']) {
      expect(invalidSlugReason(slug)).toBeUndefined();
    }
  });
});
