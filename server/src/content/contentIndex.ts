/**
 * The content index: every page of every root (locale, slug, title, page type, path), each
 * locale's redirects, the allowed broken links, and who links to whom. Built once, then kept up
 * to date one file at a time ({@link ContentIndex.updateFile}); summaries are read on demand.
 */
import * as nodePath from 'node:path';
import { ContentFileSystem, DecodedPage, DirectoryEntry, decodePage, decodeText, NOT_UTF8, ReadRefused, refusedText, sameAsUndecodable } from './fileSystem';
import { readFrontMatter, FrontMatterError } from './frontMatter';
import { parseAllowedBrokenLinks, parseRedirects, Redirects, emptyRedirects } from './redirects';
import { LOCALE_FOLDER, pageLocation } from './roots';
import { pageKey, parseDocsUrl, DEFAULT_LOCALE, slugToFolder, urlLocale } from './slugs';
import { pageSummary } from './summary';
import { GLOSSARY_MACROS, referenceKeysOf } from './pageReferences';
import { scanDocument, ScannedDocument } from '../syntax/document';
import { writtenSourceCommit } from '../syntax/sourceCommit';

export interface Page {
  /** Locale folder, lowercase (`en-us`). */
  locale: string;
  /** Slug as the front matter spells it (canonical case), else derived from the folder. */
  slug: string;
  title: string;
  pageType?: string;
  /** Absolute path of the page's index.md. */
  path: string;
  /** Folder under the locale folder, lowercase (`glossary/api`). */
  folder: string;
  /** The `files` folder the page belongs to. */
  filesDir: string;
  /** Front matter shape (for new translations and checks). */
  translated: { sourceCommit: boolean; translationOf: boolean };
  /** `l10n.sourceCommit` as written (the English commit a translation follows), when there is one. */
  sourceCommit?: string;
  frontMatterError?: FrontMatterError;
  /** The pages this page refers to, each once (as entries of the index's reverse map). */
  outgoing: Referrers[];
  /** Whether `outgoing` is known (pages indexed without a scan get it from scanReferences). */
  scanned: boolean;
}

/** The pages that refer to one page key: an entry of the index's reverse map. */
export interface Referrers {
  key: string;
  pages: Set<Page>;
}

export interface IndexProblem {
  path: string;
  message: string;
  /** 0-based line, when the problem has one. */
  line?: number;
}

export interface IndexOptions {
  /** Macro names (lowercase) that behave like Glossary. */
  glossaryMacros?: ReadonlySet<string>;
  /** Called as pages are read: (pages read, pages found). */
  onProgress?: (done: number, total: number) => void;
  /** Files read at once (when reading asynchronously). */
  concurrency?: number;
  /**
   * Which pages are scanned for references while the index is built (default: all). The others
   * get only their front matter read, and {@link ContentIndex.scanReferences} does the rest later:
   * the language server is ready sooner that way, and the CLI scans only what it checks.
   */
  scan?: (path: string) => boolean;
  /** Each page as it is read, with its text (the CLI checks pages without reading them twice). */
  onPageText?: (page: Page, text: string) => void;
  /** Which locale folders to index (default: all); more can be added with addLocales. */
  locales?: (locale: string) => boolean;
  /** A persistent cache of pages: unchanged files are not read again. */
  cache?: IndexCache;
}

/** What the cache keeps of a page. */
export interface CachedPage {
  mtimeMs: number;
  size: number;
  slug: string;
  title: string;
  pageType?: string;
  sourceCommit: boolean;
  translationOf: boolean;
  /** `l10n.sourceCommit` as written. */
  sourceCommitValue?: string;
  frontMatterError?: FrontMatterError;
  /** Keys of the pages it refers to; absent when not scanned. */
  outgoing?: string[];
}

/** Where cached pages live between runs (content/indexCache.ts has the disk one). */
export interface IndexCache {
  /** The cached pages of a root by path relative to it, or undefined (none, stale version, corrupt). */
  load(filesDir: string, key: string): Map<string, CachedPage> | undefined;
  save(filesDir: string, key: string, pages: Map<string, CachedPage>): void | Promise<void>;
}

/** Longest stretch of synchronous reading before the index lets other work run. */
const TIME_SLICE_MS = 15;

const GLOSSARY_FOLDER = 'glossary/';

export class ContentIndex {
  /** Page key (`en-us/glossary/api`) → page. */
  private readonly pages = new Map<string, Page>();
  private readonly pagesByPath = new Map<string, Page>();
  /** Pages hidden by the same page in a later root, by key. */
  private readonly shadowed = new Map<string, Page[]>();
  /** Locale → its redirects. */
  private readonly redirects = new Map<string, Redirects>();
  private readonly redirectFiles = new Map<string, string>();
  /** Lowercased slugs never reported broken. */
  private allowedBroken = new Set<string>();
  private readonly allowedBrokenByFile = new Map<string, Set<string>>();
  /** Page key → the pages that refer to it. */
  private readonly incoming = new Map<string, Referrers>();
  private readonly summaries = new Map<string, string>();
  /** Locales that have had pages. */
  private readonly localesSeen = new Set<string>();
  private readonly glossaryMacros: ReadonlySet<string>;
  /** Problems found while reading, by path (replaced when the file changes). */
  private readonly problemsByPath = new Map<string, IndexProblem[]>();
  /** Bumped on every change, so callers can cache derived lists. */
  generation = 0;
  /** Glossary pages by locale, by key, kept as pages come and go (no walk of every page to list them). */
  private readonly glossaryPages = new Map<string, Map<string, Page>>();
  /** Each locale's glossary list, sorted; dropped when a glossary page of the locale changes. */
  private readonly glossaryLists = new Map<string, Page[]>();
  /**
   * Bumped when a redirects file or an allowed-broken list changes: what a link resolves to then
   * changes beyond the pages (glossary coverage recomputes every page's links).
   */
  redirectsGeneration = 0;

  private constructor(
    private readonly fs: ContentFileSystem,
    readonly filesDirs: string[],
    options: IndexOptions,
  ) {
    this.glossaryMacros = options.glossaryMacros ?? GLOSSARY_MACROS;
    // Every read of the file system stays inside the roots (and never follows a link out of them).
    fs.confineTo?.(filesDirs);
  }

  /** Index every page under the given `files` folders. Unreadable files become problems, not failures. */
  static async build(fs: ContentFileSystem, filesDirs: string[], options: IndexOptions = {}): Promise<ContentIndex> {
    const index = new ContentIndex(fs, filesDirs.map((dir) => nodePath.resolve(dir)), options);
    for (const filesDir of index.filesDirs) await index.readRootFiles(filesDir);
    await index.addLocales(options.locales ?? (() => true), options);
    return index;
  }

  /** Locale folders present under the roots (lowercase), indexed or not. */
  async localesOnDisk(): Promise<string[]> {
    const found = new Set<string>();
    for (const filesDir of this.filesDirs) {
      try {
        for (const entry of await this.fs.readDirectory(filesDir)) {
          if (entry.kind === 'directory' && LOCALE_FOLDER.test(entry.name)) found.add(entry.name);
        }
      } catch {
        // reported by addLocales
      }
    }
    return [...found];
  }

  /** Index the locales that pass `wanted` and are not indexed yet (the CLI adds locales as links need them). */
  async addLocales(wanted: (locale: string) => boolean, options: IndexOptions = {}): Promise<void> {
    const pagePaths: string[] = [];
    for (const filesDir of this.filesDirs) {
      let localeEntries;
      try {
        localeEntries = await this.fs.readDirectory(filesDir);
      } catch (error) {
        this.addProblem({ path: filesDir, message: `cannot list content root: ${describe(error)}` });
        continue;
      }
      for (const entry of localeEntries) {
        if (entry.kind === 'symlink' && LOCALE_FOLDER.test(entry.name) && wanted(entry.name)) {
          this.addProblem({ path: nodePath.join(filesDir, entry.name), message: 'symbolic link not followed (a locale folder must be a real folder)' });
          continue;
        }
        if (entry.kind !== 'directory' || !LOCALE_FOLDER.test(entry.name)) continue;
        if (!wanted(entry.name) || this.indexedLocales.has(`${filesDir}\0${entry.name}`)) continue;
        this.indexedLocales.add(`${filesDir}\0${entry.name}`);
        const localeDir = nodePath.join(filesDir, entry.name);
        await this.readRedirectsFile(nodePath.join(localeDir, '_redirects.txt'));
        await this.walk(localeDir, pagePaths);
      }
    }
    const total = pagePaths.length;
    let done = 0;
    const progress = () => {
      done++;
      if (options.onProgress && (done % 500 === 0 || done === total)) options.onProgress(done, total);
    };
    const scan = options.scan ?? (() => true);
    // Pages unchanged since the cache was written come from it, without being read.
    const cached = options.cache ? this.restoreFromCache(options.cache, pagePaths) : new Set<string>();
    const toRead = cached.size ? pagePaths.filter((path) => !cached.has(path)) : pagePaths;
    done += cached.size;
    if (options.cache && this.fs.statSync) {
      // Stamped before reading: a file that changes meanwhile is stale in the cache, never wrong.
      for (const path of toRead) {
        const stamp = this.fs.statSync(path);
        if (stamp) this.fileStamps.set(path, stamp);
      }
    }
    await this.readEach(toRead, options.concurrency ?? 32, (path, decoded) => {
      if (decoded) this.addDecodedPage(path, decoded, scan(path), options.onPageText);
      progress();
    });
    if (options.onProgress && total) options.onProgress(total, total);
    this.generation++;
  }

  private readonly indexedLocales = new Set<string>();

  /** Add the pages whose file is unchanged since the cache; returns their paths. */
  private restoreFromCache(cache: IndexCache, pagePaths: string[]): Set<string> {
    const restored = new Set<string>();
    const stat = this.fs.statSync?.bind(this.fs);
    if (!stat) return restored;
    const byRoot = new Map<string, Map<string, CachedPage> | undefined>();
    for (const path of pagePaths) {
      const filesDir = this.filesDirOf(path);
      if (!filesDir) continue;
      if (!byRoot.has(filesDir)) byRoot.set(filesDir, cache.load(filesDir, this.cacheKey()));
      const entries = byRoot.get(filesDir);
      const relative = path.slice(filesDir.length + 1);
      const entry = entries?.get(relative);
      if (!entry) continue;
      const current = stat(path);
      if (!current || current.mtimeMs !== entry.mtimeMs || current.size !== entry.size) continue;
      const location = pageLocation(filesDir, path);
      if (!location) continue;
      const page: Page = {
        locale: location.locale,
        slug: entry.slug,
        title: entry.title,
        pageType: entry.pageType,
        path,
        folder: location.folder,
        filesDir,
        translated: { sourceCommit: entry.sourceCommit, translationOf: entry.translationOf },
        sourceCommit: entry.sourceCommitValue,
        frontMatterError: entry.frontMatterError,
        outgoing: [],
        scanned: false,
      };
      this.insertPage(page, entry.frontMatterError ? [{ path, message: entry.frontMatterError.message, line: entry.frontMatterError.line }] : []);
      if (entry.outgoing) {
        page.outgoing = entry.outgoing.map((key) => this.referrersOf(key));
        page.scanned = true;
        for (const target of page.outgoing) target.pages.add(page);
      }
      this.fileStamps.set(path, { mtimeMs: entry.mtimeMs, size: entry.size });
      restored.add(path);
    }
    return restored;
  }

  /** What a cache must match: the reference rules in force. */
  private cacheKey(): string {
    return [...this.glossaryMacros].sort().join(',');
  }

  /** Write what the index knows to the cache, in time slices (stat of every page). */
  async saveCache(cache: IndexCache): Promise<void> {
    const stat = this.fs.statSync?.bind(this.fs);
    if (!stat) return;
    for (const filesDir of this.filesDirs) {
      const entries = new Map<string, CachedPage>();
      let sliceStart = Date.now();
      for (const page of [...this.pagesByPath.values()]) {
        if (Date.now() - sliceStart > TIME_SLICE_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          sliceStart = Date.now();
        }
        if (page.filesDir !== filesDir) continue;
        // A page edited in the editor but not saved must not be cached as the file's content.
        const stamp = this.fileStamps.get(page.path);
        const now = stat(page.path);
        if (!stamp || !now || stamp.mtimeMs !== now.mtimeMs || stamp.size !== now.size || this.unsaved.has(page.path)) continue;
        entries.set(page.path.slice(filesDir.length + 1), {
          mtimeMs: now.mtimeMs,
          size: now.size,
          slug: page.slug,
          title: page.title,
          pageType: page.pageType,
          sourceCommit: page.translated.sourceCommit,
          translationOf: page.translated.translationOf,
          sourceCommitValue: page.sourceCommit,
          frontMatterError: page.frontMatterError,
          outgoing: page.scanned ? page.outgoing.map((target) => target.key) : undefined,
        });
      }
      await cache.save(filesDir, this.cacheKey(), entries);
    }
  }

  /** File stamps of pages as read from disk (mtime, size), for the cache. */
  private readonly fileStamps = new Map<string, { mtimeMs: number; size: number }>();
  /** Pages whose indexed text came from an editor, not from disk. */
  private readonly unsaved = new Set<string>();

  /**
   * Scan the pages indexed without their references (see {@link IndexOptions.scan}), in time
   * slices. Until it finishes, usage counts and referrers cover only the pages scanned so far.
   */
  async scanReferences(options: { onProgress?: (done: number, total: number) => void; isCancelled?: () => boolean } = {}): Promise<void> {
    const pending = [...this.pagesByPath.values()].filter((page) => !page.scanned).map((page) => page.path);
    let done = 0;
    await this.readEach(pending, 32, (path, decoded) => {
      done++;
      const page = this.pagesByPath.get(path);
      if (page && !page.scanned && decoded && 'text' in decoded) this.attachReferences(page, scanDocument(decoded.text));
      if (options.onProgress && (done % 1000 === 0 || done === pending.length)) options.onProgress(done, pending.length);
    }, options.isCancelled);
    this.generation++;
  }

  /** Pages read from disk by the build (not restored from the cache): 0 means the cache had it all. */
  pagesRead = 0;

  /** Pages whose references are not known yet. */
  unscannedPages(): Page[] {
    return [...this.pagesByPath.values()].filter((page) => !page.scanned);
  }

  /**
   * References computed elsewhere (a worker) for a page read from disk: ignored when the page has
   * been scanned meanwhile (its editor text is newer than the file).
   */
  attachReferenceKeys(path: string, keys: string[]): void {
    const page = this.pagesByPath.get(path);
    if (!page || page.scanned) return;
    page.outgoing = keys.map((key) => this.referrersOf(key));
    page.scanned = true;
    for (const target of page.outgoing) target.pages.add(page);
    this.generation++;
  }

  /** Whether every page's references are known. */
  get referencesComplete(): boolean {
    for (const page of this.pagesByPath.values()) if (!page.scanned) return false;
    return true;
  }

  /** Read files one by one: synchronously in short time slices when the file system allows it (fast), else concurrently. */
  private async readEach(paths: string[], concurrency: number, use: (path: string, page: DecodedPage | undefined) => void, isCancelled?: () => boolean): Promise<void> {
    const fs = this.fs;
    if (fs.readPageSync) {
      let sliceStart = Date.now();
      for (const path of paths) {
        let decoded: DecodedPage | undefined;
        try {
          decoded = fs.readPageSync(path);
        } catch (error) {
          this.addProblem({ path, message: `cannot read page: ${describe(error)}` });
        }
        use(path, decoded);
        if (Date.now() - sliceStart > TIME_SLICE_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          if (isCancelled?.()) return;
          sliceStart = Date.now();
        }
      }
      return;
    }
    await forEachConcurrently(paths, concurrency, async (path) => {
      if (isCancelled?.()) return;
      let decoded: DecodedPage | undefined;
      try {
        decoded = await this.readDecoded(path);
      } catch (error) {
        this.addProblem({ path, message: `cannot read page: ${describe(error)}` });
      }
      use(path, decoded);
    });
  }

  // ——— Queries ———

  /** The page at `/<locale>/docs/<slug>`, case-insensitively. */
  page(locale: string, slug: string): Page | undefined {
    return this.pages.get(pageKey(locale, slug));
  }

  pageByKey(key: string): Page | undefined {
    return this.pages.get(key);
  }

  pageAtPath(path: string): Page | undefined {
    return this.pagesByPath.get(nodePath.resolve(path));
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

  /** Redirect sources (as written in `_redirects.txt`, lowercased) whose target is this page's URL. */
  redirectsTo(page: Page): string[] {
    const url = `/${urlLocale(page.locale)}/docs/${page.slug}`.toLowerCase();
    return this.redirectSources.get(page.locale)?.get(url) ?? [];
  }

  /** Locale → lowercased target URL (no hash) → lowercased sources: redirectsTo without a scan. */
  private readonly redirectSources = new Map<string, Map<string, string[]>>();

  /** Pages whose slug maps to the key `<locale>/<folder>` but that live in another folder. */
  misplacedAt(key: string): readonly Page[] {
    return this.misplaced.get(key) ?? [];
  }

  /** Key their slug maps to → pages whose slug does not map to their own folder. */
  private readonly misplaced = new Map<string, Page[]>();

  /** The `_redirects.txt` path of a locale and a source's line in it. */
  redirectLocation(locale: string, fromLowercase: string): { path: string; line: number } | undefined {
    const path = this.redirectFiles.get(locale);
    const line = this.redirects.get(locale)?.lines.get(fromLowercase);
    return path !== undefined && line !== undefined ? { path, line } : undefined;
  }

  isAllowedBroken(slug: string): boolean {
    return this.allowedBroken.has(slug.toLowerCase());
  }

  hasLocale(locale: string): boolean {
    return this.localesSeen.has(locale) || this.redirects.has(locale);
  }

  locales(): string[] {
    return [...this.localesSeen].sort((a, b) => (a === DEFAULT_LOCALE ? -1 : b === DEFAULT_LOCALE ? 1 : a.localeCompare(b)));
  }

  get pageCount(): number {
    return this.pages.size;
  }

  allPages(): IterableIterator<Page> {
    return this.pages.values();
  }

  /**
   * Glossary entries of a locale (pages under `Glossary/`), sorted by slug. The same list until a
   * glossary page of that locale is added, changed or removed (editing any other page, or another
   * locale's glossary, keeps it).
   */
  glossaryEntries(locale: string): Page[] {
    let list = this.glossaryLists.get(locale);
    if (!list) {
      list = [...(this.glossaryPages.get(locale)?.values() ?? [])].sort((a, b) => a.slug.localeCompare(b.slug));
      this.glossaryLists.set(locale, list);
    }
    return list;
  }

  glossaryEntryCount(): number {
    let count = 0;
    for (const pages of this.glossaryPages.values()) count += pages.size;
    return count;
  }

  /** The page of a key is `page` from now on (undefined: none), in the glossary lists too. */
  private setPageOfKey(key: string, page: Page | undefined, locale: string, folder: string): void {
    if (page) this.pages.set(key, page);
    else this.pages.delete(key);
    if (!folder.startsWith(GLOSSARY_FOLDER)) return;
    let pages = this.glossaryPages.get(locale);
    if (!pages) this.glossaryPages.set(locale, (pages = new Map()));
    if (page) pages.set(key, page);
    else pages.delete(key);
    this.glossaryLists.delete(locale);
  }

  /** Pages that refer to the page with this key (as written: redirects are the caller's business). */
  referrers(key: string): ReadonlySet<Page> {
    return this.incoming.get(key)?.pages ?? EMPTY_SET;
  }

  /** How many pages, in any locale, refer to the folder (`glossary/api`). */
  usageCount(folder: string): number {
    let count = 0;
    for (const locale of this.localesSeen) count += this.incoming.get(`${locale}/${folder}`)?.pages.size ?? 0;
    return count;
  }

  /** The rendered first paragraph of a page; read from disk once, then cached. */
  async summary(page: Page): Promise<string> {
    const cached = this.summaries.get(page.path);
    if (cached !== undefined) return cached;
    let summary: string;
    try {
      const decoded = await this.readDecoded(page.path);
      summary = 'text' in decoded ? pageSummary(decoded.text) : `(${decoded.error})`;
    } catch (error) {
      summary = `(cannot read ${page.path}: ${describe(error)})`;
    }
    this.summaries.set(page.path, summary);
    return summary;
  }

  /** Every problem met while reading, in path order. */
  problems(): IndexProblem[] {
    return [...this.problemsByPath.values()].flat().sort((a, b) => a.path.localeCompare(b.path));
  }

  problemsOf(path: string): IndexProblem[] {
    return this.problemsByPath.get(nodePath.resolve(path)) ?? [];
  }

  /** Whether a change to `path` can matter to the index (a file under a root, or a root's allowed-broken list). */
  watches(path: string): boolean {
    const absolute = nodePath.resolve(path);
    if (this.filesDirOf(absolute)) return true;
    return nodePath.basename(absolute) === '_allowed-broken-links.txt' && this.filesDirs.some((dir) => nodePath.dirname(absolute) === nodePath.dirname(dir));
  }

  /** The root that holds a path, if any. */
  filesDirOf(path: string): string | undefined {
    const absolute = nodePath.resolve(path);
    return this.filesDirs.find((dir) => absolute === dir || absolute.startsWith(dir + nodePath.sep));
  }

  // ——— Updates ———

  /**
   * A file changed, appeared (`text` given, or read from disk when `text` is null) or disappeared
   * (`text` undefined). Only that file's entries are touched. `scanned`: the editor's scan of `text`, reused.
   */
  async updateFile(path: string, text?: string | null, scanned?: ScannedDocument): Promise<void> {
    const absolute = nodePath.resolve(path);
    const base = nodePath.basename(absolute);
    // `_allowed-broken-links.txt` may also sit in the folder above `files/`.
    if (base === '_allowed-broken-links.txt' && this.filesDirs.some((dir) => nodePath.dirname(absolute) === nodePath.dirname(dir))) {
      this.setAllowedBroken(absolute, text === null ? await this.readOptionalText(absolute) : text);
      this.generation++;
      return;
    }
    const filesDir = this.filesDirOf(absolute);
    if (!filesDir) return;
    // A build reads `_redirects.txt` only at the top of a locale folder.
    if (base === '_redirects.txt' && (nodePath.dirname(nodePath.dirname(absolute)) !== filesDir || !LOCALE_FOLDER.test(nodePath.basename(nodePath.dirname(absolute))))) return;
    // Read or given, the text is taken as a build from disk takes it (binary or undecodable:
    // skipped, with the same problem), so the index ends where a fresh one would.
    let decoded: DecodedPage | undefined;
    const fromEditor = typeof text === 'string';
    if (text === null) {
      this.unsaved.delete(absolute);
      this.fileStamps.delete(absolute);
      try {
        decoded = await this.readDecoded(absolute);
      } catch (error) {
        const code = (error as { code?: string }).code;
        // Gone is no problem (the file was deleted); unreadable is, worded as a build words it.
        if (code !== 'ENOENT' && code !== 'ENOTDIR') decoded = { error: `${base === 'index.md' ? 'cannot read page' : 'cannot read'}: ${describe(error)}` };
      }
    } else if (text !== undefined) {
      this.unsaved.add(absolute);
      decoded = this.decodeEditorText(absolute, text);
    }
    // A build never follows a symbolic link (it can loop, or lead out of the root): neither do updates.
    if (decoded && this.throughSymlink(absolute, filesDir)) decoded = { error: 'reached through a symbolic link: not indexed' };
    text = decoded && 'text' in decoded ? decoded.text : undefined;
    if (base === '_redirects.txt') {
      const locale = nodePath.basename(nodePath.dirname(absolute));
      this.setRedirects(locale, absolute, text);
    } else if (base === '_allowed-broken-links.txt') {
      this.problemsByPath.delete(absolute);
      this.setAllowedBroken(absolute, text);
    } else if (base === 'index.md') {
      this.removePage(absolute);
      // An editor's scan of the same text is reused (the keystroke path scans once).
      if (text !== undefined) this.addPage(absolute, text, true, scanned?.text === text ? scanned : undefined);
    } else {
      return;
    }
    if (decoded && 'error' in decoded) this.addProblem({ path: absolute, message: decoded.error });
    // The disk's bytes are remembered (or forgotten) only when the disk was read or the file is gone.
    if (!fromEditor) this.rememberUndecodable(absolute, decoded);
    this.generation++;
  }

  /**
   * Why a page's text from an editor is skipped, as the file would be: binary, over the size
   * limit, or the editor's decoding of a file that is not valid UTF-8. Undefined when it is checked.
   */
  skipReason(path: string | undefined, text: string): string | undefined {
    const refused = refusedText(text);
    if (refused || path === undefined) return refused;
    const bytes = this.undecodable.get(nodePath.resolve(path));
    return bytes && sameAsUndecodable(text, bytes) ? NOT_UTF8 : undefined;
  }

  private decodeEditorText(path: string, text: string): DecodedPage {
    const bytes = this.undecodable.get(path);
    if (bytes && sameAsUndecodable(text, bytes)) return { error: NOT_UTF8 };
    return decodeText(text);
  }

  /** Files read from disk that are not valid UTF-8, with their bytes (see {@link skipReason}). */
  private readonly undecodable = new Map<string, Uint8Array>();

  private rememberUndecodable(path: string, decoded: DecodedPage | undefined): void {
    if (decoded && 'bytes' in decoded && decoded.bytes) this.undecodable.set(path, decoded.bytes);
    else this.undecodable.delete(path);
  }

  /** A file's text, decoded; a read refused for what the file is (link, FIFO, too large) is an `{ error }`. */
  private async readDecoded(path: string): Promise<DecodedPage> {
    try {
      return decodePage(await this.fs.readFile(path));
    } catch (error) {
      if (error instanceof ReadRefused) return { error: error.reason };
      throw error;
    }
  }

  /** Whether a file's folder is reached through a symbolic link under its root (when the file system can tell). */
  private throughSymlink(absolute: string, filesDir: string): boolean {
    const real = this.fs.realPathSync?.bind(this.fs);
    // The file itself when it is there (it may be a link), else its folder (a new, unsaved page).
    const existing = real?.(absolute) !== undefined ? absolute : nodePath.dirname(absolute);
    const resolved = real?.(existing);
    const root = resolved === undefined ? undefined : real?.(filesDir);
    if (resolved === undefined || root === undefined) return false;
    return nodePath.relative(root, resolved) !== nodePath.relative(filesDir, existing);
  }

  /** Remove every page under a folder (a folder deleted or moved away). */
  removeFolder(dir: string): void {
    const prefix = nodePath.resolve(dir) + nodePath.sep;
    for (const path of [...this.pagesByPath.keys()]) if (path.startsWith(prefix)) this.removePage(path);
    this.generation++;
  }

  // ——— Reading ———

  /**
   * Every `index.md` under `dir`, depth first (a stable order). Synchronously in time slices when
   * the file system allows it: many small directory reads are much faster that way.
   */
  private async walk(dir: string, out: string[]): Promise<void> {
    const stack = [dir];
    let sliceStart = Date.now();
    while (stack.length) {
      const current = stack.pop()!;
      let entries: DirectoryEntry[];
      try {
        entries = this.fs.readDirectorySync ? this.fs.readDirectorySync(current) : await this.fs.readDirectory(current);
      } catch (error) {
        this.addProblem({ path: current, message: `cannot list folder: ${describe(error)}` });
        continue;
      }
      const subfolders: string[] = [];
      for (const entry of entries) {
        const path = nodePath.join(current, entry.name);
        if (entry.kind === 'directory') subfolders.push(path);
        else if (entry.name === 'index.md' && entry.kind === 'file') out.push(path);
        else if (entry.kind === 'symlink') {
          // Never followed: a link can loop or lead out of the content root.
          this.addProblem({ path, message: 'symbolic link not followed' });
        } else if (entry.name === 'index.md' && entry.kind === 'other') {
          // A FIFO or a device: reading it could wait forever.
          this.addProblem({ path, message: 'not a regular file: not read' });
        }
      }
      for (let i = subfolders.length - 1; i >= 0; i--) stack.push(subfolders[i]);
      if (Date.now() - sliceStart > TIME_SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = Date.now();
      }
    }
  }

  private addDecodedPage(path: string, decoded: DecodedPage, scan: boolean, onPageText?: IndexOptions['onPageText']): void {
    this.pagesRead++;
    this.rememberUndecodable(path, decoded);
    if ('error' in decoded) {
      this.addProblem({ path, message: decoded.error });
      return;
    }
    const page = this.addPage(path, decoded.text, scan);
    if (page) onPageText?.(page, decoded.text);
  }

  private async readRedirectsFile(path: string): Promise<void> {
    const text = await this.readOptionalText(path);
    if (text !== undefined) this.setRedirects(nodePath.basename(nodePath.dirname(path)), path, text);
  }

  private async readRootFiles(filesDir: string): Promise<void> {
    for (const path of [nodePath.join(filesDir, '_allowed-broken-links.txt'), nodePath.join(nodePath.dirname(filesDir), '_allowed-broken-links.txt')]) {
      const text = await this.readOptionalText(path);
      if (text !== undefined) this.setAllowedBroken(path, text);
    }
  }

  private async readOptionalText(path: string): Promise<string | undefined> {
    if ((await this.fs.kindOf(path)) !== 'file') return undefined;
    try {
      const decoded = await this.readDecoded(path);
      if ('error' in decoded) {
        this.addProblem({ path, message: decoded.error });
        return undefined;
      }
      return decoded.text;
    } catch (error) {
      this.addProblem({ path, message: `cannot read: ${describe(error)}` });
      return undefined;
    }
  }

  /** Add a page from its text; its references too when `scan` (otherwise {@link scanReferences} adds them). */
  private addPage(path: string, text: string, scan: boolean, scanned?: ScannedDocument): Page | undefined {
    const filesDir = this.filesDirOf(path);
    const location = filesDir && pageLocation(filesDir, path);
    if (!filesDir || !location) return undefined;
    const problems: IndexProblem[] = [];
    const result = readFrontMatter(text);
    const frontMatter = result.ok ? result.frontMatter : undefined;
    if (!result.ok) problems.push({ path, message: result.error.message, line: result.error.line });
    const slug = frontMatter?.slug ?? location.folder;
    const page: Page = {
      locale: location.locale,
      slug,
      title: frontMatter?.title ?? slug.split('/').pop() ?? slug,
      pageType: frontMatter?.pageType,
      path,
      folder: location.folder,
      filesDir,
      translated: { sourceCommit: !!frontMatter?.l10n?.sourceCommit, translationOf: !!frontMatter?.hasTranslationOf },
      sourceCommit: writtenSourceCommit(text, frontMatter?.l10n?.sourceCommit),
      frontMatterError: result.ok ? undefined : result.error,
      outgoing: [],
      scanned: false,
    };
    this.insertPage(page, problems);
    if (scan) this.attachReferences(page, scanned ?? scanDocument(text));
    return page;
  }

  private insertPage(page: Page, problems: IndexProblem[]): void {
    const key = `${page.locale}/${page.folder}`;
    const existing = this.pages.get(key);
    if (existing && existing.path !== page.path) {
      problems.push({ path: page.path, message: `same page as ${existing.path} (the later root wins)` });
      const shadowed = this.shadowed.get(key) ?? [];
      shadowed.push(existing);
      this.shadowed.set(key, shadowed);
    }
    this.setPageOfKey(key, page, page.locale, page.folder);
    this.pagesByPath.set(page.path, page);
    this.localesSeen.add(page.locale);
    if (problems.length) this.problemsByPath.set(page.path, problems);
    const slugKey = `${page.locale}/${slugToFolder(page.slug)}`;
    if (slugKey !== key) {
      const list = this.misplaced.get(slugKey);
      if (list) list.push(page);
      else this.misplaced.set(slugKey, [page]);
    }
  }

  /** Record what a page refers to, in its `outgoing` list and the reverse map. */
  private attachReferences(page: Page, doc: ScannedDocument): void {
    for (const target of page.outgoing) {
      target.pages.delete(page);
      if (target.pages.size === 0) this.incoming.delete(target.key);
    }
    // The same keys referenceWorker.ts computes off the main thread.
    page.outgoing = referenceKeysOf(doc, page.locale, this.glossaryMacros).map((key) => this.referrersOf(key));
    page.scanned = true;
    for (const target of page.outgoing) target.pages.add(page);
  }

  private removePage(path: string): void {
    const page = this.pagesByPath.get(path);
    this.fileStamps.delete(path);
    this.problemsByPath.delete(path);
    this.summaries.delete(path);
    if (!page) return;
    this.pagesByPath.delete(path);
    const key = `${page.locale}/${page.folder}`;
    const shadowed = this.shadowed.get(key);
    if (shadowed?.includes(page)) shadowed.splice(shadowed.indexOf(page), 1);
    if (this.pages.get(key) === page) {
      // The same page from an earlier root, hidden until now, comes back.
      const uncovered = shadowed?.pop();
      this.setPageOfKey(key, uncovered, page.locale, page.folder);
    }
    if (shadowed && shadowed.length === 0) this.shadowed.delete(key);
    const slugKey = `${page.locale}/${slugToFolder(page.slug)}`;
    const misplaced = this.misplaced.get(slugKey);
    if (misplaced?.includes(page)) {
      misplaced.splice(misplaced.indexOf(page), 1);
      if (misplaced.length === 0) this.misplaced.delete(slugKey);
    }
    for (const target of page.outgoing) {
      target.pages.delete(page);
      if (target.pages.size === 0) this.incoming.delete(target.key);
    }
  }

  private setRedirects(locale: string, path: string, text: string | undefined): void {
    this.redirectsGeneration++;
    this.problemsByPath.delete(path);
    if (text === undefined) {
      this.redirects.delete(locale);
      this.redirectFiles.delete(locale);
      this.redirectSources.delete(locale);
      return;
    }
    const redirects = text.trim() === '' ? emptyRedirects() : parseRedirects(text);
    this.redirects.set(locale, redirects);
    this.redirectFiles.set(locale, path);
    const sources = new Map<string, string[]>();
    for (const [from, to] of redirects.map) {
      const target = to.split('#')[0].toLowerCase();
      const list = sources.get(target);
      if (list) list.push(from);
      else sources.set(target, [from]);
    }
    this.redirectSources.set(locale, sources);
    if (redirects.problems.length) {
      this.problemsByPath.set(path, redirects.problems.map((problem) => ({ path, ...problem })));
    }
  }

  private setAllowedBroken(path: string, text: string | undefined): void {
    this.redirectsGeneration++;
    if (text === undefined) this.allowedBrokenByFile.delete(path);
    else this.allowedBrokenByFile.set(path, parseAllowedBrokenLinks(text));
    this.allowedBroken = new Set([...this.allowedBrokenByFile.values()].flatMap((set) => [...set]));
  }

  private addProblem(problem: IndexProblem): void {
    const list = this.problemsByPath.get(problem.path);
    if (list) list.push(problem);
    else this.problemsByPath.set(problem.path, [problem]);
  }

  /** The reverse-map entry for a key, made on first use. */
  private referrersOf(key: string): Referrers {
    let entry = this.incoming.get(key);
    if (!entry) this.incoming.set(key, (entry = { key, pages: new Set() }));
    return entry;
  }
}

const EMPTY_SET: ReadonlySet<Page> = new Set();

function describe(error: unknown): string {
  if (error instanceof ReadRefused) return error.reason;
  const err = error as { code?: string; message?: string };
  return err?.code ?? err?.message ?? String(error);
}

/** Run `task` over `items` with at most `limit` in flight. */
async function forEachConcurrently<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await task(items[next++]);
  });
  await Promise.all(workers);
}
