/**
 * Content roots: `files` folders that hold locale folders (`files/en-us`, `files/fr`). Found from
 * what the user names (a `files` folder or the folder above it), from CONTENT_ROOT and
 * CONTENT_TRANSLATED_ROOT, or by walking up from a checked path.
 */
import * as nodePath from 'node:path';
import { ContentFileSystem } from './fileSystem';

export const LOCALE_FOLDER = /^[a-z]{2,3}(-[a-z0-9]{2,8})?$/;

/** The `files` folder for `dir`, or an error message saying why there is none. */
export async function resolveRoot(fs: ContentFileSystem, dir: string): Promise<{ filesDir: string } | { error: string }> {
  const absolute = nodePath.resolve(dir);
  const kind = await fs.kindOf(absolute);
  if (kind === undefined) return { error: `content root ${dir} does not exist` };
  if (kind !== 'directory') return { error: `content root ${dir} is not a folder` };
  if ((await fs.kindOf(nodePath.join(absolute, 'files'))) === 'directory') return { filesDir: nodePath.join(absolute, 'files') };
  if (await holdsLocales(fs, absolute)) return { filesDir: absolute };
  // A locale folder itself (`files/fr`): its parent is the root.
  if (LOCALE_FOLDER.test(nodePath.basename(absolute)) && nodePath.basename(nodePath.dirname(absolute)) === 'files') {
    return { filesDir: nodePath.dirname(absolute) };
  }
  return { error: `content root ${dir} holds no files/ folder and no locale folders (en-us, fr, …)` };
}

/** MDN's locales; other names that look like locales (`src`, `lib`) must hold pages to count. */
const KNOWN_LOCALES = new Set(['en-us', 'de', 'es', 'fr', 'ja', 'ko', 'pt-br', 'ru', 'zh-cn', 'zh-tw']);

async function holdsLocales(fs: ContentFileSystem, dir: string): Promise<boolean> {
  if (nodePath.basename(dir) === 'files') return true;
  try {
    const entries = await fs.readDirectory(dir);
    for (const entry of entries) {
      if (entry.kind !== 'directory' || !LOCALE_FOLDER.test(entry.name)) continue;
      if (KNOWN_LOCALES.has(entry.name) || (await looksLikeLocale(fs, nodePath.join(dir, entry.name)))) return true;
    }
    return false;
  } catch {
    return false;
  }
}

/** A locale folder has a `_redirects.txt` or pages one level down (`glossary/index.md`, `web/index.md`). */
async function looksLikeLocale(fs: ContentFileSystem, dir: string): Promise<boolean> {
  if ((await fs.kindOf(nodePath.join(dir, '_redirects.txt'))) === 'file') return true;
  try {
    for (const entry of await fs.readDirectory(dir)) {
      if (entry.kind === 'directory' && (await fs.kindOf(nodePath.join(dir, entry.name, 'index.md'))) === 'file') return true;
    }
  } catch {
    // not a folder we can read
  }
  return false;
}

/** Walk up from `path` to the nearest folder holding `files/`, and return that `files` folder. */
export async function findRootAbove(fs: ContentFileSystem, path: string): Promise<string | undefined> {
  let dir = nodePath.resolve(path);
  for (;;) {
    if (nodePath.basename(dir) === 'files' && (await fs.kindOf(dir)) === 'directory') return dir;
    const candidate = nodePath.join(dir, 'files');
    if ((await fs.kindOf(candidate)) === 'directory') return candidate;
    const parent = nodePath.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** CONTENT_ROOT and CONTENT_TRANSLATED_ROOT, when set. */
export function rootsFromEnvironment(env: NodeJS.ProcessEnv = process.env): string[] {
  return [env.CONTENT_ROOT, env.CONTENT_TRANSLATED_ROOT].filter((value): value is string => !!value && value.trim() !== '');
}

/** The locale folder and folder path of a page file under a root, or undefined when it is not a page. */
export function pageLocation(filesDir: string, path: string): { locale: string; folder: string } | undefined {
  const relative = nodePath.relative(filesDir, path).split(nodePath.sep).join('/');
  if (relative.startsWith('..') || nodePath.isAbsolute(relative)) return undefined;
  const parts = relative.split('/');
  if (parts.length < 2 || parts[parts.length - 1] !== 'index.md' || !LOCALE_FOLDER.test(parts[0])) return undefined;
  return { locale: parts[0], folder: parts.slice(1, -1).join('/') };
}

/** `files/de/glossary/api/index.md`: a page's path from the folder above its root, `/`-separated (as `check --format json` prints). */
export function contentPath(page: { filesDir: string; path: string }): string {
  return nodePath.relative(nodePath.dirname(page.filesDir), page.path).split(nodePath.sep).join('/');
}
