/**
 * The parsers of git's output (server/src/content/gitOutput.ts) and the NUL tokenizer, on output
 * captured from git 2.39 (the exact bytes), split at every possible chunk boundary.
 */
import { describe, expect, it } from 'vitest';
import { CommitGraphParser, FileChange, NameStatusParser, parseBatchCheck, parseRevParse } from '../../server/src/content/gitOutput';
import { gitEnvironment, NulTokenizer } from '../../server/src/content/git';

const H = (c: string) => c.repeat(40);

/** `git log -z --name-status -M --format=%x1e%H`, as git 2.39 prints it. */
const NAME_STATUS = [
  `\x1e${H('a')}\0\nM\0files/en-us/glossary/api/index.md\0`,
  `\x1e${H('b')}\0\nR085\0files/en-us/glossary/old/index.md\0files/en-us/glossary/new/index.md\0M\0files/en-us/web/x/index.md\0`,
  // A commit with nothing listed (a merge), then a root commit adding two files.
  `\x1e${H('c')}\0`,
  `\x1e${H('d')}\0\nA\0files/en-us/glossary/api/index.md\0A\0files/en-us/glossary/é ü/index.md\0`,
].join('');

function parseNameStatus(chunks: string[]): FileChange[] {
  const changes: FileChange[] = [];
  const parser = new NameStatusParser((change) => changes.push(change));
  const tokens = new NulTokenizer((token) => parser.token(token));
  for (const chunk of chunks) tokens.push(chunk);
  tokens.end();
  expect(parser.malformedTokens).toBe(0);
  return changes;
}

describe('NameStatusParser', () => {
  const expected: FileChange[] = [
    { commit: H('a'), status: 'M', path: 'files/en-us/glossary/api/index.md', from: undefined },
    { commit: H('b'), status: 'R', path: 'files/en-us/glossary/new/index.md', from: 'files/en-us/glossary/old/index.md' },
    { commit: H('b'), status: 'M', path: 'files/en-us/web/x/index.md', from: undefined },
    { commit: H('d'), status: 'A', path: 'files/en-us/glossary/api/index.md', from: undefined },
    { commit: H('d'), status: 'A', path: 'files/en-us/glossary/é ü/index.md', from: undefined },
  ];

  it('reads changes, renames (old and new path) and commits without changes', () => {
    expect(parseNameStatus([NAME_STATUS])).toEqual(expected);
  });

  it('gives the same answer however the output is cut into chunks', () => {
    for (let cut = 1; cut < NAME_STATUS.length; cut += 7) {
      expect(parseNameStatus([NAME_STATUS.slice(0, cut), NAME_STATUS.slice(cut)])).toEqual(expected);
    }
    expect(parseNameStatus([...NAME_STATUS])).toEqual(expected);
  });
});

describe('CommitGraphParser', () => {
  it('reads hash, parents, date and subject (which may hold anything but NUL)', () => {
    const parser = new CommitGraphParser();
    const records = [
      `${H('a')} ${H('b')} ${H('c')}\x1f2026-05-02T10:00:00+02:00\x1fMerge: a | b`,
      `${H('c')} ${H('b')}\x1f2026-04-01T00:00:00Z\x1fSide \x1f odd subject`,
      `${H('b')}\x1f2026-01-01T00:00:00Z\x1fRoot`,
    ];
    const tokens = new NulTokenizer((token) => parser.token(token));
    tokens.push(records.join('\0'));
    tokens.end();
    const graph = parser.finish();
    expect(graph.hashes).toEqual([H('a'), H('c'), H('b')]);
    expect(graph.parents).toEqual([[2, 1], [2], []]);
    expect(graph.subjects).toEqual(['Merge: a | b', 'Side \x1f odd subject', 'Root']);
    expect(graph.dates[0]).toBe('2026-05-02T10:00:00+02:00');
    expect(parser.malformedRecords).toBe(0);
  });

  it('leaves out parents it has not seen (a shallow clone) and counts what is not a record', () => {
    const parser = new CommitGraphParser();
    parser.token(`${H('a')} ${H('f')}\x1f2026-01-01T00:00:00Z\x1fEdge`);
    parser.token('garbage');
    expect(parser.finish().parents).toEqual([[]]);
    expect(parser.malformedRecords).toBe(1);
  });
});

describe('parseBatchCheck', () => {
  it('reads found, missing and ambiguous answers, one per query', () => {
    // git 2.39: `printf 'X^{commit}\nX\n' | git cat-file --batch-check='%(objectname) %(objecttype)'` for an abbreviation two commits share.
    expect(parseBatchCheck(`${H('a')} commit\n889f^{commit} missing\n889f ambiguous\n`, 3)).toEqual([
      { kind: 'found', hash: H('a'), type: 'commit' },
      { kind: 'missing' },
      { kind: 'ambiguous' },
    ]);
  });

  it('refuses output that does not answer every query', () => {
    expect(parseBatchCheck(`${H('a')} commit\n`, 2)).toBeUndefined();
    expect(parseBatchCheck('fatal: something\n', 1)).toBeUndefined();
  });
});

describe('parseRevParse', () => {
  it('reads the six lines, resolving the common dir against the folder git ran in', () => {
    const out = `/repo\n/repo/.git\n.git\nfalse\n${H('a')}\nrefs/heads/main\n`;
    expect(parseRevParse(out, '/repo')).toEqual({ topLevel: '/repo', gitDir: '/repo/.git', commonDir: '/repo/.git', shallow: false, head: H('a'), headRef: 'refs/heads/main' });
    expect(parseRevParse(out.replace('refs/heads/main', 'HEAD'), '/repo')?.headRef).toBeUndefined();
    expect(parseRevParse('/repo\n/repo/.git\n.git\ntrue\nHEAD\nHEAD\n', '/repo')).toBeUndefined();
  });
});

describe('gitEnvironment', () => {
  it('drops variables that point git elsewhere and sets the safety ones', () => {
    const env = gitEnvironment({
      PATH: '/bin',
      GIT_DIR: '/evil',
      GIT_WORK_TREE: '/evil',
      GIT_INDEX_FILE: '/x',
      git_dir: '/evil2',
      GIT_CONFIG_GLOBAL: '/home/gitconfig',
      HOME: '/home',
    });
    expect(env.GIT_DIR).toBeUndefined();
    expect(env.GIT_WORK_TREE).toBeUndefined();
    expect(env.GIT_INDEX_FILE).toBeUndefined();
    expect(env.git_dir).toBeUndefined();
    expect(env).toMatchObject({
      PATH: '/bin',
      HOME: '/home',
      GIT_CONFIG_GLOBAL: '/home/gitconfig',
      GIT_TERMINAL_PROMPT: '0',
      GIT_OPTIONAL_LOCKS: '0',
      GIT_LITERAL_PATHSPECS: '1',
      GIT_NO_LAZY_FETCH: '1',
      LC_ALL: 'C',
    });
  });
});
