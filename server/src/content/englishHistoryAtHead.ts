/**
 * What is known of the English history at one HEAD, and the answers it gives: the commit graph
 * with HEAD's first-parent line (for ancestry), the source commits resolved, the English files'
 * changes over the range read, and how these are kept in the history cache. The tracker
 * (englishHistory.ts) asks git and makes these; nothing here runs git.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { HISTORY_CACHE_VERSION, type StoredChange, type StoredHistory } from './historyCache';
import { COMMIT_HASH, type CommitGraph, type FileChange, type ObjectLookup, type RepositoryInfo } from './gitOutput';
import { DEFAULT_LOCALE } from './slugs';

/** A file's changes, newest first (by topological index), as `git log --name-status` says them. */
export type FileChanges = Array<{ commit: number; status: string; from?: string }>;

export interface EnglishCommit {
  hash: string;
  /** Committer date, `YYYY-MM-DD` (when the change reached the English branch). */
  date: string;
  subject: string;
}

/** What a `sourceCommit` names in the English repository. */
export type SourceCommitState =
  | { kind: 'found'; commit: EnglishCommit }
  /** Not 7–40 hex digits. */
  | { kind: 'invalid' }
  /** No such commit in the repository (a typo, or a shallow clone that does not reach back to it). */
  | { kind: 'unknown'; shallow: boolean }
  /** An abbreviation that more than one object starts with. */
  | { kind: 'ambiguous' }
  /** A commit the repository has, but not in HEAD's history (the English checkout is behind, or on another branch). */
  | { kind: 'not-in-history' };

export interface EnglishChanges {
  /** The commit the translation was made from. */
  source: EnglishCommit;
  /** Commits that changed the English page after it, newest first (renames followed). */
  commits: EnglishCommit[];
  /** The English page's path in the repository now, and at `source` (undefined: it did not exist then under any name followed). */
  path: string;
  pathAtSource: string | undefined;
}

/**
 * Answers for one HEAD. An answer never changes; a snapshot of the same HEAD may learn the values
 * asked after it was made (the tracker announces a new snapshot when the range read grows).
 */
export class EnglishHistory {
  constructor(
    private readonly headData: HeadData,
    private readonly range: RangeData | undefined,
  ) {}

  get head(): string {
    return this.headData.repo.head;
  }

  get repository(): Readonly<RepositoryInfo> {
    return this.headData.repo;
  }

  /** What `sourceCommit` (as written in content) names; undefined when not asked of git yet (see {@link EnglishHistoryTracker.update}). */
  sourceCommit(value: string): SourceCommitState | undefined {
    const key = value.trim().toLowerCase();
    if (!COMMIT_HASH.test(key)) return { kind: 'invalid' };
    return this.headData.resolved.get(key);
  }

  /**
   * The commits that changed the English page `englishFile` (an absolute path under the English
   * root) after `sourceCommit`. Undefined when the commit is not resolved to one in HEAD's history,
   * the range read does not reach back to it yet, or the path is not an English page of this root.
   */
  changesSince(englishFile: string, sourceCommit: string): EnglishChanges | undefined {
    const state = this.sourceCommit(sourceCommit);
    const path = this.headData.repoPathOf(englishFile);
    if (state?.kind !== 'found' || path === undefined || !this.range) return undefined;
    const data = this.headData;
    const source = data.graph.indexOf.get(state.commit.hash)!;
    if (!this.range.covers(data.boundaryPosition(source))) return undefined;
    const before = data.ancestorTest(source);
    const counted = new Set<number>();
    let current = path;
    let after = -1;
    let pathAtSource: string | undefined = path;
    // Newest first along the page's names: a rename after the translation continues with the old name.
    follow: for (;;) {
      for (const change of this.range.changes.get(current) ?? []) {
        if (change.commit <= after || before(change.commit)) continue;
        counted.add(change.commit);
        if (change.status === 'R' && change.from !== undefined) {
          current = change.from;
          after = change.commit;
          pathAtSource = current;
          continue follow;
        }
        if (change.status === 'A' || change.status === 'C') {
          pathAtSource = undefined;
          break follow;
        }
      }
      break;
    }
    const commits = [...counted].sort((a, b) => a - b).map((i) => data.commitAt(i));
    return { source: state.commit, commits, path, pathAtSource };
  }

  /** The commit with this full hash, when HEAD's history has it. */
  commit(hash: string): EnglishCommit | undefined {
    const i = this.headData.graph.indexOf.get(hash);
    return i === undefined ? undefined : this.headData.commitAt(i);
  }

  /** An English page's path in the repository (`files/en-us/glossary/api/index.md`), or undefined when it is not one of this root. */
  repositoryPath(englishFile: string): string | undefined {
    return this.headData.repoPathOf(englishFile);
  }
}

/** What is known for one HEAD: the repository, the commit graph, resolved source commits. */
export class HeadData {
  /** Position of each commit on HEAD's first-parent line (0 = HEAD), -1 when not on it. */
  readonly mainline: number[];
  /** Commit index of each first-parent position. */
  readonly mainlineCommits: number[];
  /** For each commit, the first-parent position of the oldest first-parent commit that contains it. */
  readonly reach: Int32Array;
  readonly resolved = new Map<string, SourceCommitState>();
  private readonly ancestorSets = new Map<number, Uint8Array>();

  constructor(
    readonly repo: RepositoryInfo,
    /** The English root's folder in the repository (`files`, or '' when the root is the top level). */
    readonly prefix: string,
    /** The English root as the tracker was given it (paths of pages are under it). */
    readonly filesDir: string,
    readonly graph: CommitGraph,
  ) {
    const count = graph.hashes.length;
    this.mainline = new Array<number>(count).fill(-1);
    this.mainlineCommits = [];
    for (let i: number | undefined = count ? 0 : undefined; i !== undefined && this.mainline[i] === -1; i = graph.parents[i][0]) {
      this.mainline[i] = this.mainlineCommits.length;
      this.mainlineCommits.push(i);
    }
    // Oldest first: each first-parent commit claims what it merged that no older one contains.
    this.reach = new Int32Array(count).fill(-1);
    for (let position = this.mainlineCommits.length - 1; position >= 0; position--) {
      const commit = this.mainlineCommits[position];
      this.reach[commit] = position;
      const stack = graph.parents[commit].slice(1);
      while (stack.length) {
        const side = stack.pop()!;
        if (this.reach[side] !== -1) continue;
        this.reach[side] = position;
        stack.push(...graph.parents[side]);
      }
    }
  }

  commitAt(i: number): EnglishCommit {
    return { hash: this.graph.hashes[i], date: this.graph.dates[i].slice(0, 10), subject: this.graph.subjects[i] };
  }

  /** Whether a commit is an ancestor of (or is) `source`: a test per commit, O(1) for first-parent sources. */
  ancestorTest(source: number): (commit: number) => boolean {
    const position = this.mainline[source];
    if (position !== -1) return (commit) => this.reach[commit] >= position;
    let set = this.ancestorSets.get(source);
    if (!set) {
      set = new Uint8Array(this.graph.hashes.length);
      const stack = [source];
      while (stack.length) {
        const commit = stack.pop()!;
        if (set[commit]) continue;
        set[commit] = 1;
        stack.push(...this.graph.parents[commit]);
      }
      this.ancestorSets.set(source, set);
    }
    const ancestors = set;
    return (commit) => ancestors[commit] === 1;
  }

  /**
   * The first-parent position a range must reach back to for `source`: its own, or that of the
   * first-parent commit its branch started from; Infinity when its history never joins HEAD's
   * first-parent line (the whole history is needed).
   */
  boundaryPosition(source: number): number {
    for (let commit: number | undefined = source; commit !== undefined; commit = this.graph.parents[commit][0]) {
      if (this.mainline[commit] !== -1) return this.mainline[commit];
    }
    return Infinity;
  }

  /** What each source commit names, from a `cat-file --batch-check` of `<value>^{commit}` and, for an abbreviation, the bare value (in that order). */
  interpret(values: string[], answers: ObjectLookup[]): void {
    let at = 0;
    for (const value of values) {
      const asCommit = answers[at++];
      const bare = value.length < 40 ? answers[at++] : undefined;
      let state: SourceCommitState;
      if (asCommit.kind === 'found') {
        const i = this.graph.indexOf.get(asCommit.hash);
        state = i === undefined ? { kind: 'not-in-history' } : { kind: 'found', commit: this.commitAt(i) };
      } else if (asCommit.kind === 'ambiguous' || bare?.kind === 'ambiguous') {
        state = { kind: 'ambiguous' };
      } else {
        state = { kind: 'unknown', shallow: this.repo.shallow };
      }
      this.resolved.set(value, state);
    }
  }

  /** An absolute English page path → its path in the repository; undefined outside `<root>/en-us/` or when odd. */
  repoPathOf(file: string): string | undefined {
    const relative = nodePath.relative(this.filesDir, nodePath.resolve(file));
    const segments = relative.split(nodePath.sep);
    if (!relative || nodePath.isAbsolute(relative) || segments[0] !== DEFAULT_LOCALE || segments.length < 2) return undefined;
    if (segments.some((segment) => segment === '' || segment === '.' || segment === '..' || /[\0\n\r]/.test(segment))) return undefined;
    return this.prefix ? `${this.prefix}/${segments.join('/')}` : segments.join('/');
  }
}

/** The English files' changes over `<boundary>..HEAD`. */
export class RangeData {
  constructor(
    /** First-parent position of the boundary (Infinity: the whole history). */
    readonly boundary: number,
    /** Repository path → its changes, newest first (by topological index). */
    readonly changes: Map<string, FileChanges>,
  ) {}

  covers(position: number): boolean {
    return position <= this.boundary;
  }
}

/** Where the English root is in the repository ('' at the top), or undefined when outside it. */
export function englishPrefix(filesDir: string, repo: RepositoryInfo): string | undefined {
  let real: string;
  try {
    real = fs.realpathSync.native(filesDir);
  } catch {
    real = filesDir;
  }
  const relative = nodePath.relative(repo.topLevel, real);
  // The folder goes into `cat-file --batch-check` lines and pathspecs: nothing odd.
  if (relative.startsWith('..') || nodePath.isAbsolute(relative) || /[\0\n\r]/.test(relative)) return undefined;
  return relative.split(nodePath.sep).join('/');
}

/** The range a stored history read, over `data`'s graph; undefined when none, or when its boundary is not on HEAD's first-parent line. */
export function rangeFromStored(data: HeadData, stored: StoredHistory): RangeData | undefined {
  if (!stored.range) return undefined;
  const boundaryCommit = stored.range.boundary === null ? undefined : data.graph.indexOf.get(stored.range.boundary);
  const boundary = boundaryCommit === undefined ? Infinity : data.mainline[boundaryCommit];
  if (boundary === -1 || (stored.range.boundary !== null && boundaryCommit === undefined)) return undefined;
  const changes = new Map(
    stored.range.changes.map(([path, list]): [string, FileChanges] => [path, list.map(([commit, status, from]) => (from ? { commit, status, from } : { commit, status }))]),
  );
  return new RangeData(boundary, changes);
}

/** HEAD and the range read: what decides whether the history cache needs writing. */
export function storedKey(data: HeadData, range: RangeData | undefined): string {
  return `${data.repo.head} ${range ? range.boundary : 'none'}`;
}

export function storedHistory(data: HeadData, range: RangeData | undefined): StoredHistory {
  const { repo, graph } = data;
  return {
    version: HISTORY_CACHE_VERSION,
    filesDir: data.filesDir,
    topLevel: repo.topLevel,
    prefix: data.prefix,
    head: repo.head,
    headRef: repo.headRef ?? null,
    shallow: repo.shallow,
    graph: { hashes: graph.hashes, parents: graph.parents, dates: graph.dates, subjects: graph.subjects },
    range: range ? { boundary: Number.isFinite(range.boundary) ? graph.hashes[data.mainlineCommits[range.boundary]] : null, changes: [...range.changes].map(storedChanges) } : null,
  };
}

function storedChanges([path, list]: [string, FileChanges]): [string, StoredChange[]] {
  return [path, list.map((change): StoredChange => (change.from === undefined ? [change.commit, change.status] : [change.commit, change.status, change.from]))];
}

/** Add a change read from `git log --name-status` to the changes by path. */
export function addChange(changes: Map<string, FileChanges>, change: FileChange, commit: number): void {
  const entry = { commit, status: change.status, from: change.from };
  const list = changes.get(change.path);
  if (list) list.push(entry);
  else changes.set(change.path, [entry]);
}

/** Why a source commit has no changes to show, in words. */
export function describeSource(history: EnglishHistory, sourceCommit: string): string {
  const state = history.sourceCommit(sourceCommit);
  const shown = sourceCommit.trim();
  switch (state?.kind) {
    case 'invalid':
      return `sourceCommit ${shown} is not a commit hash (7 to 40 hex digits)`;
    case 'unknown':
      return state.shallow
        ? `sourceCommit ${shown} is not in the English repository, a shallow clone (git fetch --unshallow fetches the rest of its history)`
        : `sourceCommit ${shown} is not a commit of the English repository (a typo?)`;
    case 'ambiguous':
      return `sourceCommit ${shown} is ambiguous in the English repository (more than one object starts with it): write more digits`;
    case 'not-in-history':
      return `sourceCommit ${shown} is not in the history of the English checkout (${history.repository.headRef?.replace(/^refs\/heads\//, '') ?? 'HEAD'}): is it behind, or on another branch?`;
    case 'found':
      return `sourceCommit ${shown}: the English page is not in the repository's history`;
    default:
      return `sourceCommit ${shown} is not resolved yet`;
  }
}
