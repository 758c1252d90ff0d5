/**
 * The connection: LSP wiring, settings, indexing in the background, and scheduling of diagnostics.
 * Every feature is a function in ../features; this file only decides when to call them.
 */
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CancellationToken,
  ClientCapabilities,
  CodeActionKind,
  Connection,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  ErrorCodes,
  FileChangeType,
  InitializeParams,
  InitializeResult,
  Location,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  WatchKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ContentIndex, Page } from '../content/contentIndex';
import { DiskIndexCache, defaultCacheDir } from '../content/indexCache';
import { scanReferencesInWorker } from '../content/referenceScanner';
import { decodePage, nodeFileSystem } from '../content/fileSystem';
import { findRootAbove, pageLocation, resolveRoot, rootsFromEnvironment } from '../content/roots';
import { DEFAULT_LOCALE, urlLocale } from '../content/slugs';
import { GLOSSARY_MACROS } from '../content/references';
import { FeatureContext, fileUri, PageDocument, pageDocument } from '../features/context';
import { completions, resolveCompletion } from '../features/completion';
import { hover } from '../features/hover';
import { diagnostics } from '../features/diagnostics';
import { codeActions } from '../features/codeActions';
import { signatureHelp } from '../features/signatureHelp';
import { definition, documentLinks, workspaceSymbols } from '../features/navigation';
import { findReferences, referrerPageCount, textReader } from '../features/references';
import { prepareRename, rename, renameClientOf, RenameError } from '../features/rename';
import {
  CheckWorkspaceRequest,
  CheckWorkspaceResult,
  defaultSettings,
  GlossarySettings,
  IndexInfoRequest,
  IndexStatus,
  IndexStatusNotification,
} from './protocol';
import { Logger, createLogger } from './logger';
import { collectGarbage } from './memory';

/** Wait after a keystroke before checking, so typing stays fluid. */
const VALIDATION_DELAY_MS = 150;
/** A full garbage collection after this many edits, once the author pauses this long. */
const EDITS_BEFORE_COLLECTION = 500;
const QUIET_BEFORE_COLLECTION_MS = 1000;

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): void {
  const documents = new TextDocuments(TextDocument);
  // A stray rejection or exception is a bug to log, never a reason to drop the author's session.
  process.on('unhandledRejection', (reason) => log.error(`unhandled rejection: ${describe(reason)}`));
  process.on('uncaughtException', (error) => log.error(`uncaught exception: ${describe(error)}`));
  let settings: GlossarySettings = defaultSettings;
  let capabilities: ClientCapabilities = {};
  let clientInfo: InitializeParams['clientInfo'];
  let workspaceFolders: string[] = [];
  let index: ContentIndex | undefined;
  let indexing: Promise<ContentIndex> | undefined;
  let status: IndexStatus = { state: 'indexing', pages: 0, glossaryEntries: 0, locales: [], roots: [], warnings: [] };
  const log: Logger = createLogger(connection, () => settings.logLevel);
  const pageDocs = new Map<string, PageDocument>();
  const timers = new Map<string, NodeJS.Timeout>();
  const fallbackWarned = new Set<string>();
  let pullDiagnostics = false;
  /** Set by `shutdown`: every request after it is an error (LSP), and nothing more is published. */
  let shutDown = false;
  const afterShutdown = () => new ResponseError<never>(ErrorCodes.InvalidRequest, 'the server is shutting down');
  // GLOSSARY_LSP_CACHE=off turns the persistent index cache off.
  const cache = process.env.GLOSSARY_LSP_CACHE === 'off' ? undefined : new DiskIndexCache(defaultCacheDir(), (message) => log.warn(message));

  // ——— helpers ———

  const glossaryMacros = (): ReadonlySet<string> => new Set([...GLOSSARY_MACROS, ...settings.macros.glossary.map((name) => name.toLowerCase())]);
  const featureContext = (idx: ContentIndex): FeatureContext => ({ index: idx, glossaryMacros: glossaryMacros() });

  function pathOf(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  }

  function localeOf(path: string | undefined, idx: ContentIndex | undefined): string {
    if (!path) return DEFAULT_LOCALE;
    const filesDir = idx?.filesDirOf(path);
    const location = filesDir ? pageLocation(filesDir, path) : undefined;
    if (location) return location.locale;
    const match = /[\\/]files[\\/]([a-z]{2,3}(?:-[a-z0-9]+)?)[\\/]/.exec(path);
    return match ? match[1] : DEFAULT_LOCALE;
  }

  /** The page document for an open text document, scanned once per version. */
  function pageDocOf(uri: string, idx: ContentIndex): PageDocument | undefined {
    const textDocument = documents.get(uri);
    if (!textDocument) return undefined;
    const cached = pageDocs.get(uri);
    if (cached && cached.version === textDocument.version) return cached;
    const path = pathOf(uri);
    const doc = pageDocument(uri, textDocument.getText(), textDocument.version, localeOf(path, idx), path);
    pageDocs.set(uri, doc);
    return doc;
  }

  /** Run a request once the index is ready; any exception is logged and answered with `fallback`. */
  function handle<P extends object, R>(method: string, fallback: R, run: (params: P, idx: ContentIndex, token: CancellationToken) => R | Promise<R>) {
    return async (params: P, token: CancellationToken): Promise<R | ResponseError<never>> => {
      if (shutDown) return afterShutdown();
      try {
        const idx = await ready();
        if (token.isCancellationRequested) return fallback;
        return await run(params, idx, token);
      } catch (error) {
        const uri = (params as { textDocument?: { uri?: string } }).textDocument?.uri;
        log.error(`${method} failed${uri ? ` on ${uri}` : ''}: ${describe(error)}`);
        return fallback;
      }
    };
  }

  function ready(): Promise<ContentIndex> {
    if (index) return Promise.resolve(index);
    return (indexing ??= buildIndex());
  }

  // ——— indexing ———

  async function contentRoots(): Promise<string[]> {
    const named = [...workspaceFolders, ...settings.contentRoots, ...rootsFromEnvironment()];
    const filesDirs: string[] = [];
    for (const dir of named) {
      const resolved = await resolveRoot(nodeFileSystem, dir);
      if ('filesDir' in resolved) {
        if (!filesDirs.includes(resolved.filesDir)) filesDirs.push(resolved.filesDir);
      } else {
        // A workspace folder inside a content tree (e.g. files/en-us/web) still works.
        const above = await findRootAbove(nodeFileSystem, dir);
        if (above && !filesDirs.includes(above)) filesDirs.push(above);
        else if (!above) log.info(`not a content root: ${resolved.error}`);
      }
    }
    for (const doc of documents.all()) {
      const path = pathOf(doc.uri);
      if (!path || filesDirs.some((dir) => path.startsWith(dir + nodePath.sep))) continue;
      const above = await findRootAbove(nodeFileSystem, path);
      if (above && !filesDirs.includes(above)) filesDirs.push(above);
    }
    return filesDirs;
  }

  async function buildIndex(): Promise<ContentIndex> {
    const started = Date.now();
    const filesDirs = await contentRoots();
    status = { state: 'indexing', pages: 0, glossaryEntries: 0, locales: [], roots: filesDirs, warnings: [] };
    connection.sendNotification(IndexStatusNotification, status);
    const progress = capabilities.window?.workDoneProgress ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    progress?.begin('Glossary', 0, filesDirs.length ? 'Indexing content…' : 'No content root found', false);
    let built: ContentIndex;
    try {
      built = await ContentIndex.build(nodeFileSystem, filesDirs, {
        glossaryMacros: glossaryMacros(),
        // Front matter first: completion, hover and diagnostics need no more. References (usage
        // counts, find references) are scanned right after, in the background.
        scan: () => false,
        cache,
        onProgress: (done, total) => {
          progress?.report(Math.round((done / total) * 100), `Indexing ${total.toLocaleString('en-US')} pages…`);
          status = { ...status, pages: done };
          if (done % 5000 === 0) connection.sendNotification(IndexStatusNotification, status);
        },
      });
    } finally {
      progress?.done();
    }
    index = built;
    indexing = undefined;
    const warnings: string[] = [];
    if (!filesDirs.length) {
      warnings.push('No content root found: open a folder that holds files/<locale>/, or set glossary.contentRoots.');
    } else if (!built.hasLocale(DEFAULT_LOCALE) && built.locales().length) {
      warnings.push(
        `No English (en-US) content is indexed: links missing from ${built.locales().map(urlLocale).join(', ')} cannot be checked against English. ` +
          'Add mdn/content as a workspace folder or to glossary.contentRoots.',
      );
    }
    for (const warning of warnings) {
      if (fallbackWarned.has(warning)) continue;
      fallbackWarned.add(warning);
      log.warn(warning);
      void connection.window.showWarningMessage(`Glossary: ${warning}`);
    }
    for (const problem of built.problems()) log.debug(`${problem.path}${problem.line !== undefined ? `:${problem.line + 1}` : ''}: ${problem.message}`);
    status = {
      state: 'ready',
      pages: built.pageCount,
      glossaryEntries: built.glossaryEntryCount(),
      locales: built.locales().map(urlLocale),
      roots: filesDirs,
      warnings,
    };
    log.info(`indexed ${built.pageCount} pages (${status.glossaryEntries} glossary entries; ${status.locales.join(', ') || 'no locales'}) from ${filesDirs.join(', ') || 'no root'} in ${Date.now() - started} ms`);
    connection.sendNotification(IndexStatusNotification, status);
    // Open documents first: they are what the author is looking at.
    for (const doc of documents.all()) {
      if (documents.get(doc.uri)) await built.updateFile(pathOf(doc.uri) ?? '', doc.getText()).catch(() => undefined);
    }
    revalidateOpenDocuments();
    // Reading every page grew the heap far past what the index keeps: shrink it before the
    // worker starts, so the two do not add up.
    collectGarbage();
    const scanStarted = Date.now();
    // A cache that held every page unchanged is not written again.
    const cacheIsCurrent = built.pagesRead === 0 && built.unscannedPages().length === 0;
    void scanReferencesInWorker(built, glossaryMacros(), { isCancelled: () => index !== built })
      .then(async () => {
        if (index !== built) return;
        log.info(`references of ${built.pageCount} pages ready in ${Date.now() - scanStarted} ms`);
        if (cache && !cacheIsCurrent) await built.saveCache(cache);
        // The index is complete and the garbage of reading it is all dead: give it back.
        if (index === built) collectGarbage();
      })
      .catch((error) => log.error(`scanning references failed: ${describe(error)}`));
    return built;
  }

  function reindex(): void {
    index = undefined;
    indexing = buildIndex();
    indexing.catch((error) => log.error(`indexing failed: ${describe(error)}`));
  }

  // ——— diagnostics ———

  function computeDiagnostics(uri: string, idx: ContentIndex) {
    const doc = pageDocOf(uri, idx);
    return doc ? { doc, items: diagnostics(doc, featureContext(idx), settings.severity) } : undefined;
  }

  async function validate(uri: string): Promise<void> {
    const idx = index;
    if (!idx || pullDiagnostics || shutDown) return;
    const version = documents.get(uri)?.version;
    try {
      const result = computeDiagnostics(uri, idx);
      // Publish only for the text the author still has.
      if (!result || documents.get(uri)?.version !== version) return;
      await connection.sendDiagnostics({ uri, version, diagnostics: result.items });
    } catch (error) {
      log.error(`diagnostics failed on ${uri}: ${describe(error)}`);
    }
  }

  function scheduleValidation(uri: string, delay: number): void {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        const textDocument = documents.get(uri);
        const path = pathOf(uri);
        // The index follows the editor's text, so titles and references are current.
        if (index && textDocument && path && index.filesDirOf(path)) {
          const doc = pageDocOf(uri, index);
          if (doc) void index.updateFile(path, doc.text, doc.scanned);
        }
        void validate(uri);
      }, delay),
    );
  }

  function revalidateOpenDocuments(): void {
    if (pullDiagnostics) {
      // Only clients that said they support it may be asked; the answer is not awaited.
      if (capabilities.workspace?.diagnostics?.refreshSupport) {
        Promise.resolve(connection.languages.diagnostics.refresh()).catch((error) => log.debug(`diagnostic refresh: ${describe(error)}`));
      }
      return;
    }
    for (const doc of documents.all()) void validate(doc.uri);
  }

  // ——— lifecycle ———

  connection.onShutdown(() => {
    shutDown = true;
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    capabilities = params.capabilities;
    clientInfo = params.clientInfo;
    workspaceFolders = (params.workspaceFolders ?? []).map((folder) => pathOf(folder.uri)).filter((path): path is string => !!path);
    if (!workspaceFolders.length && params.rootUri) {
      const root = pathOf(params.rootUri);
      if (root) workspaceFolders.push(root);
    }
    const options = params.initializationOptions as { settings?: Partial<GlossarySettings> } | undefined;
    if (options?.settings) settings = mergeSettings(options.settings);
    pullDiagnostics = !!capabilities.textDocument?.diagnostic;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['"', "'", '`', '(', '{', '/', ','], resolveProvider: true },
        hoverProvider: true,
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: capabilities.textDocument?.rename?.prepareSupport ? { prepareProvider: true } : true,
        documentLinkProvider: { resolveProvider: false },
        workspaceSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        ...(pullDiagnostics ? { diagnosticProvider: { identifier: 'glossary', interFileDependencies: true, workspaceDiagnostics: false } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'glossary-lsp', version: require('../../package.json').version },
    };
  });

  connection.onInitialized(async () => {
    try {
      if (capabilities.workspace?.configuration) await fetchSettings();
      if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
        void connection.client.register(DidChangeConfigurationNotification.type, { section: 'glossary' }).catch(() => undefined);
      }
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
      if (capabilities.workspace?.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders((event) => {
          const removed = new Set(event.removed.map((folder) => pathOf(folder.uri)));
          workspaceFolders = [...workspaceFolders.filter((path) => !removed.has(path)), ...event.added.map((folder) => pathOf(folder.uri)).filter((path): path is string => !!path)];
          reindex();
        });
      }
    } catch (error) {
      log.error(`initialization: ${describe(error)}`);
    }
    void ready().catch((error) => log.error(`indexing failed: ${describe(error)}`));
  });

  async function fetchSettings(): Promise<void> {
    const value = (await connection.workspace.getConfiguration('glossary').catch(() => undefined)) as Partial<GlossarySettings> | undefined;
    if (value) settings = mergeSettings(value);
  }

  connection.onDidChangeConfiguration(async (change) => {
    const before = JSON.stringify([settings.contentRoots, settings.macros.glossary]);
    const pushed = (change.settings as { glossary?: Partial<GlossarySettings> } | undefined)?.glossary;
    if (capabilities.workspace?.configuration) await fetchSettings();
    else if (pushed) settings = mergeSettings(pushed);
    if (JSON.stringify([settings.contentRoots, settings.macros.glossary]) !== before) reindex();
    else revalidateOpenDocuments();
  });

  // ——— documents ———

  documents.onDidOpen(async (event) => {
    const path = pathOf(event.document.uri);
    if (index && path && !index.filesDirOf(path) && (await findRootAbove(nodeFileSystem, path))) {
      log.info(`${path} is in a content tree not indexed yet: indexing it`);
      reindex();
      return;
    }
    void ready().then(() => scheduleValidation(event.document.uri, 0));
  });
  // Every edit makes a new copy of the document's text; after a long run of them, once the author
  // pauses, one full collection gives that memory back (never on the keystroke path itself).
  let editsSinceCollection = 0;
  let quietTimer: NodeJS.Timeout | undefined;
  documents.onDidChangeContent((event) => {
    editsSinceCollection++;
    clearTimeout(quietTimer);
    quietTimer = setTimeout(() => {
      if (editsSinceCollection >= EDITS_BEFORE_COLLECTION) {
        editsSinceCollection = 0;
        collectGarbage();
      }
    }, QUIET_BEFORE_COLLECTION_MS);
    quietTimer.unref?.();
    if (!index) return;
    if (settings.validate.onType) scheduleValidation(event.document.uri, VALIDATION_DELAY_MS);
  });
  documents.onDidSave((event) => scheduleValidation(event.document.uri, 0));
  documents.onDidClose(async (event) => {
    const uri = event.document.uri;
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    pageDocs.delete(uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri, diagnostics: [] });
    // The file on disk is the truth again.
    const path = pathOf(uri);
    if (index && path && index.filesDirOf(path)) {
      await index.updateFile(path, null);
      revalidateOpenDocuments();
    }
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    const idx = index;
    if (!idx) return;
    try {
      for (const change of params.changes) {
        const path = pathOf(change.uri);
        if (!path || !idx.watches(path)) continue;
        const base = nodePath.basename(path);
        const isContentFile = base === 'index.md' || base === '_redirects.txt' || base === '_allowed-broken-links.txt';
        if (change.type === FileChangeType.Deleted) {
          if (isContentFile) await idx.updateFile(path, undefined);
          else idx.removeFolder(path);
        } else if (isContentFile) {
          const open = documents.all().find((doc) => pathOf(doc.uri) === path);
          await idx.updateFile(path, open ? open.getText() : null);
        }
      }
      revalidateOpenDocuments();
    } catch (error) {
      log.error(`watched files: ${describe(error)}`);
    }
  });

  // ——— features ———

  connection.onCompletion(
    handle('completion', null, (params, idx) => {
      const doc = pageDocOf(params.textDocument.uri, idx);
      return doc ? completions(doc, params.position, featureContext(idx), { snippetSupport: !!capabilities.textDocument?.completion?.completionItem?.snippetSupport }) : null;
    }),
  );
  connection.onCompletionResolve(async (item) => {
    if (shutDown) return afterShutdown();
    try {
      return index ? await resolveCompletion(item, featureContext(index)) : item;
    } catch (error) {
      log.error(`completionItem/resolve failed: ${describe(error)}`);
      return item;
    }
  });
  /** "Used on N pages" as find-references counts it. */
  const usageOf = (idx: ContentIndex) => async (page: Page): Promise<number> => referrerPageCount(page, featureContext(idx));
  connection.onHover(handle('hover', null, async (params, idx) => {
    const doc = pageDocOf(params.textDocument.uri, idx);
    return doc ? hover(doc, params.position, featureContext(idx), usageOf(idx)) : null;
  }));
  connection.onDefinition(handle('definition', null, (params, idx) => {
    const doc = pageDocOf(params.textDocument.uri, idx);
    return doc ? definition(doc, params.position, featureContext(idx)) : null;
  }));
  connection.onDocumentLinks(handle('documentLink', [], (params, idx) => {
    const doc = pageDocOf(params.textDocument.uri, idx);
    return doc ? documentLinks(doc, featureContext(idx)) : [];
  }));
  connection.onWorkspaceSymbol(handle('workspace/symbol', [], (params: { query: string }, idx) => workspaceSymbols(params.query, featureContext(idx))));
  connection.onSignatureHelp(handle('signatureHelp', null, (params, idx) => {
    const doc = pageDocOf(params.textDocument.uri, idx);
    return doc ? signatureHelp(doc, params.position, featureContext(idx)) : null;
  }));
  /** A page's text: the editor's when open, else the file's. */
  async function readPageText(path: string): Promise<string | undefined> {
    const open = documents.all().find((doc) => pathOf(doc.uri) === path);
    if (open) return open.getText();
    const decoded = decodePage(await nodeFileSystem.readFile(path));
    return 'text' in decoded ? decoded.text : undefined;
  }
  connection.onCodeAction(handle('codeAction', [], (params, idx) => {
    const doc = pageDocOf(params.textDocument.uri, idx);
    const createFiles = !!capabilities.workspace?.workspaceEdit?.documentChanges && !!capabilities.workspace.workspaceEdit.resourceOperations?.includes('create');
    return doc ? codeActions(doc, params.range, params.context.diagnostics, featureContext(idx), { createFiles, readText: readPageText }) : [];
  }));
  // ——— references and rename ———

  /** Open documents first (with their version, for workspace edits), then the disk. */
  const sourceText = textReader(
    (path) => {
      const open = documents.all().find((doc) => pathOf(doc.uri) === path);
      return open ? { text: open.getText(), version: open.version } : undefined;
    },
    (path) => readPageText(path).catch(() => undefined),
  );
  /** References are scanned in the background after indexing: wait for them (false: cancelled or reindexed). */
  async function referencesScanned(idx: ContentIndex, token: CancellationToken): Promise<boolean> {
    while (!idx.referencesComplete) {
      if (token.isCancellationRequested || index !== idx) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return true;
  }
  /** A refused rename is an error the client shows; anything else is a bug (logged by `handle`). */
  const refused = (error: unknown): ResponseError<void> => {
    if (error instanceof RenameError) return new ResponseError(LSPErrorCodes.RequestFailed, error.message);
    throw error;
  };
  connection.onReferences(handle('references', [] as Location[], async (params, idx, token) => {
    const doc = pageDocOf(params.textDocument.uri, idx);
    if (!doc || !(await referencesScanned(idx, token))) return [];
    return findReferences(doc, params.position, params.context.includeDeclaration, featureContext(idx), sourceText);
  }));
  connection.onPrepareRename(handle('prepareRename', null, (params, idx) => {
    const doc = pageDocOf(params.textDocument.uri, idx);
    try {
      return doc ? prepareRename(doc, params.position, featureContext(idx)) : null;
    } catch (error) {
      return refused(error);
    }
  }));
  connection.onRenameRequest(handle('rename', null, async (params, idx, token) => {
    const doc = pageDocOf(params.textDocument.uri, idx);
    if (!doc || !(await referencesScanned(idx, token))) return null;
    try {
      return await rename(doc, params.position, params.newName, featureContext(idx), { readText: sourceText, files: nodeFileSystem, client: renameClientOf(capabilities, clientInfo) });
    } catch (error) {
      return refused(error);
    }
  }));
  connection.languages.diagnostics.on(
    handle('textDocument/diagnostic', { kind: DocumentDiagnosticReportKind.Full, items: [] }, (params, idx) => {
      const result = computeDiagnostics(params.textDocument.uri, idx);
      return { kind: DocumentDiagnosticReportKind.Full, items: result?.items ?? [] };
    }),
  );

  connection.onRequest(IndexInfoRequest, () => (shutDown ? afterShutdown() : status));
  connection.onRequest(CheckWorkspaceRequest, async (_params: unknown, token: CancellationToken): Promise<CheckWorkspaceResult | ResponseError<void>> => {
    if (shutDown) return afterShutdown();
    const idx = await ready();
    let files = 0;
    let issues = 0;
    for (const page of [...idx.allPages()]) {
      // Stops between pages when cancelled (each page reads a file, so the cancellation gets in).
      if (token.isCancellationRequested || shutDown) return new ResponseError<void>(LSPErrorCodes.RequestCancelled, `cancelled after ${files} files`);
      const uri = fileUri(page.path);
      const open = documents.get(uri);
      let text: string | undefined = open?.getText();
      if (text === undefined) {
        try {
          const decoded = decodePage(await nodeFileSystem.readFile(page.path));
          if ('error' in decoded) continue;
          text = decoded.text;
        } catch {
          continue;
        }
      }
      const items = diagnostics(pageDocument(uri, text, open?.version ?? 0, page.locale, page.path), featureContext(idx), settings.severity);
      files++;
      issues += items.length;
      if (items.length || open) await connection.sendDiagnostics({ uri, diagnostics: items });
    }
    return { files, issues };
  });

  documents.listen(connection);
  connection.listen();
}

function mergeSettings(value: Partial<GlossarySettings>): GlossarySettings {
  return {
    contentRoots: Array.isArray(value.contentRoots) ? value.contentRoots.filter((root) => typeof root === 'string') : defaultSettings.contentRoots,
    macros: { glossary: Array.isArray(value.macros?.glossary) ? value.macros!.glossary.filter((name) => typeof name === 'string') : [] },
    severity: value.severity && typeof value.severity === 'object' ? value.severity : {},
    validate: { onType: typeof value.validate?.onType === 'boolean' ? value.validate.onType : defaultSettings.validate.onType },
    logLevel: value.logLevel ?? defaultSettings.logLevel,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.stack ?? error.message : String(error);
}
