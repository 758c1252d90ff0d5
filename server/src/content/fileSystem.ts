/**
 * The file system the index reads, as a small interface: the real one ({@link nodeFileSystem})
 * and an in-memory one for tests ({@link InMemoryFileSystem}), as vscode-markdown-languageservice
 * does with its IWorkspace. Paths are absolute, with `/` separators.
 */
import { Dirent, promises as fsp, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';

function toEntry(entry: Dirent): DirectoryEntry {
  return {
    name: entry.name,
    kind: entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : entry.isSymbolicLink() ? 'symlink' : 'other',
  };
}
import * as nodePath from 'node:path';
import { isUtf8 } from 'node:buffer';

export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

export interface DirectoryEntry {
  name: string;
  kind: EntryKind;
}

export interface ContentFileSystem {
  readFile(path: string): Promise<Uint8Array>;
  /**
   * Optional synchronous read of a page as text (see {@link decodePage}). Indexing many small
   * files is several times faster this way than through the thread pool; the index uses it in
   * short time slices so the event loop stays free.
   */
  readPageSync?(path: string): DecodedPage;
  /** Optional: modification time and size, for the index cache. Undefined when nothing is there. */
  statSync?(path: string): { mtimeMs: number; size: number } | undefined;
  /** Optional: the path with every symbolic link resolved, or undefined when nothing is there. */
  realPathSync?(path: string): string | undefined;
  readDirectory(path: string): Promise<DirectoryEntry[]>;
  /** Optional synchronous listing (the index walks big trees with it, in time slices). */
  readDirectorySync?(path: string): DirectoryEntry[];
  /** The kind of what is at `path`, or undefined when nothing is. Follows symlinks. */
  kindOf(path: string): Promise<EntryKind | undefined>;
}

export const nodeFileSystem: ContentFileSystem = {
  async readFile(path) {
    return fsp.readFile(path);
  },
  readPageSync(path) {
    // Decoding straight to a string skips a Buffer per file; only a text with a replacement
    // character or a NUL (rare) is read again as bytes to tell what is wrong with it.
    const text = readFileSync(path, 'utf8');
    if (text.includes('\uFFFD') || text.slice(0, 8192).includes('\0')) return decodePage(readFileSync(path));
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  },
  async readDirectory(path) {
    return (await fsp.readdir(path, { withFileTypes: true })).map(toEntry);
  },
  readDirectorySync(path) {
    return readdirSync(path, { withFileTypes: true }).map(toEntry);
  },
  statSync(path) {
    const stat = statSync(path, { throwIfNoEntry: false });
    return stat ? { mtimeMs: stat.mtimeMs, size: stat.size } : undefined;
  },
  realPathSync(path) {
    try {
      return realpathSync.native(path);
    } catch {
      return undefined;
    }
  },
  async kindOf(path) {
    try {
      const stat = await fsp.stat(path);
      return stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other';
    } catch {
      return undefined;
    }
  },
};

/** Files held in memory; folders are implied by the paths. For tests. */
export class InMemoryFileSystem implements ContentFileSystem {
  private readonly files = new Map<string, Uint8Array>();

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [path, content] of Object.entries(files)) this.write(path, content);
  }

  write(path: string, content: string | Uint8Array): void {
    this.files.set(normalize(path), typeof content === 'string' ? new TextEncoder().encode(content) : content);
  }

  delete(path: string): void {
    this.files.delete(normalize(path));
  }

  async readFile(path: string): Promise<Uint8Array> {
    const content = this.files.get(normalize(path));
    if (!content) throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
    return content;
  }

  async readDirectory(path: string): Promise<DirectoryEntry[]> {
    const prefix = normalize(path).replace(/\/$/, '') + '/';
    const entries = new Map<string, EntryKind>();
    for (const file of this.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const rest = file.slice(prefix.length);
      const slash = rest.indexOf('/');
      entries.set(slash === -1 ? rest : rest.slice(0, slash), slash === -1 ? 'file' : 'directory');
    }
    if (entries.size === 0) throw Object.assign(new Error(`ENOENT: no such directory, scandir '${path}'`), { code: 'ENOENT' });
    return [...entries].map(([name, kind]) => ({ name, kind }));
  }

  async kindOf(path: string): Promise<EntryKind | undefined> {
    const normalized = normalize(path);
    if (this.files.has(normalized)) return 'file';
    const prefix = normalized.replace(/\/$/, '') + '/';
    for (const file of this.files.keys()) if (file.startsWith(prefix)) return 'directory';
    return undefined;
  }
}

function normalize(path: string): string {
  return nodePath.posix.normalize(path.replace(/\\/g, '/'));
}

export type DecodedPage = { text: string } | { error: string };

/** How much of a file is looked at for NUL bytes, the mark of a binary file. */
const BINARY_PROBE_BYTES = 8192;
const BINARY = 'binary file (contains NUL bytes): skipped';

/** Decode a page: UTF-8 only; binary files and invalid bytes are refused with a reason. */
export function decodePage(bytes: Uint8Array): DecodedPage {
  const probe = bytes.subarray(0, BINARY_PROBE_BYTES);
  if (probe.includes(0)) return { error: BINARY };
  if (!isUtf8(bytes)) return { error: 'not valid UTF-8: skipped' };
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text };
}

/**
 * A page's text from an editor, taken as {@link decodePage} takes the file's bytes: a NUL within
 * the first 8 KiB (as UTF-8) makes it binary; a leading BOM is dropped.
 */
export function decodeText(text: string): DecodedPage {
  const nul = text.indexOf('\0');
  if (nul !== -1 && nul < BINARY_PROBE_BYTES && Buffer.byteLength(text.slice(0, nul)) < BINARY_PROBE_BYTES) return { error: BINARY };
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}
