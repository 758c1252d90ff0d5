/**
 * The English history (server/src/content/englishHistory.ts) against real git repositories built
 * in temporary folders: changes after a source commit, renames followed, a shallow clone, typos,
 * ambiguous abbreviations, merge commits, no repository, no git; git runs a bounded number of times.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { EnglishHistoryTracker } from '../../server/src/content/englishHistory';
import { isolatedGitEnv, pageText, tempFolder, TestRepo } from '../helpers/gitRepo';
import { buildScenario, Scenario } from './scenario';

let temp: ReturnType<typeof tempFolder>;
let scenario: Scenario;
const enPage = (folder: string) => path.join(scenario.englishFiles, 'en-us', folder, 'index.md');
const subjects = (commits: Array<{ subject: string }> | undefined) => commits?.map((commit) => commit.subject);

beforeAll(() => {
  temp = tempFolder('glossary-history-');
  scenario = buildScenario(temp.dir);
});
afterAll(() => temp.remove());

function tracker(filesDir = scenario.englishFiles, extra: { onUnavailable?: (message: string) => void; git?: string } = {}) {
  return new EnglishHistoryTracker(filesDir, { env: scenario.english.env, ...extra });
}

describe('changes after a source commit', () => {
  it('counts the commits that touched the English page after sourceCommit, newest first, with date and subject', async () => {
    const { c1, c2, c5 } = scenario.commits;
    const history = await tracker().update([c1.slice(0, 7)]);
    expect(history).toBeDefined();
    const changes = history!.changesSince(enPage('glossary/api'), c1.slice(0, 7));
    expect(changes?.commits).toEqual([
      { hash: c5, date: '2026-05-02', subject: 'API: fix typo' },
      { hash: c2, date: '2026-02-01', subject: 'API: clarify' },
    ]);
    expect(changes?.source).toEqual({ hash: c1, date: '2026-01-01', subject: 'Add pages' });
    expect(changes?.path).toBe('files/en-us/glossary/api/index.md');
    expect(changes?.pathAtSource).toBe('files/en-us/glossary/api/index.md');
  });

  it('a commit that touched other files only does not count; a page never touched since is up to date', async () => {
    const { c1, c2, c5 } = scenario.commits;
    const history = await tracker().update([c1, c2, c5]);
    expect(history!.changesSince(enPage('glossary/untouched'), c1)?.commits).toEqual([]);
    // web/feature changed in c5 only (c2 touched api and README.md).
    expect(subjects(history!.changesSince(enPage('web/feature'), c2)?.commits)).toEqual(['API: fix typo']);
    expect(history!.changesSince(enPage('glossary/api'), c5)?.commits).toEqual([]);
    expect(subjects(history!.changesSince(enPage('glossary/api'), c2)?.commits)).toEqual(['API: fix typo']);
  });

  it('follows a rename of the English page back to its name at sourceCommit', async () => {
    const { c1, c3 } = scenario.commits;
    const history = await tracker().update([c1, c3]);
    const changes = history!.changesSince(enPage('glossary/new_name'), c1);
    expect(subjects(changes?.commits)).toEqual(['New_name: expand', 'Move Old_name to New_name']);
    expect(changes?.pathAtSource).toBe('files/en-us/glossary/old_name/index.md');
    // From the rename on, the page had its new name.
    const since = history!.changesSince(enPage('glossary/new_name'), c3);
    expect(subjects(since?.commits)).toEqual(['New_name: expand']);
    expect(since?.pathAtSource).toBe('files/en-us/glossary/new_name/index.md');
  });

  it('reads the history once per HEAD: four git commands, then none for values already asked, one cat-file for new ones', async () => {
    const { c1, c2, c3 } = scenario.commits;
    const history = tracker();
    await history.update([c1, c2]);
    expect(history.gitRuns).toBe(4); // rev-parse, commit graph and cat-file (side by side), log --name-status
    await history.update([c2, c1]);
    expect(history.gitRuns).toBe(4);
    // Newer than the boundary: resolved with one cat-file, no new log.
    await history.update([c3]);
    expect(history.gitRuns).toBe(5);
    // Asked together, many values still cost one cat-file.
    await history.update(['1111111', '2222222', '3333333', 'abcdefabcdef']);
    expect(history.gitRuns).toBe(6);
  });

  it('answers nothing for a path outside the English root or a value never asked', async () => {
    const { c1 } = scenario.commits;
    const history = await tracker().update([c1]);
    expect(history!.changesSince(path.join(scenario.englishFiles, 'en-us', '..', '..', 'README.md'), c1)).toBeUndefined();
    expect(history!.changesSince(path.join(scenario.germanFiles, 'de', 'glossary', 'api', 'index.md'), c1)).toBeUndefined();
    expect(history!.sourceCommit('0123456789')).toBeUndefined();
  });
});

describe('source commits that name nothing', () => {
  it('a typo is unknown, a non-hash is invalid; neither is guessed', async () => {
    const history = await tracker().update(['deadbeefcafe', 'not-a-hash', 'abc12', scenario.commits.c1.slice(0, 6)]);
    expect(history!.sourceCommit('deadbeefcafe')).toEqual({ kind: 'unknown', shallow: false });
    expect(history!.sourceCommit('not-a-hash')).toEqual({ kind: 'invalid' });
    // Fewer than 7 digits is not a hash for content, even when git could resolve it.
    expect(history!.sourceCommit('abc12')).toEqual({ kind: 'invalid' });
    expect(history!.sourceCommit(scenario.commits.c1.slice(0, 6))).toEqual({ kind: 'invalid' });
  });

  it('upper-case and surrounding spaces are the same hash', async () => {
    const { c1 } = scenario.commits;
    const history = await tracker().update([` ${c1.toUpperCase()} `]);
    expect(history!.sourceCommit(c1)?.kind).toBe('found');
  });

  it('a shallow clone without the source commit says so', async () => {
    const clone = path.join(temp.dir, 'shallow');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${scenario.english.dir}`, clone], { env: scenario.english.env });
    const { c1, c5 } = scenario.commits;
    const history = await tracker(path.join(clone, 'files')).update([c1, c5]);
    expect(history!.repository.shallow).toBe(true);
    expect(history!.sourceCommit(c1)).toEqual({ kind: 'unknown', shallow: true });
    expect(history!.changesSince(path.join(clone, 'files', 'en-us', 'glossary', 'api', 'index.md'), c5)?.commits).toEqual([]);
  });

  it('a commit the repository has but HEAD does not contain is not in history', async () => {
    const repo = TestRepo.init(path.join(temp.dir, 'branches'), path.join(temp.dir, 'home'));
    repo.write('files/en-us/glossary/a/index.md', pageText('A', 'Glossary/A'));
    repo.commit('Add A', '2026-01-01T00:00:00Z');
    repo.git(['checkout', '-q', '-b', 'next']);
    repo.write('files/en-us/glossary/a/index.md', pageText('A', 'Glossary/A', { body: 'Newer.' }));
    const newer = repo.commit('A: newer', '2026-02-01T00:00:00Z');
    repo.git(['checkout', '-q', 'main']);
    const history = await new EnglishHistoryTracker(path.join(repo.dir, 'files'), { env: repo.env }).update([newer]);
    expect(history!.sourceCommit(newer)).toEqual({ kind: 'not-in-history' });
  });

  it('an abbreviation two commits share is ambiguous (real git: fast-import commits whose hashes share 7 digits)', async () => {
    const repo = TestRepo.init(path.join(temp.dir, 'ambiguous'), path.join(temp.dir, 'home'));
    const { prefix, hashes } = commitsWithSharedPrefix(repo);
    expect(prefix).toBe('50a222a');
    repo.git(['reset', '-q', '--hard', 'main']);
    const [first] = hashes;
    const history = await new EnglishHistoryTracker(path.join(repo.dir, 'files'), { env: repo.env }).update([prefix, first.slice(0, 12), 'fedcba9876']);
    expect(history!.sourceCommit(prefix)).toEqual({ kind: 'ambiguous' });
    expect(history!.sourceCommit(first.slice(0, 12))?.kind).toBe('found');
  });
});

/**
 * A history with a merge: a branch written before the translation (`source`) and merged after it.
 *   base ── main: last line (source) ── readme only ── Merge feature
 *     └── feature: first line ─────────────────────────┘
 */
let mergeRepo: { repo: TestRepo; file: string; source: string; feature: string } | undefined;
function withMerge() {
  if (mergeRepo) return mergeRepo;
  const repo = TestRepo.init(path.join(temp.dir, 'merges'), path.join(temp.dir, 'home'));
  const page = 'files/en-us/glossary/term/index.md';
  const text = (lines: string[]) => pageText('Term', 'Glossary/Term', { body: lines.join('\n\n') });
  repo.write(page, text(['one', 'two', 'three', 'four']));
  repo.commit('base', '2026-01-01T00:00:00Z');
  repo.git(['checkout', '-q', '-b', 'feature']);
  repo.write(page, text(['ONE', 'two', 'three', 'four']));
  const feature = repo.commit('feature: first line', '2026-01-05T00:00:00Z');
  repo.git(['checkout', '-q', 'main']);
  repo.write(page, text(['one', 'two', 'three', 'FOUR']));
  const source = repo.commit('main: last line', '2026-01-10T00:00:00Z');
  repo.write('README.md', 'readme\n');
  repo.commit('readme only', '2026-01-11T00:00:00Z');
  repo.git(['merge', '-q', '--no-ff', '-m', 'Merge feature', 'feature'], { date: '2026-01-20T00:00:00Z' });
  return (mergeRepo = { repo, file: path.join(repo.dir, page), source, feature });
}

describe('merge commits', () => {
  it('counts what HEAD has and the source commit has not (sourceCommit..HEAD); merges themselves do not count', async () => {
    const { repo, file, source, feature } = withMerge();
    // A branch written before the translation and merged after it counts.
    const history = await new EnglishHistoryTracker(path.join(repo.dir, 'files'), { env: repo.env }).update([source]);
    expect(subjects(history!.changesSince(file, source)?.commits)).toEqual(['feature: first line']);
    // A source commit on the merged branch: main's commits after the fork count, the branch's own do not.
    const fromFeature = await new EnglishHistoryTracker(path.join(repo.dir, 'files'), { env: repo.env }).update([feature]);
    expect(subjects(fromFeature!.changesSince(file, feature)?.commits)).toEqual(['main: last line']);
  });
});

describe('a long range read in slices', () => {
  it('gives the same answers as one git log, merges included', async () => {
    const { c1, c2, c3, c5 } = scenario.commits;
    const values = [c1, c2, c3, c5];
    const one = await tracker().update(values);
    const sliced = new EnglishHistoryTracker(scenario.englishFiles, { env: scenario.english.env, logProcesses: 3, minCommitsPerLog: 1 });
    const many = await sliced.update(values);
    expect(sliced.gitRuns).toBe(6); // rev-parse, graph, cat-file, and three slices of log --name-status
    for (const folder of ['glossary/api', 'glossary/new_name', 'glossary/untouched', 'web/feature']) {
      for (const value of values) expect(many!.changesSince(enPage(folder), value)).toEqual(one!.changesSince(enPage(folder), value));
    }
    const { repo, file } = withMerge();
    const commits = repo.git(['rev-list', 'HEAD']).trim().split('\n');
    const whole = await new EnglishHistoryTracker(path.join(repo.dir, 'files'), { env: repo.env }).update(commits);
    const parts = await new EnglishHistoryTracker(path.join(repo.dir, 'files'), { env: repo.env, logProcesses: 4, minCommitsPerLog: 1 }).update(commits);
    for (const commit of commits) expect(parts!.changesSince(file, commit)).toEqual(whole!.changesSince(file, commit));
  });
});

describe('when there is no history', () => {
  it('no git repository: said once, then quiet (no more git)', async () => {
    const plain = path.join(temp.dir, 'plain', 'files');
    mkdirSync(path.join(plain, 'en-us', 'glossary', 'a'), { recursive: true });
    writeFileSync(path.join(plain, 'en-us', 'glossary', 'a', 'index.md'), pageText('A', 'Glossary/A'));
    const messages: string[] = [];
    const ceiling = path.dirname(path.dirname(plain));
    const history = new EnglishHistoryTracker(plain, {
      env: { ...isolatedGitEnv(path.join(temp.dir, 'home')), GIT_CEILING_DIRECTORIES: ceiling },
      onUnavailable: (m) => messages.push(m),
    });
    expect(await history.update(['1234567'])).toBeUndefined();
    expect(await history.update(['7654321'])).toBeUndefined();
    await history.refresh();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/is not in a git repository/);
    expect(history.gitRuns).toBe(1);
    expect(history.watchPaths()).toEqual([]);
  });

  it('no git on PATH: said once', async () => {
    const messages: string[] = [];
    const history = tracker(scenario.englishFiles, { git: path.join(temp.dir, 'no-such-git'), onUnavailable: (m) => messages.push(m) });
    expect(await history.update([scenario.commits.c1])).toBeUndefined();
    expect(await history.update([scenario.commits.c2])).toBeUndefined();
    expect(messages).toEqual(['git is not on PATH: translation status (English changes since each translation) is off']);
  });

  it('English pages not committed: said once', async () => {
    const repo = TestRepo.init(path.join(temp.dir, 'uncommitted'), path.join(temp.dir, 'home'));
    repo.write('README.md', 'x\n');
    repo.commit('readme', '2026-01-01T00:00:00Z');
    repo.write('files/en-us/glossary/a/index.md', pageText('A', 'Glossary/A'));
    const messages: string[] = [];
    const history = new EnglishHistoryTracker(path.join(repo.dir, 'files'), { env: repo.env, onUnavailable: (m) => messages.push(m) });
    expect(await history.update([])).toBeUndefined();
    expect(messages[0]).toMatch(/en-us is not committed in the git repository/);
  });
});

describe('HEAD moves', () => {
  it('watches HEAD, its branch and packed-refs; refresh() recomputes only when HEAD moved', async () => {
    const repo = TestRepo.init(path.join(temp.dir, 'moving'), path.join(temp.dir, 'home'));
    const page = 'files/en-us/glossary/a/index.md';
    repo.write(page, pageText('A', 'Glossary/A'));
    const first = repo.commit('first', '2026-01-01T00:00:00Z');
    const history = new EnglishHistoryTracker(path.join(repo.dir, 'files'), { env: repo.env });
    const seen: string[] = [];
    history.onDidChange((snapshot) => seen.push(snapshot.head));
    const before = await history.update([first]);
    expect(history.watchPaths()).toEqual([path.join(repo.dir, '.git', 'HEAD'), path.join(repo.dir, '.git', 'packed-refs'), path.join(repo.dir, '.git', 'refs', 'heads', 'main')]);
    expect(before!.changesSince(path.join(repo.dir, page), first)?.commits).toEqual([]);
    const runs = history.gitRuns;
    expect(await history.refresh()).toBe(before);
    expect(history.gitRuns).toBe(runs + 1);
    repo.write(page, pageText('A', 'Glossary/A', { body: 'changed' }));
    const second = repo.commit('second', '2026-01-02T00:00:00Z');
    const after = await history.refresh();
    expect(after!.head).toBe(second);
    expect(subjects(after!.changesSince(path.join(repo.dir, page), first)?.commits)).toEqual(['second']);
    expect(seen).toEqual([first, second]);
  });

  it('HEAD moving forward reads only the new commits, and answers as a fresh read would', async () => {
    const { repo, source, feature } = withMerge();
    const moving = TestRepo.init(path.join(temp.dir, 'forward'), path.join(temp.dir, 'home'));
    moving.git(['pull', '-q', repo.dir, 'main']);
    const files = path.join(moving.dir, 'files');
    const page = path.join(moving.dir, 'files/en-us/glossary/term/index.md');
    const base = moving.git(['rev-list', '--max-parents=0', 'HEAD']).trim();
    const values = [base, source, feature];
    const history = new EnglishHistoryTracker(files, { env: moving.env });
    await history.update(values);
    const runs = history.gitRuns;
    // Two more commits, one a merge, then a rename of the page.
    moving.git(['checkout', '-q', '-b', 'side']);
    moving.write('files/en-us/glossary/term/index.md', readFileSync(page, 'utf8') + '\nSide.\n');
    moving.commit('side: add a line', '2026-02-01T00:00:00Z');
    moving.git(['checkout', '-q', 'main']);
    moving.git(['merge', '-q', '--no-ff', '-m', 'Merge side', 'side'], { date: '2026-02-02T00:00:00Z' });
    moving.git(['mv', 'files/en-us/glossary/term', 'files/en-us/glossary/word']);
    moving.commit('Move Term to Word', '2026-02-03T00:00:00Z');
    const after = await history.refresh();
    expect(history.gitRuns - runs).toBe(3); // rev-parse, the new commits' graph, their changes
    const fresh = await new EnglishHistoryTracker(files, { env: moving.env }).update(values);
    const moved = path.join(moving.dir, 'files/en-us/glossary/word/index.md');
    for (const value of values) expect(after!.changesSince(moved, value)).toEqual(fresh!.changesSince(moved, value));
    expect(subjects(after!.changesSince(moved, source)?.commits)).toEqual(['Move Term to Word', 'side: add a line', 'feature: first line']);
    expect(after!.changesSince(moved, source)?.pathAtSource).toBe('files/en-us/glossary/term/index.md');
  });

  it('HEAD moving back (a reset) is read again from scratch', async () => {
    const moving = new TestRepo(path.join(temp.dir, 'forward'), path.join(temp.dir, 'home'));
    const files = path.join(moving.dir, 'files');
    const head = moving.git(['rev-parse', 'HEAD']).trim();
    const base = moving.git(['rev-list', '--max-parents=0', 'HEAD']).trim();
    const history = new EnglishHistoryTracker(files, { env: moving.env });
    await history.update([base]);
    moving.git(['reset', '-q', '--hard', 'HEAD~1']);
    const after = await history.refresh();
    expect(after!.head).not.toBe(head);
    const page = path.join(moving.dir, 'files/en-us/glossary/term/index.md');
    expect(subjects(after!.changesSince(page, base)?.commits)?.sort()).toEqual(['feature: first line', 'main: last line', 'side: add a line']);
    const fresh = await new EnglishHistoryTracker(files, { env: moving.env }).update([base]);
    expect(after!.changesSince(page, base)).toEqual(fresh!.changesSince(page, base));
  });
});

describe('the repository is read, never written', () => {
  it('leaves .git exactly as it was (no lock, no index refresh, no commit-graph, nothing fetched)', async () => {
    const gitDir = path.join(scenario.english.dir, '.git');
    const before = snapshotOf(gitDir);
    const history = tracker();
    const { c1, c3 } = scenario.commits;
    await history.update([c1, c3, 'deadbeefcafe', c1.slice(0, 7)]);
    await history.refresh();
    await history.diff(enPage('glossary/new_name'), c1);
    await history.textAt(c3, 'files/en-us/glossary/new_name/index.md');
    expect(snapshotOf(gitDir)).toEqual(before);
  });
});

describe('the diff of an English page since a source commit', () => {
  it('is git diff between the source commit and HEAD, following the rename', async () => {
    const { c1, c4 } = scenario.commits;
    const history = tracker();
    const result = await history.diff(enPage('glossary/new_name'), c1);
    if ('error' in result) throw new Error(result.error);
    expect(result.diff).toContain('rename from files/en-us/glossary/old_name/index.md');
    expect(result.diff).toContain('rename to files/en-us/glossary/new_name/index.md');
    expect(result.diff).toContain('-slug: Glossary/Old_name');
    expect(result.diff).toContain('+slug: Glossary/New_name');
    expect(result.diff).toContain('+Line five.');
    expect(result.from).toBe(c1);
    expect(await history.textAt(c1, 'files/en-us/glossary/old_name/index.md')).toContain('slug: Glossary/Old_name');
    expect(await history.textAt(c4, 'files/en-us/glossary/new_name/index.md')).toContain('Line five.');
    // Only English files of commits in HEAD's history are served.
    expect(await history.textAt(c1, 'README.md')).toBeUndefined();
    expect(await history.textAt(c1, 'files/en-us/../../README.md')).toBeUndefined();
    expect(await history.textAt('0'.repeat(40), 'files/en-us/glossary/api/index.md')).toBeUndefined();
  });

  it('says why when the source commit is unknown', async () => {
    const result = await tracker().diff(enPage('glossary/api'), 'deadbeefcafe');
    expect(result).toEqual({ error: 'sourceCommit deadbeefcafe is not a commit of the English repository (a typo?)' });
  });
});

/**
 * 397 commits on `main`, made with fast-import, of which the 4th and the 397th share their first
 * 7 hex digits (50a222a). Everything in the stream is fixed (content, names, dates), so the hashes
 * are too; the committer name was picked (by hashing candidate streams) to make the pair come early.
 */
function commitsWithSharedPrefix(repo: TestRepo): { prefix: string; hashes: string[] } {
  const page = '---\ntitle: A\nslug: Glossary/A\n---\nA.\n';
  const stream: string[] = [];
  for (let i = 0; i < 397; i++) {
    const who = `Test 58 <t@example.com> ${1_700_000_000 + i} +0000`;
    const message = `c${i}\n`;
    // `data <n>` then exactly n bytes: the message's newline is the one joining the lines.
    stream.push('commit refs/heads/main', `author ${who}`, `committer ${who}`, `data ${message.length}`, message.slice(0, -1));
    if (i === 0) stream.push('M 100644 inline files/en-us/glossary/a/index.md', `data ${page.length}`, page.slice(0, -1));
    stream.push('');
  }
  repo.git(['fast-import', '--quiet'], { input: stream.join('\n') + '\n' });
  const all = repo.git(['rev-list', '--reverse', 'main']).trim().split('\n');
  const byPrefix = new Map<string, string>();
  for (const hash of all) {
    const prefix = hash.slice(0, 7);
    const other = byPrefix.get(prefix);
    if (other) return { prefix, hashes: [other, hash] };
    byPrefix.set(prefix, hash);
  }
  throw new Error(`no two of ${all.length} commits share 7 hex digits`);
}

/** Every file under a folder with its size and modification time. */
function snapshotOf(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const stat = statSync(full);
        out.push(`${path.relative(dir, full)} ${stat.size} ${stat.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out.sort();
}
