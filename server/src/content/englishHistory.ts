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
 * What is known at one HEAD, and the answers from it, is englishHistoryAtHead.ts.
 * The git commands themselves (steps 2 to 4) are englishHistoryGit.ts.
 */
import * as nodePath from 'node:path';
import { GitError } from './git';
import { EnglishGit, EnglishGitOptions } from './englishHistoryGit';
import type { HistoryCache } from './historyCache';
import { COMMIT_HASH, parseRevParse, RepositoryInfo } from './gitOutput';
import { addChange, describeSource, EnglishHistory, englishPrefix, FileChanges, HeadData, rangeFromStored, RangeData, storedHistory, storedKey } from './englishHistoryAtHead';
import { DEFAULT_LOCALE } from './slugs';

// The answers at one HEAD live in englishHistoryAtHead.ts; callers get them here too.
export { describeSource, EnglishHistory } from './englishHistoryAtHead';
export type { EnglishChanges, EnglishCommit, SourceCommitState } from './englishHistoryAtHead';

/** What a tracker is told: how git runs (see {@link EnglishGitOptions}), and what it reports. */
export interface EnglishHistoryOptions extends EnglishGitOptions {
  /** Called once, when the feature cannot work here (no git, no repository, English not committed). */
  onUnavailable?: (message: string) => void;
  /** Called when a git command fails in a way worth logging (the last answers are kept). */
  onError?: (message: string) => void;
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
  /** The git commands, run in this repository and cancelled with the tracker. */
  private readonly reads: EnglishGit;
  private readonly listeners = new Set<(history: EnglishHistory) => void>();
  /** What the history cache holds for this root (HEAD and range), as far as this tracker knows. */
  private stored: string | undefined;

  constructor(
    readonly filesDir: string,
    private readonly options: EnglishHistoryOptions = {},
  ) {
    this.filesDir = nodePath.resolve(filesDir);
    this.reads = new EnglishGit(options, this.abort.signal, () => this.headData?.repo.topLevel ?? this.filesDir);
  }

  /** Git commands run so far (for tests and the bench: the count is bounded per HEAD). */
  get gitRuns(): number {
    return this.reads.runs;
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
      const diff = await this.reads.run(['diff', '--no-color', '--no-ext-diff', '--no-textconv', '-M', changes.source.hash, history.head, '--', ...paths], {
        maxOutput: 16 * 2 ** 20,
      });
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
      return await this.reads.run(['cat-file', 'blob', `${commit}:${repositoryPath}`], { maxOutput: 16 * 2 ** 20 });
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
      const prefix = englishPrefix(this.filesDir, repo);
      if (prefix === undefined) return this.setUnavailable(`the English root ${this.filesDir} is not inside its git repository ${repo.topLevel}`);
      // The commit graph and the object lookups run side by side; the lookups also ask whether
      // the English pages are committed at all (their history means nothing otherwise).
      const values = [...this.wanted];
      const englishTree = `${repo.head}:${prefix ? prefix + '/' : ''}${DEFAULT_LOCALE}`;
      // A first read may start from the history kept on disk (this HEAD's, or an ancestor's).
      const restored = !knownRepo && (await this.restore(repo, prefix));
      const [graph, [tree, ...answers]] = await Promise.all([
        restored ? undefined : this.timed('commit graph', () => this.reads.readGraph(repo.head)),
        this.timed('cat-file', () => this.reads.lookUp([englishTree], values)),
      ]);
      if (tree.kind !== 'found' || tree.type !== 'tree')
        return this.setUnavailable(`${nodePath.join(this.filesDir, DEFAULT_LOCALE)} is not committed in the git repository ${repo.topLevel}`);
      if (graph) {
        this.headData = new HeadData(repo, prefix, this.filesDir, graph);
        this.range = undefined;
      }
      this.snapshot = undefined;
      this.headData!.interpret(values, answers);
      resolvedNow = values.length;
    }
    const data = this.headData!;
    const unresolved = [...this.wanted].filter((value) => !data.resolved.has(value));
    if (unresolved.length) {
      data.interpret(unresolved, await this.timed('cat-file', () => this.reads.lookUp([], unresolved)));
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
      this.range = await this.timed('log --name-status', () => this.reads.readChanges(data, boundary));
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
    const old = new HeadData(same ? repo : { ...repo, head: stored.head, headRef: stored.headRef ?? undefined }, prefix, this.filesDir, {
      hashes,
      parents,
      dates,
      subjects,
      indexOf,
    });
    const range = rangeFromStored(old, stored);
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
    const parser = await this.timed('commit graph', () => this.reads.graphSince(repo.head, [`^${old.repo.head}`]));
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
      const changes = new Map<string, FileChanges>();
      for (const [path, list] of previous.changes)
        changes.set(
          path,
          list.map((change) => ({ ...change, commit: change.commit + shift })),
        );
      await this.timed('log --name-status', () => this.reads.readLog(data, repo.head, [`^${old.repo.head}`], (change, commit) => addChange(changes, change, commit)));
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
      stdout = await this.reads.run(['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir', '--is-shallow-repository', 'HEAD', '--symbolic-full-name', 'HEAD'], {
        cwd: this.filesDir,
      });
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
}
