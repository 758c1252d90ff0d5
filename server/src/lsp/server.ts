/**
 * The connection wiring, and nothing else: each handler hands its request to a feature (../features)
 * or to one of the parts below, in a few lines.
 *   settings.ts             what the client says, in any shape, layered
 *   indexHost.ts            one current build, generations, cancellation (indexing.ts runs it)
 *   documents.ts            the open documents
 *   diagnosticsScheduler.ts push or pull, checks after edits, Check Workspace
 *   pageDiagnostics.ts      what the scheduler checks a page for
 *   coverageService.ts      glossary terms per locale, coverage counted in the background
 *   translationService.ts   translation status: the English history, HEAD watched, the diff command
 *   lifecycle.ts            the stdio stream, -32002 before initialize, exits
 *   requestHandlers.ts      how every request and notification is answered (refusals, cancellation, errors)
 *   capabilities.ts         what we declare and register, the workspace folders
 * Settings are resolved before the first build: from initializationOptions at `initialize`, then,
 * at `initialized`, from workspace/configuration and whatever the client pushes meanwhile.
 */
import {
  ClientCapabilities,
  CodeActionParams,
  CodeLensRefreshRequest,
  CompletionItem,
  CompletionParams,
  Connection,
  DefinitionParams,
  DidChangeTextDocumentParams,
  DidChangeWatchedFilesParams,
  DidOpenTextDocumentParams,
  HoverParams,
  PrepareRenameParams,
  ReferenceParams,
  RenameParams,
  SignatureHelpParams,
  DocumentDiagnosticReportKind,
  ExecuteCommandParams,
  InitializeParams,
  InitializeResult,
  Location,
  LSPErrorCodes,
  ResponseError,
  WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver/node';
import { nodeFileSystem } from '../content/fileSystem';
import { urlLocale } from '../content/slugs';
import { FeatureContext, fileUri } from '../features/context';
import { completions, resolveCompletion } from '../features/completion';
import { codeActions } from '../features/codeActions';
import { signatureHelp } from '../features/signatureHelp';
import { definition, documentLinks, workspaceSymbols } from '../features/navigation';
import { findReferences, referrerPageCount } from '../features/findReferences';
import { prepareRename, rename, renameClientOf, RenameEnvironment } from '../features/rename';
import { CheckWorkspaceRequest, CoverageChangedNotification, CoverageParams, CoverageRequest, IndexInfoRequest } from './protocol';
import { createLogger, describe, userMessages } from './logger';
import { collectGarbage } from './memory';
import { glossaryMacroNames, resolveSettings, settingsPatch, SettingsPatch } from './settings';
import { resolveContentRoots, uncoveredRootOf } from './contentRoots';
import { OpenDocuments, pathOf } from './documents';
import type { DiagnosticsScheduler } from './diagnosticsScheduler';
import { createDiagnostics } from './pageDiagnostics';
import { createIndexing, followFileChanges, IndexedBuild, SAVE_CACHE } from './indexing';
import { createServerConnection, isClientGone, Lifecycle, refusal } from './lifecycle';
import { QuietWork } from './quietWork';
import { RequestActivity } from './activity';
import { GlossaryCoverage } from './coverageService';
import { translationCodeActions, translationHover } from '../features/translationStatus';
import { SAVE_HISTORY, serverCommands, TranslationService } from './translationService';
import { EnglishTextRequest, SHOW_ENGLISH_CHANGES_COMMAND } from './protocol';
import { changedFolders, clientCreatesFiles, initialFolders, registerWithClient, serverCapabilities } from './capabilities';
import { renameRefusal, requestHandlers } from './requestHandlers';
import { VERSION } from '../version';

/** Wait after a keystroke before checking, so typing stays fluid. */
const VALIDATION_DELAY_MS = 150;
/** A full garbage collection after this many edits, at the next quiet moment. */
const EDITS_BEFORE_COLLECTION = 500;
/** A quiet moment: no message from the client for this long (for work that would delay answers). */
const QUIET_MS = 500;
/** Glossary coverage, counted in the background, holds back this long after each message from the client. */
const BACKGROUND_HOLD_MS = 10;
/** How long a client may take to answer workspace/configuration before the build goes ahead. */
const CONFIGURATION_TIMEOUT_MS = 3000;
/** A client that never sends `initialized` still gets its index after this long. */
const INITIALIZED_TIMEOUT_MS = 5000;

export function startServer(given?: Connection): void {
  const lifecycle: Lifecycle = { phase: 'new' };
  const connection = given ?? createServerConnection(lifecycle);
  let capabilities: ClientCapabilities = {};
  let clientInfo: InitializeParams['clientInfo'];
  let workspaceFolders: string[] = [];
  /** Settings from initializationOptions, and the client's latest (answer or push). */
  let initialSettings: SettingsPatch = {};
  let clientSettings: SettingsPatch = {};
  let settings = resolveSettings();
  /** Settings events so far: an answer to an older one is dropped. */
  let settingsEvents = 0;
  /** `files` folders found above pages opened from outside every root. */
  const discovered: string[] = [];
  const log = createLogger(connection, () => settings.logLevel);
  const messages = userMessages(connection, log);
  const documents = new OpenDocuments();
  const quiet = new QuietWork(QUIET_MS, (error) => log.error(describe(error)));
  const requests = new RequestActivity();
  let diagnostics!: DiagnosticsScheduler; // made at `initialize`, when the client's capabilities are known
  /** Commands the server runs (those the client does not run itself). */
  let commands: string[] = [];
  const translations = new TranslationService({ connection, capabilities: () => capabilities, log, messages, quiet, changed: () => diagnostics.revalidate() });
  // A stray rejection or exception is a bug to log, never a reason to drop the author's session.
  process.on('unhandledRejection', (reason) => isClientGone(reason) || log.error(`unhandled rejection: ${describe(reason)}`));
  process.on('uncaughtException', (error) => isClientGone(error) || log.error(`uncaught exception: ${describe(error)}`));

  const indexing = createIndexing({
    connection,
    capabilities: () => capabilities,
    log,
    messages,
    documents,
    quiet,
    requests,
    spec: async () => ({
      filesDirs: await resolveContentRoots({ workspaceFolders, settingRoots: settings.contentRoots, discovered }, (message) => log.info(message)),
      glossaryMacros: glossaryMacroNames(settings),
    }),
    onStarted: (_generation, spec) => translations.buildStarted(spec.filesDirs),
    onReady: (built) => {
      glossary.ready(contextOf(built));
      translations.buildReady(built.index, built.spec.filesDirs);
      diagnostics.clearWorkspace();
      diagnostics.revalidate();
    },
    // Orphan diagnostics, "wanted by" and the entry lens's "linked from" wait for every page's references.
    onReferencesScanned: () => {
      diagnostics.revalidate();
      refreshCodeLenses();
    },
  });
  const host = indexing.host;
  /** Whether the client asked for glossary coverage (it then understands glossary/coverageChanged). */
  let coverageAsked = false;
  const glossary = new GlossaryCoverage({
    current: async () => contextOf(await host.withReferences()),
    readText: (path) => readPageText(path).catch(() => undefined),
    aliases: () => settings.aliases,
    busy: () => requests.busy || quiet.idleMs < BACKGROUND_HOLD_MS,
    later: (name, task) => quiet.later(name, task),
    onChanged: (locale) => {
      refreshCodeLenses();
      if (coverageAsked) void connection.sendNotification(CoverageChangedNotification, locale ? { locale: urlLocale(locale) } : {}).catch(() => undefined);
    },
    onError: (error) => log.error(`glossary coverage: ${describe(error)}`),
  });

  // ——— helpers ———

  const macroSets = new WeakMap<IndexedBuild, ReadonlySet<string>>();
  const contextOf = (built: IndexedBuild): FeatureContext => {
    if (!macroSets.has(built)) macroSets.set(built, new Set(built.spec.glossaryMacros));
    return { index: built.index, glossaryMacros: macroSets.get(built)!, referencesComplete: built.referencesComplete, englishHistory: translations.history };
  };
  const pageOf = (uri: string, built: IndexedBuild) => documents.page(uri, built.index);

  /** A page's text: the editor's when open, else the file's. */
  const readPageText = (path: string) => documents.readText(path);

  const { answer, onPage, whileRunning } = requestHandlers({ lifecycle, host, quiet, requests, log, contextOf, pageOf });

  // ——— settings ———

  async function askSettings(): Promise<void> {
    if (!capabilities.workspace?.configuration) return;
    const event = ++settingsEvents;
    const noAnswer = Symbol('no answer');
    const value = await Promise.race([
      connection.workspace.getConfiguration('glossary').catch((error) => (log.warn(`workspace/configuration: ${describe(error)}`), noAnswer)),
      new Promise<typeof noAnswer>((resolve) => setTimeout(() => resolve(noAnswer), CONFIGURATION_TIMEOUT_MS).unref()),
    ]);
    // No answer (an error, or too slow): the settings in hand stay.
    if (value !== noAnswer && event === settingsEvents) applySettings(settingsPatch(value));
  }
  /** The client's settings changed: a new build when roots or macro names did, else the checks again. */
  function applySettings(patch: SettingsPatch): void {
    clientSettings = patch;
    const before = JSON.stringify([settings.contentRoots, settings.macros.glossary]);
    settings = resolveSettings(initialSettings, clientSettings);
    if (JSON.stringify([settings.contentRoots, settings.macros.glossary]) !== before) host.refresh();
    else {
      diagnostics.revalidate();
      glossary.changed(); // the aliases may have changed
    }
  }

  // ——— lifecycle ———

  let initializedTimer: NodeJS.Timeout | undefined;
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    lifecycle.phase = 'running';
    ({ capabilities = {}, clientInfo } = params);
    workspaceFolders = initialFolders(params);
    initialSettings = settingsPatch(params.initializationOptions);
    settings = resolveSettings(initialSettings);
    diagnostics = createDiagnostics({
      connection,
      capabilities,
      documents,
      delayMs: VALIDATION_DELAY_MS,
      log,
      host,
      glossary,
      translations,
      severity: () => settings.severity,
      contextOf,
      pageOf,
      readPageText,
    });
    commands = serverCommands(params.initializationOptions);
    initializedTimer = setTimeout(() => (log.warn('no `initialized` notification from the client: indexing anyway'), host.start()), INITIALIZED_TIMEOUT_MS).unref();
    return { capabilities: serverCapabilities(capabilities, diagnostics.mode, commands), serverInfo: { name: 'glossary-lsp', version: VERSION } };
  });

  // Settings first (the answer to workspace/configuration, and whatever the client pushes meanwhile), then the first build.
  connection.onInitialized(async () => {
    clearTimeout(initializedTimer);
    registerWithClient(connection, capabilities);
    // (The library's event exists only for a client that said it sends these.)
    if (capabilities.workspace?.workspaceFolders) connection.workspace.onDidChangeWorkspaceFolders(whileRunning(foldersChanged));
    await askSettings().catch((error) => log.error(`settings: ${describe(error)}`));
    host.start();
  });

  connection.onShutdown(async () => {
    lifecycle.phase = 'shutdown';
    diagnostics?.dispose();
    glossary.dispose();
    await quiet.flush(SAVE_CACHE);
    await quiet.flush(SAVE_HISTORY);
    quiet.dispose();
    host.dispose();
    translations.dispose();
  });

  // Any other request: -32002 before initialize, else MethodNotFound.
  connection.onRequest((method) => refusal(lifecycle) ?? new ResponseError(-32601, `unhandled method ${method}`));

  connection.onDidChangeConfiguration(
    whileRunning(async (change: { settings?: unknown }) => {
      const patch = settingsPatch(change.settings);
      // null ("ask again"), or settings that hold nothing of ours: ask, when the client can be asked.
      if (!Object.keys(patch).length && capabilities.workspace?.configuration) return askSettings();
      settingsEvents++;
      applySettings(patch);
    }),
  );

  // ——— documents ———

  connection.onDidOpenTextDocument(
    whileRunning(async (params: DidOpenTextDocumentParams) => {
      const { uri } = documents.open(params);
      diagnostics.edited(uri, true, 0);
      await discoverRoot(pathOf(uri));
    }),
  );
  connection.onDidChangeTextDocument(
    whileRunning((params: DidChangeTextDocumentParams) => {
      if (!documents.change(params)) return;
      afterEdit();
      diagnostics.edited(params.textDocument.uri, settings.validate.onType);
    }),
  );
  connection.onDidSaveTextDocument(
    whileRunning((params: { textDocument: { uri: string } }) => {
      if (host.failed) host.refresh();
      diagnostics.edited(params.textDocument.uri, true, 0);
    }),
  );
  connection.onDidCloseTextDocument(
    whileRunning(async (params: { textDocument: { uri: string } }) => {
      const { uri } = params.textDocument;
      documents.close(uri);
      // The file on disk is the truth again.
      const path = pathOf(uri);
      const built = await host.current().catch(() => undefined);
      if (built && path && built.index.filesDirOf(path)) await built.index.updateFile(path, null);
      await diagnostics.closed(uri);
      diagnostics.revalidate();
      glossary.changed();
    }),
  );

  connection.onDidChangeWatchedFiles(
    whileRunning(async ({ changes }: DidChangeWatchedFilesParams) => {
      translations.filesChanged(changes);
      if (host.failed) return host.refresh(); // a failed build is retried on the next change
      const changed = await followFileChanges((await host.current()).index, changes, (path) => documents.atPath(path)?.getText());
      // Nothing the index watches (e.g. .git, or a path outside every root): nothing to check again.
      if (!changed.length) return;
      for (const uri of changed) await diagnostics.fileChanged(uri);
      diagnostics.revalidate();
      glossary.changed();
    }),
  );

  function foldersChanged(event: WorkspaceFoldersChangeEvent): void {
    workspaceFolders = changedFolders(workspaceFolders, event);
    host.refresh();
  }

  // Every edit makes a new copy of the document's text; after a long run of them, once the author
  // pauses, one full collection gives that memory back (never on the keystroke path itself).
  let editsSinceCollection = 0;
  function afterEdit(): void {
    if (++editsSinceCollection < EDITS_BEFORE_COLLECTION) return;
    editsSinceCollection = 0;
    quiet.later('collect', collectGarbage);
  }

  /** A page opened from a content tree no root covers: that tree is indexed too. */
  async function discoverRoot(path: string | undefined): Promise<void> {
    const above = await uncoveredRootOf(path, [...discovered, ...(host.spec?.filesDirs ?? [])]);
    if (!above) return;
    log.info(`${path} is in a content tree not indexed yet: indexing it`);
    discovered.push(above);
    host.refresh();
  }

  // ——— features ———

  const snippets = () => !!capabilities.textDocument?.completion?.completionItem?.snippetSupport;
  connection.onCompletion(onPage('completion', null, (doc, ctx, params: CompletionParams) => completions(doc, params.position, ctx, { snippetSupport: snippets() })));
  connection.onCompletionResolve((item: CompletionItem, token) =>
    answer('completionItem/resolve', item, (_: CompletionItem, built) => resolveCompletion(item, contextOf(built)))(item, token),
  );
  connection.onHover(
    onPage(
      'hover',
      null,
      (doc, ctx, params: HoverParams) =>
        // On `sourceCommit`: the English commits since. Elsewhere "used on N pages" as find-references
        // counts it; unknown ("counting…") until references are scanned.
        translationHover(doc, params.position, translations.context(ctx.index)) ??
        glossary.hover(doc, params.position, ctx, settings.severity, async (page) => (ctx.referencesComplete ? referrerPageCount(page, ctx) : undefined)),
    ),
  );
  connection.onDefinition(onPage('definition', null, (doc, ctx, params: DefinitionParams) => definition(doc, params.position, ctx)));
  connection.onDocumentLinks(onPage('documentLink', [], (doc, ctx) => documentLinks(doc, ctx)));
  connection.onWorkspaceSymbol(answer('workspace/symbol', [], (params: { query: string }, built) => workspaceSymbols(params.query, contextOf(built))));
  connection.onSignatureHelp(onPage('signatureHelp', null, (doc, ctx, params: SignatureHelpParams) => signatureHelp(doc, params.position, ctx)));
  connection.onCodeAction(
    onPage('codeAction', [], async (doc, ctx, params: CodeActionParams) => [
      ...(await codeActions(doc, params.range, params.context.diagnostics, ctx, { createFiles: clientCreatesFiles(capabilities), readText: readPageText })),
      ...(await glossary.codeActions(doc, params.range, params.context.diagnostics, ctx, settings.severity)),
      ...translationCodeActions(doc, params.range, params.context.diagnostics, translations.context(ctx.index)),
    ]),
  );
  connection.onCodeLens(onPage('codeLens', [], (doc, ctx) => glossary.codeLens(doc, ctx), { references: true }));
  connection.onReferences(
    onPage(
      'references',
      [] as Location[],
      (doc, ctx, params: ReferenceParams) => findReferences(doc, params.position, params.context.includeDeclaration, ctx, documents.sourceText),
      {
        references: true,
      },
    ),
  );
  connection.onPrepareRename(onPage('prepareRename', null, (doc, ctx, params: PrepareRenameParams) => renameRefusal(() => prepareRename(doc, params.position, ctx))));
  connection.onRenameRequest(
    onPage('rename', null, (doc, ctx, params: RenameParams) => renameRefusal(() => rename(doc, params.position, params.newName, ctx, renameEnvironment())), { references: true }),
  );
  connection.languages.diagnostics.on(
    answer('textDocument/diagnostic', { kind: DocumentDiagnosticReportKind.Full, items: [] }, async (params: { textDocument: { uri: string } }) => ({
      kind: DocumentDiagnosticReportKind.Full,
      items: await diagnostics.pullDocument(params.textDocument.uri),
    })),
  );
  connection.languages.diagnostics.onWorkspace((_params, token) => refusal(lifecycle) ?? diagnostics.pullWorkspace(token));

  connection.onRequest(IndexInfoRequest, () => refusal(lifecycle) ?? indexing.status());
  // Translation status: the English diff for clients that do not show it themselves; English texts for VS Code's diff editor.
  connection.onExecuteCommand(
    answer(
      'workspace/executeCommand',
      null,
      (params: ExecuteCommandParams, built) =>
        params.command === SHOW_ENGLISH_CHANGES_COMMAND && commands.includes(params.command)
          ? translations.showEnglishChanges(params.arguments?.[0], built.index, built.spec.filesDirs)
          : null,
      { long: true },
    ),
  );
  connection.onRequest(
    EnglishTextRequest,
    answer(EnglishTextRequest, null, (params: unknown) => translations.englishText(params)),
  );
  connection.onRequest(
    CoverageRequest,
    answer('glossary/coverage', null, (params: CoverageParams | null, _built, token) => ((coverageAsked = true), glossary.request(params ?? {}, token)), {
      references: true,
      long: true,
    }),
  );
  connection.onRequest(
    CheckWorkspaceRequest,
    answer(
      'glossary/checkWorkspace',
      new ResponseError<void>(LSPErrorCodes.RequestCancelled, 'cancelled'),
      async (_params: unknown, built, token) => {
        const result = await diagnostics.checkWorkspace(
          [...built.index.allPages()].map((page) => fileUri(page.path)),
          token,
        );
        return result === 'cancelled' ? new ResponseError<void>(LSPErrorCodes.RequestCancelled, 'cancelled') : result;
      },
      { long: true },
    ),
  );

  // ——— what the client can do, and parts made once that is known ———

  function refreshCodeLenses(): void {
    if (capabilities.workspace?.codeLens?.refreshSupport)
      void connection.sendRequest(CodeLensRefreshRequest.type).catch((error) => log.debug(`code lens refresh: ${describe(error)}`));
  }

  function renameEnvironment(): RenameEnvironment {
    return { readText: documents.sourceText, files: nodeFileSystem, client: renameClientOf(capabilities, clientInfo) };
  }

  connection.listen();
}
