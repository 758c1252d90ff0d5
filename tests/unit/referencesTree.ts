/**
 * The content tree the find-references and rename tests share (references.test.ts, rename.test.ts):
 * a glossary entry reached through every macro spelling, link form and redirect, in English and French,
 * and the helpers that read, position and apply edits over it.
 */
import { WorkspaceEdit } from 'vscode-languageserver';
import { fileURLToPath } from 'node:url';
import type { Location } from 'vscode-languageserver';
import { ContentIndex } from '../../server/src/content/contentIndex';
import { decodePage, InMemoryFileSystem } from '../../server/src/content/fileSystem';
import { GLOSSARY_MACROS } from '../../server/src/content/pageReferences';
import { checkPage } from '../../server/src/resolve/pageFindings';
import { scanDocument } from '../../server/src/syntax/document';
import { LineIndex } from '../../server/src/syntax/positions';
import { FeatureContext, fileUri, pageDocument, PageDocument } from '../../server/src/features/context';
import { findReferences, ReadText } from '../../server/src/features/findReferences';
import { RenameClient } from '../../server/src/features/rename';
import { FILES, pagePath, Tree, treeFiles } from '../helpers/content';
import { applyStrictly, MemoryDisk } from '../helpers/workspaceEdit';

export const USES = `Uses {{Glossary("Method")}}, {{glossary('method')}}, {{ Glossary( "method" , "the methods" ) }}, {{GLOSSARY(\`Method#static\`, "static")}},
an old name {{Glossary("Old_method")}}, a subpage {{Glossary("Method/Static")}},
links [m](/en-US/docs/Glossary/Method), [m2](/docs/Glossary/Method#syntax), [m3](https://developer.mozilla.org/en-US/docs/Glossary/Method), [old](/en-US/docs/Glossary/Old_method), [ill](/en-US/docs/glossary/method).

[ref]: /en-US/docs/Glossary/Method

Not these: \\{{Glossary("Method")}}, <!-- {{Glossary("Method")}} -->, {{Glossary("Method_chaining")}}, {{Glossary("Nope")}}, \`[code](/en-US/docs/Glossary/Method)\`.
The French page: [fr](/fr/docs/Glossary/Method).`;

export const TREE: Tree = {
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

export const FULL_CLIENT: RenameClient = { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] };

export async function indexOf(fileMap: Record<string, string>): Promise<ContentIndex> {
  return ContentIndex.build(new InMemoryFileSystem(fileMap), [FILES]);
}

export function reader(fileMap: Record<string, string>, open: Record<string, string> = {}): ReadText {
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

export function docOf(locale: string, slug: string, text = files[pagePath(locale, slug)]): PageDocument {
  const path = pagePath(locale, slug);
  return pageDocument(fileUri(path), text, 1, locale, path);
}

/** LSP position of the `nth` occurrence of `needle` (plus `delta` characters) in a text. */
export function at(text: string, needle: string, delta = 0, nth = 0) {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  if (offset === -1) throw new Error(`${needle} not found`);
  return new LineIndex(text).positionAt(offset + delta);
}

export function textAt(text: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}

/** Apply a workspace edit to in-memory files as the LSP specification says a client does; it must succeed. */
export function applyEdit(fileMap: Record<string, string>, edit: WorkspaceEdit): Record<string, string> {
  return applyStrictly(new MemoryDisk(fileMap), edit).snapshot();
}

/** What a rename may look at on disk: the in-memory files. */
export const probe = (fileMap: Record<string, string>) => new MemoryDisk(fileMap).probe;

/** Findings of every page, as `path code target` lines (paths mapped through `moves`). */
export function findingsOf(idx: ContentIndex, fileMap: Record<string, string>): string[] {
  const lines: string[] = [];
  for (const page of idx.allPages()) {
    for (const finding of checkPage(scanDocument(fileMap[page.path]), page.locale, idx)) lines.push(`${page.locale}/${page.slug} ${finding.code}`);
  }
  return lines.sort();
}

/** A fresh copy of the tree, its index and a feature context over it (live bindings: the tests read them as they are now). */
export let files: Record<string, string> = {};
export let index: ContentIndex;
export let ctx: FeatureContext;

/** Run before each test: a fresh copy of the tree, indexed. */
export async function freshTree(): Promise<void> {
  files = treeFiles(TREE);
  await reindexTree();
}

/** Index the tree's files again (after a test changed them). */
export async function reindexTree(): Promise<void> {
  index = await indexOf(files);
  ctx = { index, glossaryMacros: GLOSSARY_MACROS };
}

/** Locations as `path text` lines: the file under FILES and the text each range covers. */
export function locationLines(files: Record<string, string>, locations: Location[]): string[] {
  return locations.map((location) => `${fileURLToPath(location.uri).slice(FILES.length + 1)} ${textAt(files[fileURLToPath(location.uri)], location.range)}`);
}

/** The references (without the declaration) from `needle` (plus `delta`) in a page, as `locationLines`. */
export async function referenceLines(doc: PageDocument, needle: string, delta = 0): Promise<string[]> {
  return locationLines(files, await findReferences(doc, at(doc.text, needle, delta), false, ctx, reader(files)));
}
