/**
 * What the content index answers (contentIndex.ts holds the parts and keeps them up to date):
 * pages by slug, key and path, redirects and the allowed broken links, who refers to a page,
 * summaries, the problems met, and which root holds a path. Answers come from the parts: the page
 * table, the redirect table, the reference graph and the file state.
 */
import * as nodePath from 'node:path';
import type { ContentFileSystem } from './fileSystem';
import { FileState } from './fileState';
import { describeError, readDecoded } from './indexLoader';
import type { IndexProblem, Page } from './page';
import { PageTable } from './pageTable';
import { RedirectTable } from './redirectTable';
import { ReferenceGraph } from './referenceGraph';
import { pageKey, urlLocale } from './slugs';
import { pageSummary } from './summary';

/** The list of links allowed to be broken, at the top of a root or in the folder above it. */
export const ALLOWED_BROKEN_FILE = '_allowed-broken-links.txt';

/** The lookups of {@link ContentIndex}, over the parts it holds. */
export abstract class IndexQueries {
  protected readonly pageTable = new PageTable();
  protected readonly redirectTable = new RedirectTable();
  protected readonly graph = new ReferenceGraph();
  /** Rendered first paragraphs, by path. */
  protected readonly summaries = new Map<string, string>();
  protected readonly files = new FileState();

  protected constructor(
    protected readonly fs: ContentFileSystem,
    readonly filesDirs: string[],
  ) {}

  /** The page at `/<locale>/docs/<slug>`, case-insensitively. */
  page(locale: string, slug: string): Page | undefined {
    return this.pageTable.get(pageKey(locale, slug));
  }

  pageByKey(key: string): Page | undefined {
    return this.pageTable.get(key);
  }

  pageAtPath(path: string): Page | undefined {
    return this.pageTable.atPath(nodePath.resolve(path));
  }

  /** The redirect target of a URL path (`/en-US/docs/X`, no hash), one hop, or undefined. */
  redirectOf(url: string): string | undefined {
    return this.redirectTable.redirectOf(url);
  }

  /** The redirect target of `/<locale>/docs/<slug>` in that locale's redirects, or undefined (no URL parsing: for loops). */
  redirectOfSlug(locale: string, slug: string): string | undefined {
    return this.redirectTable.redirectOfSlug(locale, slug);
  }

  /** Redirect sources (as written in `_redirects.txt`, lowercased) whose target is this page's URL. */
  redirectsTo(page: Page): string[] {
    return this.redirectTable.sourcesOf(page.locale, `/${urlLocale(page.locale)}/docs/${page.slug}`.toLowerCase());
  }

  /** Pages whose slug maps to the key `<locale>/<folder>` but that live in another folder. */
  misplacedAt(key: string): readonly Page[] {
    return this.pageTable.misplacedAt(key);
  }

  /** The `_redirects.txt` path of a locale and a source's line in it. */
  redirectLocation(locale: string, fromLowercase: string): { path: string; line: number } | undefined {
    return this.redirectTable.location(locale, fromLowercase);
  }

  isAllowedBroken(slug: string): boolean {
    return this.redirectTable.isAllowedBroken(slug);
  }

  hasLocale(locale: string): boolean {
    return this.pageTable.localesWithPages().has(locale) || this.redirectTable.hasLocale(locale);
  }

  /** Locales that have had pages, en-US first. */
  locales(): string[] {
    return this.pageTable.locales();
  }

  get pageCount(): number {
    return this.pageTable.size;
  }

  allPages(): IterableIterator<Page> {
    return this.pageTable.pages();
  }

  /**
   * Glossary entries of a locale (pages under `Glossary/`), sorted by slug. The same list until a
   * glossary page of that locale is added, changed or removed (editing any other page, or another
   * locale's glossary, keeps it).
   */
  glossaryEntries(locale: string): Page[] {
    return this.pageTable.glossaryEntries(locale);
  }

  glossaryEntryCount(): number {
    return this.pageTable.glossaryEntryCount();
  }

  /** Pages that refer to the page with this key (as written: redirects are the caller's business). */
  referrers(key: string): ReadonlySet<Page> {
    return this.graph.referrers(key);
  }

  /** How many pages, in any locale, refer to the folder (`glossary/api`). */
  usageCount(folder: string): number {
    let count = 0;
    for (const locale of this.pageTable.localesWithPages()) count += this.graph.referrers(`${locale}/${folder}`).size;
    return count;
  }

  /** The rendered first paragraph of a page; read from disk once, then cached. */
  async summary(page: Page): Promise<string> {
    const cached = this.summaries.get(page.path);
    if (cached !== undefined) return cached;
    let summary: string;
    try {
      const decoded = await readDecoded(this.fs, page.path);
      summary = 'text' in decoded ? pageSummary(decoded.text) : `(${decoded.error})`;
    } catch (error) {
      summary = `(cannot read ${page.path}: ${describeError(error)})`;
    }
    this.summaries.set(page.path, summary);
    return summary;
  }

  /** Every problem met while reading, in path order. */
  problems(): IndexProblem[] {
    return this.files.problems();
  }

  problemsOf(path: string): IndexProblem[] {
    return this.files.problemsOf(nodePath.resolve(path));
  }

  /** Whether a change to `path` can matter to the index (a file under a root, or a root's allowed-broken list). */
  watches(path: string): boolean {
    const absolute = nodePath.resolve(path);
    return this.filesDirOf(absolute) !== undefined || this.isAllowedBrokenAbove(absolute);
  }

  /** The root that holds a path, if any. */
  filesDirOf(path: string): string | undefined {
    const absolute = nodePath.resolve(path);
    return this.filesDirs.find((dir) => absolute === dir || absolute.startsWith(dir + nodePath.sep));
  }

  /**
   * Why a page's text from an editor is skipped, as the file would be: binary, over the size
   * limit, or the editor's decoding of a file that is not valid UTF-8. Undefined when it is checked.
   */
  skipReason(path: string | undefined, text: string): string | undefined {
    return this.files.skipReason(path === undefined ? undefined : nodePath.resolve(path), text);
  }

  /** Whether a path is the `_allowed-broken-links.txt` in the folder above a root. */
  protected isAllowedBrokenAbove(absolute: string): boolean {
    return nodePath.basename(absolute) === ALLOWED_BROKEN_FILE && this.filesDirs.some((dir) => nodePath.dirname(absolute) === nodePath.dirname(dir));
  }
}
