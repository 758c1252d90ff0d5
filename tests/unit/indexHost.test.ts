/**
 * The index host's rules, with builds that are plain promises the test settles by hand: one build
 * per spec, the newest generation wins, requests wait for it, nothing from a cancelled build is
 * reported, references wait on a promise, a failed build is reported once and retried.
 */
import { describe, expect, it } from 'vitest';
import { BuildSpec, Built, IndexHost } from '../../server/src/lsp/indexHost';

interface FakeIndex {
  roots: string[];
}

interface Job {
  spec: BuildSpec;
  signal: AbortSignal;
  progress: (done: number, total: number) => void;
  finish(): void;
  fail(error: Error): void;
}

/** A host over hand-settled builds and scans; `events` records what it reported. */
function fakeHost(initialRoots: string[]) {
  let roots = initialRoots;
  const builds: Job[] = [];
  const scans: Array<{ index: FakeIndex; signal: AbortSignal; finish(): void; fail(error: Error): void }> = [];
  const events: string[] = [];
  const host = new IndexHost<FakeIndex>({
    settleMs: 0,
    spec: async () => ({ filesDirs: [...roots], glossaryMacros: ['glossary'] }),
    build: (spec, signal, progress) =>
      new Promise<FakeIndex>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(new Error('aborted')));
        builds.push({ spec, signal, progress, finish: () => resolve({ roots: spec.filesDirs }), fail: reject });
      }),
    scan: (index, _spec, signal) =>
      new Promise<void>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(new Error('aborted')));
        scans.push({ index, signal, finish: resolve, fail: reject });
      }),
    events: {
      started: (generation, spec) => events.push(`started ${generation} ${spec.filesDirs.join(',')}`),
      progress: (generation, done, total) => events.push(`progress ${generation} ${done}/${total}`),
      ready: (built) => events.push(`ready ${built.generation}`),
      failed: (generation, _spec, error) => events.push(`failed ${generation} ${(error as Error).message}`),
      referencesScanned: (built, outcome) => events.push(`references ${built.generation} ${outcome}`),
    },
  });
  return {
    host,
    builds,
    scans,
    events,
    setRoots: (next: string[]) => (roots = next),
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** A fake host, started, a tick later (its first build under way). */
async function started(initialRoots: string[]) {
  const fake = fakeHost(initialRoots);
  fake.host.start();
  await tick();
  return fake;
}

describe('IndexHost', () => {
  it('builds once after start, however many refreshes with the same inputs came first or meanwhile', async () => {
    const { host, builds, events } = fakeHost(['/a/files']);
    host.refresh();
    host.refresh();
    await tick();
    expect(builds).toHaveLength(0); // nothing before start (settings not known yet)
    host.start();
    host.refresh();
    await tick();
    expect(builds).toHaveLength(1);
    host.refresh(); // the same inputs again, while building
    await tick();
    builds[0].finish();
    const built = await host.current();
    expect(built.generation).toBe(1);
    host.refresh();
    await tick();
    expect(builds).toHaveLength(1);
    expect(events.filter((e) => e.startsWith('started'))).toEqual(['started 1 /a/files']);
  });

  it('makes a request wait for the build that replaces the one it was waiting for', async () => {
    const { host, builds, events, setRoots } = await started(['/translated/files']);
    const answer = host.current();
    builds[0].progress(10, 100);
    // English arrives through settings while the first build runs: a new generation.
    setRoots(['/translated/files', '/content/files']);
    host.refresh();
    await tick();
    expect(builds).toHaveLength(2);
    expect(builds[0].signal.aborted).toBe(true);
    builds[0].progress(20, 100); // the cancelled build goes on a little: not reported
    builds[1].progress(5, 100);
    builds[1].finish();
    const built = await answer;
    expect(built.generation).toBe(2);
    expect(built.index.roots).toEqual(['/translated/files', '/content/files']);
    expect(events).toEqual(['started 1 /translated/files', 'progress 1 10/100', 'started 2 /translated/files,/content/files', 'progress 2 5/100', 'ready 2']);
  });

  it('does not report a build that ends while a refresh that replaces it is settling', async () => {
    const { host, builds, events, setRoots } = await started(['/translated/files']);
    setRoots(['/translated/files', '/content/files']);
    host.refresh();
    builds[0].finish(); // ends in the settle window, before the new inputs are known
    await tick();
    expect(builds).toHaveLength(2);
    builds[1].finish();
    expect((await host.current()).generation).toBe(2);
    expect(events.filter((e) => e.startsWith('ready'))).toEqual(['ready 2']);
  });

  it('reports a build that ends while a refresh with the same inputs is settling, once settled', async () => {
    const { host, builds, events } = await started(['/a/files']);
    host.refresh();
    builds[0].finish();
    expect((await host.current()).generation).toBe(1);
    expect(builds).toHaveLength(1);
    expect(events.filter((e) => e.startsWith('ready'))).toEqual(['ready 1']);
  });

  it('never reports a build that finished after it was replaced', async () => {
    const { host, builds, events, setRoots } = await started(['/a/files', '/b/files']);
    setRoots(['/a/files']); // a workspace folder removed mid-index
    host.refresh();
    await tick();
    builds[0].finish(); // too late: aborted already
    builds[1].finish();
    const built = await host.current();
    expect(built.index.roots).toEqual(['/a/files']);
    expect(events.filter((e) => e.startsWith('ready'))).toEqual(['ready 2']);
  });

  it('answers references once the scan of the current build resolves, and moves on when the build is replaced', async () => {
    const { host, builds, scans, setRoots } = await started(['/a/files']);
    builds[0].finish();
    await host.current();
    let answered: Built<FakeIndex> | undefined;
    const references = host.withReferences().then((built) => (answered = built));
    await tick();
    expect(answered).toBeUndefined();
    setRoots(['/a/files', '/b/files']);
    host.refresh();
    await tick();
    expect(scans[0].signal.aborted).toBe(true);
    builds[1].finish();
    await tick();
    expect(answered).toBeUndefined(); // waiting for the new build's scan, not answering from the old one
    scans[1].finish();
    await references;
    expect(answered!.generation).toBe(2);
    expect(answered!.referencesComplete).toBe(true);
  });

  it('reports a failed build once, answers from nothing (rejects) until fixed, and retries on the next refresh', async () => {
    const { host, builds, events } = await started(['/a/files']);
    builds[0].fail(new Error('disk on fire'));
    await expect(host.current()).rejects.toThrow('disk on fire');
    expect(host.failed).toBe(true);
    host.refresh(); // same inputs, but the last build failed: retried
    await tick();
    expect(builds).toHaveLength(2);
    builds[1].finish();
    expect((await host.current()).generation).toBe(2);
    expect(host.failed).toBe(false);
    expect(events.filter((e) => e.startsWith('failed'))).toEqual(['failed 1 disk on fire']);
  });

  it('keeps answering from the previous build when a newer one fails, references included', async () => {
    const { host, builds, scans, setRoots } = await started(['/a/files']);
    builds[0].finish();
    await host.current();
    const references = host.withReferences();
    setRoots(['/b/files']);
    host.refresh();
    await tick();
    builds[1].fail(new Error('broken'));
    const built = await references;
    expect(built.generation).toBe(1);
    expect(scans[0].signal.aborted).toBe(true);
  });

  it('reports nothing after dispose', async () => {
    const { host, builds, events } = await started(['/a/files']);
    host.dispose();
    builds[0].finish();
    await tick();
    expect(events).toEqual(['started 1 /a/files']);
  });
});

describe('IndexHost events', () => {
  it('goes on when an event handler throws: requests are still answered', async () => {
    const errors: unknown[] = [];
    const host = new IndexHost<FakeIndex>({
      settleMs: 0,
      spec: async () => ({ filesDirs: ['/a/files'], glossaryMacros: ['glossary'] }),
      build: async (spec) => ({ roots: spec.filesDirs }),
      scan: async () => undefined,
      events: {
        started: () => undefined,
        progress: () => undefined,
        ready: () => {
          throw new Error('a bug in the wiring');
        },
        failed: () => undefined,
        referencesScanned: () => undefined,
      },
      onError: (error) => errors.push(error),
    });
    host.start();
    expect((await host.current()).index.roots).toEqual(['/a/files']);
    expect((await host.withReferences()).referencesComplete).toBe(true);
    expect(errors).toHaveLength(1);
  });
});
