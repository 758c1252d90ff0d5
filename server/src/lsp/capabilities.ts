/**
 * What the server and the client tell each other at the start: the capabilities we declare, what we
 * register once initialized, and the workspace folders (at `initialize` and as they change).
 */
import {
  ClientCapabilities,
  CodeActionKind,
  Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  InitializeParams,
  InitializeResult,
  TextDocumentSyncKind,
  WatchKind,
  WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver/node';
import { pathOf } from './documents';

/** Whether the client applies workspace edits that create files (a new glossary entry from a code action). */
export function clientCreatesFiles(client: ClientCapabilities): boolean {
  const edits = client.workspace?.workspaceEdit;
  return !!edits?.documentChanges && !!edits.resourceOperations?.includes('create');
}

/** What we tell the client we do, for its capabilities, diagnostics mode and the commands we run. */
export function serverCapabilities(client: ClientCapabilities, mode: 'push' | 'pull', commands: string[]): InitializeResult['capabilities'] {
  return {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    completionProvider: { triggerCharacters: ['"', "'", '`', '(', '{', '/', ','], resolveProvider: true },
    hoverProvider: true,
    signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
    definitionProvider: true,
    referencesProvider: true,
    renameProvider: client.textDocument?.rename?.prepareSupport ? { prepareProvider: true } : true,
    documentLinkProvider: { resolveProvider: false },
    workspaceSymbolProvider: true,
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    codeLensProvider: { resolveProvider: false },
    // Declared only for commands the client does not run itself (VS Code's would clash with its own).
    ...(commands.length ? { executeCommandProvider: { commands } } : {}),
    // Under pull, Check Workspace results go out as workspace reports (a request held open until there are some).
    ...(mode === 'pull' ? { diagnosticProvider: { identifier: 'glossary', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  };
}

/** The workspace folders of `initialize` (or its root, from a client without folders). */
export function initialFolders(params: InitializeParams): string[] {
  const folders = (params.workspaceFolders ?? []).map((folder) => pathOf(folder.uri)).filter((path): path is string => !!path);
  const root = params.rootUri ? pathOf(params.rootUri) : undefined;
  return folders.length || !root ? folders : [root];
}

/** The workspace folders after a change. */
export function changedFolders(folders: string[], event: WorkspaceFoldersChangeEvent): string[] {
  const removed = new Set(event.removed.map((folder) => pathOf(folder.uri)));
  return [...folders.filter((path) => !removed.has(path)), ...event.added.map((folder) => pathOf(folder.uri)).filter((path): path is string => !!path)];
}

/** What we register with the client once it is initialized: settings changes, and the one set of file watchers. */
export function registerWithClient(connection: Connection, capabilities: ClientCapabilities): void {
  if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'glossary' }).catch(() => undefined);
  }
  // The one set of file watchers, when the client lets us register it (else the client's own, if any).
  if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
    void connection.client
      .register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: '**/index.md' },
          { globPattern: '**/_redirects.txt' },
          { globPattern: '**/_allowed-broken-links.txt' },
          // Folders deleted or moved away: their pages go with them.
          { globPattern: '**/*', kind: WatchKind.Delete },
        ],
      })
      .catch(() => undefined);
  }
}
