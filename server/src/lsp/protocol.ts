/**
 * The parts of the protocol that are ours, not LSP's: shared by the server and the VS Code client
 * (the client imports this file through esbuild; keep it free of runtime dependencies).
 */

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
}

/** Client → server request: the same data on demand ("Glossary: Show Index Info"). */
export const IndexInfoRequest = 'glossary/indexInfo';

/** Client → server request: check every page of every root and publish the diagnostics. Returns counts. */
export const CheckWorkspaceRequest = 'glossary/checkWorkspace';
export interface CheckWorkspaceResult {
  files: number;
  issues: number;
}

/** Settings, under the `glossary` section. */
export type SeverityName = 'error' | 'warning' | 'information' | 'hint' | 'off';
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
}

export const defaultSettings: GlossarySettings = {
  contentRoots: [],
  macros: { glossary: [] },
  severity: {},
  validate: { onType: true },
  logLevel: 'info',
};

// ——— Translation status (issue 14): "Show English changes since translation" ———

/**
 * The command of the code action "Show English changes since translation"; its one argument is
 * {@link ShowEnglishChangesArguments}. The VS Code extension runs it itself (a diff editor, see
 * {@link EnglishTextRequest}) and says so in `initializationOptions.clientCommands`; for any other
 * client the server runs it (workspace/executeCommand: the unified diff as a read-only document).
 */
export const SHOW_ENGLISH_CHANGES_COMMAND = 'glossary.showEnglishChanges';

export interface ShowEnglishChangesArguments {
  /** The translated page. */
  uri: string;
  /** The English page (absolute path) and its path in the repository now and at the source commit. */
  englishFile: string;
  path: string;
  pathAtSource: string | null;
  /** Full hashes: the translation's source commit and the HEAD the changes were counted at. */
  sourceCommit: string;
  head: string;
  /** "English changes to Glossary/API since 2547f62" (a diff editor's title). */
  title: string;
}

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
