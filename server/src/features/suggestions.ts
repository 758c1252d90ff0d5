/** "Did you mean": the pages closest to a broken target, by edit distance and title. */
import type { Page } from '../content/contentIndex';
import type { Reference } from '../content/references';
import { DEFAULT_LOCALE, parseDocsUrl } from '../content/slugs';
import type { FeatureContext } from './context';
import { editDistance, fold, fuzzyScore } from './fuzzy';

export function closestSlugs(ctx: FeatureContext, reference: Reference, count = 3): Page[] {
  const parsed = reference.candidates[0] ? parseDocsUrl(reference.candidates[0]) : undefined;
  if (!parsed) return [];
  const wanted = fold(parsed.slug);
  const parentFolder = wanted.includes('/') ? wanted.slice(0, wanted.lastIndexOf('/') + 1) : '';
  const leaf = wanted.slice(parentFolder.length);
  const seen = new Set<string>();
  const scored: Array<{ page: Page; distance: number }> = [];
  for (const locale of [parsed.locale, DEFAULT_LOCALE]) {
    const pool = reference.glossary ? ctx.index.glossaryEntries(locale) : [...ctx.index.allPages()].filter((page) => page.locale === locale && page.folder.startsWith(parentFolder));
    for (const page of pool) {
      if (seen.has(page.folder)) continue;
      seen.add(page.folder);
      const pageLeaf = fold(page.slug).slice(parentFolder.length);
      const distance = Math.min(editDistance(leaf, pageLeaf), fuzzyScore(leaf, page.title) >= 700 ? 1 : Infinity);
      if (distance <= Math.max(2, Math.floor(leaf.length / 3))) scored.push({ page, distance });
    }
  }
  return scored.sort((a, b) => a.distance - b.distance || a.page.slug.localeCompare(b.page.slug)).slice(0, count).map(({ page }) => page);
}
