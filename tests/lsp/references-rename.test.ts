/**
 * Find references and rename through the real server process, on a scratch copy of
 * examples/content: the locations, and the exact workspace edit of renaming a glossary term.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InitializeParams, Location, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { copyExampleTree, startClient, startExample, stopExample, TestClient, uriOf } from './client';
import { applyStrictly, nodeDisk } from '../helpers/workspaceEdit';
import { positionOf } from '../helpers/text';

type Pos = { line: number; character: number };
type Rng = { start: Pos; end: Pos };

const CAPABILITIES: InitializeParams['capabilities'] = {
  window: { workDoneProgress: true },
  workspace: {
    didChangeWatchedFiles: { dynamicRegistration: true },
    configuration: true,
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
  },
  textDocument: { publishDiagnostics: {}, rename: { prepareSupport: true }, references: {} },
};

let root: string;
let client: TestClient;
const file = (relative: string) => path.join(root, 'files', relative);
const rel = (uri: string) => path.relative(path.join(root, 'files'), fileURLToPath(uri)).split(path.sep).join('/');

function offsetOf(text: string, position: Pos): number {
  const lines = text.split('\n');
  return lines.slice(0, position.line).reduce((n, line) => n + line.length + 1, 0) + position.character;
}

const textAt = (text: string, range: Rng) => text.slice(offsetOf(text, range.start), offsetOf(text, range.end));

/** The references the server lists from a position in an open page. */
async function referencesAt(uri: string, position: Pos, includeDeclaration: boolean): Promise<Location[]> {
  return (await client.connection.sendRequest('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration } })) as Location[];
}

/** Locations as `path text` lines, the text read from disk. */
const shownOf = (locations: Location[]) => locations.map((location) => `${rel(location.uri)} ${textAt(fs.readFileSync(fileURLToPath(location.uri), 'utf8'), location.range)}`);

async function openFile(relative: string): Promise<{ uri: string; text: string }> {
  const text = fs.readFileSync(file(relative), 'utf8');
  const uri = uriOf(file(relative));
  await client.open(uri, text);
  return { uri, text };
}

beforeAll(async () => {
  ({ root, client } = await startExample({ capabilities: CAPABILITIES }));
});

afterAll(() => stopExample(client, root));

describe('find references', () => {
  it('lists the pages that use Glossary/API, from a macro and from the entry, with the declaration', async () => {
    const { uri, text } = await openFile('en-us/learn/first_steps/index.md');
    const fromMacro = await referencesAt(uri, positionOf(text, '{{Glossary("API")}}', 13), false);
    const shown = shownOf(fromMacro);
    expect(shown).toEqual(['en-us/learn/first_steps/index.md {{Glossary("API")}}', 'en-us/web/api/index.md {{Glossary("API", "APIs")}}']);

    const entry = await openFile('en-us/glossary/api/index.md');
    const fromEntry = await referencesAt(entry.uri, positionOf(entry.text, 'set of features'), true);
    expect(fromEntry.map((location) => rel(location.uri))).toEqual(['en-us/glossary/api/index.md', ...fromMacro.map((location) => rel(location.uri))]);
    expect(textAt(entry.text, fromEntry[0].range)).toBe('Glossary/API');
  });

  it('a translated entry: its own locale’s references and the redirect that leads to it', async () => {
    const entry = await openFile('fr/glossary/method/index.md');
    const locations = await referencesAt(entry.uri, positionOf(entry.text, 'Une'), false);
    const shown = shownOf(locations);
    expect(shown).toEqual([
      'fr/learn/first_steps/index.md {{glossary("method","méthodes")}}',
      'fr/learn/first_steps/index.md {{glossary("Methode", "méthode")}}',
      'fr/_redirects.txt /fr/docs/Glossary/Methode',
    ]);
  });
});

describe('rename', () => {
  it('prepares on a term: its range and the entry’s term; refuses plain text with a message', async () => {
    const { uri, text } = await openFile('en-us/learn/first_steps/index.md');
    const prepared = (await client.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri }, position: positionOf(text, '{{glossary("Method"', 14) })) as {
      range: Rng;
      placeholder: string;
    };
    expect(textAt(text, prepared.range)).toBe('Method');
    expect(prepared.placeholder).toBe('Method');
    await expect(client.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri }, position: positionOf(text, 'This page', 2) })).rejects.toMatchObject({
      code: -32803,
      message: expect.stringContaining('Nothing to rename here'),
    });
  });

  it('refuses a slug that exists, and one with spaces (with the "_" hint)', async () => {
    const { uri, text } = await openFile('en-us/learn/first_steps/index.md');
    const position = positionOf(text, '{{glossary("Method"', 14);
    await expect(client.connection.sendRequest('textDocument/rename', { textDocument: { uri }, position, newName: 'Function' })).rejects.toMatchObject({
      message: expect.stringContaining('/en-US/docs/Glossary/Function already exists'),
    });
    await expect(client.connection.sendRequest('textDocument/rename', { textDocument: { uri }, position, newName: 'Function member' })).rejects.toMatchObject({
      message: expect.stringContaining('Glossary/Function_member'),
    });
  });

  it('renames Glossary/Method to Glossary/Function_member: files, slugs, macros and redirects in en-US and fr', async () => {
    const { uri, text } = await openFile('en-us/learn/first_steps/index.md');
    const edit = (await client.connection.sendRequest('textDocument/rename', {
      textDocument: { uri },
      position: positionOf(text, '{{glossary("Method"', 14),
      newName: 'Function_member',
    })) as WorkspaceEdit;
    // The folders move first; the text edits that follow are addressed to where the files are then.
    const moves = edit.documentChanges!.flatMap((change) =>
      'kind' in change && change.kind === 'rename' ? [{ from: fileURLToPath(change.oldUri), to: fileURLToPath(change.newUri) }] : [],
    );
    const original = (uri: string) => {
      const at = fileURLToPath(uri);
      const move = moves.find((m) => at.startsWith(m.to + path.sep));
      return fs.readFileSync(move ? move.from + at.slice(move.to.length) : at, 'utf8');
    };
    const described = edit.documentChanges!.map((change) => {
      if ('kind' in change) return change.kind === 'rename' ? `rename ${rel(change.oldUri)} → ${rel(change.newUri)} ${JSON.stringify(change.options)}` : `${change.kind}`;
      const before = original(change.textDocument.uri);
      return `${rel(change.textDocument.uri)}: ${change.edits.map((e) => `${JSON.stringify(textAt(before, e.range))}@${e.range.start.line} → ${JSON.stringify(e.newText)}`).join('; ')}`;
    });
    expect(described).toEqual([
      'rename en-us/glossary/method → en-us/glossary/function_member {"overwrite":false,"ignoreIfExists":false}',
      'rename fr/glossary/method → fr/glossary/function_member {"overwrite":false,"ignoreIfExists":false}',
      'en-us/glossary/interface/index.md: "method"@8 → "Function_member"',
      'en-us/glossary/function_member/index.md: "Glossary/Method"@2 → "Glossary/Function_member"',
      'en-us/glossary/object/index.md: "method"@8 → "Function_member"',
      'en-us/learn/first_steps/index.md: "Method"@6 → "Function_member"',
      'en-us/web/api/mediadevices/getusermedia/index.md: "method"@6 → "Function_member\\", \\"method"',
      'fr/glossary/function_member/index.md: "Glossary/Method"@2 → "Glossary/Function_member"',
      'fr/learn/first_steps/index.md: "method"@8 → "Function_member"; "Methode"@13 → "Function_member"',
      'en-us/_redirects.txt: ""@4 → "/en-US/docs/Glossary/Method\\t/en-US/docs/Glossary/Function_member\\n"',
      'fr/_redirects.txt: ""@2 → "/fr/docs/Glossary/Method\\t/fr/docs/Glossary/Function_member\\n"; "/fr/docs/Glossary/Method"@2 → "/fr/docs/Glossary/Function_member"',
    ]);
    // After a folder move no version is checked: a failed check would stop the client half-way.
    const onOpen = edit.documentChanges!.find((change) => !('kind' in change) && change.textDocument.uri === uri) as { textDocument: { version: number | null } };
    expect(onOpen.textDocument.version).toBeNull();

    applyStrictly(nodeDisk, edit as Parameters<typeof applyStrictly>[1]);
    expect(fs.readFileSync(file('en-us/glossary/function_member/index.md'), 'utf8')).toContain('slug: Glossary/Function_member\n');
    expect(fs.readFileSync(file('fr/glossary/function_member/index.md'), 'utf8')).toContain('slug: Glossary/Function_member\n');
    expect(fs.readFileSync(file('en-us/web/api/mediadevices/getusermedia/index.md'), 'utf8')).toContain('{{glossary("Function_member", "method")}}');
    expect(fs.readFileSync(file('fr/learn/first_steps/index.md'), 'utf8')).toContain('{{glossary("Function_member","méthodes")}}');
    expect(fs.readFileSync(file('en-us/_redirects.txt'), 'utf8')).toContain(
      '/en-US/docs/Glossary/Bézier_curve\t/en-US/docs/Glossary/Bezier_curve\n/en-US/docs/Glossary/Method\t/en-US/docs/Glossary/Function_member\n/en-US/docs/Glossary/Mixin_old',
    );
    expect(fs.readFileSync(file('fr/_redirects.txt'), 'utf8').split('\n').slice(2)).toEqual([
      '/fr/docs/Glossary/Method\t/fr/docs/Glossary/Function_member',
      '/fr/docs/Glossary/Methode\t/fr/docs/Glossary/Function_member',
      '',
    ]);

    // The server follows the move: the new entry is used where the old one was, and the old URL redirects to it.
    const changed = [
      'en-us/glossary/interface',
      'en-us/glossary/object',
      'en-us/web/api/mediadevices/getusermedia',
      'fr/learn/first_steps',
      'en-us/glossary/function_member',
      'fr/glossary/function_member',
    ];
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: uriOf(file('en-us/glossary/method/index.md')), type: 3 },
        { uri: uriOf(file('fr/glossary/method/index.md')), type: 3 },
        { uri: uriOf(file('en-us/_redirects.txt')), type: 2 },
        { uri: uriOf(file('fr/_redirects.txt')), type: 2 },
        ...changed.map((folder) => ({ uri: uriOf(file(`${folder}/index.md`)), type: folder.endsWith('function_member') ? 1 : 2 })),
      ],
    });
    const newText = fs.readFileSync(file('en-us/learn/first_steps/index.md'), 'utf8');
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: newText }] });
    const entry = await openFile('en-us/glossary/function_member/index.md');
    let locations: Location[] = [];
    for (let attempt = 0; attempt < 50 && locations.length < 5; attempt++) {
      locations = await referencesAt(entry.uri, positionOf(entry.text, 'A **'), false);
      if (locations.length < 5) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(locations.map((location) => rel(location.uri))).toEqual([
      'en-us/glossary/interface/index.md',
      'en-us/glossary/object/index.md',
      'en-us/learn/first_steps/index.md',
      'en-us/web/api/mediadevices/getusermedia/index.md',
      'en-us/_redirects.txt',
    ]);
  });

  it('refuses to move files for a client that cannot rename them', async () => {
    const scratch = copyExampleTree();
    const plain = await startClient({ rootPath: scratch, capabilities: { textDocument: { publishDiagnostics: {} } } });
    try {
      const at = path.join(scratch, 'files/en-us/learn/first_steps/index.md');
      const text = fs.readFileSync(at, 'utf8');
      await plain.open(uriOf(at), text);
      await expect(
        plain.connection.sendRequest('textDocument/rename', {
          textDocument: { uri: uriOf(at) },
          position: positionOf(text, '{{glossary("Method"', 14),
          newName: 'Function_member',
        }),
      ).rejects.toMatchObject({ message: expect.stringContaining('cannot move files') });
    } finally {
      await plain.stop();
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
