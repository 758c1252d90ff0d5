/**
 * When diagnostics are computed and how they reach the client: pushed (publishDiagnostics) or
 * pulled (textDocument/diagnostic, workspace/diagnostic), chosen once per client from its
 * capabilities, never both.
 *
 * - An edited document is checked after a pause in typing, and only for the version the author
 *   still has.
 * - *Check Workspace* results (pages with findings that are not open) are kept, and kept fresh:
 *   re-checked when their file changes or their document closes, cleared when the index is rebuilt.
 *   Pushed with publishDiagnostics in push mode; in pull mode handed to a waiting
 *   workspace/diagnostic request (held open until there is something new), or announced with a
 *   refresh. Nothing pushed is left to go stale.
 */
import type { CancellationToken, ClientCapabilities, Diagnostic, PublishDiagnosticsParams, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver';
import { describe, Logger } from './logger';
import type { OpenDocuments } from './documents';

export type DiagnosticsMode = 'push' | 'pull';

/** Pull when the client can pull (it then shows nothing pushed next to it), else push. */
export function diagnosticsMode(capabilities: ClientCapabilities): DiagnosticsMode {
  return capabilities.textDocument?.diagnostic ? 'pull' : 'push';
}

export interface DiagnosticsDeps {
  mode: DiagnosticsMode;
  documents: OpenDocuments;
  /** Findings of an open document as it is now (waits for the index); undefined when it is not open. */
  ofOpen(uri: string): Promise<{ version: number; items: Diagnostic[] } | undefined>;
  /** Findings of a page as its file is on disk; undefined when it is no page or cannot be read. */
  ofFile(uri: string): Promise<Diagnostic[] | undefined>;
  /** The editor's text of a document goes into the index (after an edit). */
  sync(uri: string): Promise<void>;
  publish(params: PublishDiagnosticsParams): void;
  /** workspace/diagnostic/refresh, when the client supports it. */
  refresh?: () => void;
  log: Logger;
  /** Pause after a keystroke before checking. */
  delayMs: number;
}

type WorkspaceReport = { items: WorkspaceDocumentDiagnosticReport[] };

export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Check Workspace findings by URI, for pages not open. */
  private readonly workspace = new Map<string, Diagnostic[]>();
  /** Pull mode: reports not yet handed over, and the workspace/diagnostic requests waiting for them. */
  private readonly unsent = new Map<string, Diagnostic[]>();
  private readonly waiting: Array<(report: WorkspaceReport) => void> = [];
  private disposed = false;

  constructor(private readonly deps: DiagnosticsDeps) {}

  get mode(): DiagnosticsMode {
    return this.deps.mode;
  }

  /** After `delayMs` without another edit: the text goes into the index and, if `check`, the document is checked. */
  edited(uri: string, check: boolean, delayMs = this.deps.delayMs): void {
    clearTimeout(this.timers.get(uri));
    const timer = setTimeout(() => {
      this.timers.delete(uri);
      void this.deps
        .sync(uri)
        .then(() => (check ? this.check(uri) : undefined))
        .catch((error) => this.deps.log.error(`diagnostics failed on ${uri}: ${describe(error)}`));
    }, delayMs);
    this.timers.set(uri, timer);
  }

  /** Push mode: check an open document and publish, if the author still has that version. */
  async check(uri: string): Promise<void> {
    if (this.deps.mode !== 'push' || this.disposed) return;
    const result = await this.deps.ofOpen(uri);
    if (!result || this.disposed || this.deps.documents.get(uri)?.version !== result.version) return;
    this.deps.publish({ uri, version: result.version, diagnostics: result.items });
  }

  /** Every open document again (the index changed under them). */
  revalidate(): void {
    if (this.disposed) return;
    if (this.deps.mode === 'pull') this.deps.refresh?.();
    else
      for (const document of this.deps.documents.all())
        void this.check(document.uri).catch((error) => this.deps.log.error(`diagnostics failed on ${document.uri}: ${describe(error)}`));
  }

  /** A document closed: its file's findings if Check Workspace reported it, else nothing. */
  async closed(uri: string): Promise<void> {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    if (this.workspace.has(uri)) await this.fileChanged(uri);
    else if (this.deps.mode === 'push' && !this.disposed) this.deps.publish({ uri, diagnostics: [] });
  }

  /** A file changed on disk: a page Check Workspace reported is checked again. */
  async fileChanged(uri: string): Promise<void> {
    if (!this.workspace.has(uri) || this.deps.documents.get(uri)) return;
    const items = (await this.deps.ofFile(uri)) ?? [];
    if (items.length) this.workspace.set(uri, items);
    else this.workspace.delete(uri);
    this.deliver([[uri, items]]);
  }

  /** The index was rebuilt: Check Workspace findings are from the old one, so they go. */
  clearWorkspace(): void {
    const cleared = [...this.workspace.keys()].map((uri): [string, Diagnostic[]] => [uri, []]);
    this.workspace.clear();
    this.deliver(cleared);
  }

  /** *Check Workspace*: every page, open documents as the editor has them. */
  async checkWorkspace(uris: string[], token: CancellationToken): Promise<{ files: number; issues: number } | 'cancelled'> {
    let files = 0;
    let issues = 0;
    const found: Array<[string, Diagnostic[]]> = [];
    for (const uri of uris) {
      // Each page reads a file, so a cancellation gets in between pages.
      if (token.isCancellationRequested || this.disposed) return 'cancelled';
      const open = this.deps.documents.get(uri) ? await this.deps.ofOpen(uri) : undefined;
      const items = open ? open.items : await this.deps.ofFile(uri);
      if (!items) continue;
      files++;
      issues += items.length;
      if (open) {
        if (this.deps.mode === 'push' && this.deps.documents.get(uri)?.version === open.version) this.deps.publish({ uri, version: open.version, diagnostics: items });
      } else if (items.length || this.workspace.has(uri)) found.push([uri, items]);
    }
    for (const [uri, items] of found) {
      if (items.length) this.workspace.set(uri, items);
      else this.workspace.delete(uri);
    }
    this.deliver(found);
    return { files, issues };
  }

  /** textDocument/diagnostic: an open document as it is now; a closed page as Check Workspace left it. */
  async pullDocument(uri: string): Promise<Diagnostic[]> {
    const open = await this.deps.ofOpen(uri);
    return open?.items ?? this.workspace.get(uri) ?? [];
  }

  /** workspace/diagnostic: what is new since the last answer, or, when nothing is, held until something is. */
  pullWorkspace(token: CancellationToken): Promise<WorkspaceReport> {
    if (this.unsent.size || this.disposed) return Promise.resolve(this.takeUnsent());
    return new Promise((resolve) => {
      const answer = (report: WorkspaceReport) => {
        listener.dispose();
        resolve(report);
      };
      const listener = token.onCancellationRequested(() => {
        this.waiting.splice(this.waiting.indexOf(answer), 1);
        resolve({ items: [] });
      });
      this.waiting.push(answer);
    });
  }

  /** Shutdown: no timer fires and nothing is published any more; waiting pulls get an empty answer. */
  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const answer of this.waiting.splice(0)) answer({ items: [] });
  }

  private deliver(reports: Array<[string, Diagnostic[]]>): void {
    if (this.disposed || !reports.length) return;
    if (this.deps.mode === 'push') {
      for (const [uri, diagnostics] of reports) this.deps.publish({ uri, diagnostics });
      return;
    }
    for (const [uri, items] of reports) this.unsent.set(uri, items);
    const answer = this.waiting.shift();
    if (answer) answer(this.takeUnsent());
    // No workspace pull waiting: the client pulls its open documents again, and the rest with its next workspace pull.
    else this.deps.refresh?.();
  }

  private takeUnsent(): WorkspaceReport {
    const items = [...this.unsent].map(([uri, diagnostics]): WorkspaceDocumentDiagnosticReport => ({ kind: 'full', uri, version: null, items: diagnostics }));
    this.unsent.clear();
    return { items };
  }
}
