/**
 * What the index cache keeps of a page, and where cached pages live between runs
 * (content/indexCache.ts has the disk one): a page becomes a cache entry and back here.
 */
import type { ContentFileSystem } from './fileSystem';
import type { FrontMatterError } from './frontMatter';
import type { Page } from './page';
import { pageLocation } from './roots';

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

/** A file's modification time and size, as the cache compares them. */
export interface FileStamp {
  mtimeMs: number;
  size: number;
}

/** The cached pages among `pagePaths` whose file is unchanged since (same mtime and size), as pages without references. */
export function* unchangedPages(
  fs: ContentFileSystem,
  cache: IndexCache,
  key: string,
  pagePaths: string[],
  filesDirOf: (path: string) => string | undefined,
): Generator<{ page: Page; entry: CachedPage }> {
  const stat = fs.statSync?.bind(fs);
  if (!stat) return;
  const byRoot = new Map<string, Map<string, CachedPage> | undefined>();
  for (const path of pagePaths) {
    const filesDir = filesDirOf(path);
    if (!filesDir) continue;
    if (!byRoot.has(filesDir)) byRoot.set(filesDir, cache.load(filesDir, key));
    const entry = byRoot.get(filesDir)?.get(path.slice(filesDir.length + 1));
    if (!entry) continue;
    const current = stat(path);
    if (!current || current.mtimeMs !== entry.mtimeMs || current.size !== entry.size) continue;
    const location = pageLocation(filesDir, path);
    if (location) yield { page: pageFromCache(entry, path, filesDir, location), entry };
  }
}

/** The page a cache entry describes (its references not attached: the caller does that). */
function pageFromCache(entry: CachedPage, path: string, filesDir: string, location: { locale: string; folder: string }): Page {
  return {
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
}

/** A page as the cache keeps it, stamped with its file's current modification time and size. */
export function cachedPageOf(page: Page, stamp: FileStamp): CachedPage {
  return {
    mtimeMs: stamp.mtimeMs,
    size: stamp.size,
    slug: page.slug,
    title: page.title,
    pageType: page.pageType,
    sourceCommit: page.translated.sourceCommit,
    translationOf: page.translated.translationOf,
    sourceCommitValue: page.sourceCommit,
    frontMatterError: page.frontMatterError,
    outgoing: page.scanned ? page.outgoing.map((target) => target.key) : undefined,
  };
}
