/**
 * MDN's rules for where a reference leads (docs/semantics.md): redirects first (one hop),
 * then the page component by component and case-insensitively, then, for a translated locale,
 * English's redirect moved to the locale, then the English page; otherwise broken.
 */
import type { ContentIndex, Page } from '../content/contentIndex';
import type { Reference } from '../content/pageReferences';
import { DEFAULT_LOCALE, lookupSlug, parseDocsUrl, splitHash, urlLocale } from '../content/slugs';

export type ResolutionKind =
  /** Resolves to a page as written (case aside, for macros). */
  | 'ok'
  /** A redirect: `suggestion` is where it goes. */
  | 'redirected'
  /** Resolves only when the case is changed: `suggestion` is the canonical URL. */
  | 'ill-cased'
  /** Missing in the translated locale, present in English: the link goes to English. */
  | 'only-in-en-us'
  /** Missing, but listed in `_allowed-broken-links.txt`. */
  | 'allowed'
  /** Missing in a translated locale, and English is not indexed: cannot be decided. */
  | 'unchecked'
  | 'broken';

export interface Resolution {
  kind: ResolutionKind;
  /** The URL path (no hash) that was looked up, with its locale. */
  url: string;
  /** The page the reference leads to, when there is one. */
  page?: Page;
  /** For redirected and ill-cased: the URL to write instead, hash kept. */
  suggestion?: string;
}

/**
 * Resolve one URL path (`/fr/docs/Glossary/API`, no hash), in MDN's order: an explicit redirect of
 * the URL as written; else the page, found component by component and case-insensitively (a link
 * that differs from the page's canonical URL redirects to it: ill-cased when only the case
 * differs); else, for a translated URL, English's redirect of the same slug moved to that locale;
 * else the English page (`only-in-en-us`); else broken. `hash` is carried into suggestions.
 */
export function resolveUrl(index: ContentIndex, url: string, hash = '', forMacro = false): Resolution {
  const parsed = parseDocsUrl(url);
  const slug = parsed && lookupSlug(parsed.slug);
  // `.` and `..` never resolve, not even through a redirect: a path never leaves its locale.
  if (!parsed || slug === undefined) return { kind: 'broken', url };
  const withHash = (target: string) => (target.includes('#') || !hash ? target : target + hash);

  const redirect = index.redirectOf(url);
  if (redirect !== undefined) {
    const targetPath = splitHash(redirect).path;
    const targetPage = pageOfUrl(index, targetPath);
    if (targetPath.toLowerCase() === url.toLowerCase()) {
      return forMacro ? { kind: 'ok', url, page: targetPage } : { kind: 'ill-cased', url, page: targetPage, suggestion: withHash(redirect) };
    }
    return { kind: 'redirected', url, page: targetPage, suggestion: withHash(redirect) };
  }

  const page = index.page(parsed.locale, slug);
  if (page) {
    const canonical = `/${urlLocale(page.locale)}/docs/${page.slug}`;
    const written = `/${urlLocale(parsed.locale)}/docs/${parsed.slug}`;
    if (canonical === written) return { kind: 'ok', url, page };
    if (canonical.toLowerCase() === written.toLowerCase()) return forMacro ? { kind: 'ok', url, page } : { kind: 'ill-cased', url, page, suggestion: withHash(canonical) };
    // A trailing or doubled `/`: the page is found, at another URL.
    return { kind: 'redirected', url, page, suggestion: withHash(canonical) };
  }

  if (parsed.locale !== DEFAULT_LOCALE) {
    const moved = englishRedirectMoved(index, parsed.locale, parsed.slug);
    if (moved) {
      const caseOnly = splitHash(moved.url).path.toLowerCase() === url.toLowerCase();
      // The page it leads to: the translation, else the English one (for hovers).
      const page = pageOfUrl(index, splitHash(moved.url).path) ?? pageOfUrl(index, moved.english);
      if (!caseOnly) return { kind: 'redirected', url, page, suggestion: withHash(moved.url) };
      if (!forMacro) return { kind: 'ill-cased', url, page, suggestion: withHash(moved.url) };
    }
    const englishUrl = `/${urlLocale(DEFAULT_LOCALE)}/docs/${parsed.slug}`;
    if (!index.hasLocale(DEFAULT_LOCALE)) {
      return index.isAllowedBroken(slug) ? { kind: 'allowed', url } : { kind: 'unchecked', url };
    }
    const english = resolveUrl(index, englishUrl, hash, forMacro);
    if (english.kind !== 'broken' && english.kind !== 'allowed') {
      return { kind: 'only-in-en-us', url, page: english.page };
    }
  }
  if (index.isAllowedBroken(slug)) return { kind: 'allowed', url };
  return { kind: 'broken', url };
}

/**
 * For a translated URL without its own page or redirect: English's redirect of the same slug,
 * moved to that locale (`/de/docs/Old` → `/de/docs/New` when en-US redirects Old → New), as MDN's
 * build does for pages moved in English but never translated. Undefined when English has none.
 */
function englishRedirectMoved(index: ContentIndex, locale: string, slug: string): { url: string; english: string } | undefined {
  const english = index.redirectOf(`/${urlLocale(DEFAULT_LOCALE)}/docs/${slug}`);
  if (english === undefined) return undefined;
  const { path, hash } = splitHash(english);
  const target = parseDocsUrl(path);
  if (!target || target.locale !== DEFAULT_LOCALE) return undefined;
  return { url: `/${urlLocale(locale)}/docs/${target.slug}${hash}`, english: path };
}

function pageOfUrl(index: ContentIndex, url: string): Page | undefined {
  const parsed = parseDocsUrl(url);
  const slug = parsed && lookupSlug(parsed.slug);
  return parsed && slug !== undefined ? index.page(parsed.locale, slug) : undefined;
}

/**
 * Resolutions already made against an unchanged index (the CLI checks 14k pages that name the same
 * targets again and again). Keyed by URL, hash and macro-or-link; only valid for one index state.
 */
export type ResolutionMemo = Map<string, Resolution>;

/**
 * Resolve a reference: its candidates in order, the first that is not broken wins; when all are,
 * the first candidate's broken resolution (or, with no candidate, the target as broken).
 */
export function resolveReference(index: ContentIndex, reference: Reference, memo?: ResolutionMemo): Resolution {
  const forMacro = reference.kind === 'macro';
  let first: Resolution | undefined;
  for (const candidate of reference.candidates) {
    let resolution: Resolution;
    if (memo) {
      const key = `${forMacro ? 'm' : 'l'}${reference.hash}\u0000${candidate}`;
      resolution = memo.get(key) ?? resolveUrl(index, candidate, reference.hash, forMacro);
      memo.set(key, resolution);
    } else resolution = resolveUrl(index, candidate, reference.hash, forMacro);
    if (resolution.kind !== 'broken') return resolution;
    first ??= resolution;
  }
  return first ?? { kind: 'broken', url: reference.target };
}
