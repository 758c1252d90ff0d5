/**
 * The parts of the protocol that are ours, not LSP's: shared by the server and the VS Code client
 * (the client imports this file through esbuild; keep it free of runtime dependencies).
 */
import type { SeverityName } from '../features/clientTypes';

/** Server → client notification: where indexing stands. Drives the VS Code status bar. */
export const IndexStatusNotification = 'glossary/indexStatus';
export interface IndexStatus {
  state: 'indexing' | 'ready';
  /** Pages indexed so far (all locales). */
  pages: number;
  /** Glossary entries (page slugs under Glossary/), all locales. */
  glossaryEntries: number;
  /** Locales found, URL-cased (`en-US`, `fr`). */
  locales: string[];
  /** Content roots in use (absolute `files` folders). */
  roots: string[];
  /** Messages worth showing once (e.g. "no en-US content: fallback cannot be checked"). */
  warnings: string[];
  /**
   * Whether every page's references are scanned (after `ready`, in the background): until then
   * "used on N pages" is unknown and Find References waits.
   */
  referencesScanned: boolean;
}

/** Client → server request: the same data on demand ("Glossary: Show Index Info"). */
export const IndexInfoRequest = 'glossary/indexInfo';

/** Client → server request: check every page of every root and publish the diagnostics. Returns counts. */
export const CheckWorkspaceRequest = 'glossary/checkWorkspace';
export interface CheckWorkspaceResult {
  files: number;
  issues: number;
}

/**
 * Client → server request: a locale's glossary coverage, for the VS Code "Glossary" view
 * (`format: 'view'`, the default: {@link CoverageView}) or as the self-contained HTML report of
 * `glossary-lsp coverage --format html` (`format: 'html'`: {@link CoverageHtml}). Answered once the
 * index's references are scanned and every page of the locale has been looked at (in the
 * background, a page at a time; later answers only look again at pages that changed).
 */
export const CoverageRequest = 'glossary/coverage';
export interface CoverageParams {
  /** `en-US`, `fr`… (any case). Default: en-US when indexed, else the first locale. */
  locale?: string;
  format?: 'view' | 'html';
}
export interface CoverageView {
  /** As in URLs: `en-US`. */
  locale: string;
  /** Every locale with pages, as in URLs. */
  locales: string[];
  /** Pages of the locale looked at. */
  pages: number;
  /** The locale's glossary entries (disambiguation pages aside), by title. */
  entries: CoverageViewEntry[];
  /** Missing glossary targets that pages link to, most wanted first. */
  wanted: CoverageViewWanted[];
}
export interface CoverageViewEntry {
  slug: string;
  title: string;
  /** The entry's page. */
  uri: string;
  /** Other pages of the locale that link to it. */
  linkedFrom: number;
  /** Pages of the locale that mention it without a link. */
  mentionedUnlinked: number;
  /** No other page of the locale links to it. */
  orphan: boolean;
}
export interface CoverageViewWanted {
  /** As most pages spell it: `Glossary/interface`. */
  slug: string;
  /** The pages that link to it, with where (1-based line, column in code points, as `check` prints them). */
  wantedBy: Array<{ uri: string; title: string; line: number; column: number }>;
}
export interface CoverageHtml {
  locale: string;
  html: string;
}

/**
 * Server → client notification, sent once a client has asked for coverage: a locale's coverage
 * changed (`locale`, as in URLs), or, without one, the index was rebuilt and every locale's may have.
 */
export const CoverageChangedNotification = 'glossary/coverageChanged';
export interface CoverageChanged {
  locale?: string;
}

/** Settings, under the `glossary` section. */
export type { SeverityName } from '../features/clientTypes';
export interface GlossarySettings {
  /** Extra content roots: `files` folders, or folders that hold one. */
  contentRoots: string[];
  macros: {
    /** Extra macro names that behave like Glossary (case-insensitive). */
    glossary: string[];
  };
  /** Severity per issue code; `off` hides the code. */
  severity: Record<string, SeverityName>;
  validate: {
    /** Check as you type (debounced); otherwise on open and save only. */
    onType: boolean;
  };
  /** `error` | `warn` | `info` | `debug`: how much the server logs to the output channel. */
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  /**
   * More ways pages write a glossary term, for unlinked mentions: term (as in `{{Glossary("term")}}`)
   * → the words, or `false` to never report the term. `{"Polyfill": ["polyfills"], "API": false}`.
   */
  aliases: Record<string, string[] | false>;
}

export const defaultSettings: GlossarySettings = {
  contentRoots: [],
  macros: { glossary: [] },
  severity: {},
  validate: { onType: true },
  logLevel: 'info',
  aliases: {},
};

// ——— Translation status (issue 14): "Show English changes since translation" ———

export { SHOW_ENGLISH_CHANGES_COMMAND, type ShowEnglishChangesArguments } from '../features/clientTypes';

/**
 * Client → server request: the text of an English file at a commit, for a diff editor's sides.
 * Only commits of the English checkout's HEAD history and paths under its `files/en-us` are
 * served; null otherwise, or when the file did not exist at that commit.
 */
export const EnglishTextRequest = 'glossary/englishText';
export interface EnglishTextParams {
  /** A full commit hash. */
  commit: string;
  /** The file's path in the repository (`files/en-us/glossary/api/index.md`). */
  path: string;
}

/** `initializationOptions.clientCommands`: commands the client runs itself (the server then does not declare them). */
export interface ClientCommandsOption {
  clientCommands?: string[];
}
