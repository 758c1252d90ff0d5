/**
 * `glossary-lsp translations`: where every page of a locale stands against English — up to date,
 * outdated (how many English commits behind, the latest one), source unknown, no source commit,
 * no English page — and which English pages have no translation. Text, JSON (a stable format,
 * documented in README.md) or one self-contained HTML page. Exit code 0, or 2 when it cannot tell
 * (bad usage, no English root, no git history).
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { ContentIndex, Page } from '../content/contentIndex';
import { EnglishHistoryTracker } from '../content/englishHistory';
import { ContentFileSystem, nodeFileSystem } from '../content/fileSystem';
import { findRootAbove, LOCALE_FOLDER, resolveRoot, rootsFromEnvironment } from '../content/roots';
import { DEFAULT_LOCALE, urlLocale } from '../content/slugs';
import { sourceCommitsOf } from '../resolve/translationStatus';
import { commandLine, Output, UsageError } from './common';
import { translationsHtml } from './translationsHtml';
import { reportJson, reportText, translationReport } from './translationReport';

export const TRANSLATIONS_USAGE = `Usage: glossary-lsp translations --root EN --root LOCALE [PATH]... [--format text|json|html] [--output FILE]

Shows, for every page of a translated locale, what changed in English since it was translated
(its l10n.sourceCommit), from the git history of the English content (a clone of mdn/content);
and which English pages have no translation.
  --root DIR        a content root: a files/ folder, or the folder above it (repeatable): the
                    English one (a git clone) and the translated one. Default: CONTENT_ROOT and
                    CONTENT_TRANSLATED_ROOT, else the folder holding files/ above each PATH.
  --locale LOCALE   the locale to report (de, pt-BR, …) when the roots hold several.
  --format FORMAT   text (default), json ({"locale", "pages", "untranslated"}), or html (one
                    self-contained page with a table and a chart by area).
  --output FILE     write the report to FILE instead of standard output.
  PATH              files or folders to report on (default: the whole locale); a folder of
                    files/en-us limits the report to the same folders of the locale.
Exit code: 0; 2 on bad usage, or when there is no English root or no git history to compare with.`;

export interface TranslationsArguments {
  roots: string[];
  paths: string[];
  format: 'text' | 'json' | 'html';
  output?: string;
  locale?: string;
}

export function parseTranslationsArguments(argv: string[]): TranslationsArguments {
  const args: TranslationsArguments = { roots: [], paths: [], format: 'text' };
  for (const { arg, value } of commandLine(argv)) {
    if (arg === '--root' || arg.startsWith('--root=')) args.roots.push(value('--root'));
    else if (arg === '--output' || arg.startsWith('--output=')) args.output = value('--output');
    else if (arg === '--locale' || arg.startsWith('--locale=')) args.locale = value('--locale').toLowerCase();
    else if (arg === '--format' || arg.startsWith('--format=')) {
      const format = value('--format');
      if (format !== 'text' && format !== 'json' && format !== 'html') throw new UsageError(`--format must be text, json or html, not ${format}`);
      args.format = format;
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
    else args.paths.push(arg);
  }
  if (args.locale !== undefined && (!LOCALE_FOLDER.test(args.locale) || args.locale === DEFAULT_LOCALE))
    throw new UsageError(`--locale must name a translated locale (de, fr, pt-BR, …), not ${args.locale}`);
  return args;
}

/** Run the report; returns the exit code. */
export async function runTranslations(argv: string[], output: Output, options: { cwd?: string; env?: NodeJS.ProcessEnv; fs?: ContentFileSystem } = {}): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const contentFs = options.fs ?? nodeFileSystem;
  const fail = (message: string) => {
    output.err(`glossary-lsp translations: ${message}`);
    return 2;
  };
  let args: TranslationsArguments;
  try {
    args = parseTranslationsArguments(argv);
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${TRANSLATIONS_USAGE}`);
  }
  const paths = args.paths.map((path) => nodePath.resolve(cwd, path));
  for (const path of paths) if ((await contentFs.kindOf(path)) === undefined) return fail(`${path} does not exist`);

  const named = (args.roots.length ? args.roots : rootsFromEnvironment(env)).map((root) => nodePath.resolve(cwd, root));
  const filesDirs: string[] = [];
  for (const root of named) {
    const resolved = await resolveRoot(contentFs, root);
    if ('error' in resolved) return fail(resolved.error);
    if (!filesDirs.includes(resolved.filesDir)) filesDirs.push(resolved.filesDir);
  }
  if (!named.length) {
    for (const path of paths.length ? paths : [cwd]) {
      const found = await findRootAbove(contentFs, path);
      if (found && !filesDirs.includes(found)) filesDirs.push(found);
    }
  }

  // The locale: named, else the one the paths are in, else the only translated one on disk.
  const locations = paths.map((path) => locationOf(path, filesDirs));
  if (locations.some((location) => !location)) return fail(`${paths[locations.indexOf(undefined)]} is not inside a content root's locale folder`);
  let locale = args.locale;
  const pathLocales = [...new Set(locations.map((location) => location!.locale).filter((l) => l !== DEFAULT_LOCALE))];
  if (!locale) {
    if (pathLocales.length > 1) return fail(`the paths are in several locales (${pathLocales.join(', ')}): report one at a time`);
    locale = pathLocales[0];
  }
  if (!locale) {
    const onDisk = new Set<string>();
    for (const filesDir of filesDirs) {
      for (const entry of await contentFs.readDirectory(filesDir).catch(() => []))
        if (entry.kind === 'directory' && LOCALE_FOLDER.test(entry.name) && entry.name !== DEFAULT_LOCALE) onDisk.add(entry.name);
    }
    if (onDisk.size !== 1)
      return fail(
        onDisk.size
          ? `the roots hold several locales (${[...onDisk].sort().join(', ')}): name one with --locale or a PATH`
          : 'no translated locale found under the roots: give --root for the translated content',
      );
    locale = [...onDisk][0];
  }

  let englishRoot: string | undefined;
  for (const dir of filesDirs) if (!englishRoot && (await contentFs.kindOf(nodePath.join(dir, DEFAULT_LOCALE))) === 'directory') englishRoot = dir;
  if (!englishRoot) return fail('no English (en-us) content: give --root pointing at a clone of mdn/content (or set CONTENT_ROOT)');

  // The repository and its commit graph are read while the pages are indexed (they need none).
  const tracker = new EnglishHistoryTracker(englishRoot, { env });
  try {
    const prepared = tracker.update([]);
    const index = await ContentIndex.build(contentFs, filesDirs, { scan: () => false, locales: (name) => name === DEFAULT_LOCALE || name === locale });
    if (!index.hasLocale(DEFAULT_LOCALE)) return fail('no English (en-us) content: give --root pointing at a clone of mdn/content (or set CONTENT_ROOT)');
    if (!index.hasLocale(locale)) return fail(`no ${urlLocale(locale)} pages under the roots`);

    // The pages to report: under the paths (a folder of en-us names the same folders of the locale).
    const folderPrefixes = locations.map((location) => location!.folder);
    const wanted = (page: Page) => !folderPrefixes.length || folderPrefixes.some((prefix) => prefix === '' || page.folder === prefix || page.folder.startsWith(prefix + '/'));
    const pages = [...index.allPages()].filter((page) => page.locale === locale && wanted(page));
    const englishPages = [...index.allPages()].filter((page) => page.locale === DEFAULT_LOCALE && wanted(page));

    await prepared;
    const history = await tracker.update(sourceCommitsOf(pages));
    if (!history) return fail(tracker.unavailable ?? 'the English history could not be read');
    const report = translationReport(index, history, locale, pages, englishPages);
    const text = args.format === 'json' ? reportJson(report) : args.format === 'html' ? translationsHtml(report) : reportText(report).join('\n');
    if (args.output) {
      const target = nodePath.resolve(cwd, args.output);
      const temporary = `${target}.${process.pid}.tmp`;
      try {
        fs.writeFileSync(temporary, text.endsWith('\n') ? text : text + '\n');
        fs.renameSync(temporary, target);
      } catch (error) {
        fs.rmSync(temporary, { force: true });
        return fail(`cannot write ${args.output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      output.err(`glossary-lsp translations: wrote ${args.output} (${report.pages.length} ${urlLocale(locale)} pages, ${report.untranslated.length} untranslated English pages)`);
    } else {
      for (const line of text.split('\n')) output.out(line);
    }
    return 0;
  } finally {
    tracker.dispose();
  }
}

/** The locale folder and the folder under it (possibly '') of a path inside a root. */
function locationOf(path: string, filesDirs: string[]): { locale: string; folder: string } | undefined {
  for (const filesDir of filesDirs) {
    const relative = nodePath.relative(filesDir, path);
    if (relative.startsWith('..') || nodePath.isAbsolute(relative) || relative === '') continue;
    const segments = relative.split(nodePath.sep);
    if (!LOCALE_FOLDER.test(segments[0])) continue;
    const rest = segments.slice(1);
    if (rest[rest.length - 1] === 'index.md') rest.pop();
    return { locale: segments[0], folder: rest.join('/').toLowerCase() };
  }
  return undefined;
}
