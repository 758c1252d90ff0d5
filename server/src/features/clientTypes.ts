/**
 * Names and types that features share with clients: lsp/protocol.ts re-exports them, so features
 * need not import the layer above them. Imports nothing at run time (the VS Code client bundles it).
 */
import type { Severity } from '../resolve/findings';

/** A severity as settings write it: `off` hides the code. */
export type SeverityName = Severity | 'off';

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
