/**
 * The English history kept on disk by HEAD (server/src/content/historyCache.ts): a second tracker
 * at the same HEAD runs no `git log`; after a commit it reads only the new one; the answers are the
 * same as from git alone; a file that is corrupt, tampered with, of another repository, or whose
 * HEAD the repository no longer has is never trusted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EnglishHistory, EnglishHistoryTracker } from '../../server/src/content/englishHistory';
import { DiskHistoryCache, StoredHistory } from '../../server/src/content/historyCache';
import { pageText, tempFolder, TestRepo } from '../helpers/gitRepo';
import { buildScenario, Scenario } from './scenario';

let temp: ReturnType<typeof tempFolder>;
let scenario: Scenario;
const enPage = (folder: string) => path.join(scenario.englishFiles, 'en-us', folder, 'index.md');
const subjects = (history: EnglishHistory | undefined, folder: string, source: string) => history?.changesSince(enPage(folder), source)?.commits.map((c) => c.subject);

beforeAll(() => {
  temp = tempFolder('glossary-history-cache-');
  scenario = buildScenario(temp.dir);
});
afterAll(() => temp.remove());

/** A cache in its own folder whose writes can be waited for. */
function diskCache(dir: string) {
  const writes: Array<Promise<void>> = [];
  const cache = new DiskHistoryCache(dir, { later: (write) => writes.push(write()) });
  return { cache, flushed: () => Promise.all(writes.splice(0)) };
}

/** A tracker over the scenario's English root with that cache, recording the steps it ran. */
function tracked(cache: DiskHistoryCache, filesDir = scenario.englishFiles, env = scenario.english.env) {
  const steps: string[] = [];
  const tracker = new EnglishHistoryTracker(filesDir, { env, cache, onStep: (step) => steps.push(step) });
  return { tracker, steps };
}

describe('the history cache', () => {
  it('a second start at the same HEAD runs no git log and answers the same', async () => {
    const { c1, c2 } = scenario.commits;
    const { cache, flushed } = diskCache(path.join(temp.dir, 'cache-same'));
    const first = tracked(cache);
    const fromGit = await first.tracker.update([c1, c2.slice(0, 9)]);
    await flushed();
    expect(first.steps).toEqual(expect.arrayContaining(['commit graph', 'log --name-status']));
    expect(fs.existsSync(cache.fileFor(scenario.englishFiles))).toBe(true);
    first.tracker.dispose();

    const second = tracked(cache);
    const fromCache = await second.tracker.update([c1, c2.slice(0, 9)]);
    expect(second.steps).toEqual(['rev-parse', 'cache', 'cat-file']);
    expect(second.tracker.gitRuns).toBe(2);
    for (const folder of ['glossary/api', 'glossary/new_name', 'glossary/untouched', 'web/feature']) {
      for (const source of [c1, c2.slice(0, 9)]) expect(subjects(fromCache, folder, source), `${folder} since ${source}`).toEqual(subjects(fromGit, folder, source));
    }
    expect(fromCache!.changesSince(enPage('glossary/new_name'), c1)?.pathAtSource).toBe('files/en-us/glossary/old_name/index.md');
    // Nothing new to keep: not written again.
    await flushed();
    second.tracker.dispose();
  });

  it('a start after a commit reads only the new commit, and a source commit older than the range read widens it', async () => {
    const { c1, c3 } = scenario.commits;
    const repo = copyRepo('cache-advance');
    const { cache, flushed } = diskCache(path.join(temp.dir, 'cache-advance'));
    const first = tracked(cache, path.join(repo.dir, 'files'), repo.env);
    await first.tracker.update([c3]);
    await flushed();
    first.tracker.dispose();

    repo.write('files/en-us/glossary/api/index.md', pageText('API', 'Glossary/API', { body: 'Rewritten.' }));
    repo.commit('API: rewrite', '2026-06-01T10:00:00Z');
    const second = tracked(cache, path.join(repo.dir, 'files'), repo.env);
    const history = await second.tracker.update([c3]);
    expect(second.steps).toEqual(['rev-parse', 'cache', 'commit graph', 'log --name-status', 'cat-file']);
    expect(history!.changesSince(path.join(repo.dir, 'files/en-us/glossary/api/index.md'), c3)?.commits.map((c) => c.subject)).toEqual(['API: rewrite', 'API: fix typo']);
    // c1 lies before the range read (from c3): read again, wider.
    const wider = await second.tracker.update([c1]);
    expect(second.steps.slice(5)).toEqual(['cat-file', 'log --name-status']);
    expect(wider!.changesSince(path.join(repo.dir, 'files/en-us/glossary/api/index.md'), c1)?.commits.map((c) => c.subject)).toEqual([
      'API: rewrite',
      'API: fix typo',
      'API: clarify',
    ]);
    // As git alone answers.
    const fresh = await new EnglishHistoryTracker(path.join(repo.dir, 'files'), { env: repo.env }).update([c1, c3]);
    for (const folder of ['glossary/api', 'glossary/new_name', 'glossary/untouched', 'web/feature']) {
      const file = path.join(repo.dir, 'files/en-us', folder, 'index.md');
      for (const source of [c1, c3]) expect(wider!.changesSince(file, source), `${folder} since ${source}`).toEqual(fresh!.changesSince(file, source));
    }
    await flushed();
    second.tracker.dispose();
    const stored = JSON.parse(fs.readFileSync(cache.fileFor(path.join(repo.dir, 'files')), 'utf8')) as StoredHistory;
    expect(stored.graph.subjects[0]).toBe('API: rewrite');
    expect(stored.range?.boundary).toBe(c1);
  });

  it('after a reset (HEAD no longer a descendant) or in another repository at the same path, everything is read from git', async () => {
    const { c1, c2, c5 } = scenario.commits;
    const repo = copyRepo('cache-reset');
    const filesDir = path.join(repo.dir, 'files');
    const { cache, flushed } = diskCache(path.join(temp.dir, 'cache-reset'));
    const first = tracked(cache, filesDir, repo.env);
    await first.tracker.update([c1]);
    await flushed();
    first.tracker.dispose();

    repo.git(['reset', '-q', '--hard', c2]);
    const afterReset = tracked(cache, filesDir, repo.env);
    const history = await afterReset.tracker.update([c1]);
    expect(afterReset.steps).toContain('log --name-status');
    expect(history!.head).toBe(c2);
    expect(history!.changesSince(path.join(filesDir, 'en-us/glossary/api/index.md'), c1)?.commits.map((c) => c.subject)).toEqual(['API: clarify']);
    expect(history!.commit(c5)).toBeUndefined();
    await flushed();
    afterReset.tracker.dispose();

    // Another repository at the same path: the cached HEAD is unknown to it.
    fs.rmSync(repo.dir, { recursive: true, force: true });
    const other = TestRepo.init(repo.dir, path.join(temp.dir, 'home'));
    other.write('files/en-us/glossary/api/index.md', pageText('API', 'Glossary/API'));
    const otherFirst = other.commit('Another history', '2026-07-01T10:00:00Z');
    other.write('files/en-us/glossary/api/index.md', pageText('API', 'Glossary/API', { body: 'Changed.' }));
    other.commit('Another change', '2026-07-02T10:00:00Z');
    const elsewhere = tracked(cache, filesDir, other.env);
    const fresh = await elsewhere.tracker.update([otherFirst, c1]);
    expect(elsewhere.steps).toContain('commit graph');
    expect(fresh!.changesSince(path.join(filesDir, 'en-us/glossary/api/index.md'), otherFirst)?.commits.map((c) => c.subject)).toEqual(['Another change']);
    expect(fresh!.sourceCommit(c1)).toEqual({ kind: 'unknown', shallow: false });
    elsewhere.tracker.dispose();
  });

  it('ignores a file that is corrupt, tampered with, or of another version', async () => {
    const { c1 } = scenario.commits;
    const { cache, flushed } = diskCache(path.join(temp.dir, 'cache-bad'));
    const first = tracked(cache);
    await first.tracker.update([c1]);
    await flushed();
    first.tracker.dispose();
    const file = cache.fileFor(scenario.englishFiles);
    const good = JSON.parse(fs.readFileSync(file, 'utf8')) as StoredHistory;
    const tampered: Array<[string, (h: StoredHistory) => void]> = [
      ['a parent out of range', (h) => (h.graph.parents[0] = [99])],
      ['a parent before its child', (h) => (h.graph.parents[1] = [0])],
      ['a hash that is not one', (h) => (h.graph.hashes[1] = 'HEAD~1')],
      ['HEAD not first', (h) => h.graph.hashes.reverse()],
      ['a path outside en-us', (h) => (h.range!.changes[0][0] = 'files/en-us/../../etc/passwd')],
      ['a rename from elsewhere', (h) => (h.range!.changes[0][1][0][2] = 'README.md')],
      ['a commit index out of range', (h) => (h.range!.changes[0][1][0][0] = 1000)],
      ['another version', (h) => (h.version = 99)],
      ['another root', (h) => (h.filesDir = '/elsewhere/files')],
      ['no graph', (h) => delete (h as Partial<StoredHistory>).graph],
    ];
    for (const [what, change] of tampered) {
      const copy = structuredClone(good);
      change(copy);
      fs.writeFileSync(file, JSON.stringify(copy));
      expect(await cache.load(scenario.englishFiles), what).toBeUndefined();
    }
    fs.writeFileSync(file, '{"version": 1, "graph": ');
    const errors: string[] = [];
    expect(await new DiskHistoryCache(path.dirname(file), { onError: (m) => errors.push(m) }).load(scenario.englishFiles)).toBeUndefined();
    expect(errors).toHaveLength(1);
    // And the tracker reads git instead.
    const after = tracked(cache);
    const history = await after.tracker.update([c1]);
    expect(after.steps).toContain('log --name-status');
    expect(subjects(history, 'glossary/api', c1)).toEqual(['API: fix typo', 'API: clarify']);
    after.tracker.dispose();
    fs.writeFileSync(file, JSON.stringify(good));
    expect(await cache.load(scenario.englishFiles)).toEqual(good);

    // A link or a FIFO in its place: refused at once, never followed or waited on; a save replaces it.
    const elsewhere = path.join(temp.dir, 'elsewhere.json');
    fs.writeFileSync(elsewhere, JSON.stringify(good));
    fs.rmSync(file);
    fs.symlinkSync(elsewhere, file);
    expect(await cache.load(scenario.englishFiles)).toBeUndefined();
    fs.rmSync(file);
    execFileSync('mkfifo', [file]);
    expect(await cache.load(scenario.englishFiles)).toBeUndefined();
    // The save's temporary file made anew: a link put at its name is replaced, its target untouched.
    fs.symlinkSync(elsewhere, `${file}.${process.pid}.tmp`);
    const saving = diskCache(path.dirname(file));
    saving.cache.save(scenario.englishFiles, () => good);
    await saving.flushed();
    expect(fs.lstatSync(file).isFile()).toBe(true);
    expect(await cache.load(scenario.englishFiles)).toEqual(good);
    expect(fs.readFileSync(elsewhere, 'utf8')).toBe(JSON.stringify(good));
  });
});

/** A copy of the scenario's English repository (a clone keeps its objects; tests here move HEAD). */
function copyRepo(name: string): TestRepo {
  const dir = path.join(temp.dir, name, 'content');
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.cpSync(scenario.english.dir, dir, { recursive: true });
  return new TestRepo(dir, path.join(temp.dir, 'home'));
}
