/**
 * Translation status through the real server over stdio, on real git repositories built in temp
 * folders (tests/git/scenario.ts): a translator's set-up — the workspace is the translated tree, the
 * English clone is another content root. The diagnostics arrive once git has answered (the editor
 * never waits), the hovers, the code actions (the edit applied and the front matter compared byte
 * for byte), the command run by the server (a read-only diff document, or a message), the English
 * texts VS Code's diff editor asks for, HEAD moving (watched by polling, or by the client's watchers
 * where it can watch outside the workspace), pull diagnostics refreshed, and no repository: one
 * message, then silence. Never a prompt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeAction, Diagnostic, Hover, PublishDiagnosticsParams, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyWorkspaceEdit, MemoryDisk } from '../helpers/workspaceEdit';
import { pageText, tempFolder } from '../helpers/gitRepo';
import { buildScenario, Scenario } from '../git/scenario';
import { startClient, TestClient, uriOf } from './client';
import { positionOf } from '../helpers/text';

const TRANSLATION_CODES = ['translation-outdated', 'translation-source-unknown', 'translation-no-source-commit'];
const translationDiagnostics = (params: PublishDiagnosticsParams | undefined) => (params?.diagnostics ?? []).filter((d) => TRANSLATION_CODES.includes(String(d.code)));
const hoverText = (hover: Hover | null) => (hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '');

const PUSH_CAPABILITIES = {
  window: { workDoneProgress: true, showDocument: { support: true } },
  workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, configuration: true, workspaceEdit: { documentChanges: true } },
  textDocument: {
    completion: { completionItem: { snippetSupport: true } },
    publishDiagnostics: {},
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
  },
};

interface Session {
  temp: ReturnType<typeof tempFolder>;
  scenario: Scenario;
  client: TestClient;
  /** Requests the server made that would prompt the user, or open documents. */
  prompts: unknown[];
  shownDocuments: Array<{ uri: string; takeFocus?: boolean }>;
  registrations: Array<{ method: string; registerOptions?: unknown }>;
  messages: string[];
  germanFile(folder: string): string;
  close(): Promise<void>;
}

/** The scenario's repositories, and a server over them as a translator runs it. */
async function session(
  options: { capabilities?: object; initializationOptions?: object; gitRepository?: boolean; shallow?: boolean; env?: NodeJS.ProcessEnv; over?: Session } = {},
): Promise<Session> {
  // `over`: another server on the same repositories and caches (they stay the first session's).
  const temp = options.over?.temp ?? tempFolder('glossary-lsp-translation-');
  const scenario = options.over?.scenario ?? buildScenario(temp.dir);
  if (options.gitRepository === false) fs.rmSync(path.join(scenario.english.dir, '.git'), { recursive: true, force: true });
  // A shallow clone of the English repository (HEAD only) stands for it.
  const english = options.shallow ? path.join(temp.dir, 'content-shallow') : scenario.english.dir;
  if (options.shallow) scenario.english.git(['clone', '-q', '--depth', '1', `file://${scenario.english.dir}`, english]);
  const cacheDir = path.join(temp.dir, 'cache');
  const client = await startClient({
    rootPath: path.dirname(scenario.germanFiles),
    capabilities: options.capabilities ?? PUSH_CAPABILITIES,
    initializationOptions: { settings: { glossary: { contentRoots: [english] } }, ...options.initializationOptions },
    // git as the tests' repositories were made (no user configuration); the caches in the temp folder.
    env: { ...scenario.english.env, GLOSSARY_LSP_CACHE_DIR: cacheDir, ...options.env },
  });
  const prompts: unknown[] = [];
  const shownDocuments: Session['shownDocuments'] = [];
  const registrations: Session['registrations'] = [];
  const messages: string[] = [];
  client.connection.onRequest('window/showMessageRequest', (params) => (prompts.push(params), null));
  client.connection.onRequest('window/showDocument', (params: { uri: string; takeFocus?: boolean }) => (shownDocuments.push(params), { success: true }));
  client.connection.onRequest('client/registerCapability', (params: { registrations: Session['registrations'] }) => (registrations.push(...params.registrations), null));
  client.connection.onNotification('window/showMessage', (params: { message: string }) => (messages.push(params.message), client.logs.push(params.message)));
  return {
    temp,
    scenario,
    client,
    prompts,
    shownDocuments,
    registrations,
    messages,
    germanFile: (folder) => path.join(scenario.germanFiles, 'de', folder, 'index.md'),
    async close() {
      await client.stop();
      if (!options.over) temp.remove();
    },
  };
}

/** Opens a German page and waits for its diagnostics with the translation status in (git answered). */
async function openAndWait(
  s: Session,
  folder: string,
  accept: (diagnostics: Diagnostic[]) => boolean,
  text?: string,
): Promise<{ uri: string; text: string; diagnostics: Diagnostic[] }> {
  const file = s.germanFile(folder);
  const uri = uriOf(file);
  const body = text ?? fs.readFileSync(file, 'utf8');
  const published = s.client.waitForDiagnostics(uri, (p) => accept(translationDiagnostics(p)), 30_000);
  await s.client.open(uri, body);
  return { uri, text: body, diagnostics: translationDiagnostics(await published) };
}

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
    const actions = (await s.client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) as CodeAction[];
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
    const actions = (await s.client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) as CodeAction[];
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

describe('HEAD moves in the English clone', () => {
  it('polls HEAD when the client cannot watch outside the workspace: a new English commit makes a page outdated', async () => {
    const s = await session();
    try {
      const before = await openAndWait(s, 'glossary/untouched', () => true);
      await until(async () => !!(await hoverOnSourceCommit(s, 'glossary/untouched')));
      expect(translationDiagnostics(s.client.diagnostics.get(before.uri))).toEqual([]);
      // No watcher of the repository was asked of the client (it cannot watch outside the workspace).
      expect(s.registrations.filter((r) => JSON.stringify(r.registerOptions ?? {}).includes('.git'))).toEqual([]);
      const published = s.client.waitForDiagnostics(before.uri, (p) => translationDiagnostics(p).length > 0, 30_000);
      s.scenario.english.write('files/en-us/glossary/untouched/index.md', pageText('Untouched', 'Glossary/Untouched', { body: 'Touched at last.' }));
      s.scenario.english.commit('Untouched: touch', '2026-06-01T10:00:00Z');
      expect(translationDiagnostics(await published).map((d) => d.message)).toEqual(['English changed in 1 commit since this translation (latest 2026-06-01: Untouched: touch)']);
      expect(s.prompts).toEqual([]);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('registers watchers of HEAD and its branch with a client that watches relative patterns, and follows what it reports', async () => {
    const capabilities = {
      ...PUSH_CAPABILITIES,
      workspace: { ...PUSH_CAPABILITIES.workspace, didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } },
    };
    const s = await session({ capabilities });
    try {
      const before = await openAndWait(s, 'glossary/untouched', () => true);
      await until(async () => !!(await hoverOnSourceCommit(s, 'glossary/untouched')));
      const gitDir = path.join(s.scenario.english.dir, '.git');
      const watchers = await until(async () =>
        s.registrations
          .flatMap((r) => (r.registerOptions as { watchers?: Array<{ globPattern: { baseUri?: string; pattern: string } }> })?.watchers ?? [])
          .filter((w) => typeof w.globPattern === 'object'),
      );
      const watched = watchers.map((w) => path.join(fileURLToPath(w.globPattern.baseUri!), w.globPattern.pattern)).sort();
      expect(watched).toEqual([path.join(gitDir, 'HEAD'), path.join(gitDir, 'packed-refs'), path.join(gitDir, 'refs/heads/main')].sort());
      const published = s.client.waitForDiagnostics(before.uri, (p) => translationDiagnostics(p).length > 0, 30_000);
      s.scenario.english.write('files/en-us/glossary/untouched/index.md', pageText('Untouched', 'Glossary/Untouched', { body: 'Touched at last.' }));
      s.scenario.english.commit('Untouched: touch', '2026-06-01T10:00:00Z');
      await s.client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(gitDir, 'refs/heads/main')), type: 2 }] });
      const diagnostics = translationDiagnostics(await published);
      expect(diagnostics.map((d) => d.message)).toEqual(['English changed in 1 commit since this translation (latest 2026-06-01: Untouched: touch)']);
      expect(s.prompts).toEqual([]);
    } finally {
      await s.close();
    }
  }, 60_000);
});

describe('a second start', () => {
  it('reads the English history the first one kept on disk: no git log', async () => {
    const first = await session();
    try {
      await openAndWait(first, 'glossary/api', (d) => d.length > 0);
      // Written at a quiet moment, or at shutdown at the latest.
      await first.client.stop();
      const second = await session({ over: first, initializationOptions: { settings: { glossary: { contentRoots: [first.scenario.english.dir], logLevel: 'debug' } } } });
      try {
        const { diagnostics } = await openAndWait(second, 'glossary/api', (d) => d.length > 0);
        expect(diagnostics.map((d) => d.message)).toEqual(['English changed in 2 commits since this translation (latest 2026-05-02: API: fix typo)']);
        const steps = second.client.logs.flatMap((line) => /English history: (.*) in \d+ ms/.exec(line)?.[1] ?? []);
        // rev-parse, the cache, then cat-file (once started with the build, once more for the pages' source commits).
        expect(steps.slice(0, 2)).toEqual(['rev-parse', 'cache']);
        expect(new Set(steps.slice(2))).toEqual(new Set(['cat-file']));
      } finally {
        await second.close();
      }
    } finally {
      first.temp.remove();
    }
  }, 90_000);
});

describe('other clients', () => {
  it('a client that cannot open documents gets the diff in a message; one that runs the command itself is not told of it', async () => {
    const neovim = await session({ capabilities: { ...PUSH_CAPABILITIES, window: { workDoneProgress: true, showDocument: { support: false } } } });
    try {
      const uri = uriOf(neovim.germanFile('glossary/api'));
      const diagnostic = (await openAndWait(neovim, 'glossary/api', (d) => d.length > 0)).diagnostics[0];
      const actions = (await neovim.client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      })) as CodeAction[];
      await neovim.client.connection.sendRequest('workspace/executeCommand', { command: actions[0].command!.command, arguments: actions[0].command!.arguments });
      const message = neovim.messages.find((m) => m.includes('English changes to Glossary/API'));
      expect(message).toBeDefined();
      expect(message).toMatch(/^-It has rules\.$/m);
      expect(message).toMatch(/^\+It has rules, and a fixed typo\.$/m);
      expect(neovim.client.logs.some((line) => line.includes('+It has rules, and a fixed typo.'))).toBe(true);
      expect(neovim.prompts).toEqual([]);
    } finally {
      await neovim.close();
    }
    const vscode = await session({ initializationOptions: { clientCommands: ['glossary.showEnglishChanges'] } });
    try {
      expect(vscode.client.initializeResult.capabilities.executeCommandProvider).toBeUndefined();
      // The settings given beside it are still read.
      await openAndWait(vscode, 'glossary/api', (d) => d.length > 0);
    } finally {
      await vscode.close();
    }
  }, 90_000);

  it('pull diagnostics: the client is asked to pull again once git has answered', async () => {
    const s = await session({
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { configuration: true, diagnostics: { refreshSupport: true } },
        textDocument: { diagnostic: { dynamicRegistration: false } },
      },
    });
    let refreshes = 0;
    s.client.connection.onRequest('workspace/diagnostic/refresh', () => (refreshes++, null));
    try {
      const file = s.germanFile('glossary/api');
      const uri = uriOf(file);
      await s.client.open(uri, fs.readFileSync(file, 'utf8'));
      const pull = async () => ((await s.client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: Diagnostic[] }).items;
      const items = await until(async () => {
        const found = (await pull()).filter((d) => d.code === 'translation-outdated');
        return found.length ? found : undefined;
      });
      expect(items[0].message).toBe('English changed in 2 commits since this translation (latest 2026-05-02: API: fix typo)');
      expect(refreshes).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
  }, 60_000);
});

describe('a shallow clone of English', () => {
  it('tells a source commit the clone does not reach (and how to fetch it) from one it has', async () => {
    const s = await session({ shallow: true });
    try {
      const api = await openAndWait(s, 'glossary/api', (d) => d.length > 0);
      expect(api.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
        [
          'translation-source-unknown',
          2,
          `sourceCommit ${s.scenario.commits.c1.slice(0, 7)} is not in the English repository, a shallow clone (git fetch --unshallow fetches the rest of its history)`,
        ],
      ]);
      expect(hoverText(await hoverOnSourceCommit(s, 'glossary/api'))).toContain('git fetch --unshallow');
      // HEAD itself is in the clone: that page is up to date.
      await openAndWait(s, 'glossary/current', () => true);
      await until(async () => !!(await hoverOnSourceCommit(s, 'glossary/current')));
      expect(hoverText(await hoverOnSourceCommit(s, 'glossary/current'))).toContain('**English page unchanged**');
      expect(s.prompts).toEqual([]);
    } finally {
      await s.close();
    }
  }, 60_000);
});

describe('no git repository', () => {
  it('says so once (a notification), then stays quiet, across builds', async () => {
    const s = await session({ gitRepository: false });
    try {
      const { uri } = await openAndWait(s, 'glossary/api', () => true);
      await until(async () => s.messages.some((m) => m.includes('not in a git repository')));
      expect(s.messages.filter((m) => m.includes('git'))).toEqual([
        `Glossary: the English root ${s.scenario.englishFiles} is not in a git repository: translation status (English changes since each translation) is off`,
      ]);
      // Another build (a settings change): nothing more said.
      await s.client.connection.sendNotification('workspace/didChangeConfiguration', {
        settings: { glossary: { contentRoots: [s.scenario.english.dir], macros: { glossary: ['MyGlossary'] } } },
      });
      await until(
        async () => s.client.logs.filter((line) => /build \d+: indexing/.test(line)).length === 2 && s.client.logs.some((line) => /indexed \d+ pages .*\(build 2\)/.test(line)),
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(s.messages.filter((m) => m.includes('git'))).toHaveLength(1);
      expect(translationDiagnostics(s.client.diagnostics.get(uri))).toEqual([]);
      expect(hoverText(await hoverOnSourceCommit(s, 'glossary/api'))).toBe('');
      const actions = (await s.client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } },
        context: { diagnostics: [] },
      })) as CodeAction[];
      expect(actions.filter((a) => /English|up to date/.test(a.title))).toEqual([]);
      expect(s.prompts).toEqual([]);
    } finally {
      await s.close();
    }
  }, 60_000);
});

async function hoverOnSourceCommit(s: Session, folder: string): Promise<Hover | null> {
  const file = s.germanFile(folder);
  const uri = uriOf(file);
  const text = fs.readFileSync(file, 'utf8');
  return (await s.client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'sourceCommit', 3) })) as Hover | null;
}

async function until<T>(fn: () => Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
