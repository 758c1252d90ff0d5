/**
 * The file system the index reads (and `check --fix` writes), as a small interface: the real one
 * ({@link nodeFileSystem}) and an in-memory one for tests ({@link InMemoryFileSystem}), as
 * vscode-markdown-languageservice does with its IWorkspace. Paths are absolute, with `/`
 * separators. Both implement every operation, the synchronous ones included, so tests run the
 * index's production path; other implementations may leave the optional ones out.
 *
 * Every read of the real one is safe against hostile files, whoever calls it: it `lstat`s first
 * and reads only regular files (never a symlink, a FIFO or a device), opens them non-blocking and
 * without following a link (so no read can hold one of libuv's threads), reads at most a size
 * limit, and, once content roots are known ({@link ContentFileSystem.confineTo}), reads a path
 * inside a root only when the file really is there (no folder on the way is a link out).
 */
import {
  Dirent,
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  promises as fsp,
  read,
  readdirSync,
  readFileSync,
  readlinkSync,
  readSync,
  realpathSync,
  statSync,
} from 'node:fs';
import * as nodePath from 'node:path';
import { BINARY_PROBE_BYTES, DecodedPage, decodePage, ReadRefused, sizeLimitOf, tooLarge } from './pageText';
import { writePageAtomically } from './pageWriter';

// What a page's text is taken to be lives in pageText.ts; callers of the file system get it here too.
export {
  PAGE_SIZE_LIMIT,
  OTHER_SIZE_LIMIT,
  sizeLimitOf,
  ReadRefused,
  tooLarge,
  decodePage,
  decodeText,
  refusedText,
  sameAsUndecodable,
  NOT_UTF8,
  BINARY_PROBE_BYTES,
} from './pageText';
export type { DecodedPage } from './pageText';

export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

export interface DirectoryEntry {
  name: string;
  kind: EntryKind;
}

export interface ContentFileSystem {
  /** The file's bytes; refuses (with a {@link ReadRefused}) what {@link nodeFileSystem} refuses. */
  readFile(path: string): Promise<Uint8Array>;
  /**
   * Optional synchronous read of a page as text (see {@link decodePage}). Indexing many small
   * files is several times faster this way than through the thread pool; the index uses it in
   * short time slices so the event loop stays free. Refusals come back as `{ error }`.
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
  /**
   * Optional: from now on, a path inside one of these `files` folders (or the
   * `_allowed-broken-links.txt` above each) is read only when it really is there, no folder on the
   * way being a link elsewhere. The index calls it with its roots.
   */
  confineTo?(filesDirs: string[]): void;
  /**
   * Optional: replace a page's text, refusing when the file changed since it was read (its text is
   * no longer `expected`). Returns why it was not written, or undefined. Without it, nothing is written.
   */
  writePage?(path: string, expected: string, text: string): string | undefined;
}

const SYMLINK = 'symbolic link not followed';

function notRegular(stat: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean; isDirectory(): boolean }): string {
  const what = stat.isFIFO()
    ? 'a FIFO'
    : stat.isCharacterDevice() || stat.isBlockDevice()
      ? 'a device'
      : stat.isSocket()
        ? 'a socket'
        : stat.isDirectory()
          ? 'a folder'
          : 'not a regular file';
  return `${what}, not a regular file: not read`;
}

// Not on every platform (Windows has neither); 0 leaves the flag out.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/** The `files` folders reads are confined to (resolved), once known. */
const confinedRoots = new Set<string>();
/** Real paths of the folders reads are compared against (a root, or the folder above it). */
const realPaths = new Map<string, string | undefined>();

function realPathOf(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

/** The real path of an open file: Linux says it without a race; elsewhere the path is resolved again. */
function realPathOfOpen(fd: number, path: string): string | undefined {
  if (process.platform === 'linux') {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      // no /proc: resolve the path
    }
  }
  return realPathOf(path);
}

/**
 * Why an open file must not be read: its path is inside a content root, but a folder on the way
 * is a link that leads elsewhere. Undefined when it may be read (paths outside every root are not
 * content: only the file itself is checked for them).
 */
function outsideRoots(path: string, fd: number): string | undefined {
  if (confinedRoots.size === 0) return undefined;
  // Index paths are absolute and normalized already; anything else is made so.
  const absolute = nodePath.isAbsolute(path) && !/[\\/]\.{1,2}(?:[\\/]|$)|[\\/]{2}/.test(path) ? path : nodePath.resolve(path);
  for (const root of confinedRoots) {
    // A page under the root, or the allowed-broken list in the folder above it.
    const base = absolute.startsWith(root + nodePath.sep) ? root : absolute === nodePath.join(nodePath.dirname(root), ALLOWED_BROKEN) ? nodePath.dirname(root) : undefined;
    if (base === undefined) continue;
    const real = realPathOfOpen(fd, absolute);
    const relative = absolute.slice(base.length + 1);
    const matches = (realBase: string | undefined) => realBase !== undefined && real === nodePath.join(realBase, relative);
    if (matches(realPaths.get(base))) return undefined;
    // The root itself may have moved since: look again once.
    const now = realPathOf(base);
    realPaths.set(base, now);
    return matches(now) ? undefined : 'reached through a symbolic link: not read';
  }
  return undefined;
}

const ALLOWED_BROKEN = '_allowed-broken-links.txt';

/** What the checks before a read decide: a refusal, or the open file and its size. */
function openChecked(path: string, limit: number): { fd: number; size: number } {
  const before = lstatSync(path);
  if (before.isSymbolicLink()) throw new ReadRefused(SYMLINK);
  if (!before.isFile()) throw new ReadRefused(notRegular(before));
  if (before.size > limit) throw new ReadRefused(tooLarge(before.size, limit));
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    // O_NOFOLLOW: the file became a link after the lstat.
    if ((error as { code?: string }).code === 'ELOOP') throw new ReadRefused(SYMLINK);
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new ReadRefused(notRegular(stat));
    if (stat.size > limit) throw new ReadRefused(tooLarge(stat.size, limit));
    const outside = outsideRoots(path, fd);
    if (outside) throw new ReadRefused(outside);
    return { fd, size: stat.size };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * Read at most `limit` bytes of an open regular file with `read(buffer, offset, length)` until it
 * gives 0; the file may have grown since its stat. Sync or async, the same steps.
 */
function* readSteps(size: number, limit: number): Generator<{ buffer: Buffer; offset: number; length: number }, Buffer, number> {
  let buffer = Buffer.allocUnsafe(Math.min(size, limit) + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > limit) throw new ReadRefused(tooLarge(length, limit));
      const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit + 1));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const read: number = yield { buffer, offset: length, length: buffer.length - length };
    if (read === 0) break;
    length += read;
  }
  if (length > limit) throw new ReadRefused(tooLarge(length, limit));
  return buffer.subarray(0, length);
}

function readOpen(fd: number, size: number, limit: number): Buffer {
  const steps = readSteps(size, limit);
  for (let step = steps.next(0); ;) {
    if (step.done) return step.value;
    step = steps.next(readSync(fd, step.value.buffer, step.value.offset, step.value.length, null));
  }
}

/** A content file's bytes, read synchronously with every check. */
export function readContentSync(path: string, limit = sizeLimitOf(path)): Buffer {
  const { fd, size } = openChecked(path, limit);
  try {
    return readOpen(fd, size, limit);
  } finally {
    closeSync(fd);
  }
}

/**
 * The same, asynchronously: the checks (lstat, a non-blocking open, fstat) are system calls that
 * cannot wait on a writer, so only a regular file's bytes are read through the thread pool.
 */
export async function readContent(path: string, limit = sizeLimitOf(path)): Promise<Buffer> {
  const { fd, size } = openChecked(path, limit);
  try {
    const steps = readSteps(size, limit);
    for (let step = steps.next(0); ;) {
      if (step.done) return step.value;
      step = steps.next(await readAsync(fd, step.value.buffer, step.value.offset, step.value.length));
    }
  } finally {
    closeSync(fd);
  }
}

function readAsync(fd: number, buffer: Buffer, offset: number, length: number): Promise<number> {
  return new Promise((resolve, reject) => read(fd, buffer, offset, length, null, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead))));
}

function toEntry(entry: Dirent): DirectoryEntry {
  return {
    name: entry.name,
    kind: entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : entry.isSymbolicLink() ? 'symlink' : 'other',
  };
}

export const nodeFileSystem: ContentFileSystem = {
  async readFile(path) {
    return readContent(path);
  },
  readPageSync(path) {
    const limit = sizeLimitOf(path);
    let text: string;
    try {
      // Once checked, the open regular file is decoded straight to a string (no Buffer for every
      // page of a tree); only a text with a replacement character or a NUL (rare) is read again
      // as bytes to tell what is wrong with it.
      const { fd } = openChecked(path, limit);
      try {
        text = readFileSync(fd, 'utf8');
      } finally {
        closeSync(fd);
      }
      // Grown past the limit since its stat.
      if (text.length > limit || (text.length * 3 > limit && Buffer.byteLength(text) > limit)) throw new ReadRefused(tooLarge(Buffer.byteLength(text), limit));
      if (text.includes('\uFFFD') || text.slice(0, BINARY_PROBE_BYTES).includes('\0')) return decodePage(readContentSync(path, limit));
    } catch (error) {
      if (error instanceof ReadRefused) return { error: error.reason };
      throw error;
    }
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
    return realPathOf(path);
  },
  async kindOf(path) {
    try {
      const stat = await fsp.stat(path);
      return stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other';
    } catch {
      return undefined;
    }
  },
  writePage(path, expected, text) {
    return writePageAtomically(path, expected, text, readContentSync);
  },
  confineTo(filesDirs) {
    // Every index of the process adds its roots: a server that re-indexes still reads its old
    // roots' pages safely; indexes of other roots are not hindered.
    for (const dir of filesDirs) {
      const root = nodePath.resolve(dir);
      if (confinedRoots.has(root)) continue;
      confinedRoots.add(root);
      realPaths.set(root, realPathOf(root));
      realPaths.set(nodePath.dirname(root), realPathOf(nodePath.dirname(root)));
    }
  },
};

/**
 * Files held in memory; folders are implied by the paths. For tests: it answers every operation
 * of {@link ContentFileSystem} as the real one does (refusals and decoding included), without
 * links, FIFOs or permissions.
 */
export class InMemoryFileSystem implements ContentFileSystem {
  private readonly files = new Map<string, { bytes: Uint8Array; mtimeMs: number }>();
  /** Modification times: a counter, so every write is newer than the last. */
  private clock = 0;

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [path, content] of Object.entries(files)) this.write(path, content);
  }

  write(path: string, content: string | Uint8Array): void {
    this.files.set(normalize(path), { bytes: typeof content === 'string' ? new TextEncoder().encode(content) : content, mtimeMs: ++this.clock });
  }

  delete(path: string): void {
    this.files.delete(normalize(path));
  }

  async readFile(path: string): Promise<Uint8Array> {
    return this.readChecked(path);
  }

  readPageSync(path: string): DecodedPage {
    try {
      return decodePage(this.readChecked(path));
    } catch (error) {
      if (error instanceof ReadRefused) return { error: error.reason };
      throw error;
    }
  }

  statSync(path: string): { mtimeMs: number; size: number } | undefined {
    const file = this.files.get(normalize(path));
    return file ? { mtimeMs: file.mtimeMs, size: file.bytes.length } : undefined;
  }

  realPathSync(path: string): string | undefined {
    const normalized = normalize(path);
    return this.kindOfSync(normalized) ? normalized : undefined;
  }

  async readDirectory(path: string): Promise<DirectoryEntry[]> {
    return this.readDirectorySync(path);
  }

  readDirectorySync(path: string): DirectoryEntry[] {
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
    return this.kindOfSync(normalize(path));
  }

  /** Nothing in memory leads out of a root. */
  confineTo(): void {}

  writePage(path: string, expected: string, text: string): string | undefined {
    const file = this.files.get(normalize(path));
    const decoded = file && decodePage(file.bytes);
    if (!decoded || !('text' in decoded) || decoded.text !== expected) return 'the file changed while it was checked; not fixed';
    const bom = file.bytes[0] === 0xef && file.bytes[1] === 0xbb && file.bytes[2] === 0xbf ? '\uFEFF' : '';
    this.write(path, bom + text);
    return undefined;
  }

  private readChecked(path: string): Uint8Array {
    const file = this.files.get(normalize(path));
    if (!file) throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
    const limit = sizeLimitOf(path);
    if (file.bytes.length > limit) throw new ReadRefused(tooLarge(file.bytes.length, limit));
    return file.bytes;
  }

  private kindOfSync(normalized: string): EntryKind | undefined {
    if (this.files.has(normalized)) return 'file';
    const prefix = normalized.replace(/\/$/, '') + '/';
    for (const file of this.files.keys()) if (file.startsWith(prefix)) return 'directory';
    return undefined;
  }
}

function normalize(path: string): string {
  return nodePath.posix.normalize(path.replace(/\\/g, '/'));
}
