/**
 * The content tree of the authoring checks and actions (checks.test.ts, authoring-actions.test.ts):
 * en-US pages, French translations with l10n, German ones with translation_of, a redirect.
 */
import { ContentIndex } from '../../server/src/content/contentIndex';
import { decodePage, InMemoryFileSystem } from '../../server/src/content/fileSystem';
import { slugToFolder } from '../../server/src/content/slugs';
import { FeatureContext, fileUri, pageDocument, PageDocument } from '../../server/src/features/context';
import { codeActions } from '../../server/src/features/codeActions';
import { FILES } from '../helpers/content';

export interface PageSpec {
  title?: string | null;
  slug?: string | null;
  pageType?: string;
  l10n?: boolean;
  translationOf?: boolean;
  body?: string;
}

/** A page's text with exactly the front matter keys asked for. */
export function page(spec: PageSpec): string {
  const lines = ['---'];
  if (spec.title !== null && spec.title !== undefined) lines.push(`title: ${JSON.stringify(spec.title)}`);
  if (spec.slug !== null && spec.slug !== undefined) lines.push(`slug: ${spec.slug}`);
  if (spec.pageType) lines.push(`page-type: ${spec.pageType}`);
  if (spec.l10n) lines.push('l10n:', '  sourceCommit: 0123456789abcdef0123456789abcdef01234567');
  if (spec.translationOf) lines.push(`translation_of: ${spec.slug}`);
  lines.push('---', '', spec.body ?? 'Some text.', '');
  return lines.join('\n');
}

export const glossary = (slug: string, extra: Partial<PageSpec> = {}): PageSpec => ({
  title: slug.split('/').pop()!.replace(/_/g, ' '),
  slug,
  pageType: 'glossary-definition',
  ...extra,
});
export const at = (locale: string, folder: string) => `${FILES}/${locale}/${folder}/index.md`;
export const pathOf = (locale: string, slug: string) => at(locale, slugToFolder(slug));

export const FILES_IN_TREE: Record<string, string> = {
  [pathOf('en-us', 'Glossary/API')]: page(glossary('Glossary/API', { body: '{{GlossarySidebar}}\n\nAn **API** is a set of features.' })),
  [pathOf('en-us', 'Glossary/Function')]: page(glossary('Glossary/Function')),
  [pathOf('en-us', 'Glossary/Interface')]: page(
    glossary('Glossary/Interface', { body: '{{GlossarySidebar}}\n\nAn **interface** is a contract.\n\n## See also\n\n- {{Glossary("API")}}' }),
  ),
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

export interface ChecksFixture {
  fs: InMemoryFileSystem;
  index: ContentIndex;
  ctx: FeatureContext;
  /** A page's text as the server reads it from disk. */
  readText(path: string): Promise<string | undefined>;
}

export async function checksFixture(): Promise<ChecksFixture> {
  const fs = new InMemoryFileSystem(FILES_IN_TREE);
  const index = await ContentIndex.build(fs, [FILES]);
  const readText = async (path: string) => {
    const decoded = decodePage(await fs.readFile(path));
    return 'text' in decoded ? decoded.text : undefined;
  };
  return { fs, index, ctx: { index, glossaryMacros: new Set(['glossary']) }, readText };
}

export function docAt(path: string, text: string, locale: string): PageDocument {
  return pageDocument(fileUri(path), text, 1, locale, path);
}

export const everywhere = (doc: PageDocument) => ({ start: { line: 0, character: 0 }, end: doc.scanned.lines.positionAt(doc.text.length) });

export type Action = Awaited<ReturnType<typeof codeActions>>[number];
/** The text edits a code action makes in one document. */
export const changesOf = (action: Action, uri: string) => action.edit!.changes![uri];
