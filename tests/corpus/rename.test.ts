/**
 * Find references and rename over real MDN content (../shared/corpus, English only): the
 * references to Glossary/API are exactly what a scan of every page finds, and a rename applied to
 * the tree leaves `glossary-lsp check` with no new issue and the old URLs redirecting.
 * Unpacked once into a fresh temporary folder, removed afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkspaceEdit } from 'vscode-languageserver';
import { runCheck } from '../../server/src/cli/check';
import { ContentIndex, Page } from '../../server/src/content/contentIndex';
import { nodeFileSystem } from '../../server/src/content/fileSystem';
import { GLOSSARY_MACROS, pageReferences } from '../../server/src/content/references';
import { parseRedirects } from '../../server/src/content/redirects';
import { resolveReference, resolveUrl } from '../../server/src/resolve/resolve';
import { scanDocument } from '../../server/src/syntax/document';
import { LineIndex } from '../../server/src/syntax/positions';
import { FeatureContext, fileUri, pageDocument } from '../../server/src/features/context';
import { ReadText, referencesTo } from '../../server/src/features/references';
import { rename } from '../../server/src/features/rename';
import { captureOutput } from '../helpers/text';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');
const TARBALL = path.join(CORPUS, 'mdn-en-us-md.tar.gz');
const present = fs.existsSync(TARBALL);
if (!present) console.warn(`tests/corpus/rename: skipped, corpus tarball not found: ${TARBALL}`);

interface Issue {
  file: string;
  code: string;
  message: string;
}

const readText: ReadText = async (file) => {
  try {
    return { text: fs.readFileSync(file, 'utf8'), version: null };
  } catch {
    return undefined;
  }
};

/** Every en-us index.md, found by walking the folders (not through the index). */
function pagesOnDisk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const at = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...pagesOnDisk(at));
    else if (entry.name === 'index.md') out.push(at);
  }
  return out;
}

/** Apply a workspace edit on disk as an editor would: in order; text edits from the end. */
function applyOnDisk(edit: WorkspaceEdit): void {
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind === 'rename') {
        const to = fileURLToPath(change.newUri);
        if (fs.existsSync(to)) throw new Error(`rename onto an existing file ${to}`);
        fs.mkdirSync(path.dirname(to), { recursive: true });
        fs.renameSync(fileURLToPath(change.oldUri), to);
      } else if (change.kind === 'create') {
        const at = fileURLToPath(change.uri);
        if (!fs.existsSync(at)) fs.writeFileSync(at, '');
      } else throw new Error(`unexpected ${change.kind}`);
      continue;
    }
    const at = fileURLToPath(change.textDocument.uri);
    const before = fs.readFileSync(at, 'utf8');
    const lines = new LineIndex(before);
    const spans = change.edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText })).sort((a, b) => a.start - b.start);
    for (let i = 1; i < spans.length; i++) if (spans[i].start < spans[i - 1].end) throw new Error(`overlapping edits in ${at}`);
    let text = before;
    for (const span of [...spans].reverse()) text = text.slice(0, span.start) + span.newText + text.slice(span.end);
    fs.writeFileSync(at, text);
  }
}

describe.skipIf(!present)('references and rename over the MDN corpus (en-us)', () => {
  let tmp: string;
  let filesDir: string;
  let index: ContentIndex;
  let ctx: FeatureContext;
  const timings: Record<string, number> = {};

  async function check(): Promise<{ issues: Issue[]; stderr: string[] }> {
    const output = captureOutput();
    await runCheck(['--format', 'json', '--root', tmp], output, undefined, tmp);
    return { issues: (JSON.parse(output.stdout[0]) as { issues: Issue[] }).issues, stderr: output.stderr };
  }

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(tmpdir(), 'glossary-rename-'));
    let started = performance.now();
    execFileSync('tar', ['-xzf', TARBALL, '-C', tmp]);
    timings.unpack = performance.now() - started;
    filesDir = path.join(tmp, 'files');
    started = performance.now();
    index = await ContentIndex.build(nodeFileSystem, [filesDir]);
    timings.index = performance.now() - started;
    ctx = { index, glossaryMacros: GLOSSARY_MACROS };
  }, 300_000);

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    console.info(`tests/corpus/rename: ${Object.entries(timings).map(([what, ms]) => `${what} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
  });

  it('references to Glossary/API: exactly the Glossary macros and links that resolve to it, on every page', async () => {
    const api = index.page('en-us', 'Glossary/API')!;
    let started = performance.now();
    const sites = await referencesTo(api, ctx, readText);
    timings.references = performance.now() - started;
    const found = sites.flatMap((site) => (site.kind === 'reference' ? [`${path.relative(filesDir, site.path)}:${site.reference.start}`] : [])).sort();

    // Independently: scan every page on disk, resolve every Glossary macro and link.
    started = performance.now();
    const expected: string[] = [];
    for (const file of pagesOnDisk(path.join(filesDir, 'en-us'))) {
      const doc = scanDocument(fs.readFileSync(file, 'utf8'));
      for (const reference of pageReferences(doc, 'en-us')) {
        if (!reference.glossary && reference.kind !== 'link') continue;
        if (resolveReference(index, reference).page?.path === api.path) expected.push(`${path.relative(filesDir, file)}:${reference.start}`);
      }
    }
    timings.scanAll = performance.now() - started;
    expect(expected.length).toBeGreaterThan(20);
    expect(found).toEqual(expected.sort());
    // The redirects that lead to it are listed too, each on its `from`.
    const redirects = sites.filter((site) => site.kind === 'redirect');
    expect(redirects.length).toBe(index.redirectsTo(api).length);
  }, 120_000);

  it('renaming Glossary/Node (and its subpages) leaves check with no new issue, and the old URLs redirecting', async () => {
    const before = await check();
    const entry = index.page('en-us', 'Glossary/Node') as Page;
    const text = fs.readFileSync(entry.path, 'utf8');
    const doc = pageDocument(fileUri(entry.path), text, 1, 'en-us', entry.path);
    const slugAt = new LineIndex(text).positionAt(text.indexOf('slug: ') + 8);
    const started = performance.now();
    const edit = await rename(doc, slugAt, 'Glossary/Tree_node', ctx, {
      readText,
      client: { documentChanges: true, resourceOperations: ['create', 'rename'] },
    });
    timings.rename = performance.now() - started;
    const renames = edit.documentChanges!.filter((change) => 'kind' in change && change.kind === 'rename');
    expect(renames).toHaveLength(3);
    const edited = edit.documentChanges!.filter((change) => !('kind' in change));
    expect(edited.length).toBeGreaterThan(10);
    const redirectsPath = path.join(filesDir, 'en-us/_redirects.txt');
    const redirectsBefore = parseRedirects(fs.readFileSync(redirectsPath, 'utf8'));
    applyOnDisk(edit);

    const after = await check();
    const oldPath = (file: string) => file.replace('files/en-us/glossary/tree_node/', 'files/en-us/glossary/node/');
    const count = (issues: Issue[]) => {
      const counts = new Map<string, number>();
      for (const issue of issues) counts.set(`${oldPath(issue.file)} ${issue.code}`, (counts.get(`${oldPath(issue.file)} ${issue.code}`) ?? 0) + 1);
      return counts;
    };
    const beforeCounts = count(before.issues);
    const newIssues = [...count(after.issues)].filter(([key, n]) => n > (beforeCounts.get(key) ?? 0));
    expect(newIssues).toEqual([]);
    expect(after.issues.length).toBeLessThanOrEqual(before.issues.length);
    // Problems of the files (line numbers aside: lines were added to _redirects.txt).
    const problems = (lines: string[]) => lines.map((line) => oldPath(line.replace(/:\d+:/, ':')));
    expect(problems(after.stderr).filter((line) => !problems(before.stderr).includes(line))).toEqual([]);

    const moved = await ContentIndex.build(nodeFileSystem, [filesDir]);
    expect(moved.page('en-us', 'Glossary/Node')).toBeUndefined();
    expect(moved.page('en-us', 'Glossary/Tree_node/DOM')?.slug).toBe('Glossary/Tree_node/DOM');
    for (const [from, to] of [
      ['/en-US/docs/Glossary/Node', '/en-US/docs/Glossary/Tree_node'],
      ['/en-US/docs/Glossary/Node/DOM', '/en-US/docs/Glossary/Tree_node/DOM'],
      ['/en-US/docs/Glossary/Node_DOM', '/en-US/docs/Glossary/Tree_node/DOM'],
    ]) {
      expect(resolveUrl(moved, from)).toMatchObject({ kind: 'redirected', suggestion: to });
    }
    // Still sorted as rari writes it (byte order of `from`), still one hop.
    const redirects = fs.readFileSync(redirectsPath, 'utf8');
    const froms = redirects.split('\n').filter((line) => line && !line.startsWith('#')).map((line) => line.split('\t')[0]);
    expect(froms.every((from, i) => i === 0 || froms[i - 1] < from)).toBe(true);
    const parsed = parseRedirects(redirects);
    expect(parsed.map.size).toBe(redirectsBefore.map.size + 3);
    expect(parsed.problems.map((problem) => problem.message)).toEqual(redirectsBefore.problems.map((problem) => problem.message));
    const chains = (r: typeof parsed) => [...r.map.values()].filter((to) => r.map.has(to.split('#')[0].toLowerCase())).length;
    expect(chains(parsed)).toBeLessThanOrEqual(chains(redirectsBefore));
    expect([...parsed.map.values()].filter((to) => /\/Glossary\/Node(\/|#|$)/i.test(to))).toEqual([]);
  }, 300_000);
});
