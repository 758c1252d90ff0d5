/**
 * Each locale's redirects (`_redirects.txt`: one hop, case-insensitive), the sources that lead to
 * each target, and the allowed broken links of every `_allowed-broken-links.txt`. Replaced a whole
 * file at a time; {@link RedirectTable.generation} says when anything changed.
 */
import { parseAllowedBrokenLinks, parseRedirects, emptyRedirects, Redirects, RedirectProblem } from './redirects';
import { parseDocsUrl } from './slugs';

export class RedirectTable {
  /** Locale → its redirects. */
  private readonly redirects = new Map<string, Redirects>();
  /** Locale → the path of its `_redirects.txt`. */
  private readonly files = new Map<string, string>();
  /** Locale → lowercased target URL (no hash) → lowercased sources: sourcesOf without a scan. */
  private readonly sources = new Map<string, Map<string, string[]>>();
  /** Lowercased slugs never reported broken, from every list. */
  private allowedBroken = new Set<string>();
  private readonly allowedBrokenByFile = new Map<string, Set<string>>();
  /**
   * Bumped when a redirects file or an allowed-broken list changes: what a link resolves to then
   * changes beyond the pages (glossary coverage recomputes every page's links).
   */
  generation = 0;

  /** A locale's `_redirects.txt` is `text` from now on (undefined: gone). Returns the file's problems. */
  setRedirects(locale: string, path: string, text: string | undefined): RedirectProblem[] {
    this.generation++;
    if (text === undefined) {
      this.redirects.delete(locale);
      this.files.delete(locale);
      this.sources.delete(locale);
      return [];
    }
    const redirects = text.trim() === '' ? emptyRedirects() : parseRedirects(text);
    this.redirects.set(locale, redirects);
    this.files.set(locale, path);
    const sources = new Map<string, string[]>();
    for (const [from, to] of redirects.map) {
      const target = to.split('#')[0].toLowerCase();
      const list = sources.get(target);
      if (list) list.push(from);
      else sources.set(target, [from]);
    }
    this.sources.set(locale, sources);
    return redirects.problems;
  }

  /** An allowed-broken list is `text` from now on (undefined: gone). */
  setAllowedBroken(path: string, text: string | undefined): void {
    this.generation++;
    if (text === undefined) this.allowedBrokenByFile.delete(path);
    else this.allowedBrokenByFile.set(path, parseAllowedBrokenLinks(text));
    this.allowedBroken = new Set([...this.allowedBrokenByFile.values()].flatMap((set) => [...set]));
  }

  /** The redirect target of a URL path (`/en-US/docs/X`, no hash), one hop, or undefined. */
  redirectOf(url: string): string | undefined {
    const parsed = parseDocsUrl(url);
    if (!parsed) return undefined;
    return this.redirects.get(parsed.locale)?.map.get(url.toLowerCase());
  }

  /** The redirect target of `/<locale>/docs/<slug>` in that locale's redirects, or undefined (no URL parsing: for loops). */
  redirectOfSlug(locale: string, slug: string): string | undefined {
    const map = this.redirects.get(locale)?.map;
    return map && map.size ? map.get(`/${locale}/docs/${slug}`.toLowerCase()) : undefined;
  }

  /** Redirect sources of a locale (lowercased) whose target is this lowercased URL. */
  sourcesOf(locale: string, url: string): string[] {
    return this.sources.get(locale)?.get(url) ?? [];
  }

  /** The `_redirects.txt` path of a locale and a source's line in it. */
  location(locale: string, fromLowercase: string): { path: string; line: number } | undefined {
    const path = this.files.get(locale);
    const line = this.redirects.get(locale)?.lines.get(fromLowercase);
    return path !== undefined && line !== undefined ? { path, line } : undefined;
  }

  isAllowedBroken(slug: string): boolean {
    return this.allowedBroken.has(slug.toLowerCase());
  }

  hasLocale(locale: string): boolean {
    return this.redirects.has(locale);
  }
}
