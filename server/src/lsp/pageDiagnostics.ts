/**
 * What the diagnostics scheduler (diagnosticsScheduler.ts) delivers, and where it comes from: an
 * open page's findings (the features' checks, glossary coverage, translation status), a closed
 * page's for Check Workspace (what `check` reports), and the index brought up to the editor's text
 * before a check.
 */
import type { ClientCapabilities, Connection } from 'vscode-languageserver/node';
import type { ContentIndex } from '../content/contentIndex';
import { FeatureContext, PageDocument, pageDocument } from '../features/context';
import { diagnostics as findings } from '../features/diagnostics';
import type { GlossaryCoverage } from './coverageService';
import { DiagnosticsScheduler, diagnosticsMode } from './diagnosticsScheduler';
import { OpenDocuments, pathOf } from './documents';
import type { IndexHost } from './indexHost';
import type { IndexedBuild } from './indexing';
import { describe, Logger } from './logger';
import type { GlossarySettings } from './protocol';
import type { TranslationService } from './translationService';

export interface PageDiagnosticsDeps {
  connection: Connection;
  capabilities: ClientCapabilities;
  documents: OpenDocuments;
  /** Wait after a keystroke before checking. */
  delayMs: number;
  log: Logger;
  host: IndexHost<ContentIndex>;
  glossary: GlossaryCoverage;
  translations: TranslationService;
  severity(): GlossarySettings['severity'];
  contextOf(built: IndexedBuild): FeatureContext;
  pageOf(uri: string, built: IndexedBuild): PageDocument | undefined;
  /** A page's text: the editor's when open, else the file's. */
  readPageText(path: string): Promise<string | undefined>;
}

/** The scheduler of a session, pushing or pulling as the client's capabilities say. */
export function createDiagnostics(deps: PageDiagnosticsDeps): DiagnosticsScheduler {
  const { connection, capabilities, documents, log, host, glossary, translations, contextOf, pageOf } = deps;
  const refreshSupported = !!capabilities.workspace?.diagnostics?.refreshSupport;
  return new DiagnosticsScheduler({
    mode: diagnosticsMode(capabilities),
    documents,
    delayMs: deps.delayMs,
    log,
    async ofOpen(uri) {
      const built = await host.current();
      const doc = pageOf(uri, built);
      if (!doc) return undefined;
      const ctx = contextOf(built);
      // Check Workspace (ofFile) reports what `check` does; unlinked mentions, orphans and
      // translation status are for open pages.
      return {
        version: doc.version,
        items: [...findings(doc, ctx, deps.severity()), ...(await glossary.diagnostics(doc, ctx, deps.severity())), ...translations.diagnostics(doc, built.index, deps.severity())],
      };
    },
    async ofFile(uri) {
      const built = await host.current();
      const page = built.index.pageAtPath(pathOf(uri) ?? '');
      const text = page && (await deps.readPageText(page.path).catch(() => undefined));
      return text === undefined || !page ? undefined : findings(pageDocument(uri, text, 0, page.locale, page.path), contextOf(built), deps.severity());
    },
    // The index follows the editor's text, so titles and references are current.
    sync: async (uri) => {
      const built = await host.current();
      // Coverage and translation status follow the index: a version it already holds changes neither.
      if (!(await documents.putInto(built.index, uri))) return;
      glossary.changed();
      translations.documentSeen(pageOf(uri, built), built.index);
    },
    publish: (params) => void connection.sendDiagnostics(params).catch(() => undefined),
    refresh: refreshSupported
      ? () => void Promise.resolve(connection.languages.diagnostics.refresh()).catch((error) => log.debug(`diagnostic refresh: ${describe(error)}`))
      : undefined,
  });
}
