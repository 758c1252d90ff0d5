/**
 * The report of `glossary-lsp translations`: each translated page's status against English, in the
 * order the text, JSON and HTML forms show it.
 */
import * as nodePath from 'node:path';
import type { ContentIndex, Page } from '../content/contentIndex';
import type { EnglishCommit, EnglishHistory } from '../content/englishHistory';
import { urlLocale } from '../content/slugs';
import { translationStatus, TranslationStatusName } from '../resolve/translationStatus';

/** One page of the report: the JSON fields, and what the text and HTML forms show besides. */
export interface ReportPage {
  file: string;
  slug: string;
  status: TranslationStatusName;
  sourceCommit: string | null;
  commitsBehind: number | null;
  latest: EnglishCommit | null;
  /** Why the source is unknown, or which English page is missing. */
  note?: string;
  title: string;
  glossary: boolean;
  area: string;
}

export interface TranslationReport {
  /** URL-cased (`de`, `pt-BR`). */
  locale: string;
  /** The English repository's HEAD the counts are against. */
  head: string;
  pages: ReportPage[];
  untranslated: Array<{ slug: string; title: string; glossary: boolean; area: string }>;
}

const STATUS_ORDER: Record<TranslationStatusName, number> = { outdated: 0, 'source-unknown': 1, 'no-source-commit': 2, 'no-english-page': 3, 'up-to-date': 4 };

/**
 * The report: glossary pages first, then by how far behind (outdated pages by commits behind,
 * then unknown sources, no source commit, no English page, and up to date last), then by slug.
 */
export function translationReport(index: ContentIndex, history: EnglishHistory, locale: string, pages: Page[], englishPages: Page[]): TranslationReport {
  const rows: ReportPage[] = pages.map((page) => {
    const base = { file: displayFile(page), slug: page.slug, title: page.title, glossary: isGlossary(page), area: areaOf(page), sourceCommit: page.sourceCommit ?? null };
    const status = translationStatus(index, history, page);
    switch (status?.status) {
      case 'outdated':
      case 'up-to-date':
        return { ...base, status: status.status, commitsBehind: status.changes.commits.length, latest: status.changes.commits[0] ?? null };
      case 'no-english-page':
        return { ...base, status: 'no-english-page', commitsBehind: null, latest: null, note: `no en-US page ${page.slug}` };
      case 'no-source-commit':
        return { ...base, status: 'no-source-commit', commitsBehind: null, latest: null, note: page.translated.translationOf ? 'translation_of only' : undefined };
      case 'source-unknown':
        return { ...base, status: 'source-unknown', commitsBehind: null, latest: null, note: status.message };
      default:
        return { ...base, status: 'source-unknown', commitsBehind: null, latest: null, note: 'not resolved' };
    }
  });
  rows.sort(
    (a, b) =>
      Number(b.glossary) - Number(a.glossary) || STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || (b.commitsBehind ?? 0) - (a.commitsBehind ?? 0) || a.slug.localeCompare(b.slug),
  );
  const untranslated = englishPages
    .filter((page) => !index.pageByKey(`${locale}/${page.folder}`))
    .map((page) => ({ slug: page.slug, title: page.title, glossary: isGlossary(page), area: areaOf(page) }))
    .sort((a, b) => Number(b.glossary) - Number(a.glossary) || a.slug.localeCompare(b.slug));
  return { locale: urlLocale(locale), head: history.head, pages: rows, untranslated };
}

const isGlossary = (page: Page) => page.folder.startsWith('glossary/');

/**
 * A page's area: its top-level folder, and under Web/ the folder below it (nearly every MDN page
 * is under Web/, so Web/CSS, Web/API… are the areas people work in).
 */
export function areaOf(page: Page): string {
  const segments = page.slug.split('/');
  if (segments[0].toLowerCase() === 'web' && segments.length > 2) return `${segments[0]}/${segments[1]}`;
  return segments[0];
}

/** The file from the folder above `files/` (`files/de/glossary/api/index.md`). */
function displayFile(page: Page): string {
  return nodePath.relative(nodePath.dirname(page.filesDir), page.path).split(nodePath.sep).join('/');
}

/** The JSON form, exactly as README.md documents it. */
export function reportJson(report: TranslationReport): string {
  return JSON.stringify(
    {
      locale: report.locale,
      pages: report.pages.map((page) => ({
        file: page.file,
        slug: page.slug,
        status: page.status,
        sourceCommit: page.sourceCommit,
        commitsBehind: page.commitsBehind,
        latest: page.latest && { hash: page.latest.hash, date: page.latest.date, subject: page.latest.subject },
      })),
      untranslated: report.untranslated.map((page) => ({ slug: page.slug })),
    },
    null,
    2,
  );
}

export function statusCounts(report: TranslationReport): Record<TranslationStatusName, number> {
  const counts: Record<TranslationStatusName, number> = { 'up-to-date': 0, outdated: 0, 'source-unknown': 0, 'no-source-commit': 0, 'no-english-page': 0 };
  for (const page of report.pages) counts[page.status]++;
  return counts;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The text form: one line per page, the untranslated English pages, a summary. */
export function reportText(report: TranslationReport): string[] {
  const lines: string[] = [];
  for (const page of report.pages) {
    let detail: string;
    if (page.status === 'outdated')
      detail = `outdated, ${plural(page.commitsBehind!, 'commit')} behind (latest ${page.latest!.date} ${page.latest!.hash.slice(0, 7)} ${page.latest!.subject})`;
    else if (page.status === 'up-to-date') detail = 'up to date';
    else if (page.status === 'source-unknown') detail = `source unknown: ${page.note}`;
    else if (page.status === 'no-source-commit') detail = `no source commit${page.note ? ` (${page.note})` : ''}`;
    else detail = `no English page (${page.note})`;
    lines.push(`${page.file}: ${detail}`);
  }
  for (const page of report.untranslated) lines.push(`untranslated: ${page.slug}`);
  const counts = statusCounts(report);
  lines.push(
    `${report.locale}: ${plural(report.pages.length, 'page')}: ${counts.outdated} outdated, ${counts['up-to-date']} up to date, ${counts['source-unknown']} source unknown, ` +
      `${counts['no-source-commit']} without source commit, ${counts['no-english-page']} without English page; ${plural(report.untranslated.length, 'English page')} not translated (English at ${report.head.slice(0, 7)}).`,
  );
  return lines;
}
