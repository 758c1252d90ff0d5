/**
 * What changed in English since a page was translated: the git history of the English content
 * root (normally a clone of mdn/content), read in batch.
 *
 * Per HEAD, git runs four times, however many pages there are (2 and 3 side by side; 4 once
 * per core over a long range):
 *   1. `git rev-parse …`           the repository, HEAD and its branch;
 *   2. `git log --topo-order …`    every commit reachable from HEAD: hash, parents, date, subject
 *                                   (no diffs: cheap; gives the ancestry the counting needs);
 *   3. `git cat-file --batch-check` every `sourceCommit` asked, on stdin, at once (and whether
 *                                   the English folder is committed at all);
 *   4. `git log --name-status -M …` the English files' changes over `<boundary>..HEAD` only,
 *                                   the boundary being the oldest `sourceCommit` still needed
 *                                   (a long range in slices of HEAD's first-parent line, one
 *                                   git per core side by side: git's tree diffs are the cost).
 * 3 and 4 run again only for source commits not seen before (4 only when one lies outside the
 * range already read). Results belong to one HEAD; `refresh()` asks git where HEAD is now: moved
 * forward (a pull, a commit), only the commits in between are read (2 and 4 over `new ^old`);
 * anywhere else (a reset, another branch), everything is read again.
 *
 * "After sourceCommit" is git's `sourceCommit..HEAD`: the commits HEAD contains and
 * `sourceCommit` does not. On linear history (mdn/content squash-merges) that is exactly the
 * commits newer than it. With merges it stays exact: a commit of a branch merged after the
 * translation counts even when it was written before. Merge commits themselves are not counted
 * (the commits they bring in are); ancestry comes from the full parent graph, not from dates.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import * as os from 'node:os';
import { GitError, NulTokenizer, runGit } from './git';
import { HISTORY_CACHE_VERSION, type HistoryCache, type StoredChange, type StoredHistory } from './historyCache';
import { COMMIT_HASH, CommitGraph, CommitGraphParser, FileChange, NameStatusParser, ObjectLookup, parseBatchCheck, parseRevParse, RepositoryInfo } from './gitOutput';
import { DEFAULT_LOCALE } from './slugs';

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
class HeadData {
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
class RangeData {
  constructor(
    /** First-parent position of the boundary (Infinity: the whole history). */
    readonly boundary: number,
    /** Repository path → its changes, newest first (by topological index). */
    readonly changes: Map<string, Array<{ commit: number; status: string; from?: string }>>,
  ) {}

  covers(position: number): boolean {
    return position <= this.boundary;
  }
}

export interface EnglishHistoryOptions {
  /** The environment git runs with (default process.env; GIT_DIR and the like are dropped anyway). */
  env?: NodeJS.ProcessEnv;
  /** The git program (default `git` on PATH). */
  git?: string;
  /** Longest a single git command may run (default 120 s). */
  timeoutMs?: number;
  /** Called once, when the feature cannot work here (no git, no repository, English not committed). */
  onUnavailable?: (message: string) => void;
  /** Called when a git command fails in a way worth logging (the last answers are kept). */
  onError?: (message: string) => void;
  /** Most `git log --name-status` processes run side by side over slices of a long range (default: the cores, up to 4). */
  logProcesses?: number;
  /** Fewest commits a slice is worth (default 2000). */
  minCommitsPerLog?: number;
  /** Called with the time each step took (`rev-parse`, `commit graph`, `cat-file`, `log --name-status`, `cache`), for logs and the bench. */
  onStep?: (step: string, ms: number) => void;
  /**
   * Where the commit graph and the changes read are kept between sessions, by HEAD (see
   * historyCache.ts): a start at the same HEAD then runs no `git log`, one after a pull reads only
   * the new commits.
   */
  cache?: HistoryCache;
}

export type EnglishDiff = { diff: string; from: string; to: string; path: string; pathAtSource: string | undefined } | { error: string };

/**
 * The English root's history for the server and the CLI: asks git in batch, caches by HEAD,
 * never blocks a caller (every answer is a promise; `current` is whatever is known now).
 */
export class EnglishHistoryTracker {
  private headData: HeadData | undefined;
  private range: RangeData | undefined;
  private snapshot: EnglishHistory | undefined;
  private unavailableMessage: string | undefined;
  private readonly wanted = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly abort = new AbortController();
  private readonly listeners = new Set<(history: EnglishHistory) => void>();
  /** What the history cache holds for this root (HEAD and range), as far as this tracker knows. */
  private stored: string | undefined;
  /** Git commands run so far (for tests and the bench: the count is bounded per HEAD). */
  gitRuns = 0;

  constructor(
    readonly filesDir: string,
    private readonly options: EnglishHistoryOptions = {},
  ) {
    this.filesDir = nodePath.resolve(filesDir);
  }

  /** What is known now (undefined until the first answer). */
  get current(): EnglishHistory | undefined {
    return this.snapshot;
  }

  /** Why there is no history here (said once through onUnavailable), or undefined. */
  get unavailable(): string | undefined {
    return this.unavailableMessage;
  }

  /** Called with each new snapshot (more source commits resolved, or HEAD moved). */
  onDidChange(listener: (history: EnglishHistory) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Make sure these `sourceCommit` values are resolved and their range read. Resolves with the
   * snapshot that answers them (at once when nothing new is asked), or undefined when unavailable.
   * With `replace`, these are all the values still needed (the range read can then shrink when
   * HEAD next moves); otherwise they are added to those asked before.
   */
  update(sourceCommits: Iterable<string>, options: { replace?: boolean } = {}): Promise<EnglishHistory | undefined> {
    if (options.replace) this.wanted.clear();
    for (const value of sourceCommits) {
      const key = value.trim().toLowerCase();
      if (COMMIT_HASH.test(key)) this.wanted.add(key);
    }
    return this.enqueue(() => this.sync());
  }

  /** Ask git where HEAD is; when it moved, everything is recomputed for the new HEAD. For the watcher of {@link watchPaths}. */
  refresh(): Promise<EnglishHistory | undefined> {
    return this.enqueue(async () => {
      if (this.unavailableMessage || !this.headData) return this.sync();
      const repo = await this.revParse();
      if (!repo) return this.snapshot;
      const old = this.headData;
      if (repo.head === old.repo.head && repo.headRef === old.repo.headRef && repo.shallow === old.repo.shallow) return this.snapshot;
      // HEAD moved forward (a pull, a commit): only the new commits are read.
      if (repo.head !== old.repo.head && repo.shallow === old.repo.shallow && (await this.advance(old, repo))) return this.sync();
      this.headData = undefined;
      this.range = undefined;
      return this.sync(repo);
    });
  }

  /**
   * Files whose change may mean HEAD moved: the work tree's `HEAD`, the branch it points to and
   * `packed-refs` (a fetch or `git pack-refs` moves refs there). Empty until the repository is known.
   */
  watchPaths(): string[] {
    const repo = this.headData?.repo;
    if (!repo) return [];
    const paths = [nodePath.join(repo.gitDir, 'HEAD'), nodePath.join(repo.commonDir, 'packed-refs')];
    if (repo.headRef) paths.push(nodePath.join(repo.commonDir, ...repo.headRef.split('/')));
    return paths;
  }

  /**
   * The unified diff of an English page between `sourceCommit` and HEAD, renames followed (the
   * page's name at `sourceCommit` against its name now).
   */
  async diff(englishFile: string, sourceCommit: string): Promise<EnglishDiff> {
    const history = await this.update([sourceCommit]);
    if (!history) return { error: this.unavailableMessage ?? 'no English history' };
    const changes = history.changesSince(englishFile, sourceCommit);
    if (!changes) return { error: describeSource(history, sourceCommit) };
    const paths = changes.pathAtSource && changes.pathAtSource !== changes.path ? [changes.pathAtSource, changes.path] : [changes.path];
    try {
      const diff = await this.git(['diff', '--no-color', '--no-ext-diff', '--no-textconv', '-M', changes.source.hash, history.head, '--', ...paths], { maxOutput: 16 * 2 ** 20 });
      return { diff, from: changes.source.hash, to: history.head, path: changes.path, pathAtSource: changes.pathAtSource };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }

  /**
   * The text of an English file at a commit (for a diff editor's two sides). Only commits of
   * HEAD's history and paths under the English root are served; undefined when the file did not
   * exist there.
   */
  async textAt(commit: string, repositoryPath: string): Promise<string | undefined> {
    const history = this.snapshot;
    const data = this.headData;
    if (!history || !data || !history.commit(commit)) return undefined;
    const englishFolder = data.prefix ? `${data.prefix}/${DEFAULT_LOCALE}/` : `${DEFAULT_LOCALE}/`;
    const segments = repositoryPath.split('/');
    if (!repositoryPath.startsWith(englishFolder) || segments.some((s) => s === '' || s === '.' || s === '..' || /[\0\n\r]/.test(s))) return undefined;
    try {
      return await this.git(['cat-file', 'blob', `${commit}:${repositoryPath}`], { maxOutput: 16 * 2 ** 20 });
    } catch (error) {
      if (error instanceof GitError && error.failure === 'failed') return undefined;
      throw error;
    }
  }

  /** Stop: running git commands are killed, later calls answer undefined. */
  dispose(): void {
    this.abort.abort();
    this.listeners.clear();
  }

  // ——— The work, one step at a time ———

  private enqueue(work: () => Promise<EnglishHistory | undefined>): Promise<EnglishHistory | undefined> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next.catch((error) => {
      if (!(error instanceof GitError && error.failure === 'cancelled')) this.options.onError?.(`English history: ${(error as Error).message}`);
      return this.snapshot;
    });
  }

  private async sync(knownRepo?: RepositoryInfo): Promise<EnglishHistory | undefined> {
    if (this.unavailableMessage || this.abort.signal.aborted) return undefined;
    let resolvedNow = 0;
    if (!this.headData) {
      const repo = knownRepo ?? (await this.timed('rev-parse', () => this.revParse()));
      if (!repo) return undefined;
      const prefix = this.prefixIn(repo);
      if (prefix === undefined) return this.setUnavailable(`the English root ${this.filesDir} is not inside its git repository ${repo.topLevel}`);
      // The commit graph and the object lookups run side by side; the lookups also ask whether
      // the English pages are committed at all (their history means nothing otherwise).
      const values = [...this.wanted];
      const englishTree = `${repo.head}:${prefix ? prefix + '/' : ''}${DEFAULT_LOCALE}`;
      // A first read may start from the history kept on disk (this HEAD's, or an ancestor's).
      const restored = !knownRepo && (await this.restore(repo, prefix));
      const [graph, [tree, ...answers]] = await Promise.all([
        restored ? undefined : this.timed('commit graph', () => this.readGraph(repo)),
        this.timed('cat-file', () => this.lookUp([englishTree], values)),
      ]);
      if (tree.kind !== 'found' || tree.type !== 'tree') return this.setUnavailable(`${nodePath.join(this.filesDir, DEFAULT_LOCALE)} is not committed in the git repository ${repo.topLevel}`);
      if (graph) {
        this.headData = new HeadData(repo, prefix, this.filesDir, graph);
        this.range = undefined;
      }
      this.snapshot = undefined;
      this.interpret(this.headData!, values, answers);
      resolvedNow = values.length;
    }
    const data = this.headData!;
    const unresolved = [...this.wanted].filter((value) => !data.resolved.has(value));
    if (unresolved.length) {
      this.interpret(data, unresolved, await this.timed('cat-file', () => this.lookUp([], unresolved)));
      resolvedNow += unresolved.length;
    }
    let boundary = -1;
    for (const value of this.wanted) {
      const state = data.resolved.get(value);
      if (state?.kind !== 'found') continue;
      boundary = Math.max(boundary, data.boundaryPosition(data.graph.indexOf.get(state.commit.hash)!));
    }
    const changed = !this.snapshot || resolvedNow > 0;
    if (boundary >= 0 && (!this.range || !this.range.covers(boundary))) {
      this.range = await this.timed('log --name-status', () => this.readChanges(data, boundary));
    } else if (!changed) {
      return this.snapshot;
    }
    this.snapshot = new EnglishHistory(data, this.range);
    this.store();
    for (const listener of this.listeners) listener(this.snapshot);
    return this.snapshot;
  }

  /**
   * The history kept on disk, when it is this repository's: at this HEAD it is used as it is; at
   * an ancestor of HEAD (a pull since), only the commits in between are read. False when there is
   * none usable (everything is then read from git).
   */
  private async restore(repo: RepositoryInfo, prefix: string): Promise<boolean> {
    const cache = this.options.cache;
    if (!cache) return false;
    const started = Date.now();
    const stored = await cache.load(this.filesDir).catch(() => undefined);
    if (!stored || stored.topLevel !== repo.topLevel || stored.prefix !== prefix || stored.shallow !== repo.shallow) return false;
    const { hashes, parents, dates, subjects } = stored.graph;
    const indexOf = new Map<string, number>();
    hashes.forEach((hash, i) => indexOf.set(hash, i));
    const same = stored.head === repo.head;
    const old = new HeadData(same ? repo : { ...repo, head: stored.head, headRef: stored.headRef ?? undefined }, prefix, this.filesDir, { hashes, parents, dates, subjects, indexOf });
    let range: RangeData | undefined;
    if (stored.range) {
      const boundaryCommit = stored.range.boundary === null ? undefined : indexOf.get(stored.range.boundary);
      const boundary = boundaryCommit === undefined ? Infinity : old.mainline[boundaryCommit];
      if (boundary !== -1 && (stored.range.boundary === null || boundaryCommit !== undefined)) {
        const changes = new Map(stored.range.changes.map(([path, list]): [string, Array<{ commit: number; status: string; from?: string }>] => [path, list.map(([commit, status, from]) => (from ? { commit, status, from } : { commit, status }))]));
        range = new RangeData(boundary, changes);
      }
    }
    this.options.onStep?.('cache', Date.now() - started);
    this.range = range;
    if (same) {
      this.headData = old;
      this.stored = storedKey(old, range);
      return true;
    }
    try {
      if (await this.advance(old, repo)) return true;
    } catch (error) {
      if (error instanceof GitError && error.failure === 'cancelled') throw error;
      // The old HEAD is not in this repository (any more): everything is read again.
    }
    this.range = undefined;
    return false;
  }

  /** What is known is kept on disk when it is new there (another HEAD, a wider range). */
  private store(): void {
    const cache = this.options.cache;
    const data = this.headData;
    const range = this.range;
    if (!cache || !data || storedKey(data, range) === this.stored) return;
    this.stored = storedKey(data, range);
    cache.save(this.filesDir, () => storedHistory(data, range));
  }

  private async timed<T>(step: string, work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    const result = await work();
    this.options.onStep?.(step, Date.now() - started);
    return result;
  }

  private setUnavailable(message: string): undefined {
    if (!this.unavailableMessage) {
      this.unavailableMessage = message;
      this.options.onUnavailable?.(message);
    }
    this.headData = undefined;
    this.snapshot = undefined;
    return undefined;
  }

  /**
   * HEAD moved from `old.repo.head` to `repo.head`: when the old HEAD is an ancestor of the new
   * one, read only the commits in between (their graph and their changes) and keep the rest.
   * Returns false (nothing changed) otherwise: a reset, a rebase, another branch.
   */
  private async advance(old: HeadData, repo: RepositoryInfo): Promise<boolean> {
    if (old.graph.indexOf.has(repo.head)) return false;
    const parser = new CommitGraphParser();
    const tokens = new NulTokenizer((token) => parser.token(token));
    await this.timed('commit graph', () =>
      this.git(['log', '-z', '--topo-order', '--no-color', '--encoding=UTF-8', GRAPH_FORMAT, repo.head, `^${old.repo.head}`, '--'], { onStdout: (chunk) => tokens.push(chunk) }),
    );
    tokens.end();
    if (!parser.hasParent(old.repo.head)) return false;
    const graph = parser.finish(old.graph);
    const data = new HeadData(repo, old.prefix, old.filesDir, graph);
    // What old HEAD's history had stays true; values it did not know are asked again.
    for (const [value, state] of old.resolved) if (state.kind === 'found' || state.kind === 'invalid') data.resolved.set(value, state);
    let range: RangeData | undefined;
    const previous = this.range;
    const boundaryCommit = previous && Number.isFinite(previous.boundary) ? old.mainlineCommits[previous.boundary] : undefined;
    const boundary = !previous ? -1 : boundaryCommit === undefined ? Infinity : data.mainline[graph.indexOf.get(old.graph.hashes[boundaryCommit])!];
    if (previous && boundary !== -1) {
      const shift = graph.hashes.length - old.graph.hashes.length;
      const changes = new Map<string, Array<{ commit: number; status: string; from?: string }>>();
      for (const [path, list] of previous.changes) changes.set(path, list.map((change) => ({ ...change, commit: change.commit + shift })));
      await this.timed('log --name-status', () => this.readLog(data, repo.head, [`^${old.repo.head}`], (change, commit) => addChange(changes, change, commit)));
      for (const list of changes.values()) list.sort((a, b) => a.commit - b.commit);
      range = new RangeData(boundary, changes);
    }
    this.headData = data;
    this.range = range;
    // sync() makes the new snapshot (and resolves what is left).
    this.snapshot = undefined;
    return true;
  }

  /** Step 1: the repository and HEAD; undefined (and unavailable) when there is none. */
  private async revParse(): Promise<RepositoryInfo | undefined> {
    let stdout: string;
    try {
      stdout = await this.git(['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir', '--is-shallow-repository', 'HEAD', '--symbolic-full-name', 'HEAD'], { cwd: this.filesDir });
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      if (error.failure === 'not-installed') return this.setUnavailable('git is not on PATH: translation status (English changes since each translation) is off');
      if (error.failure === 'failed') {
        const why = /not a git repository/i.test(error.stderr)
          ? 'is not in a git repository'
          : /unknown revision|ambiguous argument 'HEAD'|bad revision/i.test(error.stderr)
            ? 'is in a git repository without commits'
            : `cannot be read with git (${error.message})`;
        return this.setUnavailable(`the English root ${this.filesDir} ${why}: translation status (English changes since each translation) is off`);
      }
      throw error;
    }
    const repo = parseRevParse(stdout, this.filesDir);
    if (!repo) throw new Error(`unexpected output from git rev-parse: ${JSON.stringify(stdout.slice(0, 200))}`);
    return repo;
  }

  /** Where the English root is in the repository ('' at the top), or undefined when outside it. */
  private prefixIn(repo: RepositoryInfo): string | undefined {
    let real: string;
    try {
      real = fs.realpathSync.native(this.filesDir);
    } catch {
      real = this.filesDir;
    }
    const relative = nodePath.relative(repo.topLevel, real);
    // The folder goes into `cat-file --batch-check` lines and pathspecs: nothing odd.
    if (relative.startsWith('..') || nodePath.isAbsolute(relative) || /[\0\n\r]/.test(relative)) return undefined;
    return relative.split(nodePath.sep).join('/');
  }

  /** Step 2: every commit of HEAD's history, with parents, date and subject. */
  private async readGraph(repo: RepositoryInfo): Promise<CommitGraph> {
    const parser = new CommitGraphParser();
    const tokens = new NulTokenizer((token) => parser.token(token));
    await this.git(['log', '-z', '--topo-order', '--no-color', '--encoding=UTF-8', GRAPH_FORMAT, repo.head, '--'], { onStdout: (chunk) => tokens.push(chunk) });
    tokens.end();
    return parser.finish();
  }

  /**
   * Step 3: objects looked up in one `cat-file --batch-check`: `extra` names as they are, then for
   * each source commit `<hash>^{commit}` (resolved as `git log <hash>` does: only commits compete
   * for an abbreviation) and, for an abbreviation, the bare name (which tells an ambiguous one from
   * an unknown one). The answers come back in that order.
   */
  private async lookUp(extra: string[], values: string[]): Promise<ObjectLookup[]> {
    const queries = [...extra];
    for (const value of values) {
      queries.push(`${value}^{commit}`);
      if (value.length < 40) queries.push(value);
    }
    if (!queries.length) return [];
    const stdout = await this.git(['cat-file', '--batch-check=%(objectname) %(objecttype)'], { input: queries.join('\n') + '\n' });
    const answers = parseBatchCheck(stdout, queries.length);
    if (!answers) throw new Error(`unexpected output from git cat-file: ${JSON.stringify(stdout.slice(0, 200))}`);
    return answers;
  }

  /** What each source commit names, from {@link lookUp}'s answers (in the same order). */
  private interpret(data: HeadData, values: string[], answers: ObjectLookup[]): void {
    let at = 0;
    for (const value of values) {
      const asCommit = answers[at++];
      const bare = value.length < 40 ? answers[at++] : undefined;
      let state: SourceCommitState;
      if (asCommit.kind === 'found') {
        const i = data.graph.indexOf.get(asCommit.hash);
        state = i === undefined ? { kind: 'not-in-history' } : { kind: 'found', commit: data.commitAt(i) };
      } else if (asCommit.kind === 'ambiguous' || bare?.kind === 'ambiguous') {
        state = { kind: 'ambiguous' };
      } else {
        state = { kind: 'unknown', shallow: data.repo.shallow };
      }
      data.resolved.set(value, state);
    }
  }

  /** Step 4: the English files' changes since the boundary, renames detected. */
  private async readChanges(data: HeadData, boundary: number): Promise<RangeData> {
    const changes = new Map<string, Array<{ commit: number; status: string; from?: string }>>();
    // git's tree diffs are the cost (about 0.15 ms of CPU a commit on mdn-sized trees): a long
    // range is read in slices along HEAD's first-parent line, one git per core, side by side.
    // `a..b` slices of one line partition the range exactly, merges included.
    const end = Number.isFinite(boundary) ? boundary : data.mainlineCommits.length;
    const slices = Math.max(1, Math.min(this.options.logProcesses ?? defaultLogProcesses(), Math.floor(end / (this.options.minCommitsPerLog ?? 2000))));
    const cuts = Array.from({ length: slices + 1 }, (_, i) => Math.round((end * i) / slices));
    const hashAt = (position: number) => data.graph.hashes[data.mainlineCommits[position]];
    await Promise.all(
      cuts.slice(0, -1).map((from, i) => {
        const to = cuts[i + 1];
        return this.readLog(data, hashAt(from), to < data.mainlineCommits.length ? [`^${hashAt(to)}`] : [], (change, commit) => addChange(changes, change, commit));
      }),
    );
    for (const list of changes.values()) list.sort((a, b) => a.commit - b.commit);
    return new RangeData(boundary, changes);
  }

  /** One `git log --name-status -M` of the English folder over `from` minus `exclude`, each change handed over with its commit's index. */
  private async readLog(data: HeadData, from: string, exclude: string[], onChange: (change: FileChange, commit: number) => void): Promise<void> {
    const englishFolder = data.prefix ? `${data.prefix}/${DEFAULT_LOCALE}` : DEFAULT_LOCALE;
    const parser = new NameStatusParser((change) => {
      const commit = data.graph.indexOf.get(change.commit);
      if (commit !== undefined) onChange(change, commit);
    });
    const tokens = new NulTokenizer((token) => parser.token(token));
    // The pathspec is relative to the top level (the tracker may not hold this HEAD's data yet: a restore from the cache).
    await this.git(['log', '-z', '--name-status', '-M', '--no-merges', '--no-color', '--format=%x1e%H', from, ...exclude, '--', englishFolder], {
      cwd: data.repo.topLevel,
      onStdout: (chunk) => tokens.push(chunk),
    });
    tokens.end();
  }

  private git(args: string[], options: { cwd?: string; input?: string; onStdout?: (chunk: string) => void; maxOutput?: number } = {}): Promise<string> {
    this.gitRuns++;
    const cwd = options.cwd ?? this.headData?.repo.topLevel ?? this.filesDir;
    return runGit(args, { ...options, cwd, env: this.options.env, git: this.options.git, timeoutMs: this.options.timeoutMs, signal: this.abort.signal });
  }
}

/** HEAD and the range read: what decides whether the history cache needs writing. */
function storedKey(data: HeadData, range: RangeData | undefined): string {
  return `${data.repo.head} ${range ? range.boundary : 'none'}`;
}

function storedHistory(data: HeadData, range: RangeData | undefined): StoredHistory {
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

function storedChanges([path, list]: [string, Array<{ commit: number; status: string; from?: string }>]): [string, StoredChange[]] {
  return [path, list.map((change): StoredChange => (change.from === undefined ? [change.commit, change.status] : [change.commit, change.status, change.from]))];
}

/** The commit graph listing's format: `hash parents`, committer date, subject. */
const GRAPH_FORMAT = '--format=%H %P%x1f%cI%x1f%s';

function addChange(changes: Map<string, Array<{ commit: number; status: string; from?: string }>>, change: FileChange, commit: number): void {
  const entry = { commit, status: change.status, from: change.from };
  const list = changes.get(change.path);
  if (list) list.push(entry);
  else changes.set(change.path, [entry]);
}

function defaultLogProcesses(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(4, cores));
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
