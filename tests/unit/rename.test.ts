/**
 * Rename (server/src/features/rename.ts) over a ContentIndex built on an InMemoryFileSystem: the
 * workspace edit that moves a page as MDN's `content move` does, redirect file edits, slug validation.
 * The tree and helpers: referencesTree.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { RenameFile, TextDocumentEdit } from 'vscode-languageserver';
import { resolveUrl } from '../../server/src/resolve/resolve';
import { fileUri } from '../../server/src/features/context';
import { invalidSlugReason, rename, RenameError } from '../../server/src/features/rename';
import { redirectEdits } from '../../server/src/content/redirects';
import { FILES, pagePath } from '../helpers/content';
import { at, docOf, freshTree, FULL_CLIENT, indexOf, reader, textAt, applyEdit, probe, findingsOf, files, index, ctx, reindexTree } from './referencesTree';

beforeEach(freshTree);

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
    await reindexTree();
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
