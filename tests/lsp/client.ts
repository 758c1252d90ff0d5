/**
 * The protocol tests' LSP client. It lives in tests/helpers/lspClient.mjs (plain Node, shared with
 * `npm run bench`); this module keeps the tests' import path.
 */
import * as fs from 'node:fs';
import { copyExampleTree, startClient, type TestClient } from '../helpers/lspClient.mjs';

export { REPO, SERVER, startClient, copyExampleTree, uriOf } from '../helpers/lspClient.mjs';
export type { TestClient } from '../helpers/lspClient.mjs';

/** A server started on a scratch copy of the example tree (the copy is removed if it does not start). */
export async function startExample(options: Omit<Parameters<typeof startClient>[0], 'rootPath'> = {}): Promise<{ root: string; client: TestClient }> {
  const root = copyExampleTree();
  try {
    return { root, client: await startClient({ rootPath: root, ...options }) };
  } catch (error) {
    fs.rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

/** Stops the server of `startExample` and removes its copy. */
export async function stopExample(client: TestClient | undefined, root: string | undefined): Promise<void> {
  await client?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
}
