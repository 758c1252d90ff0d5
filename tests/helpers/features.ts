/**
 * Features in process, over an in-memory tree: a {@link FeatureContext} from {@link buildTree}'s
 * index, and a page whose text marks the cursor with `|`. The one place the feature tests reach
 * into the server's wiring (the macro set that behaves like Glossary).
 */
import { GLOSSARY_MACROS } from '../../server/src/content/pageReferences';
import { FeatureContext, pageDocument, PageDocument } from '../../server/src/features/context';
import { buildTree, FILES, Tree } from './content';

export async function featureContext(tree: Tree, glossaryMacros: ReadonlySet<string> = GLOSSARY_MACROS): Promise<FeatureContext> {
  return { index: (await buildTree(tree)).index, glossaryMacros };
}

/** A page of `locale` (Learn/T) whose body is `marked` without its `|`, and the cursor at the `|`. */
export function pageAtCursor(marked: string, locale = 'en-us'): { doc: PageDocument; position: { line: number; character: number }; text: string } {
  const cursor = marked.indexOf('|');
  if (cursor === -1 || marked.indexOf('|', cursor + 1) !== -1) throw new Error(`mark the cursor with one | in ${JSON.stringify(marked)}`);
  const text = `---\ntitle: T\nslug: Learn/T\n---\n\n${marked.slice(0, cursor)}${marked.slice(cursor + 1)}`;
  const path = `${FILES}/${locale}/learn/t/index.md`;
  const doc = pageDocument(`file://${path}`, text, 1, locale, path);
  return { doc, text, position: doc.lines.positionAt(text.length - (marked.length - cursor - 1)) };
}
