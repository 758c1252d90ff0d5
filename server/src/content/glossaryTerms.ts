/**
 * Which words name which glossary entry, for finding unlinked mentions: the terms of every entry of
 * a locale (with the English entries the locale has not translated), compiled into one
 * {@link TermMatcher}. The rules, and why:
 *
 * - Sources: the entry's title in the page's locale (English for an entry not translated), split
 *   as MDN titles are written (`Cross-site scripting (XSS)` → both; `Selector (CSS)` → `Selector`,
 *   in the context CSS; `RTSP: Real-time streaming protocol` → both); the term its slug spells
 *   (`Cross-site_scripting` → `Cross-site scripting`); the user's aliases
 *   (`glossary.aliases`, {@link GlossaryAliases}); and, for the entries a disambiguation page
 *   lists, the qualified phrase (`Property (CSS)` → `CSS property`).
 * - A disambiguation page names no term, and neither does the bare word it disambiguates
 *   (`Node`, `Property`): that word is ambiguous by definition.
 * - An acronym or product name (`CORS`, `JavaScript`, `i18n`) matches only as written; a phrase
 *   (two words or more) matches in any case. English terms also match their plural (`APIs`,
 *   `CSS properties`) or, for a plural title, their singular.
 * - A translated title is a phrase when the English title is one: a concept English names with one
 *   ordinary word stays an ordinary word in translation (vi `Có thể thay đổi` is `Mutable`, "can
 *   change"; `Bộ nhớ đệm` is `Cache`), and an English phrase stays specific (`Tên miền`, domain
 *   name). Without an English title: three syllables in Vietnamese (whose spaces separate
 *   syllables, not words), four characters in scripts written without spaces.
 * - A single ordinary word (`Method`, `Chrome`, `Cookie`, vi `Trình duyệt`) is a term only when it
 *   is a proper name: the entry's own page writes it, mid-sentence, exactly as its title does and
 *   never otherwise (`Gecko`, `Internet`, `Java`); then it matches only that spelling. `Chrome`'s
 *   page writes "the **chrome** is…": not a name, never matched (it would catch Google Chrome).
 *   A lowercase title (`bfcache`) is written so on purpose and matches only that spelling.
 * - Words two entries claim with the same strength match neither (vi `Máy chủ` is both Server
 *   and Host). An alias outranks a title, a title outranks a plural or a derived phrase.
 */
import type { ContentIndex, Page } from './contentIndex';
import { DEFAULT_LOCALE, slugToFolder } from './slugs';
import { compileTerms, isAcronymLike, TermMatcher, TermSpec } from '../syntax/termMatcher';
import { englishInflections, isDistinctive, isLowercaseStart, isTitleCase, lowerFirst, phraseWords, properNames, termUsage, titleParts, wordsOf } from './glossaryTermWords';

// The word rules live in glossaryTermWords.ts; the tests and callers name some of them here.
export { englishInflections, properNames, titleParts } from './glossaryTermWords';

/** One glossary entry as the term rules see it. */
export interface GlossaryEntrySource {
  /** The entry's folder under its locale, lowercase (`glossary/cross-site_scripting`): its identity. */
  folder: string;
  /** As the page spells it: `Glossary/Cross-site_scripting`. */
  slug: string;
  title: string;
  /** Locale of the page the title comes from (English for an entry the locale has not translated). */
  locale: string;
  pageType?: string;
  /** The page that holds it is listed by a disambiguation page (`Glossary/Node/DOM` under `Glossary/Node`). */
  underDisambiguation?: boolean;
  /** For a translated entry, the English title (acronyms in parentheses carry over). */
  englishTitle?: string;
  /** The entry page's text: how it writes its own term (see the module comment). */
  text?: string;
}

/**
 * The `glossary.aliases` setting: glossary term (as in `{{Glossary("term")}}`, any case, `_` or
 * space) → more ways pages write it, matched like titles (a single lowercase word only as written),
 * or `false` to never report the term.
 *   { "Polyfill": ["polyfill", "polyfills"], "Cross-site_scripting": ["XSS attack"], "API": false }
 */
export type GlossaryAliases = Record<string, string[] | false>;

export type TermSource = 'title' | 'slug' | 'alias' | 'disambiguation' | 'inflection';

export interface GlossaryTermSpec extends TermSpec {
  source: TermSource;
}

export interface GlossaryTerms {
  locale: string;
  matcher: TermMatcher;
  /** Entries by folder (the `entry` of every match). */
  entries: ReadonlyMap<string, GlossaryEntrySource>;
  specs: readonly GlossaryTermSpec[];
}

export const DISAMBIGUATION_PAGE_TYPE = 'glossary-disambiguation';

const PRIORITY: Record<TermSource, number> = { alias: 3, title: 2, slug: 2, disambiguation: 1, inflection: 0 };

function languageOf(locale: string): string {
  return locale.toLowerCase().split('-')[0];
}

/** `glossary/cross-site_scripting` for a term as `{{Glossary}}` takes it (`Cross-site scripting` too). */
export function glossaryFolderOf(term: string): string {
  return 'glossary/' + slugToFolder(term.trim().replace(/\s+/g, '_'));
}

/** The term a glossary slug spells: `Glossary/Cross-site_scripting` → `Cross-site_scripting`. */
export function glossaryTermOf(slug: string): string {
  return slug.replace(/^Glossary\//i, '');
}

/** `glossary.aliases` by entry folder (`glossary/api`), lists checked. */
export function aliasesByFolder(aliases: GlossaryAliases | undefined): Map<string, string[] | false> {
  const byFolder = new Map<string, string[] | false>();
  for (const [term, value] of Object.entries(aliases ?? {})) {
    if (value === false || Array.isArray(value)) byFolder.set(glossaryFolderOf(term), value === false ? false : value.filter((alias) => typeof alias === 'string'));
  }
  return byFolder;
}

/**
 * `specsOf`: the specs of one entry ({@link entrySpecs} by default; the server passes one that
 * reuses the specs of entries that did not change).
 */
export function buildGlossaryTerms(
  entries: readonly GlossaryEntrySource[],
  options: {
    locale: string;
    aliases?: GlossaryAliases;
    specsOf?: (entry: GlossaryEntrySource, aliases: readonly string[]) => GlossaryTermSpec[];
    /** Terms built before: their matcher is reused when the specs come out the same (an entry's text edited, its terms not). */
    previous?: GlossaryTerms;
  },
): GlossaryTerms {
  const aliases = aliasesByFolder(options.aliases);
  const specsOf = options.specsOf ?? entrySpecs;
  const specs: GlossaryTermSpec[] = [];
  const byFolder = new Map<string, GlossaryEntrySource>();
  for (const entry of entries) {
    byFolder.set(entry.folder, entry);
    const entryAliases = aliases.get(entry.folder);
    if (entryAliases === false || entry.pageType === DISAMBIGUATION_PAGE_TYPE) continue;
    specs.push(...specsOf(entry, entryAliases ?? []));
  }
  const previous = options.previous;
  const matcher = previous && previous.locale === options.locale && sameSpecs(previous.specs, specs) ? previous.matcher : compileTerms(specs);
  return { locale: options.locale, matcher, entries: byFolder, specs };
}

function sameSpecs(a: readonly GlossaryTermSpec[], b: readonly GlossaryTermSpec[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x.entry !== y.entry || x.text !== y.text || x.exactCase !== y.exactCase || x.priority !== y.priority || x.source !== y.source || x.name !== y.name) return false;
  }
  return true;
}

interface Candidate {
  text: string;
  language: string;
  source: TermSource;
  /** For a translated title: whether English names the concept with a phrase. */
  englishPhrase?: boolean;
  /** The words an acronym in the title stands for (`Left To Right` in `LTR (Left To Right)`). */
  expansion?: boolean;
}

/** The terms of one entry, classified by the rules of the module comment. */
export function entrySpecs(entry: GlossaryEntrySource, aliases: readonly string[] = []): GlossaryTermSpec[] {
  const language = languageOf(entry.locale);
  const candidates: Candidate[] = [];
  const title = titleParts(entry.title, entry.englishTitle);
  const englishTitle = entry.englishTitle === undefined ? undefined : titleParts(entry.englishTitle);
  const englishBase = englishTitle?.base ?? englishTitle?.terms[0];
  // Only the number of words carries over: an acronym's spelling does not (vi `Hai chiều` for `BiDi` is "two-way").
  const englishPhrase = englishBase === undefined ? undefined : wordsOf(englishBase).length >= phraseWords('en', false);
  if (title.terms.length && !entry.underDisambiguation) {
    for (const text of title.terms) {
      const isBase = text === (title.base ?? title.terms[0]);
      candidates.push({ text, language, source: 'title', englishPhrase: isBase ? englishPhrase : undefined, expansion: title.expanded === text });
    }
  }
  if (entry.underDisambiguation) {
    for (const text of title.expansions) candidates.push({ text, language, source: 'title', expansion: title.expanded === text });
    // `Property (CSS)` → `CSS property`: the qualified phrase names the sense, when the entry uses it.
    if (title.base && title.qualifier && /^\S+$/.test(title.qualifier) && isAcronymLike(title.qualifier)) {
      const phrase = `${title.qualifier} ${lowerFirst(title.base)}`;
      if (termUsage(entry.text, [phrase]).get(phrase)?.any) candidates.push({ text: phrase, language, source: 'disambiguation' });
    }
  }
  const term = glossaryTermOf(entry.slug);
  if (!term.includes('/') && !entry.underDisambiguation) candidates.push({ text: term.replace(/_/g, ' '), language: 'en', source: 'slug' });
  for (const alias of aliases) if (alias.trim()) candidates.push({ text: alias.trim(), language, source: 'alias' });

  const specs: GlossaryTermSpec[] = [];
  const short: Candidate[] = [];
  const add = (text: string, source: TermSource, exactCase: boolean, name = false) => {
    if (!specs.some((spec) => spec.text === text && spec.exactCase === exactCase)) {
      specs.push({ entry: entry.folder, text, exactCase, priority: PRIORITY[source], source, ...(name ? { name } : {}) });
    }
  };
  for (const candidate of candidates) {
    const words = wordsOf(candidate.text);
    if (words.length === 0) continue;
    // A translation follows its English title, but one word is never a phrase.
    const phrase = candidate.englishPhrase === undefined ? isDistinctive(candidate.text, candidate.language) : candidate.englishPhrase && words.length >= 2;
    const distinctive = words.some(isAcronymLike) || phrase;
    if (distinctive) {
      // An acronym's expansion in Title Case is a name (`Left To Right`, `Document Object Model`):
      // written otherwise, the words are ordinary ("from left to right").
      const name = candidate.expansion === true && isTitleCase(words);
      add(candidate.text, candidate.source, name);
      if (candidate.language === 'en' && !name) for (const inflected of englishInflections(candidate.text, words)) add(inflected, 'inflection', false);
    } else if (candidate.source === 'alias' || isLowercaseStart(candidate.text)) {
      add(candidate.text, candidate.source, true);
    } else if (candidate.source === 'title') {
      short.push(candidate);
    }
  }
  for (const name of properNames(
    entry.text,
    short.map((candidate) => candidate.text),
  ))
    add(name, 'title', true, true);
  return specs;
}

// ——— From the index ———

/** Reads a page's text (the CLI has them in memory; the server reads the file or the open document). */
export type PageTextReader = (page: Page) => Promise<string | undefined> | string | undefined;

/**
 * The glossary entries a page of `locale` can mention: the locale's own, and the English entries it
 * has not translated (a `{{Glossary}}` link falls back to them).
 */
export async function glossaryEntrySources(
  index: ContentIndex,
  locale: string,
  readText?: PageTextReader,
  needsText: (page: Page, source: GlossaryEntrySource) => boolean = () => true,
): Promise<GlossaryEntrySource[]> {
  return (await glossaryEntryPages(index, locale, readText, needsText)).map(({ source }) => source);
}

async function glossaryEntryPages(
  index: ContentIndex,
  locale: string,
  readText: PageTextReader | undefined,
  needsText: (page: Page, source: GlossaryEntrySource) => boolean,
): Promise<Array<{ page: Page; source: GlossaryEntrySource }>> {
  const own = index.glossaryEntries(locale);
  const folders = new Set(own.map((page) => page.folder));
  const fallback = locale === DEFAULT_LOCALE ? [] : index.glossaryEntries(DEFAULT_LOCALE).filter((page) => !folders.has(page.folder));
  const sources: Array<{ page: Page; source: GlossaryEntrySource }> = [];
  for (const page of [...own, ...fallback]) {
    const parentFolder = page.folder.slice(0, page.folder.lastIndexOf('/'));
    const parent = parentFolder.includes('/') ? (index.pageByKey(`${page.locale}/${parentFolder}`) ?? index.pageByKey(`${DEFAULT_LOCALE}/${parentFolder}`)) : undefined;
    const english = page.locale === DEFAULT_LOCALE ? undefined : index.pageByKey(`${DEFAULT_LOCALE}/${page.folder}`);
    const source: GlossaryEntrySource = {
      folder: page.folder,
      slug: page.slug,
      title: page.title,
      locale: page.locale,
      pageType: page.pageType,
      underDisambiguation: parent?.pageType === DISAMBIGUATION_PAGE_TYPE,
      englishTitle: english?.title,
    };
    if (readText && needsText(page, source)) source.text = await readText(page);
    sources.push({ page, source });
  }
  return sources;
}

/**
 * The specs of entries already compiled, by page: the index makes a new `Page` whenever a page
 * changes, so an entry whose page, English title, place and aliases are the same has the same specs
 * (and its text need not be read again).
 */
export type TermsMemo = WeakMap<Page, { key: string; specs: GlossaryTermSpec[] }>;

/**
 * The terms of a locale from the index (see {@link glossaryEntrySources} and {@link buildGlossaryTerms}).
 * `memo`: specs of earlier builds, reused for the entries that did not change (a rebuild after one
 * entry changed reads and scans that entry only).
 */
export async function glossaryTermsOf(
  index: ContentIndex,
  locale: string,
  options: { readText?: PageTextReader; aliases?: GlossaryAliases; memo?: TermsMemo; previous?: GlossaryTerms } = {},
): Promise<GlossaryTerms> {
  const { memo } = options;
  if (!memo) return buildGlossaryTerms(await glossaryEntrySources(index, locale, options.readText), { locale, aliases: options.aliases });
  const aliases = aliasesByFolder(options.aliases);
  const keyOf = (source: GlossaryEntrySource) => JSON.stringify([source.englishTitle, source.underDisambiguation, aliases.get(source.folder) ?? null]);
  const reusable = (page: Page, source: GlossaryEntrySource) => memo.get(page)?.key === keyOf(source);
  // No specs are made for a disambiguation page or a term left out: their text is never needed.
  const specsMade = (source: GlossaryEntrySource) => source.pageType !== DISAMBIGUATION_PAGE_TYPE && aliases.get(source.folder) !== false;
  const entries = await glossaryEntryPages(index, locale, options.readText, (page, source) => specsMade(source) && !reusable(page, source));
  const pageOf = new Map(entries.map(({ page, source }) => [source, page]));
  return buildGlossaryTerms(
    entries.map(({ source }) => source),
    {
      locale,
      aliases: options.aliases,
      previous: options.previous,
      specsOf(source, entryAliases) {
        const page = pageOf.get(source)!;
        const key = keyOf(source);
        const known = memo.get(page);
        if (known?.key === key) return known.specs;
        const specs = entrySpecs(source, entryAliases);
        memo.set(page, { key, specs });
        return specs;
      },
    },
  );
}
