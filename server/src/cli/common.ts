/**
 * What the CLI commands share: content roots found the way `check` finds them, and paths printed
 * as `check` prints them.
 */
import * as nodePath from 'node:path';
import { ContentFileSystem } from '../content/fileSystem';
import { findRootAbove, resolveRoot, rootsFromEnvironment } from '../content/roots';
import type { Output } from './checkCommand';

/**
 * The `files` folders to work on: the named roots, else CONTENT_ROOT and CONTENT_TRANSLATED_ROOT,
 * else the folder holding `files/` above each of `above` (or above `cwd`). A named root that does
 * not resolve is reported on `output.err` and left out.
 */
export async function contentRoots(fs: ContentFileSystem, named: string[], cwd: string, command: string, output: Output, above: string[] = []): Promise<string[]> {
  const roots = named.length ? named.map((root) => nodePath.resolve(cwd, root)) : rootsFromEnvironment().map((root) => nodePath.resolve(cwd, root));
  const filesDirs: string[] = [];
  for (const root of roots) {
    const resolved = await resolveRoot(fs, root);
    if ('error' in resolved) output.err(`glossary-lsp ${command}: ${resolved.error}; going on without it`);
    else if (!filesDirs.includes(resolved.filesDir)) filesDirs.push(resolved.filesDir);
  }
  if (!roots.length) {
    for (const path of above.length ? above : [cwd]) {
      const found = await findRootAbove(fs, path);
      if (found && !filesDirs.includes(found)) filesDirs.push(found);
    }
  }
  return filesDirs;
}
/** A path relative to `cwd` when it is under it, else absolute. */
export function displayPath(path: string, cwd: string): string {
  const relative = nodePath.relative(cwd, path);
  return relative.startsWith('..') ? path : relative;
}
