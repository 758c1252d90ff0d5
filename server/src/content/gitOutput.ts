/**
 * Parsers for the git output englishHistory.ts asks for. Pure and streaming (they take `-z`
 * tokens as they arrive); fuzz-tested. Each documents the exact command whose output it reads.
 */
import * as nodePath from 'node:path';

/** A full commit hash. */
export const FULL_HASH = /^[0-9a-f]{40}$/;
/** What content may write as a commit: 7 to 40 hex digits. */
export const COMMIT_HASH = /^[0-9a-fA-F]{7,40}$/;

export interface RepositoryInfo {
  /** The work tree's top level (absolute, as git sees it: symbolic links resolved). */
  topLevel: string;
  /** The repository's git folder (`.git`, or `.git/worktrees/<name>` in a linked work tree). */
  gitDir: string;
  /** Where refs and objects live (the same as gitDir except in linked work trees). */
  commonDir: string;
  shallow: boolean;
  /** HEAD's commit. */
  head: string;
  /** The branch HEAD points to (`refs/heads/main`), or undefined when HEAD is detached. */
  headRef: string | undefined;
}

/**
 * `git rev-parse --show-toplevel --absolute-git-dir --git-common-dir --is-shallow-repository HEAD --symbolic-full-name HEAD`,
 * run in `cwd`: six lines. Undefined when the output is not that.
 */
export function parseRevParse(stdout: string, cwd: string): RepositoryInfo | undefined {
  const lines = stdout.split('\n').map((line) => line.replace(/\r$/, ''));
  if (lines.length < 6) return undefined;
  const [topLevel, gitDir, commonDir, shallow, head, ref] = lines;
  if (!nodePath.isAbsolute(topLevel) || !nodePath.isAbsolute(gitDir) || !commonDir || !FULL_HASH.test(head)) return undefined;
  if (shallow !== 'true' && shallow !== 'false') return undefined;
  return {
    topLevel: nodePath.normalize(topLevel),
    gitDir: nodePath.normalize(gitDir),
    // --git-common-dir is relative to the folder git ran in unless it is elsewhere.
    commonDir: nodePath.resolve(cwd, commonDir),
    shallow: shallow === 'true',
    head,
    headRef: ref.startsWith('refs/') ? ref : undefined,
  };
}

export interface CommitGraph {
  /** Full hashes, in git's topological order from HEAD (index 0 is HEAD). */
  hashes: string[];
  /** Parent indexes of each commit (parents outside the listing, e.g. beyond a shallow clone's edge, are left out). */
  parents: number[][];
  /** Committer date (ISO 8601, as git wrote it) and subject of each commit. */
  dates: string[];
  subjects: string[];
  indexOf: Map<string, number>;
}

/**
 * Reads `git log -z --topo-order --format=%H %P%x1f%cI%x1f%s <head>`: one NUL-separated record
 * per commit, `hash parent…`, then the date and the subject after unit separators.
 */
export class CommitGraphParser {
  private readonly hashes: string[] = [];
  private readonly parentHashes: string[][] = [];
  private readonly dates: string[] = [];
  private readonly subjects: string[] = [];
  private malformed = 0;

  token(record: string): void {
    const first = record.indexOf('\x1f');
    const second = first === -1 ? -1 : record.indexOf('\x1f', first + 1);
    const ids = (first === -1 ? record : record.slice(0, first)).trim().split(' ');
    if (second === -1 || !ids.every((id) => FULL_HASH.test(id))) {
      if (record.trim()) this.malformed++;
      return;
    }
    this.hashes.push(ids[0]);
    this.parentHashes.push(ids.slice(1));
    this.dates.push(record.slice(first + 1, second));
    this.subjects.push(record.slice(second + 1).replace(/\n$/, ''));
  }

  /** Records that were not commits (should be 0). */
  get malformedRecords(): number {
    return this.malformed;
  }

  /**
   * The graph of the records read, followed by `older` when given: the commits of `new ^old`
   * (read here, newest first) on top of the graph of `old`, which is then the whole of `new`'s
   * history when `old` is an ancestor of `new`.
   */
  finish(older?: CommitGraph): CommitGraph {
    const hashes = older ? [...this.hashes, ...older.hashes] : this.hashes;
    const indexOf = new Map<string, number>();
    hashes.forEach((hash, i) => indexOf.set(hash, i));
    const parents = this.parentHashes.map((list) => list.map((hash) => indexOf.get(hash)).filter((i): i is number => i !== undefined));
    if (older) {
      const shift = this.hashes.length;
      for (const list of older.parents) parents.push(list.map((i) => i + shift));
    }
    return {
      hashes,
      parents,
      dates: older ? [...this.dates, ...older.dates] : this.dates,
      subjects: older ? [...this.subjects, ...older.subjects] : this.subjects,
      indexOf,
    };
  }

  /** Whether `hash` is a parent of a record read (for `new ^old`: whether `old` is an ancestor of `new`). */
  hasParent(hash: string): boolean {
    return this.parentHashes.some((list) => list.includes(hash));
  }
}

/** One file change of a commit, as `--name-status` reports it. */
export interface FileChange {
  commit: string;
  /** `A`, `M`, `D`, `T`, `R` (renamed: `from` is set), `C` (copied), … (git's letter, score dropped). */
  status: string;
  path: string;
  from?: string;
}

/**
 * Reads `git log -z --name-status -M --format=%x1e%H …`: a commit is a token starting with U+001E
 * and its hash; each change is a status token (`M`, `R085`, after a newline) and one path, or two
 * for renames and copies.
 */
export class NameStatusParser {
  private commit: string | undefined;
  private status: string | undefined;
  private from: string | undefined;
  private malformed = 0;

  constructor(private readonly onChange: (change: FileChange) => void) {}

  token(raw: string): void {
    if (raw.charCodeAt(0) === 0x1e) {
      const hash = raw.slice(1).trim();
      this.commit = FULL_HASH.test(hash) ? hash : undefined;
      if (!this.commit) this.malformed++;
      this.status = undefined;
      this.from = undefined;
      return;
    }
    if (this.status === undefined) {
      // `M`, `R085` (after the newline that ends the commit's line): checked by character, not by
      // pattern — there is one per change, a hundred thousand on a long range.
      let at = 0;
      while (raw.charCodeAt(at) === 10) at++;
      const letter = raw.charCodeAt(at);
      let valid = letter >= 65 && letter <= 90;
      for (let i = at + 1; valid && i < raw.length; i++) valid = raw.charCodeAt(i) >= 48 && raw.charCodeAt(i) <= 57;
      if (!valid) {
        if (at < raw.length) this.malformed++;
        return;
      }
      this.status = raw[at];
      return;
    }
    if ((this.status === 'R' || this.status === 'C') && this.from === undefined) {
      this.from = raw;
      return;
    }
    if (this.commit) this.onChange({ commit: this.commit, status: this.status, path: raw, from: this.from });
    this.status = undefined;
    this.from = undefined;
  }

  get malformedTokens(): number {
    return this.malformed;
  }
}

export type ObjectLookup = { kind: 'found'; hash: string; type: string } | { kind: 'missing' } | { kind: 'ambiguous' };

/**
 * Reads `git cat-file --batch-check=%(objectname) %(objecttype)`: one line per input line,
 * `<hash> <type>`, or `<input> missing`, or `<input> ambiguous`. Undefined when the output does
 * not have one answer per query.
 */
export function parseBatchCheck(stdout: string, queries: number): ObjectLookup[] | undefined {
  const lines = stdout.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length !== queries) return undefined;
  const answers: ObjectLookup[] = [];
  for (const line of lines) {
    const space = line.lastIndexOf(' ');
    const head = line.slice(0, space);
    const tail = line.slice(space + 1);
    if (tail === 'missing') answers.push({ kind: 'missing' });
    else if (tail === 'ambiguous') answers.push({ kind: 'ambiguous' });
    else if (FULL_HASH.test(head) && /^[a-z]+$/.test(tail)) answers.push({ kind: 'found', hash: head, type: tail });
    else return undefined;
  }
  return answers;
}
