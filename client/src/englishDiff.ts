/**
 * "Show English changes since translation" in VS Code: a real diff editor (`vscode.diff`) between
 * the English page at the translation's `sourceCommit` (under its name then) and at HEAD. Both sides
 * are read-only documents of the `glossary-english:` scheme, whose text the server reads from git
 * (the glossary/englishText request: only commits of HEAD's history, only English paths).
 *
 * The code action carries the command's arguments; run from the Command Palette, the command asks
 * the code actions of the active page for them. The extension says in `initializationOptions` that
 * it runs this command itself, so the server does not declare it (the two would clash).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EnglishTextRequest, SHOW_ENGLISH_CHANGES_COMMAND, type EnglishTextParams, type ShowEnglishChangesArguments } from '../../server/src/lsp/protocol';

export const ENGLISH_SCHEME = 'glossary-english';
/** The query of a side that did not exist at that commit (an English page added since the translation). */
const NO_FILE = 'none';
const FULL_HASH = /^[0-9a-f]{40}$/;

/** The content provider and the command; `client` is the running language client, if any. */
export function registerEnglishDiff(client: () => Promise<LanguageClient | undefined>): vscode.Disposable {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri, token) {
      const commit = new URLSearchParams(uri.query).get('commit') ?? NO_FILE;
      if (commit === NO_FILE) return '';
      const running = await client();
      if (!running) throw new Error('the Glossary server is not running');
      const params: EnglishTextParams = { commit, path: uri.path.replace(/^\//, '') };
      const text = await running.sendRequest<string | null>(EnglishTextRequest, params, token);
      if (text === null) throw new Error(`${params.path} at ${commit.slice(0, 7)} is not in the English repository's history`);
      return text;
    },
  };
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(ENGLISH_SCHEME, provider),
    vscode.commands.registerCommand(SHOW_ENGLISH_CHANGES_COMMAND, (args?: unknown) => showEnglishChanges(args)),
  );
}

async function showEnglishChanges(given: unknown): Promise<void> {
  const args = checked(given) ?? (given === undefined ? await argumentsForActiveEditor() : undefined);
  if (!args) {
    void vscode.window.showInformationMessage(
      given === undefined
        ? 'Glossary: the active page is not a translation whose English page changed since its sourceCommit (or that is not known yet).'
        : 'Glossary: Show English changes was given arguments it cannot use.',
    );
    return;
  }
  const side = (commit: string | null, path: string | null) =>
    vscode.Uri.from({ scheme: ENGLISH_SCHEME, path: `/${path ?? args.path}`, query: `commit=${commit && path ? commit : NO_FILE}` });
  await vscode.commands.executeCommand('vscode.diff', side(args.sourceCommit, args.pathAtSource), side(args.head, args.path), args.title, { preview: false });
}

/** From the Command Palette: the arguments of the code action on the active page, if it offers one. */
async function argumentsForActiveEditor(): Promise<ShowEnglishChangesArguments | undefined> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document || document.uri.scheme !== 'file') return undefined;
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  const actions = (await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', document.uri, whole)) ?? [];
  for (const action of actions) {
    const command = 'command' in action && typeof action.command === 'object' ? action.command : (action as vscode.Command);
    if (command?.command === SHOW_ENGLISH_CHANGES_COMMAND) return checked(command.arguments?.[0]);
  }
  return undefined;
}

function checked(value: unknown): ShowEnglishChangesArguments | undefined {
  const args = value as Partial<ShowEnglishChangesArguments> | undefined;
  if (!args || typeof args !== 'object') return undefined;
  if (typeof args.path !== 'string' || typeof args.title !== 'string' || typeof args.sourceCommit !== 'string' || typeof args.head !== 'string') return undefined;
  if (!FULL_HASH.test(args.sourceCommit) || !FULL_HASH.test(args.head) || (args.pathAtSource !== null && typeof args.pathAtSource !== 'string')) return undefined;
  return args as ShowEnglishChangesArguments;
}
