/**
 * What the editor scripts are told (the plan of the example page) and the JSON they write back.
 * (Re-exported by harness.ts.)
 */
export const PAGE = 'files/en-us/learn/first_steps/index.md';
/** The translator's page: French, in a tree of its own, with English given only through settings. */
export const FR_PAGE = 'files/fr/learn/first_steps/index.md';

/**
 * `english`: examples/content as the workspace (en-US and French together).
 * `translator`: the French tree alone as the workspace, English in another folder, named only in
 * the editor's settings (glossary.contentRoots), as docs/editors.md tells translators to do.
 */
export type Setup = 'english' | 'translator';

/** Where things stand in the example page; every position is LSP's (0-based line, UTF-16 character). */
export interface PagePlan {
  hover: { line: number; character: number };
  hoverMacro: string;
  /** What the hover must say. */
  hoverSays: string[];
  completionText: string;
  expectedDiagnostics: { code: string; macro: string; line: number; start: number; end: number }[];
}

function locate(lines: string[], macro: string): { line: number; start: number; end: number } {
  const line = lines.findIndex((l) => l.includes(macro));
  if (line < 0) throw new Error(`example page ${PAGE} no longer contains ${macro}`);
  const start = lines[line].indexOf(macro);
  return { line, start, end: start + macro.length };
}

export function pagePlan(text: string, setup: Setup = 'english'): PagePlan {
  const lines = text.split(/\r?\n/);
  if (setup === 'translator') {
    // Each of these needs English: an entry only English has, a term broken in both languages.
    const entry = locate(lines, '{{Glossary("Interface")}}');
    return {
      hover: { line: entry.line, character: entry.start + '{{Glossary("'.length + 2 },
      hoverMacro: '{{Glossary("Interface")}}',
      hoverSays: ['Interface', 'describes the', 'English — not translated yet'],
      completionText: '{{Glossary("cros',
      expectedDiagnostics: [
        { code: 'only-in-en-us', macro: '{{Glossary("Interface")}}', ...entry },
        { code: 'templ-redirected-link', macro: '{{glossary("Methode", "méthode")}}', ...locate(lines, '{{glossary("Methode", "méthode")}}') },
        { code: 'templ-broken-link', macro: '{{glossary("mixin")}}', ...locate(lines, '{{glossary("mixin")}}') },
      ],
    };
  }
  const api = locate(lines, '{{Glossary("API")}}');
  // The brief: line 7 of the page (1-based), the first macro of the page.
  if (api.line !== 6) throw new Error(`{{Glossary("API")}} expected on line 7 of ${PAGE}, found on ${api.line + 1}`);
  const termStart = api.start + '{{Glossary("'.length;
  return {
    // On the `P` of `API`: inside the term, not on its edge.
    hover: { line: api.line, character: termStart + 1 },
    hoverMacro: '{{Glossary("API")}}',
    hoverSays: ['API', 'Application Programming Interface'],
    completionText: '{{Glossary("cros',
    expectedDiagnostics: [
      { code: 'templ-broken-link', macro: '{{glossary("mixin")}}', ...locate(lines, '{{glossary("mixin")}}') },
      { code: 'templ-redirected-link', macro: '{{Glossary("Bézier curve")}}', ...locate(lines, '{{Glossary("Bézier curve")}}') },
    ],
  };
}

/** The JSON the editor scripts write (same shape from both). */
export interface LspPosition {
  line: number;
  character: number;
}
export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}
export interface LspDiagnostic {
  range: LspRange;
  code?: string | number;
  message: string;
  severity?: number;
  source?: string;
}
export interface Answer {
  method: string;
  params: unknown;
  result?: any;
  error?: any;
  ms?: number;
  lineText?: string;
}
export interface EditorResult {
  editor: string;
  steps: string[];
  errors: string[];
  uri?: string;
  initialized?: boolean;
  initializeMs?: number;
  rootDir?: string;
  serverInfo?: unknown;
  capabilities?: Record<string, any>;
  diagnostics?: {
    complete: boolean;
    waitedMs: number;
    pushes: { phase: string; ms: number; uri: string; diagnostics: LspDiagnostic[] }[];
    editor: { lnum: number; end_lnum?: number; code?: string | number | null; message: string }[];
  };
  hover?: Answer;
  completion?: Answer;
  /** window/showMessageRequest params the server sent (the script answers none of them). */
  prompts?: unknown[];
  /** window/showMessage and window/logMessage texts. */
  messages?: string[];
  logs?: string[];
  totalMs?: number;
  /** Emacs: the server's stderr buffer. */
  serverStderr?: string;
}
