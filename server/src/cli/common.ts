/**
 * What the CLI commands share: content roots found the way `check` finds them, and paths printed
 * as `check` prints them.
 */
import * as nodePath from 'node:path';
import { ContentFileSystem } from '../content/fileSystem';
import { findRootAbove, resolveRoot, rootsFromEnvironment } from '../content/roots';

/** Where a command writes: lines of its report, and lines of messages. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/** Bad arguments: the command prints the message and its usage, and exits 2. */
export class UsageError extends Error {}

/**
 * A command line, one argument at a time: `arg`; `is(name)`, whether it is that option (`--x` or
 * `--x=v`); `value(name)`, the option's value, written inline (`--x=v`) or as the next argument.
 */
export function* commandLine(argv: string[]): Generator<{ arg: string; is(name: string): boolean; value(name: string): string }> {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (name: string) => {
      if (arg.includes('=')) return arg.slice(arg.indexOf('=') + 1);
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${name} needs a value`);
      return next;
    };
    yield { arg, is: (name) => arg === name || arg.startsWith(name + '='), value };
  }
}
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
