/**
 * Renaming a glossary entry in a real Neovim (Debian's 0.7.2, headless) against the built server:
 * the rename either completes or changes nothing, whatever the client declares.
 * - Moving Glossary/API (its folder in en-us and fr) with Neovim's own capabilities (no
 *   `documentChanges`): refused with a message; no file changes.
 * - The same with `documentChanges` declared (a common configuration): refused, since Neovim 0.7
 *   cannot move a folder; no file changes.
 * - The edit a capable client gets (folder moves first), applied by Neovim 0.7's own
 *   vim.lsp.util.apply_workspace_edit: it fails on the first operation, before anything changed.
 * - A case-only rename of Glossary/Interface moves nothing: it completes (slug, redirects).
 * The editor side is neovim-rename.lua; :wall saves whatever the edit changed, as a user would.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ContentIndex } from '../../server/src/content/contentIndex';
import { nodeFileSystem } from '../../server/src/content/fileSystem';
import { GLOSSARY_MACROS } from '../../server/src/content/pageReferences';
import { fileUri, pageDocument } from '../../server/src/features/context';
import { rename } from '../../server/src/features/rename';
import { LineIndex } from '../../server/src/syntax/positions';
import { nvimAvailable, REPO, runEditorScript, ScriptRun, SERVER_JS } from './harness';

const REQUIRE = process.env.GLOSSARY_REQUIRE_REAL_CLIENTS === '1';
const LAUNCH = {
  command: 'nvim',
  args: ['--headless', '--clean', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(__dirname, 'neovim-rename.lua')}`],
  logFile: (scratch: string) => path.join(scratch, 'cache', 'nvim', 'lsp.log'),
};
const FIRST_STEPS = 'files/en-us/learn/first_steps/index.md';
const INTERFACE = 'files/en-us/glossary/interface/index.md';

/** LSP position of `needle` (plus `delta`) in a file of examples/content. */
function positionIn(relative: string, needle: string, delta: number) {
  const text = fs.readFileSync(path.join(REPO, 'examples/content', relative), 'utf8');
  const at = text.indexOf(needle);
  if (at === -1) throw new Error(`examples/content/${relative} no longer contains ${needle}`);
  return new LineIndex(text).positionAt(at + delta);
}

/** The files that differ between two snapshots, with how. */
function differences(run: ScriptRun): string[] {
  const out: string[] = [];
  for (const [file, bytes] of run.before) {
    const now = run.after.get(file);
    if (now === undefined) out.push(`gone: ${file}`);
    else if (bytes && now && !bytes.equals(now)) out.push(`changed: ${file}`);
  }
  for (const file of run.after.keys()) if (!run.before.has(file)) out.push(`new: ${file}`);
  return out.sort();
}

const available = nvimAvailable();
if (!available.ok && !REQUIRE) console.warn(`[skipped] Neovim rename: ${available.reason}`);

describe.skipIf(!available.ok && !REQUIRE)('Neovim 0.7 renames a glossary entry: completes, or changes nothing', () => {
  const runs: Record<string, ScriptRun> = {};
  const context = (name: string) => {
    const run = runs[name];
    return `editor exit=${run?.exitCode} after ${run?.ms} ms\nresult: ${JSON.stringify(run?.result, null, 1)?.slice(0, 3000)}\nstderr: ${run?.stderr}\nlog: ${run?.log}`;
  };

  beforeAll(async () => {
    if (!available.ok) throw new Error(`${available.reason}; run \`bash .ci/install-editors.sh\` (as root)`);
    if (!fs.existsSync(SERVER_JS)) throw new Error(`server not built: ${SERVER_JS} is missing (run \`npm test\`, which builds first)`);
    const moveApi = { file: FIRST_STEPS, position: positionIn(FIRST_STEPS, '{{Glossary("API")}}', 13), newName: 'Application_programming_interface' };
    const planOf =
      (scenario: { file: string; position: unknown; newName: string }, extra: Record<string, unknown> = {}) =>
      (root: string) => ({ ...scenario, file: path.join(root, scenario.file), ...extra });
    runs.plain = await runEditorScript(LAUNCH, planOf(moveApi));
    runs.documentChanges = await runEditorScript(LAUNCH, planOf(moveApi, { documentChanges: true }));
    // The edit a client that can move folders gets, computed by the engine on the same copy.
    runs.direct = await runEditorScript(LAUNCH, async (root) => {
      const index = await ContentIndex.build(nodeFileSystem, [path.join(root, 'files')]);
      const file = path.join(root, FIRST_STEPS);
      const text = fs.readFileSync(file, 'utf8');
      const readText = async (p: string) => ({ text: fs.readFileSync(p, 'utf8'), version: null });
      const edit = await rename(
        pageDocument(fileUri(file), text, 1, 'en-us', file),
        moveApi.position,
        moveApi.newName,
        { index, glossaryMacros: GLOSSARY_MACROS },
        {
          readText,
          files: nodeFileSystem,
          client: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'], name: 'Visual Studio Code' },
        },
      );
      return { file, applyEdit: edit };
    });
    runs.caseOnly = await runEditorScript(LAUNCH, planOf({ file: INTERFACE, position: positionIn(INTERFACE, 'slug: Glossary/Interface', 8), newName: 'Glossary/INTERFACE' }));
  }, 240_000);

  it('moving the entry with Neovim’s own capabilities: refused, saying why; no file changes', () => {
    const run = runs.plain;
    expect(run.result?.errors ?? ['no result'], context('plain')).toEqual([]);
    expect(run.result.workspaceEditCapabilities.documentChanges ?? false).toBe(false);
    expect(run.result.rename.error, context('plain')).toMatch(/cannot move files in a workspace edit.*Nothing was changed/);
    expect(differences(run)).toEqual([]);
  });

  it('moving the entry with documentChanges declared: refused (Neovim 0.7 cannot move a folder); no file changes', () => {
    const run = runs.documentChanges;
    expect(run.result?.errors ?? ['no result'], context('documentChanges')).toEqual([]);
    expect(run.result.workspaceEditCapabilities.documentChanges).toBe(true);
    expect(run.result.rename.error, context('documentChanges')).toMatch(/Neovim 0\.7\.\d+ cannot move a folder/);
    expect(differences(run)).toEqual([]);
  });

  it('the full edit applied by Neovim 0.7 itself stops at its first operation, before anything changed', () => {
    const run = runs.direct;
    expect(run.result?.errors ?? ['no result'], context('direct')).toEqual([]);
    const first = run.result?.direct;
    expect(first?.applied, context('direct')).toBe(false);
    expect(first.error).toMatch(/is a directory|E502/);
    expect(run.result.wall.ok, context('direct')).toBe(true);
    expect(differences(run)).toEqual([]);
  });

  it('a case-only rename (nothing moves) completes: the slug and the redirect to it follow, nothing else changes', () => {
    const run = runs.caseOnly;
    expect(run.result?.errors ?? ['no result'], context('caseOnly')).toEqual([]);
    expect(run.result.rename.error, context('caseOnly')).toBe(null);
    expect(run.result.rename.applied, context('caseOnly')).toBe(true);
    expect(run.result.modifiedAfterWall).toEqual([]);
    expect(differences(run)).toEqual(['changed: files/en-us/_redirects.txt', `changed: ${INTERFACE}`]);
    const text = (file: string) => run.after.get(file)!.toString('utf8');
    const was = (file: string) => run.before.get(file)!.toString('utf8');
    expect(text(INTERFACE)).toBe(was(INTERFACE).replace('slug: Glossary/Interface', 'slug: Glossary/INTERFACE'));
    expect(text('files/en-us/_redirects.txt')).toBe(
      was('files/en-us/_redirects.txt').replace('/en-US/docs/Glossary/Mixin_old\t/en-US/docs/Glossary/Interface', '/en-US/docs/Glossary/Mixin_old\t/en-US/docs/Glossary/INTERFACE'),
    );
  });
});
