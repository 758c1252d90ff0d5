/**
 * Glossary coverage: for each page, which glossary entries it links (by macro or link, directly,
 * through a redirect or the English fallback), which glossary targets it wants (links that resolve
 * nowhere), and the first mention of each entry it does not link; then, for a locale, each
 * entry's inbound pages and unlinked mentions, the orphans and the wanted terms.
 *
 * Per page first ({@link pageCoverage}), then a pure aggregation ({@link coverageReport}): the CLI
 * runs both over every page; the language server can keep the per-page part per open or changed
 * page and aggregate when asked. {@link inboundPages} answers "who links to this entry" from the
 * index's reverse map, without reading any page.
 */
import type { ContentIndex, Page } from '../content/contentIndex';
import { GLOSSARY_MACROS, pageReferences, Reference } from '../content/pageReferences';
import { pageKey, parseDocsUrl, slugToFolder } from '../content/slugs';
import { DISAMBIGUATION_PAGE_TYPE, GlossaryTerms } from '../content/glossaryTerms';
import { scanDocument, ScannedDocument } from '../syntax/document';
import { proseTokens } from '../syntax/prose';
import { firstMentions, TermMatch } from '../syntax/termMatcher';
import { resolveReference, ResolutionMemo } from './resolve';

const GLOSSARY_FOLDER = 'glossary/';

export interface CoverageOptions {
  glossaryMacros?: ReadonlySet<string>;
  /** Shared across pages of one unchanged index (the CLI). */
  memo?: ResolutionMemo;
}

/** What a page does with the glossary. */
export interface PageGlossaryFacts {
  /** Index keys (`en-us/glossary/api`) of the glossary pages the page's references lead to. */
  linked: string[];
  /** Glossary targets the page names that resolve nowhere, once each, at their first reference. */
  wanted: Array<{ slug: string; folder: string; start: number; end: number }>;
  /** The first mention of each entry the page neither links nor is. */
  mentions: TermMatch[];
}

/** Where a page sits: enough to know which mentions count. */
export interface PageInfo {
  locale: string;
  /** Folder under the locale, lowercase (`web/api/fetch`). */
  folder: string;
  pageType?: string;
}

/** Whether mentions are looked for on this page at all (not on a disambiguation page). */
export function scansForMentions(page: PageInfo): boolean {
  return page.pageType !== DISAMBIGUATION_PAGE_TYPE;
}

/** The glossary facts of one scanned page. `terms`: the page locale's (without them, no mentions). */
export function pageGlossaryFacts(doc: ScannedDocument, page: PageInfo, index: ContentIndex, terms: GlossaryTerms | undefined, options: CoverageOptions = {}): PageGlossaryFacts {
  const linked = new Set<string>();
  const wanted = new Map<string, PageGlossaryFacts['wanted'][number]>();
  for (const reference of pageReferences(doc, page.locale, options.glossaryMacros ?? GLOSSARY_MACROS)) {
    // Every reference: an old URL outside Glossary/ can redirect to an entry.
    const resolution = resolveReference(index, reference, options.memo);
    if (resolution.page) {
      if (resolution.page.folder.startsWith(GLOSSARY_FOLDER)) linked.add(`${resolution.page.locale}/${resolution.page.folder}`);
      continue;
    }
    const slug = glossaryTarget(reference);
    if (slug !== undefined && resolution.kind === 'broken') {
      const folder = slugToFolder(slug);
      if (!wanted.has(folder)) wanted.set(folder, { slug, folder, start: reference.start, end: reference.end });
    }
  }
  const linkedFolders = new Set([...linked].map((key) => key.slice(key.indexOf('/') + 1)));
  const mentions =
    terms && scansForMentions(page)
      ? firstMentions(proseTokens(doc), terms.matcher, { locale: page.locale, exclude: (entry) => entry === page.folder || linkedFolders.has(entry) })
      : [];
  return { linked: [...linked], wanted: [...wanted.values()], mentions };
}

/** The glossary slug a reference names (`Glossary/interface`), or undefined when it names no glossary page. */
function glossaryTarget(reference: Reference): string | undefined {
  const url = reference.candidates[0];
  const parsed = url === undefined ? undefined : parseDocsUrl(url);
  if (!parsed) return undefined;
  return /^glossary\//i.test(parsed.slug) ? parsed.slug : undefined;
}

// ——— A locale's coverage ———

export interface Position1 {
  /** 1-based line and code-point column, as `check` prints them. */
  line: number;
  column: number;
}

/** One page's contribution to its locale's coverage (positions already computed: the text can go). */
export interface PageCoverage {
  page: Page;
  linked: string[];
  mentions: Array<Position1 & { entry: string; start: number; end: number; text: string }>;
  wanted: Array<Position1 & { slug: string; folder: string }>;
}

export function pageCoverage(page: Page, doc: ScannedDocument, index: ContentIndex, terms: GlossaryTerms | undefined, options: CoverageOptions = {}): PageCoverage {
  const facts = pageGlossaryFacts(doc, page, index, terms, options);
  // Copies, not slices: what is kept of a page (by the CLI until its report, by the server for as
  // long as the page is unchanged) must not keep the page's whole text alive.
  return {
    page,
    linked: facts.linked.map(copied),
    mentions: facts.mentions.map((mention) => ({
      entry: mention.entry,
      start: mention.start,
      end: mention.end,
      text: copied(doc.text.slice(mention.start, mention.end)),
      ...doc.lines.displayPositionAt(mention.start),
    })),
    wanted: facts.wanted.map((want) => ({ slug: copied(want.slug), folder: copied(want.folder), ...doc.lines.displayPositionAt(want.start) })),
  };
}

/** A string of its own (V8 keeps the whole string a slice was taken from alive). */
function copied(text: string): string {
  return text.split('').join('');
}

/**
 * {@link pageCoverage} of many pages, in time slices (the event loop runs between them: the
 * language server keeps answering while it counts). `readText` gives a page's text (undefined:
 * skipped); `isCancelled` stops early with what is done.
 */
export async function collectPageCoverage(
  pages: Iterable<Page>,
  readText: (page: Page) => string | undefined | Promise<string | undefined>,
  index: ContentIndex,
  terms: GlossaryTerms | undefined,
  options: CoverageOptions & { sliceMs?: number; isCancelled?: () => boolean } = {},
): Promise<PageCoverage[]> {
  const out: PageCoverage[] = [];
  const sliceMs = options.sliceMs ?? 15;
  let sliceStart = Date.now();
  for (const page of pages) {
    if (options.isCancelled?.()) break;
    const text = await readText(page);
    if (text !== undefined) out.push(pageCoverage(page, scanDocument(text), index, terms, options));
    if (Date.now() - sliceStart > sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = Date.now();
    }
  }
  return out;
}

export interface EntryCoverage {
  entry: Page;
  /** Other pages of the locale whose references lead to the entry, in path order. */
  linkedFrom: Page[];
  /** Pages that mention the entry without linking it, with their first mention, in path order. */
  mentionedUnlinked: Array<Position1 & { page: Page; text: string }>;
  orphan: boolean;
}

export interface WantedTerm {
  /** As most pages spell it (`Glossary/interface`). */
  slug: string;
  folder: string;
  wantedBy: Array<Position1 & { page: Page }>;
}

export interface CoverageReport {
  locale: string;
  /** Pages of the locale looked at. */
  pages: number;
  /** The locale's glossary entries (disambiguation pages aside), by slug. */
  entries: EntryCoverage[];
  /** Missing glossary targets, most wanted first. */
  wanted: WantedTerm[];
}

/** The glossary entries of a locale that coverage reports on: its glossary pages, disambiguation pages aside. */
export function coverageEntries(index: ContentIndex, locale: string): Page[] {
  return index.glossaryEntries(locale).filter((page) => page.pageType !== DISAMBIGUATION_PAGE_TYPE);
}

/** Aggregate per-page coverage into a locale's report. Pure. */
export function coverageReport(locale: string, entries: readonly Page[], pages: Iterable<PageCoverage>): CoverageReport {
  const byKey = new Map<string, EntryCoverage>();
  const byFolder = new Map<string, EntryCoverage>();
  for (const entry of entries) {
    const coverage: EntryCoverage = { entry, linkedFrom: [], mentionedUnlinked: [], orphan: true };
    byKey.set(`${entry.locale}/${entry.folder}`, coverage);
    byFolder.set(entry.folder, coverage);
  }
  const wanted = new Map<string, { spellings: Map<string, number>; wantedBy: WantedTerm['wantedBy'] }>();
  let count = 0;
  const sorted = [...pages].sort((a, b) => compare(a.page.path, b.page.path));
  for (const { page, linked, mentions, wanted: wants } of sorted) {
    if (page.locale !== locale) continue;
    count++;
    for (const key of linked) {
      const coverage = byKey.get(key);
      if (coverage && coverage.entry !== page) coverage.linkedFrom.push(page);
    }
    for (const mention of mentions) {
      byFolder.get(mention.entry)?.mentionedUnlinked.push({ page, text: mention.text, line: mention.line, column: mention.column });
    }
    for (const want of wants) {
      let entry = wanted.get(want.folder);
      if (!entry) wanted.set(want.folder, (entry = { spellings: new Map(), wantedBy: [] }));
      const spelling = want.slug;
      entry.spellings.set(spelling, (entry.spellings.get(spelling) ?? 0) + 1);
      entry.wantedBy.push({ page, line: want.line, column: want.column });
    }
  }
  const entryList = [...byKey.values()].sort((a, b) => compare(a.entry.slug, b.entry.slug));
  for (const coverage of entryList) coverage.orphan = coverage.linkedFrom.length === 0;
  const wantedList: WantedTerm[] = [...wanted.entries()].map(([folder, { spellings, wantedBy }]) => ({
    // The spelling most pages use; ties by code-point order, for a stable report.
    slug: [...spellings.entries()].sort((a, b) => b[1] - a[1] || compare(a[0], b[0]))[0][0],
    folder,
    wantedBy,
  }));
  wantedList.sort((a, b) => b.wantedBy.length - a.wantedBy.length || compare(a.slug, b.slug));
  return { locale, pages: count, entries: entryList, wanted: wantedList };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Pages of the entry's locale whose references name the entry or a redirect to it, from the
 * index's reverse map (no page is read). The entry's own page does not count. Complete once the
 * index's references are (`referencesComplete`).
 */
export function inboundPages(index: ContentIndex, entry: Page): Page[] {
  const pages = new Set<Page>();
  const keys = [pageKey(entry.locale, entry.slug), `${entry.locale}/${entry.folder}`];
  for (const source of index.redirectsTo(entry)) {
    const parsed = parseDocsUrl(source);
    if (parsed) keys.push(pageKey(parsed.locale, parsed.slug));
  }
  for (const key of new Set(keys)) for (const page of index.referrers(key)) if (page.locale === entry.locale && page !== entry) pages.add(page);
  return [...pages].sort((a, b) => compare(a.path, b.path));
}

/** Pages of `locale` whose references name the missing glossary target `slug` (`Glossary/interface`). */
export function wantingPages(index: ContentIndex, locale: string, slug: string): Page[] {
  const pages = [...index.referrers(pageKey(locale, slug))].filter((page) => page.locale === locale);
  return pages.sort((a, b) => compare(a.path, b.path));
}
