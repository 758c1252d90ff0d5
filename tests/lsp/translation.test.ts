/**
 * Translation status through the real server over stdio, on real git repositories built in temp
 * folders (tests/git/scenario.ts): a translator's set-up — the workspace is the translated tree, the
 * English clone is another content root. The diagnostics arrive once git has answered (the editor
 * never waits), the hovers, the code actions (the edit applied and the front matter compared byte
 * for byte), the command run by the server (a read-only diff document), the English texts VS Code's
 * diff editor asks for. Never a prompt. The session: translationSession.ts; HEAD moving, a second
 * start, other clients, a shallow clone and no repository: translation-repository.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyWorkspaceEdit, MemoryDisk } from '../helpers/workspaceEdit';
import { pageText } from '../helpers/gitRepo';
import { uriOf } from './client';
import { positionOf } from '../helpers/text';
import { hoverOnSourceCommit, hoverText, openAndWait, session, Session, translationDiagnostics, until, codeActionsFor } from './translationSession';

describe('a translator’s workspace, English a git clone (push diagnostics)', () => {
  let s: Session;
  beforeAll(async () => {
    s = await session();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('publishes translation-outdated on the sourceCommit line once git has answered', async () => {
    const { text, diagnostics } = await openAndWait(s, 'glossary/api', (d) => d.length > 0);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'translation-outdated',
      severity: 3,
      source: 'glossary-lsp',
      message: 'English changed in 2 commits since this translation (latest 2026-05-02: API: fix typo)',
    });
    const start = positionOf(text, 'sourceCommit');
    expect(diagnostics[0].range).toEqual({ start, end: { line: start.line, character: start.character + `sourceCommit: ${s.scenario.commits.c1.slice(0, 7)}`.length } });
  });

  it('tells a typo’d hash (warning) and a page without sourceCommit (information); says nothing on pages up to date', async () => {
    const typo = await openAndWait(s, 'glossary/http', (d) => d.length > 0);
    expect(typo.diagnostics.map((d) => [d.code, d.severity])).toEqual([['translation-source-unknown', 2]]);
    expect(typo.diagnostics[0].message).toBe('sourceCommit deadbeefcafe is not a commit of the English repository (a typo?)');
    const legacy = await openAndWait(s, 'glossary/legacy', (d) => d.length > 0);
    expect(legacy.diagnostics.map((d) => [d.code, d.severity])).toEqual([['translation-no-source-commit', 3]]);
    expect(legacy.text.split('\n')[legacy.diagnostics[0].range.start.line]).toBe('translation_of: Glossary/Legacy');
    // Up to date: the page's diagnostics are published (after git answered) with nothing about translation.
    for (const folder of ['glossary/untouched', 'glossary/current']) {
      const uri = uriOf(s.germanFile(folder));
      const published = s.client.waitForDiagnostics(uri, () => true, 30_000);
      await s.client.open(uri, fs.readFileSync(s.germanFile(folder), 'utf8'));
      await published;
      // Asked after git answered for the page's source commit (the other pages share it): still nothing.
      await until(async () => !!(await hoverOnSourceCommit(s, folder)));
      expect(translationDiagnostics(s.client.diagnostics.get(uri)), folder).toEqual([]);
    }
  });

  it('hovers sourceCommit with the English commits since (date, short hash, subject)', async () => {
    const { c2, c5 } = s.scenario.commits;
    const text = hoverText(await hoverOnSourceCommit(s, 'glossary/api'));
    expect(text).toContain("**English changed in 2 commits** since this translation's source commit");
    expect(text).toContain(`- 2026-05-02 \`${c5.slice(0, 7)}\` API: fix typo`);
    expect(text).toContain(`- 2026-02-01 \`${c2.slice(0, 7)}\` API: clarify`);
    // Through the English page's rename.
    await openAndWait(s, 'glossary/new_name', (d) => d.length > 0);
    const renamed = hoverText(await hoverOnSourceCommit(s, 'glossary/new_name'));
    expect(renamed).toContain('**English changed in 2 commits**');
    expect(renamed).toContain('_The English page was `files/en-us/glossary/old_name/index.md` then._');
    expect(hoverText(await hoverOnSourceCommit(s, 'glossary/untouched'))).toContain("**English page unchanged** since this translation's source commit");
  });

  it('says in the hover of a glossary macro that the German entry it links is behind', async () => {
    const folder = 'glossary/current';
    const uri = uriOf(s.germanFile(folder));
    const text = pageText('Aktuell', 'Glossary/Current', { sourceCommit: s.scenario.commits.c5, body: 'Siehe {{Glossary("API")}} und {{Glossary("Untouched")}}.' });
    await s.client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
    const api = hoverText(await s.client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '{{Glossary("API")}}', 13) }));
    expect(api).toContain('German entry is 2 English commits behind');
    const untouched = hoverText(
      await s.client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '{{Glossary("Untouched")}}', 13) }),
    );
    expect(untouched).toContain('Unberührt');
    expect(untouched).not.toContain('behind');
  });

  it('offers "Show English changes" and "Mark translation as up to date"; the edit changes the value alone', async () => {
    const { c1, c5 } = s.scenario.commits;
    const file = s.germanFile('glossary/api');
    const uri = uriOf(file);
    const before = fs.readFileSync(file, 'utf8');
    const diagnostic = translationDiagnostics(s.client.diagnostics.get(uri))[0];
    const actions = await codeActionsFor(s, uri, diagnostic);
    const titles = actions.map((a) => a.title);
    expect(titles).toEqual(['Show English changes since translation', 'Mark translation as up to date']);
    expect(actions[0].command?.command).toBe('glossary.showEnglishChanges');
    expect(actions[1].diagnostics).toEqual([diagnostic]);
    // Applied as the specification says, to the page's text: only the hash changes, to the full latest one.
    const disk = new MemoryDisk({ [file]: before });
    const result = applyWorkspaceEdit(disk, actions[1].edit as WorkspaceEdit);
    expect(result.failure).toBeUndefined();
    expect(result.touched).toEqual([file]);
    const after = disk.read(file);
    expect(after).toBe(before.replace(`sourceCommit: ${c1.slice(0, 7)}\n`, `sourceCommit: ${c5}\n`));
    // The editor's text changed: the translation is up to date.
    const published = s.client.waitForDiagnostics(uri, (p) => p.version === 5, 30_000);
    await s.client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ text: after }] });
    expect(translationDiagnostics(await published)).toEqual([]);
    // Back to the file's text: outdated again.
    const again = s.client.waitForDiagnostics(uri, (p) => p.version === 6, 30_000);
    await s.client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 6 }, contentChanges: [{ text: before }] });
    expect(translationDiagnostics(await again).map((d) => d.code)).toEqual(['translation-outdated']);
  });

  it('asks git about a sourceCommit typed in the page (once typing pauses) and reports it', async () => {
    const { c2 } = s.scenario.commits;
    const file = s.germanFile('web/feature');
    const uri = uriOf(file);
    const original = fs.readFileSync(file, 'utf8');
    await openAndWait(s, 'web/feature', (d) => d.length > 0);
    // c3 was no page's sourceCommit: git has not been asked about it yet.
    const c3 = s.scenario.commits.c3;
    const edited = original.replace(c2, c3);
    const published = s.client.waitForDiagnostics(uri, (p) => p.version === 3 && translationDiagnostics(p).length > 0, 30_000);
    await s.client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: edited }] });
    expect(translationDiagnostics(await published).map((d) => d.message)).toEqual(['English changed in 1 commit since this translation (latest 2026-05-02: API: fix typo)']);
  });

  it('runs "Show English changes" itself: the diff as a read-only document outside the content roots', async () => {
    const { c1 } = s.scenario.commits;
    expect(s.client.initializeResult.capabilities.executeCommandProvider?.commands).toEqual(['glossary.showEnglishChanges']);
    const uri = uriOf(s.germanFile('glossary/new_name'));
    const diagnostic = (await openAndWait(s, 'glossary/new_name', (d) => d.length > 0)).diagnostics[0];
    const actions = await codeActionsFor(s, uri, diagnostic);
    const command = actions[0].command!;
    expect(await s.client.connection.sendRequest('workspace/executeCommand', { command: command.command, arguments: command.arguments })).toBeNull();
    expect(s.shownDocuments).toHaveLength(1);
    expect(s.shownDocuments[0].takeFocus).toBe(true);
    const file = fileURLToPath(s.shownDocuments[0].uri);
    expect(path.basename(file)).toBe(`Glossary_New_name.${c1.slice(0, 7)}..${s.scenario.commits.c5.slice(0, 7)}.diff`);
    for (const root of [s.scenario.english.dir, path.dirname(s.scenario.germanFiles)]) expect(path.relative(root, file).startsWith('..')).toBe(true);
    expect(fs.statSync(file).mode & 0o222).toBe(0);
    const diff = fs.readFileSync(file, 'utf8');
    expect(diff).toContain('# English changes to Glossary/New_name since');
    expect(diff).toContain('# the English page was files/en-us/glossary/old_name/index.md then');
    expect(diff).toContain('rename from files/en-us/glossary/old_name/index.md');
    expect(diff).toContain('rename to files/en-us/glossary/new_name/index.md');
    expect(diff).toMatch(/^-title: Old name$/m);
    expect(diff).toMatch(/^\+Line five\.$/m);
    // Arguments that do not name an English page of the workspace are refused, with a message.
    const before = s.messages.length;
    await s.client.connection.sendRequest('workspace/executeCommand', { command: command.command, arguments: [{ ...command.arguments![0], englishFile: '/etc/passwd' }] });
    expect(s.messages.slice(before)).toEqual(['Glossary: Show English changes: the arguments do not name an English page of this workspace.']);
    expect(s.shownDocuments).toHaveLength(1);
  });

  it('answers glossary/englishText for commits of HEAD’s history and English paths only', async () => {
    const { c1, c5 } = s.scenario.commits;
    const ask = (commit: string, file: string) => s.client.connection.sendRequest('glossary/englishText', { commit, path: file });
    const api = 'files/en-us/glossary/api/index.md';
    expect(await ask(c1, api)).toBe(s.scenario.english.git(['show', `${c1}:${api}`]));
    expect(await ask(c5, api)).toBe(fs.readFileSync(path.join(s.scenario.englishFiles, 'en-us/glossary/api/index.md'), 'utf8'));
    // Did not exist then (renamed since), not in the history, abbreviated, outside en-us, odd paths.
    expect(await ask(c5, 'files/en-us/glossary/old_name/index.md')).toBeNull();
    expect(await ask('0'.repeat(40), api)).toBeNull();
    expect(await ask(c1.slice(0, 7), api)).toBeNull();
    expect(await ask(c1, 'README.md')).toBeNull();
    expect(await ask(c1, 'files/en-us/../../README.md')).toBeNull();
    expect(await ask(`${c1}:README.md`, api)).toBeNull();
  });

  it('never prompts', () => {
    expect(s.prompts).toEqual([]);
  });
});
