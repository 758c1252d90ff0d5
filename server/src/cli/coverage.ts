/**
 * `glossary-lsp coverage`: how one locale's glossary is linked — each entry's inbound pages and
 * unlinked mentions, the orphans, the wanted terms — as a text table, JSON (stable, documented in
 * the README) or one self-contained HTML page. Exit code 0 when the report is written, 2 on bad
 * usage, as `check`.
 */
import * as nodeFs from 'node:fs';
import * as nodePath from 'node:path';
import { ContentIndex, Page } from '../content/contentIndex';
import { ContentFileSystem, nodeFileSystem } from '../content/fileSystem';
import { GlossaryAliases, glossaryTermsOf } from '../content/glossaryTerms';
import { LOCALE_FOLDER } from '../content/roots';
import { DEFAULT_LOCALE, urlLocale } from '../content/slugs';
import { collectPageCoverage, coverageEntries, coverageReport } from '../resolve/coverage';
import type { ResolutionMemo } from '../resolve/resolve';
import { commandLine, contentRoots, displayPath, Output, UsageError } from './common';
import { coverageHtml } from '../features/coverageHtml';
import { coverageJson, coverageText } from '../features/coverageReport';

export type CoverageFormat = 'text' | 'json' | 'html';

export interface CoverageArguments {
  roots: string[];
  /** Locale folder name, lowercase (`en-us`). */
  locale: string;
  format: CoverageFormat;
  output?: string;
  aliases?: string;
}

export const COVERAGE_USAGE = `Usage: glossary-lsp coverage [--root DIR]... [--locale LOC] [--format text|json|html] [--output FILE] [--aliases FILE]

Reports how one locale's glossary is linked: for each entry, the pages that link to it and the
pages that mention it without a link (with the first mention); the orphans (entries no other page
links to); the wanted terms (missing glossary targets, with the pages that link them).
  --root DIR        a content root: a files/ folder, or the folder above it (repeatable).
                    Default: CONTENT_ROOT and CONTENT_TRANSLATED_ROOT, else the folder holding
                    files/ above the current folder.
  --locale LOC      the locale to report on (en-US, fr, vi…). Default: en-US.
  --format FORMAT   text (default): a table; json: {"locale", "entries", "wanted"} (see the README);
                    html: one self-contained page (sortable table, bar charts), for a browser.
  --output FILE     write the report to FILE instead of standard output.
  --aliases FILE    a JSON file shaped like the glossary.aliases setting: more ways pages write a
                    term ({"Polyfill": ["polyfill"]}), or false to leave a term out ({"API": false}).
Exit code: 0 when the report is written, 2 on bad usage (unknown option or locale, no content root,
unreadable aliases, unwritable output).`;

export function parseCoverageArguments(argv: string[]): CoverageArguments {
  const args: CoverageArguments = { roots: [], locale: DEFAULT_LOCALE, format: 'text' };
  for (const { arg, is, value } of commandLine(argv)) {
    if (is('--root')) args.roots.push(value('--root'));
    else if (is('--locale')) {
      const locale = value('--locale').toLowerCase();
      if (!LOCALE_FOLDER.test(locale)) throw new UsageError(`--locale must be a locale such as en-US, fr or pt-BR, not ${locale}`);
      args.locale = locale;
    } else if (is('--format')) {
      const format = value('--format');
      if (format !== 'text' && format !== 'json' && format !== 'html') throw new UsageError(`--format must be text, json or html, not ${format}`);
      args.format = format;
    } else if (is('--output')) args.output = value('--output');
    else if (is('--aliases')) args.aliases = value('--aliases');
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else throw new UsageError(`coverage takes no paths (${arg}): it reports on a whole locale; use --root`);
  }
  return args;
}

/** Run the coverage report; returns the exit code. */
export async function runCoverage(argv: string[], output: Output, fs: ContentFileSystem = nodeFileSystem, cwd = process.cwd()): Promise<number> {
  const fail = (message: string, usage = false) => {
    output.err(`glossary-lsp coverage: ${message}${usage ? `\n\n${COVERAGE_USAGE}` : ''}`);
    return 2;
  };
  let args: CoverageArguments;
  try {
    args = parseCoverageArguments(argv);
  } catch (error) {
    return fail((error as Error).message, true);
  }
  let aliases: GlossaryAliases | undefined;
  if (args.aliases) {
    const read = readAliases(nodePath.resolve(cwd, args.aliases));
    if ('error' in read) return fail(read.error);
    aliases = read.aliases;
  }
  const filesDirs = await contentRoots(fs, args.roots, cwd, 'coverage', output);
  if (!filesDirs.length) return fail('no content root found: give --root DIR (a files/ folder or the folder above it), or set CONTENT_ROOT');

  // Texts of the locale's pages are kept from indexing (nothing is read twice), and so are the
  // English entries' (a translated page can mention an entry only English has).
  const locale = args.locale;
  const texts = new Map<string, string>();
  const index = await ContentIndex.build(fs, filesDirs, {
    scan: () => false,
    locales: (name) => name === locale || name === DEFAULT_LOCALE,
    onPageText: (page, text) => {
      if (page.locale === locale || page.folder.startsWith('glossary/')) texts.set(page.path, text);
    },
  });
  for (const problem of index.problems()) {
    if (!problem.path.includes(`${nodePath.sep}${locale}${nodePath.sep}`) && !filesDirs.includes(problem.path)) continue;
    const where = problem.line !== undefined ? `${displayPath(problem.path, cwd)}:${problem.line + 1}` : displayPath(problem.path, cwd);
    output.err(`${where}: ${problem.message}`);
  }
  const pages = [...index.allPages()].filter((page) => page.locale === locale).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (!pages.length) {
    const found = (await index.localesOnDisk()).map(urlLocale).sort();
    return fail(`no ${urlLocale(locale)} pages under ${filesDirs.join(', ')}${found.length ? ` (locales found: ${found.join(', ')})` : ''}`);
  }
  if (locale !== DEFAULT_LOCALE && !index.hasLocale(DEFAULT_LOCALE)) {
    output.err(
      `glossary-lsp coverage: no English (en-US) content is indexed: links that fall back to English cannot be followed. Add --root pointing at mdn/content (or set CONTENT_ROOT).`,
    );
  }

  const terms = await glossaryTermsOf(index, locale, { readText: (page: Page) => texts.get(page.path), aliases });
  // Each text is let go once its page is done; the index does not change, so resolutions are memoized.
  const take = (page: Page) => {
    const text = texts.get(page.path);
    texts.delete(page.path);
    return text;
  };
  const memo: ResolutionMemo = new Map();
  const perPage = await collectPageCoverage(pages, take, index, terms, { memo, sliceMs: Infinity });
  const report = coverageReport(locale, coverageEntries(index, locale), perPage);
  const json = coverageJson(report);
  const rendered = args.format === 'json' ? JSON.stringify(json, null, 2) : args.format === 'html' ? coverageHtml(report, json) : coverageText(report, json);

  if (args.output) {
    const target = nodePath.resolve(cwd, args.output);
    try {
      // Written beside, then renamed: a reader never sees half a report.
      const temporary = `${target}.${process.pid}.tmp`;
      nodeFs.writeFileSync(temporary, rendered + '\n');
      nodeFs.renameSync(temporary, target);
    } catch (error) {
      return fail(`cannot write ${args.output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    output.err(`glossary-lsp coverage: wrote ${displayPath(target, cwd)}`);
  } else {
    output.out(rendered);
  }
  return 0;
}

function readAliases(path: string): { aliases: GlossaryAliases } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(nodeFs.readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { error: `cannot read aliases from ${path}: ${code ?? (error as Error).message}` };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { error: `${path}: aliases must be a JSON object (term → list of aliases, or false)` };
  for (const [term, value] of Object.entries(parsed)) {
    if (value !== false && !(Array.isArray(value) && value.every((alias) => typeof alias === 'string'))) {
      return { error: `${path}: the aliases of ${JSON.stringify(term)} must be a list of strings, or false` };
    }
  }
  return { aliases: parsed as GlossaryAliases };
}
