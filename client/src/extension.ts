/**
 * The VS Code side of Glossary LSP: starts the bundled language server for Markdown documents,
 * shows the index state in the status bar, offers the "Glossary: …" commands, and restarts a server
 * that died (a few times, then gives up and says so).
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type FeatureState,
  type LanguageClientOptions,
  type ServerOptions,
  type StaticFeature,
  type WorkDoneProgressBegin,
  type WorkDoneProgressReport,
  type WorkDoneProgressEnd,
} from 'vscode-languageclient/node';
import {
  CheckWorkspaceRequest,
  IndexInfoRequest,
  IndexStatusNotification,
  SHOW_ENGLISH_CHANGES_COMMAND,
  type CheckWorkspaceResult,
  type ClientCommandsOption,
  type IndexStatus,
} from '../../server/src/lsp/protocol';
import { GlossaryCoverageView } from './glossaryView';
import { registerEnglishDiff } from './englishDiff';

const CLIENT_ID = 'glossary';
const CLIENT_NAME = 'Glossary LSP';
/** A server that dies more than this many times within RESTART_WINDOW_MS is not restarted again. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60_000;

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let status: StatusBar;
let coverageView: GlossaryCoverageView;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel(CLIENT_NAME);
  status = new StatusBar();
  context.subscriptions.push(output, status);

  context.subscriptions.push(
    vscode.commands.registerCommand('glossary.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('glossary.restartServer', () => restartServer(context)),
    vscode.commands.registerCommand('glossary.checkWorkspace', () => checkWorkspace()),
    vscode.commands.registerCommand('glossary.showIndexInfo', () => showIndexInfo()),
    registerEnglishDiff(runningClient),
  );

  // The Glossary view and "Open Coverage Report" (glossaryView.ts).
  coverageView = new GlossaryCoverageView(context, () => (client?.state === State.Running || client?.state === State.Starting ? client : undefined));
  context.subscriptions.push(coverageView);

  await startClient(context);
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop().catch(() => undefined);
}

// ------------------------------------------------------------------------------------------------
// Client

function serverModule(context: vscode.ExtensionContext): string {
  const bundled = context.asAbsolutePath(path.join('dist', 'server.js'));
  if (fs.existsSync(bundled)) return bundled;
  // Running from a source checkout without a bundle (`tsc -b server`).
  return context.asAbsolutePath(path.join('server', 'out', 'bin', 'glossary-lsp.js'));
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = serverModule(context);
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'markdown' }],
    // No file watchers here: the server registers its own (VS Code supports dynamic registration),
    // and two sets would report every change twice.
    synchronize: { configurationSection: CLIENT_ID },
    // The commands this extension runs itself (the server then does not declare them: they would clash).
    initializationOptions: { settings: vscode.workspace.getConfiguration(CLIENT_ID), clientCommands: [SHOW_ENGLISH_CHANGES_COMMAND] } satisfies ClientCommandsOption & {
      settings: unknown;
    },
    outputChannel: output,
    diagnosticCollectionName: CLIENT_ID,
    errorHandler: new RestartingErrorHandler(),
    markdown: { isTrusted: false, supportHtml: false },
  };

  const c = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  c.registerFeature(new StatusFeature(c));
  c.registerFeature(coverageView.feature(c));
  c.onDidChangeState((e) => {
    if (e.newState === State.Starting) status.starting();
    else if (e.newState === State.Stopped) status.stopped();
  });
  return c;
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  client = createClient(context);
  status.starting();
  try {
    await client.start();
  } catch (err) {
    status.failed();
    output.appendLine(`[client] the server did not start: ${errorText(err)}`);
    void offerRestart(`Glossary LSP: the server did not start (${errorText(err)}).`);
  }
}

async function restartServer(context: vscode.ExtensionContext): Promise<void> {
  output.appendLine('[client] restarting the server (command)');
  restartLog.length = 0;
  if (!client) {
    await startClient(context);
  } else {
    // A stopped client is started again; a running one restarted.
    const stopped = client.state === State.Stopped;
    status.starting();
    try {
      await (stopped ? client.start() : client.restart());
    } catch (err) {
      status.failed();
      void offerRestart(`Glossary LSP: the server did not ${stopped ? 'start' : 'restart'} (${errorText(err)}).`);
      return;
    }
  }
  void vscode.window.setStatusBarMessage('Glossary: server restarted', 4000);
}

async function runningClient(): Promise<LanguageClient | undefined> {
  if (client && client.state === State.Running) return client;
  if (client && client.state === State.Starting) {
    await new Promise<void>((resolve) => {
      const d = client!.onDidChangeState((e) => {
        if (e.newState !== State.Starting) {
          d.dispose();
          resolve();
        }
      });
    });
    if ((client.state as State) === State.Running) return client;
  }
  void offerRestart('Glossary LSP: the server is not running.');
  return undefined;
}

async function checkWorkspace(): Promise<void> {
  const c = await runningClient();
  if (!c) return;
  const result = await vscode.window
    .withProgress({ location: vscode.ProgressLocation.Notification, title: 'Glossary: checking the workspace…', cancellable: false }, () =>
      c.sendRequest<CheckWorkspaceResult>(CheckWorkspaceRequest, {}),
    )
    .then(
      (r) => r,
      (err) => {
        output.appendLine(`[client] ${CheckWorkspaceRequest} failed: ${errorText(err)}`);
        void vscode.window.showErrorMessage(`Glossary: Check Workspace failed: ${errorText(err)}`);
        return undefined;
      },
    );
  if (!result) return;
  const text = `Glossary: checked ${plural(result.files, 'file')}, found ${plural(result.issues, 'issue')}.`;
  output.appendLine(`[client] ${text}`);
  if (result.issues > 0) await vscode.commands.executeCommand('workbench.actions.view.problems');
  void vscode.window.showInformationMessage(text);
}

async function showIndexInfo(): Promise<void> {
  const c = await runningClient();
  if (!c) return;
  let info: IndexStatus;
  try {
    info = await c.sendRequest<IndexStatus>(IndexInfoRequest, {});
  } catch (err) {
    void vscode.window.showErrorMessage(`Glossary: Show Index Info failed: ${errorText(err)}`);
    return;
  }
  status.update(info);
  output.appendLine('[client] Index info:');
  output.appendLine(`  state:            ${info.state}`);
  output.appendLine(`  pages:            ${info.pages}`);
  output.appendLine(`  glossary entries: ${info.glossaryEntries}`);
  output.appendLine(`  locales:          ${info.locales.join(', ') || '(none)'}`);
  output.appendLine(`  content roots:    ${info.roots.length ? '' : '(none found)'}`);
  for (const r of info.roots) output.appendLine(`    ${r}`);
  for (const w of info.warnings) output.appendLine(`  warning: ${w}`);
  output.show(true);
  const roots = info.roots.length === 0 ? 'no content root found' : plural(info.roots.length, 'content root');
  const choice = await vscode.window.showInformationMessage(
    `Glossary: ${plural(info.glossaryEntries, 'entry', 'entries')}, ${plural(info.pages, 'page')} ` + `(${info.locales.join(', ') || 'no locale'}); ${roots}.`,
    'Show Output',
  );
  if (choice === 'Show Output') output.show();
}

async function offerRestart(message: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(message, 'Restart Server', 'Show Output');
  if (choice === 'Restart Server') await vscode.commands.executeCommand('glossary.restartServer');
  else if (choice === 'Show Output') output.show();
}

// ------------------------------------------------------------------------------------------------
// Restarts: the default handler restarts silently; this one says so, and stops after a few.

const restartLog: number[] = [];

class RestartingErrorHandler implements ErrorHandler {
  error(error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    output.appendLine(`[client] connection error (${count ?? 1}): ${errorText(error)}`);
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    restartLog.push(now);
    while (restartLog.length > 0 && now - restartLog[0] > RESTART_WINDOW_MS) restartLog.shift();
    if (restartLog.length <= MAX_RESTARTS) {
      const text = `Glossary LSP: the server stopped unexpectedly; restarting it (${restartLog.length}/${MAX_RESTARTS}).`;
      status.restarting(restartLog.length);
      void vscode.window.showWarningMessage(text);
      // The client logs `message` to the output channel.
      return { action: CloseAction.Restart, message: text, handled: true };
    }
    const text = `Glossary LSP: the server stopped ${MAX_RESTARTS + 1} times in ${RESTART_WINDOW_MS / 60_000} minutes and will not be restarted. See the output channel.`;
    output.appendLine(`[client] ${text}`);
    status.failed();
    void offerRestart(text);
    return { action: CloseAction.DoNotRestart, handled: true };
  }
}

// ------------------------------------------------------------------------------------------------
// Status bar: glossary/indexStatus notifications and work-done progress.

class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('glossary.status', vscode.StatusBarAlignment.Right, 100);
  private last: IndexStatus | undefined;
  private progress: string | undefined;
  private readonly shownWarnings = new Set<string>();

  constructor() {
    this.item.name = 'Glossary LSP';
    this.item.command = 'glossary.showOutput';
    this.starting();
    this.item.show();
  }

  starting(): void {
    this.progress = undefined;
    this.set('$(sync~spin) Glossary: starting…', 'Glossary LSP: starting the server');
  }

  restarting(n: number): void {
    this.progress = undefined;
    this.set(`$(sync~spin) Glossary: restarting (${n}/${MAX_RESTARTS})…`, 'The server stopped unexpectedly and is being restarted.');
  }

  stopped(): void {
    this.progress = undefined;
    this.set('$(circle-slash) Glossary: stopped', 'The Glossary server is not running. Click for the output channel.');
  }

  failed(): void {
    this.progress = undefined;
    this.set('$(error) Glossary: server failed', 'The Glossary server is not running. Run "Glossary: Restart Server", or click for the output channel.');
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
  }

  update(s: IndexStatus): void {
    this.last = s;
    // The server shows each warning itself, once (window/showMessage): here it goes to the output
    // channel and the tooltip only, or it would pop up twice.
    for (const w of s.warnings) {
      if (this.shownWarnings.has(w)) continue;
      this.shownWarnings.add(w);
      output.appendLine(`[server] warning: ${w}`);
    }
    this.render();
  }

  setProgress(text: string | undefined): void {
    this.progress = text;
    this.render();
  }

  private render(): void {
    const s = this.last;
    const tooltip = new vscode.MarkdownString();
    if (s) {
      tooltip.appendMarkdown(`**Glossary LSP**\n\n`);
      tooltip.appendMarkdown(`${plural(s.glossaryEntries, 'glossary entry', 'glossary entries')}, ${plural(s.pages, 'page')}\n\n`);
      tooltip.appendMarkdown(`Locales: ${s.locales.join(', ') || '(none)'}\n\n`);
      if (s.roots.length) tooltip.appendMarkdown(`Content roots:\n${s.roots.map((r) => `- \`${r}\``).join('\n')}\n\n`);
      else tooltip.appendMarkdown('No content root found (a folder `files/<locale>/`).\n\n');
      for (const w of s.warnings) tooltip.appendMarkdown(`$(warning) ${w}\n\n`);
    }
    tooltip.appendMarkdown('Click to open the output channel.');
    tooltip.supportThemeIcons = true;

    if (this.progress !== undefined) {
      this.set(`$(sync~spin) ${this.progress}`, tooltip);
    } else if (!s) {
      this.set('$(sync~spin) Glossary: starting…', tooltip);
    } else if (s.state === 'indexing') {
      this.set(`$(sync~spin) Glossary: indexing… ${plural(s.pages, 'page')}`, tooltip);
    } else {
      const locales = s.locales.length ? ` (${s.locales.join(', ')})` : '';
      this.set(`$(book) Glossary: ${plural(s.glossaryEntries, 'entry', 'entries')}${locales}`, tooltip);
    }
  }

  private set(text: string, tooltip: string | vscode.MarkdownString): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}

/**
 * Listens for the index status and replaces the client's work-done progress handler with one that
 * reports in our status bar item (the default handler shows an anonymous spinner in the status bar).
 * Static features are initialised after the built-in ones, on every (re)start.
 */
class StatusFeature implements StaticFeature {
  private disposables: vscode.Disposable[] = [];

  constructor(private readonly c: LanguageClient) {}

  getState(): FeatureState {
    return { kind: 'static' };
  }

  fillClientCapabilities(capabilities: { window?: { workDoneProgress?: boolean } }): void {
    (capabilities.window ??= {}).workDoneProgress = true;
  }

  initialize(): void {
    this.clear();
    this.disposables.push(
      this.c.onNotification(IndexStatusNotification, (s: IndexStatus) => status.update(s)),
      this.c.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => {
        let title = 'Glossary';
        const d = this.c.onProgress(WorkDoneProgress.type, token, (v: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) => {
          if (v.kind === 'begin') title = v.title.startsWith('Glossary') ? v.title : `Glossary: ${v.title}`;
          if (v.kind === 'end') {
            d.dispose();
            status.setProgress(undefined);
            return;
          }
          const pct = v.percentage !== undefined ? ` ${Math.round(v.percentage)}%` : '';
          status.setProgress(`${title}${v.message ? ` ${v.message}` : ''}${pct}`);
        });
        this.disposables.push(d);
      }),
    );
  }

  clear(): void {
    for (const d of this.disposables) d.dispose();
    this.disposables = [];
    status?.setProgress(undefined);
  }
}

// ------------------------------------------------------------------------------------------------

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
