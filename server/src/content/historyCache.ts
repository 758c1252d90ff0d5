/**
 * The English history kept on disk between sessions, keyed by HEAD: the commit graph and the English
 * files' changes git listed (`log --name-status -M`, the costly part), so a later start at the same
 * HEAD runs no `git log` at all, and one after a pull reads only the new commits. One JSON file per
 * English root in the OS cache folder (beside the index cache), never in the repository. What
 * git answers about source commits is not kept (a fetch can make an unknown commit known): it is
 * asked again, in one `cat-file`. A file that is corrupt, of another version, or of another
 * repository is ignored, never trusted; everything in it is checked before use. Safe to delete.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { readContent } from './fileSystem';
import { FULL_HASH } from './gitOutput';

/** Bump when what is stored, or how git is asked for it, changes. */
export const HISTORY_CACHE_VERSION = 1;

/** One file change: the commit's index in `graph.hashes`, git's status letter, and the old path of a rename or copy. */
export type StoredChange = [commit: number, status: string, from?: string];

export interface StoredHistory {
  version: number;
  /** The English root, the repository's top level and the root's folder in it. */
  filesDir: string;
  topLevel: string;
  prefix: string;
  head: string;
  headRef: string | null;
  shallow: boolean;
  /** HEAD's history, as EnglishHistory reads it (index 0 is HEAD; parents are indexes). */
  graph: { hashes: string[]; parents: number[][]; dates: string[]; subjects: string[] };
  /** The English files' changes over `<boundary>..HEAD` (boundary null: the whole history), by repository path. */
  range: { boundary: string | null; changes: Array<[string, StoredChange[]]> } | null;
}

export interface HistoryCache {
  /** The history stored for this English root, checked; undefined when there is none usable. */
  load(filesDir: string): Promise<StoredHistory | undefined>;
  /** Keep this history (made when it is written, which may be later: at a quiet moment). */
  save(filesDir: string, history: () => StoredHistory): void;
}

/** A history cache file larger than this is not read (20,000 commits take a few MB). */
const CACHE_FILE_LIMIT = 256 * 1024 * 1024;

export class DiskHistoryCache implements HistoryCache {
  constructor(
    readonly dir: string,
    private readonly options: {
      onError?: (message: string) => void;
      /** When to write (default: at once, asynchronously); the server waits for a quiet moment. */
      later?: (write: () => Promise<void>) => void;
    } = {},
  ) {}

  fileFor(filesDir: string): string {
    const hash = createHash('sha1').update(nodePath.resolve(filesDir)).digest('hex').slice(0, 16);
    return nodePath.join(this.dir, `english-history-v${HISTORY_CACHE_VERSION}-${hash}.json`);
  }

  async load(filesDir: string): Promise<StoredHistory | undefined> {
    const file = this.fileFor(filesDir);
    let raw: string;
    try {
      // The content read: a link or a FIFO put in its place is refused, never followed or waited on.
      raw = (await readContent(file, CACHE_FILE_LIMIT)).toString('utf8');
    } catch {
      return undefined; // none yet, or not a plain file
    }
    try {
      const parsed: unknown = JSON.parse(raw);
      return isStoredHistory(parsed, nodePath.resolve(filesDir)) ? parsed : undefined;
    } catch (error) {
      this.options.onError?.(`English history cache ${file} is unreadable, ignoring it: ${(error as Error).message}`);
      return undefined;
    }
  }

  save(filesDir: string, history: () => StoredHistory): void {
    const write = async () => {
      const file = this.fileFor(filesDir);
      const temporary = `${file}.${process.pid}.tmp`;
      try {
        await fs.promises.mkdir(this.dir, { recursive: true });
        // A leftover of this pid (or a link put there) is removed, and the new file made, never opened.
        await fs.promises.rm(temporary, { force: true });
        await fs.promises.writeFile(temporary, JSON.stringify(history()), { flag: 'wx' });
        await fs.promises.rename(temporary, file);
      } catch (error) {
        await fs.promises.rm(temporary, { force: true }).catch(() => undefined);
        this.options.onError?.(`English history cache ${file} could not be written: ${(error as Error).message}`);
      }
    };
    if (this.options.later) this.options.later(write);
    else void write();
  }
}

/** A repository path with an empty, `.` or `..` segment, or a line break or NUL. */
const ODD_PATH = /(?:^|\/)\.{0,2}(?:\/|$)|[\0\n\r]/;

/** Whether a parsed file is a well-formed history of this root: every index in range, every hash a hash. */
export function isStoredHistory(value: unknown, filesDir: string): value is StoredHistory {
  const v = value as StoredHistory;
  if (!v || typeof v !== 'object' || v.version !== HISTORY_CACHE_VERSION || v.filesDir !== filesDir) return false;
  if (typeof v.topLevel !== 'string' || typeof v.prefix !== 'string' || typeof v.shallow !== 'boolean' || !FULL_HASH.test(String(v.head))) return false;
  if (v.headRef !== null && (typeof v.headRef !== 'string' || !v.headRef.startsWith('refs/'))) return false;
  const graph = v.graph;
  if (!graph || typeof graph !== 'object') return false;
  const { hashes, parents, dates, subjects } = graph;
  if (!Array.isArray(hashes) || !Array.isArray(parents) || !Array.isArray(dates) || !Array.isArray(subjects)) return false;
  const count = hashes.length;
  if (!count || hashes[0] !== v.head || parents.length !== count || dates.length !== count || subjects.length !== count) return false;
  for (let i = 0; i < count; i++) {
    if (typeof hashes[i] !== 'string' || !FULL_HASH.test(hashes[i]) || typeof dates[i] !== 'string' || typeof subjects[i] !== 'string') return false;
    const list = parents[i];
    if (!Array.isArray(list) || !list.every((p) => Number.isInteger(p) && p > i && p < count)) return false;
  }
  if (v.range === null) return true;
  if (!v.range || typeof v.range !== 'object' || !Array.isArray(v.range.changes)) return false;
  if (v.range.boundary !== null && (typeof v.range.boundary !== 'string' || !FULL_HASH.test(v.range.boundary))) return false;
  const englishFolder = v.prefix ? `${v.prefix}/en-us/` : 'en-us/';
  const isEnglishPath = (path: unknown) => typeof path === 'string' && path.startsWith(englishFolder) && !ODD_PATH.test(path);
  for (const entry of v.range.changes) {
    if (!Array.isArray(entry) || !isEnglishPath(entry[0]) || !Array.isArray(entry[1])) return false;
    for (const change of entry[1]) {
      if (!Array.isArray(change) || !Number.isInteger(change[0]) || change[0] < 0 || change[0] >= count || typeof change[1] !== 'string' || !/^[A-Z]$/.test(change[1]))
        return false;
      if (change[2] !== undefined && change[2] !== null && !isEnglishPath(change[2])) return false;
    }
  }
  return true;
}
