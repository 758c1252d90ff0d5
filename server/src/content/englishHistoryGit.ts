/**
 * The git commands of the English history (englishHistory.ts): the commit graph of HEAD's history,
 * source commits looked up in one `cat-file`, the English files' changes over a range (in slices,
 * side by side), each run with fixed arguments and counted.
 */
import { defaultLogProcesses, NulTokenizer, runGit } from './git';
import { CommitGraph, CommitGraphParser, FileChange, NameStatusParser, ObjectLookup, parseBatchCheck } from './gitOutput';
import { addChange, FileChanges, HeadData, RangeData } from './englishHistoryAtHead';
import { DEFAULT_LOCALE } from './slugs';

/** How git runs for the English history. */
export interface EnglishGitOptions {
  /** The environment git runs with (default process.env; GIT_DIR and the like are dropped anyway). */
  env?: NodeJS.ProcessEnv;
  /** The git program (default `git` on PATH). */
  git?: string;
  /** Longest a single git command may run (default 120 s). */
  timeoutMs?: number;
  /** Most `git log --name-status` processes run side by side over slices of a long range (default: the cores, up to 4). */
  logProcesses?: number;
  /** Fewest commits a slice is worth (default 2000). */
  minCommitsPerLog?: number;
}

/** The commit graph listing's format: `hash parents`, committer date, subject. */
const GRAPH_FORMAT = '--format=%H %P%x1f%cI%x1f%s';

export class EnglishGit {
  /** Git commands run so far (for tests and the bench: the count is bounded per HEAD). */
  runs = 0;

  constructor(
    private readonly options: EnglishGitOptions,
    private readonly signal: AbortSignal,
    /** Where git runs unless told: the repository's top level once known. */
    private readonly defaultCwd: () => string,
  ) {}

  /** Step 2: every commit of HEAD's history, with parents, date and subject. */
  async readGraph(head: string): Promise<CommitGraph> {
    return (await this.graphSince(head, [])).finish();
  }

  /** The commits of `head`'s history minus `exclude`'s, parsed (the caller finishes the graph). */
  async graphSince(head: string, exclude: string[]): Promise<CommitGraphParser> {
    const parser = new CommitGraphParser();
    const tokens = new NulTokenizer((token) => parser.token(token));
    await this.run(['log', '-z', '--topo-order', '--no-color', '--encoding=UTF-8', GRAPH_FORMAT, head, ...exclude, '--'], { onStdout: (chunk) => tokens.push(chunk) });
    tokens.end();
    return parser;
  }

  /**
   * Step 3: objects looked up in one `cat-file --batch-check`: `extra` names as they are, then for
   * each source commit `<hash>^{commit}` (resolved as `git log <hash>` does: only commits compete
   * for an abbreviation) and, for an abbreviation, the bare name (which tells an ambiguous one from
   * an unknown one). The answers come back in that order.
   */
  async lookUp(extra: string[], values: string[]): Promise<ObjectLookup[]> {
    const queries = [...extra];
    for (const value of values) {
      queries.push(`${value}^{commit}`);
      if (value.length < 40) queries.push(value);
    }
    if (!queries.length) return [];
    const stdout = await this.run(['cat-file', '--batch-check=%(objectname) %(objecttype)'], { input: queries.join('\n') + '\n' });
    const answers = parseBatchCheck(stdout, queries.length);
    if (!answers) throw new Error(`unexpected output from git cat-file: ${JSON.stringify(stdout.slice(0, 200))}`);
    return answers;
  }

  /** Step 4: the English files' changes since the boundary, renames detected. */
  async readChanges(data: HeadData, boundary: number): Promise<RangeData> {
    const changes = new Map<string, FileChanges>();
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
  async readLog(data: HeadData, from: string, exclude: string[], onChange: (change: FileChange, commit: number) => void): Promise<void> {
    const englishFolder = data.prefix ? `${data.prefix}/${DEFAULT_LOCALE}` : DEFAULT_LOCALE;
    const parser = new NameStatusParser((change) => {
      const commit = data.graph.indexOf.get(change.commit);
      if (commit !== undefined) onChange(change, commit);
    });
    const tokens = new NulTokenizer((token) => parser.token(token));
    // The pathspec is relative to the top level (the tracker may not hold this HEAD's data yet: a restore from the cache).
    await this.run(['log', '-z', '--name-status', '-M', '--no-merges', '--no-color', '--format=%x1e%H', from, ...exclude, '--', englishFolder], {
      cwd: data.repo.topLevel,
      onStdout: (chunk) => tokens.push(chunk),
    });
    tokens.end();
  }

  /** One git command, counted, cancelled with the tracker. */
  run(args: string[], options: { cwd?: string; input?: string; onStdout?: (chunk: string) => void; maxOutput?: number } = {}): Promise<string> {
    this.runs++;
    const cwd = options.cwd ?? this.defaultCwd();
    return runGit(args, { ...options, cwd, env: this.options.env, git: this.options.git, timeoutMs: this.options.timeoutMs, signal: this.signal });
  }
}
