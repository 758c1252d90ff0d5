/**
 * Go to definition (macro or link → the target's index.md), document links, and workspace symbols
 * (glossary terms by title and slug).
 */
import { DocumentLink, Location, Position, SymbolInformation, SymbolKind } from 'vscode-languageserver';
import { pageReferences } from '../content/pageReferences';
import { urlLocale } from '../content/slugs';
import { resolveReference } from '../resolve/resolve';
import { FeatureContext, PageDocument, pageUri, rangeOf, referenceAt } from './context';
import { fuzzyScore } from './fuzzy';

const TOP: Location['range'] = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function definition(doc: PageDocument, position: Position, ctx: FeatureContext): Location | null {
  const found = referenceAt(doc, doc.lines.offsetAt(position), ctx);
  const page = found?.resolution.page;
  return page ? { uri: pageUri(page), range: TOP } : null;
}

export function documentLinks(doc: PageDocument, ctx: FeatureContext): DocumentLink[] {
  const links: DocumentLink[] = [];
  for (const reference of pageReferences(doc.scanned, doc.locale, ctx.glossaryMacros)) {
    const page = resolveReference(ctx.index, reference).page;
    if (!page || reference.argEnd <= reference.argStart) continue;
    links.push({ range: rangeOf(doc, reference.argStart, reference.argEnd), target: pageUri(page), tooltip: `${page.title} (${page.slug})` });
  }
  return links;
}

export function workspaceSymbols(query: string, ctx: FeatureContext, limit = 200): SymbolInformation[] {
  const scored: Array<{ symbol: SymbolInformation; score: number }> = [];
  for (const locale of ctx.index.locales()) {
    for (const page of ctx.index.glossaryEntries(locale)) {
      const score = Math.max(fuzzyScore(query, page.title), fuzzyScore(query, page.slug.slice('Glossary/'.length)));
      if (score <= 0) continue;
      scored.push({
        score,
        symbol: { name: page.title, kind: SymbolKind.Key, containerName: `${page.slug} (${urlLocale(page.locale)})`, location: { uri: pageUri(page), range: TOP } },
      });
    }
  }
  return scored
    .sort((a, b) => b.score - a.score || a.symbol.name.localeCompare(b.symbol.name))
    .slice(0, limit)
    .map(({ symbol }) => symbol);
}
