/**
 * Glossary coverage in VS Code: the "Glossary" view in the Explorer (each entry with its links and
 * unlinked mentions, the orphans, the wanted terms with the pages that want them) and the command
 * "Glossary: Open Coverage Report" (the HTML report, written to the extension's storage and shown
 * in a webview). A thin client of the server's `glossary/coverage` request: everything is computed
 * there; the view asks again when the server says `glossary/coverageChanged`, or when it restarts.
 */
import * as vscode from 'vscode';
import type { FeatureState, LanguageClient, StaticFeature } from 'vscode-languageclient/node';
import {
  CoverageChangedNotification,
  CoverageRequest,
  type CoverageChanged,
  type CoverageHtml,
  type CoverageParams,
  type CoverageView,
  type CoverageViewEntry,
  type CoverageViewWanted,
} from '../../server/src/lsp/protocol';

export const COVERAGE_VIEW_ID = 'glossary.coverage';
/** Several changes in a row (typing) refresh the view once. */
const REFRESH_DELAY_MS = 400;

type WantedPage = CoverageViewWanted['wantedBy'][number];
type Group = 'entries' | 'orphans' | 'wanted';

type Node =
  | { kind: 'locale'; locale: string; first: boolean }
  | { kind: 'group'; locale: string; group: Group; count: number }
  | { kind: 'entry'; entry: CoverageViewEntry }
  | { kind: 'wanted'; locale: string; wanted: CoverageViewWanted }
  | { kind: 'wantedBy'; page: WantedPage }
  | { kind: 'message'; text: string; detail?: string };

export class GlossaryCoverageView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Coverage by locale as the server last gave it ('' is the server's default locale). */
  private readonly views = new Map<string, Promise<CoverageView | undefined>>();
  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer?: ReturnType<typeof setTimeout>;
  private readonly reports = new Map<string, vscode.WebviewPanel>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    /** The language client when it is running, else undefined. */
    private readonly client: () => LanguageClient | undefined,
  ) {
    this.disposables.push(
      this.changed,
      vscode.window.createTreeView(COVERAGE_VIEW_ID, { treeDataProvider: this, showCollapseAll: true }),
      vscode.commands.registerCommand('glossary.refreshCoverage', () => this.refresh()),
      vscode.commands.registerCommand('glossary.openCoverageReport', () => this.openReport()),
      vscode.commands.registerCommand('glossary.openWantedBy', (page: WantedPage) => openAt(page)),
    );
  }

  /** For the client: asks again whenever the server (re)starts, and listens for coverage changes. */
  feature(c: LanguageClient): StaticFeature {
    let listener: vscode.Disposable | undefined;
    return {
      getState: (): FeatureState => ({ kind: 'static' }),
      fillClientCapabilities: () => undefined,
      initialize: () => {
        listener?.dispose();
        listener = c.onNotification(CoverageChangedNotification, (params: CoverageChanged) => this.refresh(params?.locale, REFRESH_DELAY_MS));
        this.refresh();
      },
      clear: () => {
        listener?.dispose();
        listener = undefined;
      },
    };
  }

  /** Asks the server again (for one locale, or all), after `delayMs`. */
  refresh(locale?: string, delayMs = 0): void {
    clearTimeout(this.refreshTimer);
    const forget = () => {
      if (locale === undefined) this.views.clear();
      else for (const key of [...this.views.keys()]) if (key === '' || key.toLowerCase() === locale.toLowerCase()) this.views.delete(key);
      this.changed.fire(undefined);
    };
    if (delayMs > 0) this.refreshTimer = setTimeout(forget, delayMs);
    else forget();
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    for (const panel of this.reports.values()) panel.dispose();
    for (const d of this.disposables) d.dispose();
  }

  // ——— the tree ———

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'locale':
        return this.groups(node.locale);
      case 'group': {
        const view = await this.view(node.locale);
        if (!view) return [];
        if (node.group === 'wanted') return view.wanted.map((wanted) => ({ kind: 'wanted', locale: node.locale, wanted }));
        const entries = node.group === 'orphans' ? view.entries.filter((entry) => entry.orphan) : view.entries;
        return entries.map((entry) => ({ kind: 'entry', entry }));
      }
      case 'wanted':
        return node.wanted.wantedBy.map((page) => ({ kind: 'wantedBy', page }));
      default:
        return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const { Collapsed, Expanded, None } = vscode.TreeItemCollapsibleState;
    switch (node.kind) {
      case 'locale': {
        const item = new vscode.TreeItem(node.locale, node.first ? Expanded : Collapsed);
        item.iconPath = new vscode.ThemeIcon('globe');
        item.contextValue = 'glossaryLocale';
        return item;
      }
      case 'group': {
        const labels: Record<Group, [string, string, string]> = {
          entries: ['Entries', 'book', 'Glossary entries, with the pages that link to them and the pages that mention them without a link'],
          orphans: ['Orphans', 'warning', 'Entries no other page of the locale links to'],
          wanted: ['Wanted', 'question', 'Missing glossary entries that pages link to'],
        };
        const [label, icon, tooltip] = labels[node.group];
        const item = new vscode.TreeItem(label, node.group === 'entries' ? Expanded : Collapsed);
        item.description = String(node.count);
        item.iconPath = new vscode.ThemeIcon(icon);
        item.tooltip = tooltip;
        item.id = `${node.locale}/${node.group}`;
        return item;
      }
      case 'entry': {
        const { entry } = node;
        const item = new vscode.TreeItem(entry.title, None);
        item.description = `${plural(entry.linkedFrom, 'link')} · ${entry.mentionedUnlinked} unlinked`;
        item.tooltip = new vscode.MarkdownString(
          `**${escapeMarkdown(entry.title)}** — \`${entry.slug}\`\n\n` +
            `Linked from ${plural(entry.linkedFrom, 'page')}; mentioned without a link on ${plural(entry.mentionedUnlinked, 'page')}.` +
            (entry.orphan ? '\n\n$(warning) No other page links to this entry.' : ''),
          true,
        );
        item.iconPath = new vscode.ThemeIcon(entry.orphan ? 'warning' : 'book');
        item.resourceUri = vscode.Uri.parse(entry.uri);
        item.command = { command: 'vscode.open', title: 'Open Entry', arguments: [vscode.Uri.parse(entry.uri)] };
        item.contextValue = 'glossaryEntry';
        return item;
      }
      case 'wanted': {
        const { wanted } = node;
        const item = new vscode.TreeItem(wanted.slug.replace(/^Glossary\//i, ''), Collapsed);
        item.description = `wanted by ${plural(wanted.wantedBy.length, 'page')}`;
        item.tooltip = `${wanted.slug}: no such entry; ${plural(wanted.wantedBy.length, 'page')} link to it. Expand to see them.`;
        item.iconPath = new vscode.ThemeIcon('question');
        item.id = `${node.locale}/wanted/${wanted.slug}`;
        return item;
      }
      case 'wantedBy': {
        const { page } = node;
        const uri = vscode.Uri.parse(page.uri);
        const item = new vscode.TreeItem(page.title, None);
        item.description = `${vscode.workspace.asRelativePath(uri)}:${page.line}`;
        item.resourceUri = uri;
        item.command = { command: 'glossary.openWantedBy', title: 'Open Page', arguments: [page] };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, None);
        item.tooltip = node.detail;
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
    }
  }

  private async roots(): Promise<Node[]> {
    if (!this.client()) return [{ kind: 'message', text: 'The Glossary server is not running.', detail: 'Run "Glossary: Restart Server".' }];
    const view = await this.view('');
    if (!view) return [{ kind: 'message', text: 'No glossary coverage yet.', detail: 'The server could not answer; see the Glossary LSP output.' }];
    if (view.locales.length <= 1) return this.groups(view.locale);
    // The default locale first, open; the others on demand.
    const locales = [view.locale, ...view.locales.filter((locale) => locale !== view.locale)];
    return locales.map((locale, i) => ({ kind: 'locale', locale, first: i === 0 }));
  }

  private async groups(locale: string): Promise<Node[]> {
    const view = await this.view(locale);
    if (!view) return [];
    if (!view.entries.length && !view.wanted.length) return [{ kind: 'message', text: `No glossary entries in ${view.locale}.` }];
    return [
      { kind: 'group', locale, group: 'entries', count: view.entries.length },
      { kind: 'group', locale, group: 'orphans', count: view.entries.filter((entry) => entry.orphan).length },
      { kind: 'group', locale, group: 'wanted', count: view.wanted.length },
    ];
  }

  /** A locale's coverage ('' for the server's default), asked once until the next refresh. */
  private view(locale: string): Promise<CoverageView | undefined> {
    const key = locale.toLowerCase();
    let view = this.views.get(key);
    if (!view) {
      view = this.ask<CoverageView>({ locale: locale || undefined }).then((answer) => {
        // The default locale is also known by its name.
        if (answer && !locale) this.views.set(answer.locale.toLowerCase(), Promise.resolve(answer));
        return answer;
      });
      this.views.set(key, view);
    }
    return view;
  }

  private async ask<T>(params: CoverageParams): Promise<T | undefined> {
    const c = this.client();
    if (!c) return undefined;
    try {
      return await vscode.window
        .withProgress({ location: { viewId: COVERAGE_VIEW_ID } }, () => c.sendRequest<T | null>(CoverageRequest, params))
        .then((answer) => answer ?? undefined);
    } catch (err) {
      c.outputChannel.appendLine(`[client] ${CoverageRequest} failed: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  // ——— the report ———

  private async openReport(): Promise<void> {
    const c = this.client();
    if (!c) {
      void vscode.window.showErrorMessage('Glossary: the server is not running (run "Glossary: Restart Server").');
      return;
    }
    const locale = await this.reportLocale();
    if (locale === null) return;
    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Glossary: coverage report of ${locale ?? 'the glossary'}…` }, () =>
      this.ask<CoverageHtml>({ locale, format: 'html' }),
    );
    if (!report) {
      void vscode.window.showErrorMessage('Glossary: the coverage report could not be made; see the Glossary LSP output.');
      return;
    }
    const folder = this.context.globalStorageUri;
    await vscode.workspace.fs.createDirectory(folder);
    const file = vscode.Uri.joinPath(folder, `coverage-${report.locale}.html`);
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(report.html));
    c.outputChannel.appendLine(`[client] coverage report of ${report.locale} written to ${file.fsPath}`);
    let panel = this.reports.get(report.locale);
    if (panel) panel.reveal();
    else {
      panel = vscode.window.createWebviewPanel('glossary.coverageReport', `Glossary coverage — ${report.locale}`, vscode.ViewColumn.Active, {
        enableScripts: true,
        enableFindWidget: true,
        localResourceRoots: [],
      });
      const opened = panel;
      this.reports.set(report.locale, opened);
      opened.onDidDispose(() => this.reports.get(report.locale) === opened && this.reports.delete(report.locale));
    }
    // The report is self-contained: inline styles, inline SVG, one inline script (sorting), nothing fetched.
    panel.webview.html = report.html;
  }

  /** The locale of the page being edited, else the only one, else the author's choice; null when they cancel. */
  private async reportLocale(): Promise<string | undefined | null> {
    const active = vscode.window.activeTextEditor?.document.uri.path;
    const match = active && /\/files\/([a-z]{2,3}(?:-[a-z0-9]+)?)\//i.exec(active);
    if (match) return match[1];
    const view = await this.view('');
    if (!view || view.locales.length <= 1) return view?.locale;
    const picked = await vscode.window.showQuickPick(view.locales, { title: 'Glossary: coverage report of which locale?' });
    return picked ?? null;
  }
}

/** Opens a page at a 1-based line and code-point column. */
async function openAt(page: WantedPage): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(page.uri));
  const line = Math.min(Math.max(0, page.line - 1), document.lineCount - 1);
  const character = [...document.lineAt(line).text].slice(0, Math.max(0, page.column - 1)).join('').length;
  const at = new vscode.Position(line, character);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(at, at) });
}

function plural(n: number, one: string): string {
  return `${n} ${n === 1 ? one : `${one}s`}`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
