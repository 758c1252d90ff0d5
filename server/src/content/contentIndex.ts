/**
 * The content index: every page of every root (locale, slug, title, page type, path), each
 * locale's redirects, the allowed broken links, and who links to whom. Built once, then kept up
 * to date one file at a time ({@link ContentIndex.updateFile}); summaries are read on demand.
 */
import * as nodePath from 'node:path';
import { ContentFileSystem, decodePage } from './fileSystem';
import { readFrontMatter, FrontMatterError } from './frontMatter';
import { parseAllowedBrokenLinks, parseRedirects, Redirects, emptyRedirects } from './redirects';
import { LOCALE_FOLDER, pageLocation } from './roots';
import { pageKey, parseDocsUrl, DEFAULT_LOCALE, urlLocale } from './slugs';
import { pageSummary } from './summary';
import { GLOSSARY_MACROS, pageReferences } from './references';
import { scanDocument, ScannedDocument } from '../syntax/document';

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
  frontMatterError?: FrontMatterError;
  /** The pages this page refers to, each once (as entries of the index's reverse map). */
  outgoing: Referrers[];
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
  /** Each page as it is read, with its scanned text (the CLI checks them without reading twice). */
  onPageRead?: (page: Page, doc: ScannedDocument) => void;
}

/** Longest stretch of synchronous reading before the index lets other work run. */
const TIME_SLICE_MS = 15;

const GLOSSARY_FOLDER = 'glossary/';

export class ContentIndex {
  /** Page key (`en-us/glossary/api`) → page. */
  private readonly pages = new Map<string, Page>();
  private readonly pagesByPath = new Map<string, Page>();
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
  private glossaryCache?: { generation: number; byLocale: Map<string, Page[]> };

  private constructor(
    private readonly fs: ContentFileSystem,
    readonly filesDirs: string[],
    options: IndexOptions,
  ) {
    this.glossaryMacros = options.glossaryMacros ?? GLOSSARY_MACROS;
  }

  /** Index every page under the given `files` folders. Unreadable files become problems, not failures. */
  static async build(fs: ContentFileSystem, filesDirs: string[], options: IndexOptions = {}): Promise<ContentIndex> {
    const index = new ContentIndex(fs, filesDirs.map((dir) => nodePath.resolve(dir)), options);
    const pagePaths: string[] = [];
    for (const filesDir of index.filesDirs) {
      await index.readRootFiles(filesDir);
      let localeEntries;
      try {
        localeEntries = await fs.readDirectory(filesDir);
      } catch (error) {
        index.addProblem({ path: filesDir, message: `cannot list content root: ${describe(error)}` });
        continue;
      }
      for (const entry of localeEntries) {
        if (entry.kind !== 'directory' || !LOCALE_FOLDER.test(entry.name)) continue;
        const localeDir = nodePath.join(filesDir, entry.name);
        await index.readRedirectsFile(nodePath.join(localeDir, '_redirects.txt'));
        await index.walk(localeDir, pagePaths);
      }
    }
    const total = pagePaths.length;
    let done = 0;
    const progress = () => {
      done++;
      if (options.onProgress && (done % 500 === 0 || done === total)) options.onProgress(done, total);
    };
    if (fs.readFileSync) {
      const readSync = fs.readFileSync.bind(fs);
      let sliceStart = Date.now();
      for (const path of pagePaths) {
        index.readPageSync(path, readSync, options.onPageRead);
        progress();
        if (Date.now() - sliceStart > TIME_SLICE_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          sliceStart = Date.now();
        }
      }
    } else {
      await forEachConcurrently(pagePaths, options.concurrency ?? 32, async (path) => {
        await index.readPage(path, options.onPageRead);
        progress();
      });
    }
    index.generation++;
    return index;
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

  /** Redirect sources (as written in `_redirects.txt`, lowercased) whose target is this page's URL. */
  redirectsTo(page: Page): string[] {
    const url = `/${urlLocale(page.locale)}/docs/${page.slug}`.toLowerCase();
    const sources: string[] = [];
    for (const [from, to] of this.redirects.get(page.locale)?.map ?? []) {
      if (to.split('#')[0].toLowerCase() === url) sources.push(from);
    }
    return sources;
  }

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

  /** Glossary entries of a locale (pages under `Glossary/`), sorted by slug. Cached per generation. */
  glossaryEntries(locale: string): Page[] {
    if (!this.glossaryCache || this.glossaryCache.generation !== this.generation) {
      const byLocale = new Map<string, Page[]>();
      for (const page of this.pages.values()) {
        if (!page.folder.startsWith(GLOSSARY_FOLDER)) continue;
        let list = byLocale.get(page.locale);
        if (!list) byLocale.set(page.locale, (list = []));
        list.push(page);
      }
      for (const list of byLocale.values()) list.sort((a, b) => a.slug.localeCompare(b.slug));
      this.glossaryCache = { generation: this.generation, byLocale };
    }
    return this.glossaryCache.byLocale.get(locale) ?? [];
  }

  glossaryEntryCount(): number {
    let count = 0;
    for (const page of this.pages.values()) if (page.folder.startsWith(GLOSSARY_FOLDER)) count++;
    return count;
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
      const decoded = decodePage(await this.fs.readFile(page.path));
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

  /** The root that holds a path, if any. */
  filesDirOf(path: string): string | undefined {
    const absolute = nodePath.resolve(path);
    return this.filesDirs.find((dir) => absolute === dir || absolute.startsWith(dir + nodePath.sep));
  }

  // ——— Updates ———

  /**
   * A file changed, appeared (`text` given, or read from disk when `text` is null) or disappeared
   * (`text` undefined). Only that file's entries are touched.
   */
  async updateFile(path: string, text?: string | null): Promise<void> {
    const absolute = nodePath.resolve(path);
    const filesDir = this.filesDirOf(absolute);
    if (!filesDir) return;
    const base = nodePath.basename(absolute);
    if (text === null) {
      try {
        const decoded = decodePage(await this.fs.readFile(absolute));
        text = 'text' in decoded ? decoded.text : undefined;
      } catch {
        text = undefined;
      }
    }
    if (base === '_redirects.txt') {
      const locale = nodePath.basename(nodePath.dirname(absolute));
      this.setRedirects(locale, absolute, text);
    } else if (base === '_allowed-broken-links.txt') {
      this.setAllowedBroken(absolute, text);
    } else if (base === 'index.md') {
      this.removePage(absolute);
      if (text !== undefined) this.addPage(absolute, text);
    } else {
      return;
    }
    this.generation++;
  }

  /** Remove every page under a folder (a folder deleted or moved away). */
  removeFolder(dir: string): void {
    const prefix = nodePath.resolve(dir) + nodePath.sep;
    for (const path of [...this.pagesByPath.keys()]) if (path.startsWith(prefix)) this.removePage(path);
    this.generation++;
  }

  // ——— Reading ———

  private async walk(dir: string, out: string[]): Promise<void> {
    let entries;
    try {
      entries = await this.fs.readDirectory(dir);
    } catch (error) {
      this.addProblem({ path: dir, message: `cannot list folder: ${describe(error)}` });
      return;
    }
    const subfolders: string[] = [];
    for (const entry of entries) {
      const path = nodePath.join(dir, entry.name);
      if (entry.kind === 'directory') subfolders.push(path);
      else if (entry.name === 'index.md' && entry.kind === 'file') out.push(path);
      else if (entry.kind === 'symlink') {
        // Never followed: a link can loop or lead out of the content root.
        this.addProblem({ path, message: 'symbolic link not followed' });
      }
    }
    await Promise.all(subfolders.map((sub) => this.walk(sub, out)));
  }

  private async readPage(path: string, onPageRead?: IndexOptions['onPageRead']): Promise<void> {
    let bytes: Uint8Array;
    try {
      bytes = await this.fs.readFile(path);
    } catch (error) {
      this.addProblem({ path, message: `cannot read page: ${describe(error)}` });
      return;
    }
    this.addPageBytes(path, bytes, onPageRead);
  }

  private readPageSync(path: string, readSync: (path: string) => Uint8Array, onPageRead?: IndexOptions['onPageRead']): void {
    let bytes: Uint8Array;
    try {
      bytes = readSync(path);
    } catch (error) {
      this.addProblem({ path, message: `cannot read page: ${describe(error)}` });
      return;
    }
    this.addPageBytes(path, bytes, onPageRead);
  }

  private addPageBytes(path: string, bytes: Uint8Array, onPageRead?: IndexOptions['onPageRead']): void {
    const decoded = decodePage(bytes);
    if ('error' in decoded) {
      this.addProblem({ path, message: decoded.error });
      return;
    }
    const added = this.addPage(path, decoded.text);
    if (added && onPageRead) onPageRead(added.page, added.doc);
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
      const decoded = decodePage(await this.fs.readFile(path));
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

  private addPage(path: string, text: string): { page: Page; doc: ScannedDocument } | undefined {
    const filesDir = this.filesDirOf(path);
    const location = filesDir && pageLocation(filesDir, path);
    if (!filesDir || !location) return undefined;
    const problems: IndexProblem[] = [];
    const result = readFrontMatter(text);
    const frontMatter = result.ok ? result.frontMatter : undefined;
    if (!result.ok) problems.push({ path, message: result.error.message, line: result.error.line });
    const slug = frontMatter?.slug ?? location.folder;
    const scanned = scanDocument(text);
    const outgoing = new Set<Referrers>();
    for (const reference of pageReferences(scanned, location.locale, this.glossaryMacros)) {
      for (const candidate of reference.candidates) {
        const parsed = parseDocsUrl(candidate);
        if (parsed) outgoing.add(this.referrersOf(pageKey(parsed.locale, parsed.slug)));
      }
    }
    const page: Page = {
      locale: location.locale,
      slug,
      title: frontMatter?.title ?? slug.split('/').pop() ?? slug,
      pageType: frontMatter?.pageType,
      path,
      folder: location.folder,
      filesDir,
      translated: { sourceCommit: !!frontMatter?.l10n?.sourceCommit, translationOf: !!frontMatter?.hasTranslationOf },
      frontMatterError: result.ok ? undefined : result.error,
      outgoing: [...outgoing],
    };
    const key = `${location.locale}/${location.folder}`;
    const existing = this.pages.get(key);
    if (existing && existing.path !== path) {
      problems.push({ path, message: `same page as ${existing.path} (the later root wins)` });
    }
    this.pages.set(key, page);
    this.pagesByPath.set(path, page);
    this.localesSeen.add(location.locale);
    for (const target of page.outgoing) target.pages.add(page);
    if (problems.length) this.problemsByPath.set(path, problems);
    return { page, doc: scanned };
  }

  private removePage(path: string): void {
    const page = this.pagesByPath.get(path);
    this.problemsByPath.delete(path);
    this.summaries.delete(path);
    if (!page) return;
    this.pagesByPath.delete(path);
    const key = `${page.locale}/${page.folder}`;
    if (this.pages.get(key) === page) this.pages.delete(key);
    for (const target of page.outgoing) {
      target.pages.delete(page);
      if (target.pages.size === 0) this.incoming.delete(target.key);
    }
  }

  private setRedirects(locale: string, path: string, text: string | undefined): void {
    this.problemsByPath.delete(path);
    if (text === undefined) {
      this.redirects.delete(locale);
      this.redirectFiles.delete(locale);
      return;
    }
    const redirects = text.trim() === '' ? emptyRedirects() : parseRedirects(text);
    this.redirects.set(locale, redirects);
    this.redirectFiles.set(locale, path);
    if (redirects.problems.length) {
      this.problemsByPath.set(path, redirects.problems.map((problem) => ({ path, ...problem })));
    }
  }

  private setAllowedBroken(path: string, text: string | undefined): void {
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
