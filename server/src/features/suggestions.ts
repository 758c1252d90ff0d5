/** "Did you mean": the pages closest to a broken target (a glossary term or a `/docs/` link), by edit distance and title. */
import type { ContentIndex, Page } from '../content/contentIndex';
import type { Reference } from '../content/pageReferences';
import { DEFAULT_LOCALE, parseDocsUrl, urlLocale } from '../content/slugs';
import type { FeatureContext } from './context';
import { editDistance, fold, fuzzyScore } from './fuzzy';

export function closestSlugs(ctx: Pick<FeatureContext, 'index'>, reference: Reference, count = 3): Page[] {
  const parsed = reference.candidates[0] ? parseDocsUrl(reference.candidates[0]) : undefined;
  if (!parsed) return [];
  const wanted = fold(parsed.slug.replace(/\/+$/, ''));
  const parentFolder = wanted.includes('/') ? wanted.slice(0, wanted.lastIndexOf('/') + 1) : '';
  const leaf = wanted.slice(parentFolder.length);
  if (leaf === '') return [];
  const limit = Math.max(2, Math.floor(leaf.length / 3));
  const seen = new Set<string>();
  const scored: Array<{ page: Page; distance: number }> = [];
  for (const locale of [parsed.locale, DEFAULT_LOCALE]) {
    const pool = reference.glossary ? ctx.index.glossaryEntries(locale) : childrenOf(ctx.index, locale, parentFolder);
    for (const page of pool) {
      if (seen.has(page.folder)) continue;
      seen.add(page.folder);
      const pageLeaf = fold(page.slug).slice(parentFolder.length);
      let distance = editDistance(leaf, pageLeaf, limit);
      // A title that starts a word with what was written (`xss` → "Cross-site scripting (XSS)").
      if (distance > 1 && fold(page.title).includes(leaf) && fuzzyScore(leaf, page.title) >= 700) distance = 1;
      if (distance <= limit) scored.push({ page, distance });
    }
  }
  return scored
    .sort((a, b) => a.distance - b.distance || a.page.slug.localeCompare(b.page.slug))
    .slice(0, count)
    .map(({ page }) => page);
}

/** The closest page as a URL in the reference's locale (what the link would then say), or null. */
export function closestUrl(ctx: Pick<FeatureContext, 'index'>, reference: Reference): string | null {
  const [page] = closestSlugs(ctx, reference, 1);
  return page ? `/${urlLocale(reference.locale)}/docs/${page.slug}` : null;
}

/** Pages of a locale one level under a folder (`web/css/`), per index state: a broken link's siblings. */
function childrenOf(index: ContentIndex, locale: string, parentFolder: string): Page[] {
  let cached = childrenCache.get(index);
  if (!cached || cached.generation !== index.generation) {
    cached = { generation: index.generation, byParent: new Map() };
    for (const page of index.allPages()) {
      const parent = `${page.locale}/${page.folder.slice(0, page.folder.lastIndexOf('/') + 1)}`;
      const list = cached.byParent.get(parent);
      if (list) list.push(page);
      else cached.byParent.set(parent, [page]);
    }
    childrenCache.set(index, cached);
  }
  return cached.byParent.get(`${locale}/${parentFolder}`) ?? [];
}

const childrenCache = new WeakMap<ContentIndex, { generation: number; byParent: Map<string, Page[]> }>();
