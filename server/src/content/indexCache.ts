/**
 * The index cache on disk: one JSON file per content root in the OS cache folder, so a restart
 * reads only the pages that changed. Versioned; a corrupt, foreign or stale file is ignored, never
 * trusted (each page is also checked against its file's mtime and size). Safe to delete.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import type { CachedPage, IndexCache } from './cachedPage';
import { readContentSync } from './fileSystem';

/** Bump when what a page is cached as, or how references are computed, changes. */
export const CACHE_VERSION = 3;

/** `GLOSSARY_LSP_CACHE_DIR`, else the OS cache folder (XDG on Linux). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GLOSSARY_LSP_CACHE_DIR) return env.GLOSSARY_LSP_CACHE_DIR;
  if (process.platform === 'win32') return nodePath.join(env.LOCALAPPDATA ?? nodePath.join(os.homedir(), 'AppData', 'Local'), 'glossary-lsp', 'Cache');
  if (process.platform === 'darwin') return nodePath.join(os.homedir(), 'Library', 'Caches', 'glossary-lsp');
  return nodePath.join(env.XDG_CACHE_HOME || nodePath.join(os.homedir(), '.cache'), 'glossary-lsp');
}

/**
 * On disk, the keys pages refer to are numbers into one `keys` table (a page names ten on
 * average, and the same few thousand recur): a third of the size, and far less to parse.
 */
interface CacheFile {
  version: number;
  filesDir: string;
  key: string;
  keys: string[];
  pages: Array<[string, StoredPage]>;
}

type StoredPage = Omit<CachedPage, 'outgoing'> & { outgoing?: number[] };

/** An index cache file larger than this is not read (en-us + vi take tens of MB). */
const CACHE_FILE_LIMIT = 1024 * 1024 * 1024;

export class DiskIndexCache implements IndexCache {
  constructor(
    readonly dir: string = defaultCacheDir(),
    private readonly onError: (message: string) => void = () => undefined,
  ) {}

  fileFor(filesDir: string): string {
    const hash = createHash('sha1').update(nodePath.resolve(filesDir)).digest('hex').slice(0, 16);
    return nodePath.join(this.dir, `index-v${CACHE_VERSION}-${hash}.json`);
  }

  load(filesDir: string, key: string): Map<string, CachedPage> | undefined {
    const file = this.fileFor(filesDir);
    let raw: string;
    try {
      // The content read: a link or a FIFO put in its place is refused, never followed or waited on.
      raw = readContentSync(file, CACHE_FILE_LIMIT).toString('utf8');
    } catch {
      return undefined; // none yet, or not a plain file
    }
    try {
      const parsed = JSON.parse(raw) as CacheFile;
      if (parsed.version !== CACHE_VERSION || parsed.filesDir !== nodePath.resolve(filesDir) || parsed.key !== key || !Array.isArray(parsed.pages) || !Array.isArray(parsed.keys))
        return undefined;
      const pages = new Map<string, CachedPage>();
      for (const entry of parsed.pages) {
        if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !isCachedPage(entry[1])) return undefined;
        const stored = entry[1];
        let outgoing: string[] | undefined;
        if (stored.outgoing) {
          outgoing = stored.outgoing.map((at) => parsed.keys[at]);
          if (outgoing.some((k) => typeof k !== 'string')) return undefined;
        }
        pages.set(entry[0], { ...stored, outgoing });
      }
      return pages;
    } catch (error) {
      this.onError(`index cache ${file} is unreadable, ignoring it: ${(error as Error).message}`);
      return undefined;
    }
  }

  /**
   * Written in slices (the server keeps answering) to a temporary file, then renamed into place.
   * Streamed in chunks, never as one string: the whole file at once would add tens of MB to the
   * server's peak memory. The key table goes last (a JSON object's fields have no order).
   */
  async save(filesDir: string, key: string, pages: Map<string, CachedPage>): Promise<void> {
    const file = this.fileFor(filesDir);
    const keyIndex = new Map<string, number>();
    const numbered = (k: string) => {
      let at = keyIndex.get(k);
      if (at === undefined) keyIndex.set(k, (at = keyIndex.size));
      return at;
    };
    const temporary = `${file}.${process.pid}.tmp`;
    let handle: fs.promises.FileHandle | undefined;
    try {
      await fs.promises.mkdir(this.dir, { recursive: true });
      handle = await fs.promises.open(temporary, 'w');
      let chunk = JSON.stringify({ version: CACHE_VERSION, filesDir: nodePath.resolve(filesDir), key }).slice(0, -1) + ',"pages":[';
      let first = true;
      for (const [path, page] of pages) {
        const stored: StoredPage = { ...page, outgoing: page.outgoing?.map(numbered) };
        chunk += (first ? '' : ',') + JSON.stringify([path, stored]);
        first = false;
        // Each write lets the event loop run (the slices).
        if (chunk.length > CHUNK_CHARS) {
          await handle.write(chunk);
          chunk = '';
        }
      }
      await handle.write(`${chunk}],"keys":${JSON.stringify([...keyIndex.keys()])}}`);
      await handle.close();
      handle = undefined;
      await fs.promises.rename(temporary, file);
    } catch (error) {
      this.onError(`cannot write the index cache ${file}: ${(error as Error).message}`);
      await handle?.close().catch(() => undefined);
      await fs.promises.rm(temporary, { force: true }).catch(() => undefined);
    }
  }
}

/** Characters written at a time when saving. */
const CHUNK_CHARS = 256 * 1024;

function isCachedPage(value: unknown): value is StoredPage {
  const page = value as StoredPage;
  return (
    !!page &&
    typeof page.mtimeMs === 'number' &&
    typeof page.size === 'number' &&
    typeof page.slug === 'string' &&
    typeof page.title === 'string' &&
    (page.outgoing === undefined || Array.isArray(page.outgoing))
  );
}
