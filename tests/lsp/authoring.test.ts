/**
 * Authoring features over the real server process (stdio) on a scratch copy of examples/content:
 * signature help, the new quick fixes (did you mean, create glossary entry, create translation,
 * add page-type), front matter diagnostics; and `glossary-lsp check --fix` on a temp copy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ClientCapabilities } from 'vscode-languageserver-protocol/node';
import { copyExampleTree, SERVER, startClient, startExample, stopExample, TestClient, uriOf } from './client';
import { positionOf as positionOfNeedle } from '../helpers/text';

type Position = { line: number; character: number };
interface Action {
  title: string;
  diagnostics?: Array<{ code: string }>;
  edit: {
    changes?: Record<string, Array<{ newText: string; range: { start: Position; end: Position } }>>;
    documentChanges?: Array<{ kind?: string; uri?: string; textDocument?: { uri: string }; edits?: Array<{ newText: string }> }>;
  };
}
interface Help {
  signatures: Array<{ label: string; parameters: Array<{ label: [number, number]; documentation: { value: string } }> }>;
  activeParameter: number;
}

const CREATE_CAPABILITIES: ClientCapabilities = {
  window: { workDoneProgress: true },
  workspace: {
    didChangeWatchedFiles: { dynamicRegistration: true },
    configuration: true,
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
  },
  textDocument: { completion: { completionItem: { snippetSupport: true } }, publishDiagnostics: {}, signatureHelp: {} },
};

let root: string;
let client: TestClient;
const file = (relative: string) => path.join(root, 'files', relative);
const enPage = () => file('en-us/learn/first_steps/index.md');
const frPage = () => file('fr/learn/first_steps/index.md');

/** Positions here are after the last `needle`: the examples repeat their macros. */
const positionOf = (text: string, needle: string, delta = 0) => positionOfNeedle(text, needle, delta, 'last');

const versions = new Map<string, number>();
/** Open the document (first time) or replace its text; resolves with the diagnostics of that version. */
async function show(uri: string, text: string) {
  const version = (versions.get(uri) ?? 0) + 1;
  versions.set(uri, version);
  const published = client.waitForDiagnostics(uri, (p) => p.version === version);
  if (version === 1) await client.open(uri, text, version);
  else await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  return (await published).diagnostics;
}

async function actionsAt(uri: string, text: string, needle: string, diagnostics: unknown[] = []): Promise<Action[]> {
  const at = positionOf(text, needle, 3);
  return (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: at, end: at }, context: { diagnostics } })) as Action[];
}

/** Do what a client does with a "create file" action: create the file with the inserted text, and say so. */
async function applyCreate(action: Action): Promise<string> {
  const [create, edit] = action.edit.documentChanges!;
  expect(create.kind).toBe('create');
  const target = fileURLToPath(create.uri!);
  expect(fs.existsSync(target)).toBe(false);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, edit.edits![0].newText);
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: create.uri, type: 1 }] });
  return target;
}

/**
 * Opens `pageFile`, sees the finding that names `finding.names`, applies the create action titled
 * `title` at `needle`; resolves with the created file and the diagnostics without that finding.
 */
async function createThrough(pageFile: string, finding: { code: string; names: string }, needle: string, title: string): Promise<{ created: string; cleared: Promise<unknown> }> {
  const uri = uriOf(pageFile);
  const text = fs.readFileSync(pageFile, 'utf8');
  const before = await show(uri, text);
  expect(before.some((d) => d.code === finding.code && d.message.includes(finding.names))).toBe(true);
  const actions = await actionsAt(uri, text, needle);
  const action = actions.find((candidate) => candidate.title === title)!;
  expect(action).toBeDefined();
  const cleared = client.waitForDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.message.includes(finding.names)));
  return { created: await applyCreate(action), cleared };
}

beforeAll(async () => {
  ({ root, client } = await startExample({ capabilities: CREATE_CAPABILITIES }));
});

afterAll(() => stopExample(client, root));

describe('signature help', () => {
  it('shows the macro’s parameters with the one the cursor is in', async () => {
    const uri = uriOf(enPage());
    const text = fs.readFileSync(enPage(), 'utf8') + '\nSee {{Glossary("API", "';
    await show(uri, text);
    const help = (await client.connection.sendRequest('textDocument/signatureHelp', {
      textDocument: { uri },
      position: positionOf(text, '"', 1),
      context: { triggerKind: 2, triggerCharacter: ',', isRetrigger: false },
    })) as Help;
    expect(help.activeParameter).toBe(1);
    const [signature] = help.signatures;
    expect(signature.label).toBe('{{Glossary(term, display?)}}');
    expect(signature.parameters.map((param) => signature.label.slice(...param.label))).toEqual(['term', 'display?']);
    expect(signature.parameters[0].documentation.value).toContain('Glossary term');
  });

  it('counts arguments across strings with commas, and is null outside a macro', async () => {
    const uri = uriOf(enPage());
    const text = fs.readFileSync(enPage(), 'utf8') + '\n{{domxref("a, b", "c", ';
    await show(uri, text);
    const help = (await client.connection.sendRequest('textDocument/signatureHelp', { textDocument: { uri }, position: positionOf(text, ', ', 2) })) as Help;
    expect(help.signatures[0].label).toBe('{{domxref(api_name, display?, anchor?, no_code?)}}');
    expect(help.activeParameter).toBe(2);
    const outside = await client.connection.sendRequest('textDocument/signatureHelp', { textDocument: { uri }, position: { line: 0, character: 1 } });
    expect(outside).toBeNull();
  });
});

describe('macro diagnostics', () => {
  it('reports templ-unknown and templ-invalid-arg on the macro', async () => {
    const uri = uriOf(enPage());
    const text = fs.readFileSync(enPage(), 'utf8') + '\n{{domxreg("Element")}} {{cssxref()}} {{Glossary("API", "x", "legacy", 1)}}\n';
    const diagnostics = await show(uri, text);
    const unknown = diagnostics.find((d) => d.code === 'templ-unknown')!;
    expect(unknown.message).toBe('Macro domxreg does not exist');
    expect(unknown.severity).toBe(2);
    expect(unknown.range).toEqual({ start: positionOf(text, '{{domxreg'), end: positionOf(text, '{{domxreg("Element")}}', '{{domxreg("Element")}}'.length) });
    expect(diagnostics.filter((d) => d.code === 'templ-invalid-arg').map((d) => d.message)).toEqual(['Macro cssxref: argument 1 (name) must be provided']);
  });
});

describe('quick fixes', () => {
  it('"Did you mean" rewrites a misspelt term', async () => {
    const uri = uriOf(enPage());
    const text = fs.readFileSync(enPage(), 'utf8') + '\nA {{Glossary("Functon")}} here.\n';
    const diagnostics = await show(uri, text);
    const broken = diagnostics.filter((d) => d.code === 'templ-broken-link' && d.message.includes('Functon'));
    const actions = await actionsAt(uri, text, '{{Glossary("Functon")}}', broken);
    const meant = actions.find((action) => action.title === 'Did you mean Function?')!;
    expect(meant.diagnostics?.map((d) => d.code)).toEqual(['templ-broken-link']);
    const [edit] = meant.edit.changes![uri];
    expect(edit.newText).toBe('Function');
    expect(edit.range.start).toEqual(positionOf(text, 'Functon'));
  });

  it('"Create glossary entry" creates a page that makes the broken term resolve', async () => {
    const { created, cleared } = await createThrough(enPage(), { code: 'templ-broken-link', names: 'Glossary/mixin' }, '{{glossary("mixin")}}', 'Create glossary entry mixin');
    expect(path.relative(root, created)).toBe(path.join('files', 'en-us', 'glossary', 'mixin', 'index.md'));
    expect(fs.readFileSync(created, 'utf8').startsWith('---\ntitle: mixin\nslug: Glossary/mixin\npage-type: glossary-definition\n---\n')).toBe(true);
    await cleared;
    // The new page itself is clean as far as front matter goes.
    const createdDiagnostics = await show(uriOf(created), fs.readFileSync(created, 'utf8'));
    expect(createdDiagnostics.filter((d) => String(d.code).startsWith('front-matter'))).toEqual([]);
  });

  it('"Create translation from English" starts the French page from the English one', async () => {
    const { created, cleared } = await createThrough(
      frPage(),
      { code: 'only-in-en-us', names: '/fr/docs/Glossary/Interface' },
      '{{Glossary("Interface")}}',
      'Create fr translation of Glossary/Interface from English',
    );
    expect(path.relative(root, created)).toBe(path.join('files', 'fr', 'glossary', 'interface', 'index.md'));
    const english = fs.readFileSync(file('en-us/glossary/interface/index.md'), 'utf8');
    const translation = fs.readFileSync(created, 'utf8');
    expect(translation).toContain('\nl10n:\n  sourceCommit:');
    expect(translation.endsWith(english.slice(english.indexOf('\n---\n') + 5))).toBe(true);
    await cleared;
  });

  it('offers no create action to a client that cannot create files', async () => {
    const other = await startClient({ rootPath: root });
    try {
      const uri = uriOf(enPage());
      const text = fs.readFileSync(enPage(), 'utf8') + '\n{{Glossary("Nothing_here")}}\n';
      const published = other.waitForDiagnostics(uri);
      await other.open(uri, text);
      await published;
      const at = positionOf(text, '{{Glossary("Nothing_here")}}', 3);
      const actions = (await other.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: at, end: at },
        context: { diagnostics: [] },
      })) as Action[];
      expect(actions.some((action) => action.title.startsWith('Create'))).toBe(false);
    } finally {
      await other.stop();
    }
  });
});

describe('front matter diagnostics', () => {
  it('a slug that does not map to the folder, a missing page-type (with a fix), YAML that does not parse', async () => {
    const target = file('en-us/glossary/variable/index.md');
    const uri = uriOf(target);
    const good = fs.readFileSync(target, 'utf8');
    expect((await show(uri, good)).filter((d) => String(d.code).startsWith('front-matter'))).toEqual([]);

    const moved = good.replace('slug: Glossary/Variable', 'slug: Glossary/Variables');
    const mismatch = (await show(uri, moved)).find((d) => d.code === 'front-matter-slug-mismatch')!;
    expect(mismatch.severity).toBe(1);
    expect(mismatch.range.start).toEqual(positionOf(moved, 'Glossary/Variables'));

    const untyped = good.replace(/page-type: .*\n/, '');
    const diagnostics = await show(uri, untyped);
    const missing = diagnostics.find((d) => d.code === 'front-matter-missing-page-type')!;
    expect(missing.severity).toBe(2);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: missing.range,
      context: { diagnostics: [missing] },
    })) as Action[];
    const add = actions.find((action) => action.title === 'Add page-type: glossary-definition')!;
    expect(add.diagnostics?.map((d) => d.code)).toEqual(['front-matter-missing-page-type']);
    expect(add.edit.changes![uri][0].newText).toBe('page-type: glossary-definition\n');

    const broken = good.replace('title: ', 'title: [unclosed ');
    const yaml = (await show(uri, broken)).find((d) => d.code === 'front-matter-yaml')!;
    expect(yaml.severity).toBe(1);
    expect(yaml.range.start.line).toBeGreaterThanOrEqual(1);
    expect(yaml.range.start.line).toBeLessThanOrEqual(4);
    await show(uri, good);
  });

  it('two pages with one slug in a locale', async () => {
    const copy = file('en-us/glossary/variable_copy/index.md');
    const text = fs.readFileSync(file('en-us/glossary/variable/index.md'), 'utf8');
    const diagnostics = await show(uriOf(copy), text);
    expect(diagnostics.map((d) => d.code).filter((code) => String(code).startsWith('front-matter'))).toEqual(['front-matter-slug-mismatch', 'front-matter-duplicate-slug']);
  });
});

describe('glossary-lsp check --fix', () => {
  it('fixes redirected and ill-cased references in place, touching nothing else; a second check finds none', () => {
    const original = copyExampleTree();
    const scratch = copyExampleTree();
    try {
      const run = (...args: string[]) =>
        spawnSync(process.execPath, [SERVER, 'check', ...args], { cwd: scratch, encoding: 'utf8', env: { ...process.env, CONTENT_ROOT: '', CONTENT_TRANSLATED_ROOT: '' } });
      const first = run('--fix');
      expect(first.status).toBe(1); // broken links and a syntax error remain
      const fixedLines = first.stdout.split('\n').filter((line) => / fixed /.test(line));
      expect(fixedLines.length).toBeGreaterThanOrEqual(4);
      expect(fixedLines).toContain('files/en-us/learn/first_steps/index.md:16:46 fixed redirected-link: /en-US/docs/Web/Guide/API → /en-US/docs/Web/API');
      expect(fixedLines).toContain('files/en-us/learn/first_steps/index.md:17:42 fixed ill-cased-link: /en-US/docs/web/api → /en-US/docs/Web/API');
      // At the macro's own column, as check reports it; the old term stays as the display text.
      expect(fixedLines).toContain(
        'files/en-us/learn/first_steps/index.md:13:30 fixed templ-redirected-link: {{Glossary("Bézier curve")}} → {{Glossary("Bezier_curve", "Bézier curve")}}',
      );
      expect(first.stdout).toMatch(/Fixed \d+\./);
      expect(first.stdout).not.toMatch(/ (warning|error|information) (redirected-link|ill-cased-link|templ-redirected-link|templ-ill-cased-link) /);

      // Every file is the original with exactly the printed replacements.
      const expected = new Map<string, string[]>();
      const edits = fixedLines.map((line) => {
        const match = /^(.+?):(\d+):(\d+) fixed [\w-]+: (.*) → (.*)$/.exec(line)!;
        return { file: match[1], line: Number(match[2]), column: Number(match[3]), old: match[4], new: match[5] };
      });
      for (const edit of [...edits].sort((a, b) => b.line - a.line || b.column - a.column)) {
        if (!expected.has(edit.file)) expected.set(edit.file, fs.readFileSync(path.join(original, edit.file), 'utf8').split('\n'));
        const lines = expected.get(edit.file)!;
        const chars = [...lines[edit.line - 1]];
        expect(chars.slice(edit.column - 1, edit.column - 1 + [...edit.old].length).join('')).toBe(edit.old);
        chars.splice(edit.column - 1, [...edit.old].length, ...edit.new);
        lines[edit.line - 1] = chars.join('');
      }
      const all = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? all(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      const originalFiles = all(original)
        .map((f) => path.relative(original, f))
        .sort();
      expect(
        all(scratch)
          .map((f) => path.relative(scratch, f))
          .sort(),
      ).toEqual(originalFiles); // no temp file left behind
      for (const relative of originalFiles) {
        const now = fs.readFileSync(path.join(scratch, relative), 'utf8');
        expect(now, relative).toBe(expected.get(relative)?.join('\n') ?? fs.readFileSync(path.join(original, relative), 'utf8'));
      }

      const second = run('--format', 'json');
      const report = JSON.parse(second.stdout) as { issues: Array<{ code: string }> };
      expect(report.issues.filter((issue) => ['redirected-link', 'ill-cased-link', 'templ-redirected-link', 'templ-ill-cased-link'].includes(issue.code))).toEqual([]);
      expect(report.issues.map((issue) => issue.code)).toContain('broken-link');
      expect(second.status).toBe(1);

      // Nothing left to fix: a second --fix changes nothing.
      const third = run('--fix');
      expect(third.stdout.split('\n').filter((line) => / fixed /.test(line))).toEqual([]);
    } finally {
      fs.rmSync(original, { recursive: true, force: true });
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('exits 0 when everything that was found got fixed, and reports fixes in JSON', () => {
    const scratch = copyExampleTree();
    try {
      const page = path.join(scratch, 'files/en-us/web/css/guides/easing_functions/index.md');
      const run = (...args: string[]) =>
        spawnSync(process.execPath, [SERVER, 'check', '--root', scratch, ...args], { encoding: 'utf8', env: { ...process.env, CONTENT_ROOT: '', CONTENT_TRANSLATED_ROOT: '' } });
      expect(run(page).status).toBe(1);
      const fixed = run('--fix', '--format', 'json', page);
      expect(fixed.status).toBe(0);
      const report = JSON.parse(fixed.stdout) as { issues: unknown[]; fixed: Array<{ code: string; old: string; new: string; line: number }> };
      expect(report.issues).toEqual([]);
      expect(report.fixed).toMatchObject([{ code: 'templ-redirected-link', old: '{{Glossary("Bézier curve")}}', new: '{{Glossary("Bezier_curve", "Bézier curve")}}' }]);
      expect(fs.readFileSync(page, 'utf8')).toContain('{{Glossary("Bezier_curve", "Bézier curve")}}');
      expect(run(page).status).toBe(0);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
