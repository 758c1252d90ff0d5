/**
 * Which `files` folders the server indexes: the workspace folders, `glossary.contentRoots`,
 * CONTENT_ROOT / CONTENT_TRANSLATED_ROOT, and content trees of pages opened from elsewhere.
 */
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { nodeFileSystem } from '../content/fileSystem';
import { findRootAbove, resolveRoot, rootsFromEnvironment } from '../content/roots';

export interface RootSources {
  workspaceFolders: readonly string[];
  /** `glossary.contentRoots`: absolute, `~/…`, or relative to the first workspace folder. */
  settingRoots: readonly string[];
  /** `files` folders found above pages opened outside every other root. */
  discovered: readonly string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * The `files` folder above a page opened from a content tree none of `known` covers (that tree is
 * then indexed too), or undefined.
 */
export async function uncoveredRootOf(path: string | undefined, known: readonly string[]): Promise<string | undefined> {
  const covered = (dir: string) => !!path && (path === dir || path.startsWith(dir + nodePath.sep));
  if (!path || known.some(covered)) return undefined;
  const above = await findRootAbove(nodeFileSystem, path);
  return above && !known.includes(above) ? above : undefined;
}

/** The `files` folders to index, each once, in the order named; `say` gets why a name was not used. */
export async function resolveContentRoots(sources: RootSources, say: (message: string) => void): Promise<string[]> {
  const base = sources.workspaceFolders[0] ?? process.cwd();
  const named: Array<[string, boolean]> = [
    // A workspace folder inside a content tree (e.g. files/en-us/web) stands for that tree.
    ...sources.workspaceFolders.map((dir): [string, boolean] => [dir, true]),
    ...sources.settingRoots.map((root): [string, boolean] => [absoluteRoot(root, base), false]),
    ...rootsFromEnvironment(sources.env).map((dir): [string, boolean] => [dir, false]),
    ...sources.discovered.map((dir): [string, boolean] => [dir, false]),
  ];
  const filesDirs: string[] = [];
  for (const [dir, orAbove] of named) {
    const resolved = await resolveRoot(nodeFileSystem, dir);
    const filesDir = 'filesDir' in resolved ? resolved.filesDir : orAbove ? await findRootAbove(nodeFileSystem, dir) : undefined;
    if (!filesDir) say(`not a content root: ${'error' in resolved ? resolved.error : dir}`);
    else if (!filesDirs.includes(filesDir)) filesDirs.push(filesDir);
  }
  return filesDirs;
}

function absoluteRoot(root: string, base: string): string {
  if (root === '~' || root.startsWith('~/')) return nodePath.join(os.homedir(), root.slice(1));
  return nodePath.resolve(base, root);
}
