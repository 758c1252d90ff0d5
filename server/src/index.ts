/**
 * The server package's library entry: the engine, for tools that want it without LSP
 * (the `glossary-lsp` command is bin/glossary-lsp.js).
 */
export { ContentIndex } from './content/contentIndex';
export type { Page, IndexOptions, IndexProblem } from './content/contentIndex';
export { nodeFileSystem, InMemoryFileSystem } from './content/fileSystem';
export type { ContentFileSystem } from './content/fileSystem';
export { scanDocument } from './syntax/document';
export { checkPage } from './resolve/pageFindings';
export type { Finding, IssueCode, Severity } from './resolve/findings';
export { resolveUrl, resolveReference } from './resolve/resolve';
export { runCheck } from './cli/checkCommand';
export { startServer } from './lsp/server';
