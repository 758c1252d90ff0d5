/**
 * `glossary-lsp check`: the engine over files on disk, for CI. Text or JSON out; exit code 1 when
 * anything of severity warning or worse is found, 0 otherwise, 2 on bad usage.
 */
import * as nodePath from 'node:path';
import { ContentIndex, Page } from '../content/contentIndex';
import { ContentFileSystem, nodeFileSystem } from '../content/fileSystem';
import { LOCALE_FOLDER } from '../content/roots';
import { DEFAULT_LOCALE, urlLocale } from '../content/slugs';
import { checkPage } from '../resolve/pageFindings';
import type { Finding } from '../resolve/findings';
import type { ResolutionMemo } from '../resolve/resolve';
import { frontMatterFindings } from '../resolve/frontMatterChecks';
import { ScannedDocument, scanDocument } from '../syntax/document';
import { commandLine, contentRoots, displayPath, Output, UsageError } from './common';
import { fixPage } from './fix';
import { closestUrl } from '../features/suggestions';

export interface CheckArguments {
  roots: string[];
  format: 'text' | 'json';
  paths: string[];
  /** Apply the safe fixes (redirected, ill-cased) to the files. */
  fix?: boolean;
}

export { type Output, UsageError } from './common';

export const CHECK_USAGE = `Usage: glossary-lsp check [--root DIR]... [--format text|json] [--fix] [PATH]...

Checks glossary macros, link macros and /docs/ links of MDN content pages as MDN's build would.
  --root DIR        a content root: a files/ folder, or the folder above it (repeatable).
                    Default: CONTENT_ROOT and CONTENT_TRANSLATED_ROOT, else the folder holding
                    files/ above each PATH (or above the current folder).
  --format FORMAT   text (default): file:line:column severity code message
                    json: {"files": N, "issues": [...]} (with --fix, also "fixed": [...] and
                    "notFixed": [...], each with its reason); each issue has root, file
                    (relative to root), line, column, endLine, endColumn, severity, code,
                    message, target, suggestion
  --fix             rewrite redirected and ill-cased links and macro arguments to their
                    targets in the files (atomically), keeping the text readers see (a macro
                    without a display argument gets its old text as one); print each change.
                    A fix that would change the text (a macro with no display argument) is
                    left, with why; the rest is reported.
  PATH              files or folders to check (default: every page of every root); a PATH
                    that does not exist is a usage error.
Exit code: 1 when a warning or error is found (with --fix: one that remains), 0 otherwise, 2 on bad usage.`;

export function parseCheckArguments(argv: string[]): CheckArguments {
  const args: CheckArguments = { roots: [], format: 'text', paths: [] };
  for (const { arg, value } of commandLine(argv)) {
    if (arg === '--root' || arg.startsWith('--root=')) args.roots.push(value('--root'));
    else if (arg === '--fix') args.fix = true;
    else if (arg === '--format' || arg.startsWith('--format=')) {
      const format = value('--format');
      if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${format}`);
      args.format = format;
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
    else args.paths.push(arg);
  }
  return args;
}

export interface JsonIssue {
  /** The content root the file is in: the folder holding `files/` (`file` is relative to it). */
  root: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
  target: string | null;
  /** Where the reference should point: a redirect's target, or for a broken one the closest existing page. */
  suggestion: string | null;
}

/** Run the check; returns the exit code. */
export async function runCheck(argv: string[], output: Output, fs: ContentFileSystem = nodeFileSystem, cwd = process.cwd()): Promise<number> {
  let args: CheckArguments;
  try {
    args = parseCheckArguments(argv);
  } catch (error) {
    output.err(`glossary-lsp check: ${(error as Error).message}\n\n${CHECK_USAGE}`);
    return 2;
  }
  const paths = args.paths.map((path) => nodePath.resolve(cwd, path));
  // A mistyped PATH must not pass CI as "nothing to report".
  const missing: string[] = [];
  for (const [i, path] of paths.entries()) if ((await fs.kindOf(path)) === undefined) missing.push(args.paths[i]);
  if (missing.length) {
    output.err(`glossary-lsp check: ${missing.map((path) => `${path} does not exist`).join('; ')}\n\n${CHECK_USAGE}`);
    return 2;
  }

  // Roots: named, else from the environment, else above the checked paths.
  const filesDirs = await contentRoots(fs, args.roots, cwd, 'check', output, paths);
  if (!filesDirs.length) {
    output.err('glossary-lsp check: no content root found: give --root DIR (a files/ folder or the folder above it), or set CONTENT_ROOT');
    return 2;
  }

  // Keep the text of each checked page while indexing, so checking reads nothing twice; nothing
  // is scanned for references (the check needs no reverse map). Only the locales of the checked
  // pages are indexed, plus English for the fallback and any locale their links name.
  const texts = new Map<string, string>();
  // Named files by set, named folders by prefix: many named files must not make this quadratic.
  const namedFiles = new Set(paths.filter((p) => p.endsWith('.md')));
  const namedFolders = paths.filter((p) => !namedFiles.has(p)).map((p) => p.replace(/\/$/, '') + nodePath.sep);
  const wanted = (path: string) => !paths.length || namedFiles.has(path) || namedFolders.some((folder) => path.startsWith(folder));
  const checkedLocales = localesOf(paths, filesDirs);
  const index = await ContentIndex.build(fs, filesDirs, {
    scan: () => false,
    onPageText: (page, text) => {
      if (wanted(page.path)) texts.set(page.path, text);
    },
    locales: checkedLocales ? (locale) => locale === DEFAULT_LOCALE || checkedLocales.has(locale) : undefined,
  });
  if (checkedLocales) {
    // A superset of the locales the pages link to: every `/<locale>/docs/` in their text.
    const named = new Set<string>();
    const docsUrl = /\/([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)\/docs\//g;
    for (const text of texts.values()) for (const match of text.matchAll(docsUrl)) named.add(match[1].toLowerCase());
    await index.addLocales((locale) => named.has(locale), { scan: () => false });
  }

  // What to check: pages under the named paths, else every page.
  let pages: Page[] = [...index.allPages()];
  if (paths.length) {
    const selected = new Set<Page>();
    for (const path of paths) {
      const kind = await fs.kindOf(path);
      if (kind === undefined) {
        // Gone since the start (checked above).
        output.err(`glossary-lsp check: ${path} does not exist`);
        continue;
      }
      const byPath = kind === 'file' ? index.pageAtPath(path) : undefined;
      const matching = kind === 'file' ? (byPath ? [byPath] : []) : pages.filter((page) => page.path.startsWith(path.replace(/\/$/, '') + nodePath.sep));
      const under = (other: string) => other === path || other.startsWith(path.replace(/\/$/, '') + nodePath.sep);
      if (!matching.length && !index.problems().some((problem) => under(problem.path))) output.err(`glossary-lsp check: no content page in ${path}`);
      matching.forEach((page) => selected.add(page));
    }
    pages = [...selected];
  }
  pages.sort((a, b) => a.path.localeCompare(b.path));
  const checkedPaths = new Set(pages.map((page) => page.path));

  for (const problem of index.problems()) {
    if (paths.length && !paths.some((path) => problem.path === path || problem.path.startsWith(path + nodePath.sep))) continue;
    const where = problem.line !== undefined ? `${displayPath(problem.path, cwd)}:${problem.line + 1}` : displayPath(problem.path, cwd);
    output.err(`${where}: ${problem.message}`);
  }
  const translatedLocales = [...new Set(pages.map((page) => page.locale))].filter((locale) => locale !== DEFAULT_LOCALE);
  if (translatedLocales.length && !index.hasLocale(DEFAULT_LOCALE)) {
    output.err(
      `glossary-lsp check: no English (en-US) content is indexed, so links missing from ${translatedLocales.map(urlLocale).join(', ')} ` +
        `cannot be checked against English and are not reported. Add --root pointing at mdn/content (or set CONTENT_ROOT).`,
    );
  }

  // The index does not change while checking: each target is resolved once, each broken one
  // gets its closest page once.
  const memo: ResolutionMemo = new Map();
  const closest = new Map<string, string | null>();
  const suggest = (finding: Finding): Finding => {
    if ((finding.code !== 'broken-link' && finding.code !== 'templ-broken-link') || finding.suggestion !== null || !finding.reference?.candidates.length) return finding;
    const key = `${finding.reference.glossary ? 'g' : 'l'}${finding.reference.candidates[0]}`;
    if (!closest.has(key)) closest.set(key, closestUrl({ index }, finding.reference));
    return { ...finding, suggestion: closest.get(key)! };
  };
  const issues: JsonIssue[] = [];
  const textLines: string[] = [];
  const counts: Record<string, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  const fixed: Array<JsonIssue & { old: string; new: string }> = [];
  const notFixed: Array<JsonIssue & { reason: string }> = [];
  for (const page of pages) {
    const text = texts.get(page.path);
    if (text === undefined) continue;
    texts.delete(page.path);
    const doc = scanDocument(text);
    let findings: Finding[] = [
      ...frontMatterFindings(doc.text, page.path, index).map((finding) => ({ ...finding, target: null, suggestion: null })),
      ...checkPage(doc, page.locale, index, { memo }).map(suggest),
    ];
    if (args.fix) {
      const result = fixPage(page.path, doc, findings, fs);
      findings = result.remaining;
      if ('error' in result) output.err(`${displayPath(page.path, cwd)}: ${result.error}`);
      else
        for (const { finding, old, newText } of result.applied) {
          // At the finding's own position, as `check` reports it; `old` starts there.
          const issue = toJsonIssue(finding, doc, page);
          fixed.push({ ...issue, old, new: newText });
          if (args.format === 'text') output.out(`${displayPath(page.path, cwd)}:${issue.line}:${issue.column} fixed ${issue.code}: ${old} → ${newText}`);
        }
      for (const { finding, reason } of result.skipped) {
        const issue = toJsonIssue(finding, doc, page);
        notFixed.push({ ...issue, reason });
        if (args.format === 'text') output.out(`${displayPath(page.path, cwd)}:${issue.line}:${issue.column} not fixed ${issue.code}: ${reason}`);
      }
    }
    for (const finding of findings) {
      const issue = toJsonIssue(finding, doc, page);
      issues.push(issue);
      counts[finding.severity]++;
      const didYouMean = issue.suggestion && (finding.code === 'broken-link' || finding.code === 'templ-broken-link') ? ` (did you mean ${issue.suggestion}?)` : '';
      textLines.push(`${displayPath(page.path, cwd)}:${issue.line}:${issue.column} ${issue.severity} ${issue.code} ${issue.message}${didYouMean}`);
    }
  }

  if (args.format === 'json') {
    output.out(JSON.stringify(args.fix ? { files: checkedPaths.size, issues, fixed, notFixed } : { files: checkedPaths.size, issues }, null, 2));
  } else {
    for (const line of textLines) output.out(line);
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    output.out(
      `Checked ${plural(checkedPaths.size, 'file')}: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.information} information.${args.fix ? ` Fixed ${fixed.length}.` : ''}`,
    );
  }
  return counts.error + counts.warning > 0 ? 1 : 0;
}

function toJsonIssue(finding: Finding, doc: ScannedDocument, page: Page): JsonIssue {
  const start = doc.lines.displayPositionAt(finding.start);
  const end = doc.lines.displayPositionAt(finding.end);
  return {
    root: nodePath.dirname(page.filesDir),
    file: nodePath.relative(nodePath.dirname(page.filesDir), page.path).split(nodePath.sep).join('/'),
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    severity: finding.severity,
    code: finding.code,
    message: finding.message,
    target: finding.target,
    suggestion: finding.suggestion,
  };
}

/** The locale folders the paths are in, or undefined when a path covers a whole root (or none are given). */
function localesOf(paths: string[], filesDirs: string[]): Set<string> | undefined {
  if (!paths.length) return undefined;
  const locales = new Set<string>();
  for (const path of paths) {
    const filesDir = filesDirs.find((dir) => path.startsWith(dir + nodePath.sep));
    if (!filesDir) return undefined;
    const locale = nodePath.relative(filesDir, path).split(nodePath.sep)[0];
    if (!LOCALE_FOLDER.test(locale)) return undefined;
    locales.add(locale);
  }
  return locales;
}
