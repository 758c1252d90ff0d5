/**
 * How the index reads a tree from disk: the walk that finds every `index.md`, the reads (in short
 * synchronous time slices when the file system allows it, else concurrently), and the decoding
 * of each file as a build takes it. What cannot be read becomes a problem, never a failure.
 */
import * as nodePath from 'node:path';
import type { ContentFileSystem, DirectoryEntry } from './fileSystem';
import { DecodedPage, decodePage, ReadRefused } from './pageText';
import { readFrontMatter } from './frontMatter';
import type { IndexCache } from './cachedPage';
import type { IndexProblem, Page } from './page';
import { LOCALE_FOLDER } from './roots';
import { writtenSourceCommit } from '../syntax/sourceCommit';

export interface IndexOptions {
  /** Macro names (lowercase) that behave like Glossary. */
  glossaryMacros?: ReadonlySet<string>;
  /** Called as pages are read: (pages read, pages found). */
  onProgress?: (done: number, total: number) => void;
  /** Files read at once (when reading asynchronously). */
  concurrency?: number;
  /**
   * Which pages are scanned for references while the index is built (default: all). The others
   * get only their front matter read, and ContentIndex.scanReferences does the rest later:
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

/** Longest stretch of synchronous work before the index lets other work run. */
const TIME_SLICE_MS = 15;

/**
 * A clock for work done in time slices: call it after each step; it returns a promise to await
 * when the slice has run long enough (other work runs meanwhile), else undefined (no await, so a
 * short step costs nothing).
 */
export function timeSlices(): () => Promise<void> | undefined {
  let sliceStart = Date.now();
  return () => {
    if (Date.now() - sliceStart <= TIME_SLICE_MS) return undefined;
    return new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      sliceStart = Date.now();
    });
  };
}

export type ReportProblem = (problem: IndexProblem) => void;

/** Locale folders present under the roots (lowercase), indexed or not. */
export async function localesOnDisk(fs: ContentFileSystem, filesDirs: string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const filesDir of filesDirs) {
    try {
      for (const entry of await fs.readDirectory(filesDir)) {
        if (entry.kind === 'directory' && LOCALE_FOLDER.test(entry.name)) found.add(entry.name);
      }
    } catch {
      // reported by localeFolders
    }
  }
  return [...found];
}

/** The locale folders of a root that pass `wanted`, in listing order; a link in place of one is reported, never followed. */
export async function localeFolders(fs: ContentFileSystem, filesDir: string, wanted: (locale: string) => boolean, report: ReportProblem): Promise<string[]> {
  let entries: DirectoryEntry[];
  try {
    entries = await fs.readDirectory(filesDir);
  } catch (error) {
    report({ path: filesDir, message: `cannot list content root: ${describeError(error)}` });
    return [];
  }
  const locales: string[] = [];
  for (const entry of entries) {
    if (!LOCALE_FOLDER.test(entry.name) || !wanted(entry.name)) continue;
    if (entry.kind === 'symlink') report({ path: nodePath.join(filesDir, entry.name), message: 'symbolic link not followed (a locale folder must be a real folder)' });
    else if (entry.kind === 'directory') locales.push(entry.name);
  }
  return locales;
}

/**
 * Every `index.md` under `dir`, depth first (a stable order), added to `out`. Synchronously in
 * time slices when the file system allows it: many small directory reads are much faster that way.
 */
export async function walkPages(fs: ContentFileSystem, dir: string, out: string[], report: ReportProblem): Promise<void> {
  const stack = [dir];
  const pause = timeSlices();
  while (stack.length) {
    const current = stack.pop()!;
    let entries: DirectoryEntry[];
    try {
      entries = fs.readDirectorySync ? fs.readDirectorySync(current) : await fs.readDirectory(current);
    } catch (error) {
      report({ path: current, message: `cannot list folder: ${describeError(error)}` });
      continue;
    }
    const subfolders: string[] = [];
    for (const entry of entries) {
      const path = nodePath.join(current, entry.name);
      if (entry.kind === 'directory') subfolders.push(path);
      else if (entry.name === 'index.md' && entry.kind === 'file') out.push(path);
      else if (entry.kind === 'symlink') {
        // Never followed: a link can loop or lead out of the content root.
        report({ path, message: 'symbolic link not followed' });
      } else if (entry.name === 'index.md' && entry.kind === 'other') {
        // A FIFO or a device: reading it could wait forever.
        report({ path, message: 'not a regular file: not read' });
      }
    }
    for (let i = subfolders.length - 1; i >= 0; i--) stack.push(subfolders[i]);
    const pending = pause();
    if (pending) await pending;
  }
}

/**
 * Read files one by one: synchronously in short time slices when the file system allows it
 * (fast), else `concurrency` at once. `use` gets each file's text, or undefined when it could not
 * be read (reported).
 */
export async function readEach(
  fs: ContentFileSystem,
  paths: string[],
  concurrency: number,
  use: (path: string, page: DecodedPage | undefined) => void,
  report: ReportProblem,
  isCancelled?: () => boolean,
): Promise<void> {
  const unreadable = (path: string, error: unknown) => report({ path, message: `cannot read page: ${describeError(error)}` });
  if (fs.readPageSync) {
    const pause = timeSlices();
    for (const path of paths) {
      let decoded: DecodedPage | undefined;
      try {
        decoded = fs.readPageSync(path);
      } catch (error) {
        unreadable(path, error);
      }
      use(path, decoded);
      const pending = pause();
      if (pending) {
        await pending;
        if (isCancelled?.()) return;
      }
    }
    return;
  }
  await forEachConcurrently(paths, concurrency, async (path) => {
    if (isCancelled?.()) return;
    let decoded: DecodedPage | undefined;
    try {
      decoded = await readDecoded(fs, path);
    } catch (error) {
      unreadable(path, error);
    }
    use(path, decoded);
  });
}

/** A file's text, decoded; a read refused for what the file is (link, FIFO, too large) is an `{ error }`. */
export async function readDecoded(fs: ContentFileSystem, path: string): Promise<DecodedPage> {
  try {
    return decodePage(await fs.readFile(path));
  } catch (error) {
    if (error instanceof ReadRefused) return { error: error.reason };
    throw error;
  }
}

/** The text of a file that may be absent (`_redirects.txt`, an allowed-broken list); undefined when absent or unreadable (reported). */
export async function readOptionalText(fs: ContentFileSystem, path: string, report: ReportProblem): Promise<string | undefined> {
  if ((await fs.kindOf(path)) !== 'file') return undefined;
  try {
    const decoded = await readDecoded(fs, path);
    if ('error' in decoded) {
      report({ path, message: decoded.error });
      return undefined;
    }
    return decoded.text;
  } catch (error) {
    report({ path, message: `cannot read: ${describeError(error)}` });
    return undefined;
  }
}

/** A page as its text says it is (front matter, else the folder), with its front matter's problem; no references yet. */
export function pageFromText(path: string, text: string, filesDir: string, location: { locale: string; folder: string }): { page: Page; problems: IndexProblem[] } {
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
  return { page, problems };
}

/** Whether a file's folder is reached through a symbolic link under its root (when the file system can tell). */
export function reachedThroughSymlink(fs: ContentFileSystem, absolute: string, filesDir: string): boolean {
  const real = fs.realPathSync?.bind(fs);
  // The file itself when it is there (it may be a link), else its folder (a new, unsaved page).
  const existing = real?.(absolute) !== undefined ? absolute : nodePath.dirname(absolute);
  const resolved = real?.(existing);
  const root = resolved === undefined ? undefined : real?.(filesDir);
  if (resolved === undefined || root === undefined) return false;
  return nodePath.relative(root, resolved) !== nodePath.relative(filesDir, existing);
}

/** An error as a problem line says it: the refusal's reason, else the error code or message. */
export function describeError(error: unknown): string {
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
