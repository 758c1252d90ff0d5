/**
 * The protocol tests' LSP client. It lives in tests/helpers/lspClient.mjs (plain Node, shared with
 * `npm run bench`); this module keeps the tests' import path.
 */
export { REPO, SERVER, startClient, copyExampleTree, uriOf } from '../helpers/lspClient.mjs';
export type { TestClient } from '../helpers/lspClient.mjs';
