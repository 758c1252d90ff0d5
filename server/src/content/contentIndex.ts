/**
 * The content index: every page of every root (locale, slug, title, page type, path), each
 * locale's redirects, the allowed broken links, and who links to whom. Built once, then kept up
 * to date one file at a time ({@link ContentIndex.updateFile}); summaries are read on demand.
 *
 * Its parts: the page table (pageTable.ts), the redirect table (redirectTable.ts), the reference
 * graph (referenceGraph.ts), the reads from disk (indexLoader.ts) and what is known of each file
 * (fileState.ts). This class holds them (through IndexQueries, indexQueries.ts: the lookups that
 * answer from them), decides what a changed file means to each, and keeps the problems met.
 */
import * as nodePath from 'node:path';
import { CachedPage, cachedPageOf, IndexCache, unchangedPages } from './cachedPage';
import type { ContentFileSystem } from './fileSystem';
import { ALLOWED_BROKEN_FILE, IndexQueries } from './indexQueries';
import {
  describeError,
  IndexOptions,
  localeFolders,
  localesOnDisk,
  pageFromText,
  reachedThroughSymlink,
  readDecoded,
  readEach,
  readOptionalText,
  timeSlices,
  walkPages,
} from './indexLoader';
import type { IndexProblem, Page } from './page';
import type { DecodedPage } from './pageText';
import { GLOSSARY_MACROS, referenceKeysOf } from './pageReferences';
import { LOCALE_FOLDER, pageLocation } from './roots';
import { scanDocument, ScannedDocument } from '../syntax/document';

export type { Page, Referrers, IndexProblem } from './page';
export type { CachedPage, IndexCache } from './cachedPage';
export type { IndexOptions } from './indexLoader';

export class ContentIndex extends IndexQueries {
  private readonly glossaryMacros: ReadonlySet<string>;
  /** `<root>\0<locale>` of every locale folder indexed. */
  private readonly indexedLocales = new Set<string>();
  /** Bumped on every change, so callers can cache derived lists. */
  generation = 0;
  /** Pages read from disk by the build (not restored from the cache): 0 means the cache had it all. */
  pagesRead = 0;

  private constructor(fs: ContentFileSystem, filesDirs: string[], options: IndexOptions) {
    super(fs, filesDirs);
    this.glossaryMacros = options.glossaryMacros ?? GLOSSARY_MACROS;
    // Every read of the file system stays inside the roots (and never follows a link out of them).
    fs.confineTo?.(filesDirs);
  }

  /** Index every page under the given `files` folders. Unreadable files become problems, not failures. */
  static async build(fs: ContentFileSystem, filesDirs: string[], options: IndexOptions = {}): Promise<ContentIndex> {
    const index = new ContentIndex(
      fs,
      filesDirs.map((dir) => nodePath.resolve(dir)),
      options,
    );
    for (const filesDir of index.filesDirs) await index.readRootFiles(filesDir);
    await index.addLocales(options.locales ?? (() => true), options);
    return index;
  }

  /** Bumped when a redirects file or an allowed-broken list changes (see {@link RedirectTable.generation}). */
  get redirectsGeneration(): number {
    return this.redirectTable.generation;
  }

  // ——— Building ———

  /** Locale folders present under the roots (lowercase), indexed or not. */
  localesOnDisk(): Promise<string[]> {
    return localesOnDisk(this.fs, this.filesDirs);
  }

  /** Index the locales that pass `wanted` and are not indexed yet (the CLI adds locales as links need them). */
  async addLocales(wanted: (locale: string) => boolean, options: IndexOptions = {}): Promise<void> {
    const pagePaths: string[] = [];
    for (const filesDir of this.filesDirs) {
      for (const locale of await localeFolders(this.fs, filesDir, wanted, this.report)) {
        if (this.indexedLocales.has(`${filesDir}\0${locale}`)) continue;
        this.indexedLocales.add(`${filesDir}\0${locale}`);
        const localeDir = nodePath.join(filesDir, locale);
        const redirectsPath = nodePath.join(localeDir, '_redirects.txt');
        const redirects = await readOptionalText(this.fs, redirectsPath, this.report);
        if (redirects !== undefined) this.setRedirects(locale, redirectsPath, redirects);
        await walkPages(this.fs, localeDir, pagePaths, this.report);
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
    // Stamped before reading: a file that changes meanwhile is stale in the cache, never wrong.
    if (options.cache) this.files.stampNow(this.fs, toRead);
    await readEach(
      this.fs,
      toRead,
      options.concurrency ?? 32,
      (path, decoded) => {
        if (decoded) this.addDecodedPage(path, decoded, scan(path), options.onPageText);
        progress();
      },
      this.report,
    );
    if (options.onProgress && total) options.onProgress(total, total);
    this.generation++;
  }

  /** Add the pages whose file is unchanged since the cache; returns their paths. */
  private restoreFromCache(cache: IndexCache, pagePaths: string[]): Set<string> {
    const restored = new Set<string>();
    for (const { page, entry } of unchangedPages(this.fs, cache, this.cacheKey(), pagePaths, (path) => this.filesDirOf(path))) {
      this.insertPage(page, entry.frontMatterError ? [{ path: page.path, message: entry.frontMatterError.message, line: entry.frontMatterError.line }] : []);
      if (entry.outgoing) this.graph.attach(page, entry.outgoing);
      this.files.stamp(page.path, { mtimeMs: entry.mtimeMs, size: entry.size });
      restored.add(page.path);
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
      const pause = timeSlices();
      for (const page of [...this.pageTable.everyPage()]) {
        const pending = pause();
        if (pending) await pending;
        if (page.filesDir !== filesDir) continue;
        // A page edited in the editor but not saved must not be cached as the file's content.
        const now = stat(page.path);
        if (!now || !this.files.isCurrent(page.path, now)) continue;
        entries.set(page.path.slice(filesDir.length + 1), cachedPageOf(page, now));
      }
      await cache.save(filesDir, this.cacheKey(), entries);
    }
  }

  /**
   * Scan the pages indexed without their references (see {@link IndexOptions.scan}), in time
   * slices. Until it finishes, usage counts and referrers cover only the pages scanned so far.
   */
  async scanReferences(options: { onProgress?: (done: number, total: number) => void; isCancelled?: () => boolean } = {}): Promise<void> {
    const pending = this.unscannedPages().map((page) => page.path);
    let done = 0;
    await readEach(
      this.fs,
      pending,
      32,
      (path, decoded) => {
        done++;
        const page = this.pageTable.atPath(path);
        if (page && !page.scanned && decoded && 'text' in decoded) this.attachReferences(page, scanDocument(decoded.text));
        if (options.onProgress && (done % 1000 === 0 || done === pending.length)) options.onProgress(done, pending.length);
      },
      this.report,
      options.isCancelled,
    );
    this.generation++;
  }

  /** Pages whose references are not known yet. */
  unscannedPages(): Page[] {
    return [...this.pageTable.everyPage()].filter((page) => !page.scanned);
  }

  /**
   * References computed elsewhere (a worker) for a page read from disk: ignored when the page has
   * been scanned meanwhile (its editor text is newer than the file).
   */
  attachReferenceKeys(path: string, keys: string[]): void {
    const page = this.pageTable.atPath(path);
    if (!page || page.scanned) return;
    this.graph.attach(page, keys);
    this.generation++;
  }

  /** Whether every page's references are known. */
  get referencesComplete(): boolean {
    for (const page of this.pageTable.everyPage()) if (!page.scanned) return false;
    return true;
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
    if (this.isAllowedBrokenAbove(absolute)) {
      this.redirectTable.setAllowedBroken(absolute, text === null ? await readOptionalText(this.fs, absolute, this.report) : text);
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
      this.files.readFromDisk(absolute);
      try {
        decoded = await readDecoded(this.fs, absolute);
      } catch (error) {
        const code = (error as { code?: string }).code;
        // Gone is no problem (the file was deleted); unreadable is, worded as a build words it.
        if (code !== 'ENOENT' && code !== 'ENOTDIR') decoded = { error: `${base === 'index.md' ? 'cannot read page' : 'cannot read'}: ${describeError(error)}` };
      }
    } else if (text !== undefined) {
      decoded = this.files.takeEditorText(absolute, text);
    }
    // A build never follows a symbolic link (it can loop, or lead out of the root): neither do updates.
    if (decoded && reachedThroughSymlink(this.fs, absolute, filesDir)) decoded = { error: 'reached through a symbolic link: not indexed' };
    text = decoded && 'text' in decoded ? decoded.text : undefined;
    if (base === '_redirects.txt') {
      this.setRedirects(nodePath.basename(nodePath.dirname(absolute)), absolute, text);
    } else if (base === ALLOWED_BROKEN_FILE) {
      this.files.clearProblems(absolute);
      this.redirectTable.setAllowedBroken(absolute, text);
    } else if (base === 'index.md') {
      this.removePage(absolute);
      // An editor's scan of the same text is reused (the keystroke path scans once).
      if (text !== undefined) this.addPage(absolute, text, true, scanned?.text === text ? scanned : undefined);
    } else {
      return;
    }
    if (decoded && 'error' in decoded) this.files.addProblem({ path: absolute, message: decoded.error });
    // The disk's bytes are remembered (or forgotten) only when the disk was read or the file is gone.
    if (!fromEditor) this.files.rememberUndecodable(absolute, decoded);
    this.generation++;
  }

  /** Remove every page under a folder (a folder deleted or moved away). */
  removeFolder(dir: string): void {
    const prefix = nodePath.resolve(dir) + nodePath.sep;
    for (const path of [...this.pageTable.paths()]) if (path.startsWith(prefix)) this.removePage(path);
    this.generation++;
  }

  // ——— Pages, redirects and problems ———

  private readonly report = (problem: IndexProblem): void => this.files.addProblem(problem);

  private async readRootFiles(filesDir: string): Promise<void> {
    for (const path of [nodePath.join(filesDir, ALLOWED_BROKEN_FILE), nodePath.join(nodePath.dirname(filesDir), ALLOWED_BROKEN_FILE)]) {
      const text = await readOptionalText(this.fs, path, this.report);
      if (text !== undefined) this.redirectTable.setAllowedBroken(path, text);
    }
  }

  private setRedirects(locale: string, path: string, text: string | undefined): void {
    this.files.clearProblems(path);
    const problems = this.redirectTable.setRedirects(locale, path, text);
    if (problems.length)
      this.files.setProblems(
        path,
        problems.map((problem) => ({ path, ...problem })),
      );
  }

  private addDecodedPage(path: string, decoded: DecodedPage, scan: boolean, onPageText?: IndexOptions['onPageText']): void {
    this.pagesRead++;
    this.files.rememberUndecodable(path, decoded);
    if ('error' in decoded) {
      this.files.addProblem({ path, message: decoded.error });
      return;
    }
    const page = this.addPage(path, decoded.text, scan);
    if (page) onPageText?.(page, decoded.text);
  }

  /** Add a page from its text; its references too when `scan` (otherwise {@link scanReferences} adds them). */
  private addPage(path: string, text: string, scan: boolean, scanned?: ScannedDocument): Page | undefined {
    const filesDir = this.filesDirOf(path);
    const location = filesDir && pageLocation(filesDir, path);
    if (!filesDir || !location) return undefined;
    const { page, problems } = pageFromText(path, text, filesDir, location);
    this.insertPage(page, problems);
    if (scan) this.attachReferences(page, scanned ?? scanDocument(text));
    return page;
  }

  private insertPage(page: Page, problems: IndexProblem[]): void {
    const hidden = this.pageTable.insert(page);
    if (hidden) problems.push({ path: page.path, message: `same page as ${hidden.path} (the later root wins)` });
    if (problems.length) this.files.setProblems(page.path, problems);
  }

  /** Record what a page refers to. The same keys referenceWorker.ts computes off the main thread. */
  private attachReferences(page: Page, doc: ScannedDocument): void {
    this.graph.attach(page, referenceKeysOf(doc, page.locale, this.glossaryMacros));
  }

  private removePage(path: string): void {
    this.files.forgetStamp(path);
    this.files.clearProblems(path);
    this.summaries.delete(path);
    const page = this.pageTable.remove(path);
    if (page) this.graph.detach(page);
  }
}
