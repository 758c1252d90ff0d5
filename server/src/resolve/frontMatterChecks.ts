/**
 * Front matter checks, from the page text and the index: a block that is missing or does not parse,
 * a missing title or slug, a slug that does not map to the page's folder (MDN's build fails), two
 * pages of a locale with the same slug, and a glossary page without the `page-type` the locale's
 * other glossary pages have. Pure (reads nothing); never throws.
 */
import * as nodePath from 'node:path';
import type { ContentIndex, Page } from '../content/contentIndex';
import { readFrontMatter } from '../content/frontMatter';
import { pageLocation } from '../content/roots';
import { slugToFolder } from '../content/slugs';
import { DEFAULT_SEVERITY, FrontMatterCode, Severity, TextEdit } from './findings';
import { frontMatterEnd, frontMatterStart } from '../syntax/document';
import { LineIndex } from '../syntax/positions';

export interface FrontMatterFinding {
  code: FrontMatterCode;
  severity: Severity;
  /** Offsets in the page text. */
  start: number;
  end: number;
  message: string;
  /** A safe edit that fixes it, when there is one. */
  fix?: TextEdit;
}

/** The front matter findings of a page's text; `path` places it in the index (slug, duplicates, siblings). */
export function frontMatterFindings(text: string, path: string | undefined, index: ContentIndex | undefined): FrontMatterFinding[] {
  try {
    return check(text, path, index);
  } catch {
    return [];
  }
}

function check(text: string, path: string | undefined, index: ContentIndex | undefined): FrontMatterFinding[] {
  const out: FrontMatterFinding[] = [];
  const add = (code: FrontMatterCode, start: number, end: number, message: string, fix?: TextEdit) =>
    out.push({ code, severity: DEFAULT_SEVERITY[code], start, end, message, ...(fix ? { fix } : {}) });
  const end = frontMatterEnd(text);
  const firstLine = lineRange(text, 0);
  if (end === 0) {
    add('front-matter-missing', firstLine.start, firstLine.end, 'no front matter: a page starts with a `---` block holding title and slug');
    return out;
  }
  const result = readFrontMatter(text);
  if (!result.ok) {
    const line = lineRangeAt(text, result.error.line, end);
    add('front-matter-yaml', line.start, line.end, result.error.message);
    return out;
  }
  const frontMatter = result.frontMatter;
  const begin = frontMatterStart(text);
  const opening = { start: begin, end: Math.min(begin + 3, text.length) };
  const title = frontMatter.title?.trim();
  const slug = frontMatter.slug?.trim();
  if (!title) add('front-matter-missing-title', ...keyOr(text, end, 'title', opening), 'front matter has no title: MDN needs one for every page');
  if (!slug) add('front-matter-missing-slug', ...keyOr(text, end, 'slug', opening), 'front matter has no slug: MDN needs one for every page');

  const filesDir = path && index ? index.filesDirOf(path) : undefined;
  const location = filesDir && path ? pageLocation(filesDir, path) : undefined;
  if (!location || !index) return out;
  const slugRange = keyValueRange(text, end, 'slug') ?? opening;
  if (slug) {
    const folder = slugToFolder(slug);
    if (folder !== location.folder) {
      add(
        'front-matter-slug-mismatch',
        slugRange.start,
        slugRange.end,
        `slug ${slug} belongs in the folder ${location.locale}/${folder}, but the page is in ${location.locale}/${location.folder}: MDN's build fails`,
      );
    }
    const others = pagesWithSlugKey(index, location.locale, folder).filter((page) => page.path !== path);
    if (others.length) {
      add(
        'front-matter-duplicate-slug',
        slugRange.start,
        slugRange.end,
        `slug ${slug} is also the slug of ${others.map((page) => nodePath.relative(nodePath.dirname(page.filesDir), page.path).split(nodePath.sep).join('/')).join(', ')}: two pages with one URL`,
      );
    }
  }
  if (location.folder.startsWith('glossary/') && !frontMatter.pageType) {
    const siblings = index.glossaryEntries(location.locale).filter((page) => page.path !== path);
    const typed = siblings.filter((page) => page.pageType);
    if (typed.length > 0 && typed.length * 2 >= siblings.length) {
      const pageType = mostCommon(typed.map((page) => page.pageType!));
      const anchor = keyValueRange(text, end, 'slug') ?? keyValueRange(text, end, 'title');
      const insertAt = anchor ? lineRange(text, anchor.start).next : firstLine.next;
      const newline = text.includes('\r\n') ? '\r\n' : '\n';
      add(
        'front-matter-missing-page-type',
        ...keyOr(text, end, 'title', opening),
        `front matter has no page-type: the other glossary pages of ${location.locale} have one (${pageType})`,
        { start: insertAt, end: insertAt, newText: `page-type: ${pageType}${newline}` },
      );
    }
  }
  return out;
}

/** Pages of a locale whose slug maps to `folder`: the one in that folder, and any whose slug points there from elsewhere. */
function pagesWithSlugKey(index: ContentIndex, locale: string, folder: string): Page[] {
  const pages: Page[] = [];
  const inFolder = index.pageByKey(`${locale}/${folder}`);
  if (inFolder && slugToFolder(inFolder.slug) === folder) pages.push(inFolder);
  for (const page of index.misplacedAt(`${locale}/${folder}`)) pages.push(page);
  return pages;
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
}

/** The value of a top-level `key:` line of the front matter (or the key itself when the value is empty). */
function keyValueRange(text: string, end: number, key: string): { start: number; end: number } | undefined {
  const pattern = new RegExp(`^${key}[ \\t]*:[ \\t]*(.*?)[ \\t]*\\r?$`, 'm');
  const match = pattern.exec(text.slice(0, end));
  if (!match) return undefined;
  const lineStart = match.index;
  if (!match[1]) return { start: lineStart, end: lineStart + key.length };
  const valueStart = lineStart + match[0].indexOf(match[1], key.length + 1);
  return { start: valueStart, end: valueStart + match[1].length };
}

function keyOr(text: string, end: number, key: string, fallback: { start: number; end: number }): [number, number] {
  const range = keyValueRange(text, end, key) ?? fallback;
  return [range.start, range.end];
}

/** The line holding `offset`: [start, end) without the line break, and where the next line starts. */
function lineRange(text: string, offset: number): { start: number; end: number; next: number } {
  const lines = new LineIndex(text);
  const line = lines.lineAt(offset);
  return { start: lines.lineStarts[line], end: lines.lineEnd(line), next: lines.lineStarts[line + 1] ?? text.length };
}

/** A 0-based line of the text (lines as LSP and YAML count them), kept inside the front matter block. */
function lineRangeAt(text: string, line: number, limit: number): { start: number; end: number } {
  const lines = new LineIndex(text);
  let at = Math.max(0, Math.min(line, lines.lineCount - 1));
  while (at > 0 && lines.lineStarts[at] >= limit) at--;
  return { start: lines.lineStarts[at], end: lines.lineEnd(at) };
}
