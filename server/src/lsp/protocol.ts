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
