/**
 * The translation tests' session (translation.test.ts, translation-repository.test.ts): the
 * scenario's git repositories (tests/git/scenario.ts) in a temp folder and the real server over
 * stdio as a translator runs it, with what it asked of the client recorded; and the helpers that
 * open a German page, hover its sourceCommit and wait.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { tempFolder } from '../helpers/gitRepo';
import { buildScenario, Scenario } from '../git/scenario';
import { startClient, TestClient, uriOf } from './client';
import { positionOf } from '../helpers/text';

const TRANSLATION_CODES = ['translation-outdated', 'translation-source-unknown', 'translation-no-source-commit'];
export const translationDiagnostics = (params: PublishDiagnosticsParams | undefined) => (params?.diagnostics ?? []).filter((d) => TRANSLATION_CODES.includes(String(d.code)));
export const hoverText = (hover: Hover | null) => (hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '');

export const PUSH_CAPABILITIES = {
  window: { workDoneProgress: true, showDocument: { support: true } },
  workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, configuration: true, workspaceEdit: { documentChanges: true } },
  textDocument: {
    completion: { completionItem: { snippetSupport: true } },
    publishDiagnostics: {},
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
  },
};

export interface Session {
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
export async function session(
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
export async function openAndWait(
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

export async function hoverOnSourceCommit(s: Session, folder: string): Promise<Hover | null> {
  const file = s.germanFile(folder);
  const uri = uriOf(file);
  const text = fs.readFileSync(file, 'utf8');
  return (await s.client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'sourceCommit', 3) })) as Hover | null;
}

export async function until<T>(fn: () => Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A session for one test, closed after `body` whatever it does. */
export async function withSession(options: Parameters<typeof session>[0], body: (s: Session) => Promise<void>): Promise<void> {
  const s = await session(options);
  try {
    await body(s);
  } finally {
    await s.close();
  }
}

/** The code actions the server offers for a diagnostic of a page (its range, it in the context). */
export async function codeActionsFor(s: Session, uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return (await s.client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  })) as CodeAction[];
}
