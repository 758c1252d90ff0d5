/**
 * MDN's rules for where a reference leads (../shared/SEMANTICS.md): redirects first (one hop),
 * then the page case-insensitively, then, for a translated locale, the English page; otherwise broken.
 */
import type { ContentIndex, Page } from '../content/contentIndex';
import type { Reference } from '../content/references';
import { DEFAULT_LOCALE, parseDocsUrl, safeSlug, splitHash, urlLocale } from '../content/slugs';

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

/** Resolve one URL path (`/fr/docs/Glossary/API`, no hash). `hash` is carried into suggestions. */
export function resolveUrl(index: ContentIndex, url: string, hash = '', forMacro = false): Resolution {
  const parsed = parseDocsUrl(url);
  const slug = parsed && safeSlug(parsed.slug);
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
    if (!forMacro && canonical !== `/${urlLocale(parsed.locale)}/docs/${slug}` && canonical.toLowerCase() === url.toLowerCase()) {
      return { kind: 'ill-cased', url, page, suggestion: withHash(canonical) };
    }
    return { kind: 'ok', url, page };
  }

  if (parsed.locale !== DEFAULT_LOCALE) {
    const englishUrl = `/${urlLocale(DEFAULT_LOCALE)}/docs/${slug}`;
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

function pageOfUrl(index: ContentIndex, url: string): Page | undefined {
  const parsed = parseDocsUrl(url);
  const slug = parsed && safeSlug(parsed.slug);
  return parsed && slug !== undefined ? index.page(parsed.locale, slug) : undefined;
}

/** Resolve a reference: its candidates in order, the first that leads somewhere wins. */
/**
 * Resolutions already made against an unchanged index (the CLI checks 14k pages that name the same
 * targets again and again). Keyed by URL, hash and macro-or-link; only valid for one index state.
 */
export type ResolutionMemo = Map<string, Resolution>;

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
