/**
 * The index host as the language server runs it: builds read through the content layer (with the
 * disk cache), references are scanned in a worker, and what the client sees of it — the
 * glossary/indexStatus notification, one work-done progress, the log, warnings shown once — comes
 * from the host's events, which are for the newest build only.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { FileChangeType, type ClientCapabilities, type Connection, type FileEvent, type WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { ContentIndex } from '../content/contentIndex';
import { nodeFileSystem } from '../content/fileSystem';
import { DiskIndexCache, defaultCacheDir } from '../content/indexCache';
import { scanReferencesInWorker } from '../content/referenceScanner';
import { DEFAULT_LOCALE, urlLocale } from '../content/slugs';
import { OpenDocuments, pathOf } from './documents';
import { BuildSpec, Built, IndexHost } from './indexHost';
import { describe, Logger, UserMessages } from './logger';
import { collectGarbage } from './memory';
import { IndexStatus, IndexStatusNotification } from './protocol';
import type { QuietWork } from './quietWork';
import type { RequestActivity } from './activity';

/** The quiet-work task that writes the index cache (flushed at shutdown). */
export const SAVE_CACHE = 'save cache';

/** Quiet moment before a build starts: settings sent with `initialized` arrive in it. */
const SETTLE_MS = 40;

export type IndexedBuild = Built<ContentIndex>;

export interface IndexingDeps {
  connection: Connection;
  capabilities: () => ClientCapabilities;
  log: Logger;
  messages: UserMessages;
  documents: OpenDocuments;
  spec(): Promise<BuildSpec>;
  /** A new build starts (the newest; one started before it is cancelled). */
  onStarted?(generation: number, spec: BuildSpec): void;
  /** A new build is ready: the documents' diagnostics follow it. */
  onReady(built: IndexedBuild): void;
  /** The newest build's references are all scanned (counts that need every page are final). */
  onReferencesScanned?(built: IndexedBuild): void;
  /** Where garbage collection and cache writing wait for a pause in the client's requests. */
  quiet: QuietWork;
  /** Requests being computed: the reference scan pauses for them. */
  requests: RequestActivity;
  env?: NodeJS.ProcessEnv;
}

export interface Indexing {
  host: IndexHost<ContentIndex>;
  /** Where indexing stands, as last sent to the client. */
  status(): IndexStatus;
}

export function createIndexing(deps: IndexingDeps): Indexing {
  const { connection, log, messages, documents, quiet } = deps;
  const env = deps.env ?? process.env;
  // GLOSSARY_LSP_CACHE=off turns the persistent index cache off.
  const cache = env.GLOSSARY_LSP_CACHE === 'off' ? undefined : new DiskIndexCache(defaultCacheDir(env), (message) => log.warn(message));
  // A test hook: builds fail while this file exists (tests/lsp: a failed build, then the fix).
  const failWhile = env.GLOSSARY_LSP_FAIL_BUILD_WHILE;
  /** Whether the cache held every page of a build unchanged (then it is not written again). */
  const cacheIsCurrent = new WeakMap<ContentIndex, boolean>();
  const progress = singleProgress(connection, () => !!deps.capabilities().window?.workDoneProgress);
  let status: IndexStatus = { state: 'indexing', pages: 0, glossaryEntries: 0, locales: [], roots: [], warnings: [], referencesScanned: false };
  const sendStatus = (next: IndexStatus) => {
    status = next;
    void connection.sendNotification(IndexStatusNotification, status).catch(() => undefined);
  };

  const host = new IndexHost<ContentIndex>({
    settleMs: SETTLE_MS,
    onError: (error) => log.error(`indexing: ${describe(error)}`),
    spec: deps.spec,
    async build(spec, signal, onProgress) {
      if (failWhile && fs.existsSync(failWhile)) throw new Error(`injected failure (GLOSSARY_LSP_FAIL_BUILD_WHILE=${failWhile})`);
      const index = await ContentIndex.build(nodeFileSystem, spec.filesDirs, {
        glossaryMacros: new Set(spec.glossaryMacros),
        // Front matter first: completion, hover and diagnostics need no more. References (usage
        // counts, find references) are scanned right after, in a worker.
        scan: () => false,
        cache,
        onProgress: (done, total) => {
          signal.throwIfAborted();
          onProgress(done, total);
        },
      });
      signal.throwIfAborted();
      cacheIsCurrent.set(index, index.pagesRead === 0 && index.unscannedPages().length === 0);
      // The index follows the editor's text of open pages.
      for (const document of documents.all()) await documents.putInto(index, document.uri).catch(() => undefined);
      signal.throwIfAborted();
      return index;
    },
    scan: (index, spec, signal) => scanReferencesInWorker(index, new Set(spec.glossaryMacros), { signal, requests: deps.requests.shared }),
    events: {
      started(generation, spec) {
        log.info(`build ${generation}: indexing ${spec.filesDirs.join(', ') || 'nothing (no content root)'}`);
        sendStatus({ state: 'indexing', pages: 0, glossaryEntries: 0, locales: [], roots: spec.filesDirs, warnings: [], referencesScanned: false });
        progress.show(spec.filesDirs.length ? 'Indexing content…' : 'No content root found', 0);
        deps.onStarted?.(generation, spec);
      },
      progress(_generation, done, total) {
        progress.show(`Indexing ${thousands(total)} pages…`, Math.round((done / total) * 100));
        if (done % 5000 === 0) sendStatus({ ...status, pages: done });
      },
      ready(built, ms) {
        const { index, spec, generation } = built;
        progress.hide();
        const warnings = indexWarnings(index, spec);
        for (const warning of warnings) messages.warn(warning, warning);
        for (const problem of index.problems()) log.debug(`${problem.path}${problem.line !== undefined ? `:${problem.line + 1}` : ''}: ${problem.message}`);
        const locales = index.locales().map(urlLocale);
        sendStatus({ state: 'ready', pages: index.pageCount, glossaryEntries: index.glossaryEntryCount(), locales, roots: spec.filesDirs, warnings, referencesScanned: false });
        log.info(
          `indexed ${index.pageCount} pages (${status.glossaryEntries} glossary entries; ${locales.join(', ') || 'no locales'}) from ${spec.filesDirs.join(', ') || 'no root'} in ${ms} ms (build ${generation})`,
        );
        deps.onReady(built);
        // Reading every page grew the heap far past what the index keeps: shrink it now, before
        // the first answers and before the worker starts, so that the two do not add up and V8
        // does not stop later requests to collect it.
        collectGarbage();
      },
      failed(generation, _spec, error) {
        progress.hide();
        const reason = error instanceof Error ? error.message : String(error);
        log.debug(describe(error));
        messages.error(`indexing failed: ${reason}`, `indexing failed (build ${generation}): ${reason}. It is tried again on the next change.`);
        const previous = host.settled;
        sendStatus({
          ...status,
          state: 'ready',
          warnings: [`indexing failed: ${reason}`],
          referencesScanned: !!previous?.referencesComplete,
          ...(previous ? {} : { pages: 0, glossaryEntries: 0, locales: [] }),
        });
      },
      referencesScanned(built, outcome, ms, error) {
        if (outcome === 'failed') {
          log.error(`scanning references failed (build ${built.generation}): ${describe(error)}`);
          return;
        }
        log.info(`references of ${built.index.pageCount} pages ready in ${ms} ms (build ${built.generation})`);
        if (host.settled === built) sendStatus({ ...status, referencesScanned: true });
        deps.onReferencesScanned?.(built);
        // Both at a quiet moment: the cache written (if anything changed), then the garbage of
        // reading and writing given back.
        if (cache && !cacheIsCurrent.get(built.index)) {
          quiet.later(SAVE_CACHE, () => (host.settled === built ? built.index.saveCache(cache) : undefined));
        }
        quiet.later('collect', collectGarbage);
      },
    },
  });
  return { host, status: () => status };
}

/**
 * The index follows files changed on disk (what the client's watchers report): a page or list
 * changed, created or deleted, or a folder deleted with everything under it. An open page keeps
 * the editor's text. Returns the URIs of the changes the index took in.
 */
export async function followFileChanges(index: ContentIndex, changes: FileEvent[], openText: (path: string) => string | undefined): Promise<string[]> {
  const taken: string[] = [];
  for (const change of changes) {
    const path = pathOf(change.uri);
    if (!path || !index.watches(path)) continue;
    const base = nodePath.basename(path);
    const isContentFile = base === 'index.md' || base === '_redirects.txt' || base === '_allowed-broken-links.txt';
    if (change.type === FileChangeType.Deleted && !isContentFile) index.removeFolder(path);
    else if (change.type === FileChangeType.Deleted) await index.updateFile(path, undefined);
    else if (isContentFile) await index.updateFile(path, openText(path) ?? null);
    taken.push(change.uri);
  }
  return taken;
}

/** 27196 → "27,196" (toLocaleString is slow enough to show up when called at every progress step). */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function indexWarnings(index: ContentIndex, spec: BuildSpec): string[] {
  if (!spec.filesDirs.length) return ['No content root found: open a folder that holds files/<locale>/, or set glossary.contentRoots.'];
  if (!index.hasLocale(DEFAULT_LOCALE) && index.locales().length) {
    return [
      `No English (en-US) content is indexed: links missing from ${index.locales().map(urlLocale).join(', ')} cannot be checked against English. ` +
        'Add mdn/content as a workspace folder or to glossary.contentRoots.',
    ];
  }
  return [];
}

/**
 * One work-done progress for however many builds follow each other: shown while one runs, with
 * the newest build's figures, and ended when none does.
 */
function singleProgress(connection: Connection, supported: () => boolean) {
  let reporter: WorkDoneProgressServerReporter | undefined;
  let creating = false;
  let wanted: { message: string; percentage: number } | undefined;
  return {
    show(message: string, percentage: number): void {
      wanted = { message, percentage };
      if (reporter) reporter.report(percentage, message);
      else if (!creating && supported()) {
        creating = true;
        connection.window.createWorkDoneProgress().then(
          (created) => {
            creating = false;
            if (!wanted) return created.done();
            reporter = created;
            created.begin('Glossary', wanted.percentage, wanted.message, false);
          },
          () => (creating = false),
        );
      }
    },
    hide(): void {
      wanted = undefined;
      reporter?.done();
      reporter = undefined;
    },
  };
}
