/**
 * Translation status through the real server over stdio (the set-up of translation.test.ts, from
 * translationSession.ts) as the English repository changes or differs: HEAD moving (watched by
 * polling, or by the client's watchers where it can watch outside the workspace), a second start
 * reading the kept history, a shallow clone, no repository (one message, then silence); and other
 * clients: the diff in a message, pull diagnostics refreshed.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { pageText } from '../helpers/gitRepo';
import { uriOf } from './client';
import { hoverOnSourceCommit, hoverText, openAndWait, PUSH_CAPABILITIES, session, translationDiagnostics, until, codeActionsFor, withSession } from './translationSession';

describe('HEAD moves in the English clone', () => {
  it('polls HEAD when the client cannot watch outside the workspace: a new English commit makes a page outdated', async () => {
    await withSession({}, async (s) => {
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
    });
  }, 60_000);

  it('registers watchers of HEAD and its branch with a client that watches relative patterns, and follows what it reports', async () => {
    const capabilities = {
      ...PUSH_CAPABILITIES,
      workspace: { ...PUSH_CAPABILITIES.workspace, didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } },
    };
    await withSession({ capabilities }, async (s) => {
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
    });
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
      const actions = await codeActionsFor(neovim, uri, diagnostic);
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
    await withSession({ shallow: true }, async (s) => {
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
    });
  }, 60_000);
});

describe('no git repository', () => {
  it('says so once (a notification), then stays quiet, across builds', async () => {
    await withSession({ gitRepository: false }, async (s) => {
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
    });
  }, 60_000);
});
