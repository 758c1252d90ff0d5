/**
 * The coverage report as JSON (the stable shape the README documents) and as a text table.
 */
import { urlLocale } from '../content/slugs';
import type { CoverageReport } from '../resolve/coverage';
import { contentPath } from '../content/roots';

/** `glossary-lsp coverage --format json`. Lines and columns are 1-based (columns in code points), as in `check`. */
export interface CoverageJson {
  /** As MDN writes it in URLs: `en-US`, `fr`. */
  locale: string;
  entries: Array<{
    slug: string;
    title: string;
    file: string;
    linkedFrom: string[];
    mentionedUnlinked: Array<{ file: string; line: number; column: number }>;
    orphan: boolean;
  }>;
  wanted: Array<{ slug: string; wantedBy: string[] }>;
}

export function coverageJson(report: CoverageReport): CoverageJson {
  return {
    locale: urlLocale(report.locale),
    entries: report.entries.map((entry) => ({
      slug: entry.entry.slug,
      title: entry.entry.title,
      file: contentPath(entry.entry),
      linkedFrom: entry.linkedFrom.map(contentPath),
      mentionedUnlinked: entry.mentionedUnlinked.map((mention) => ({ file: contentPath(mention.page), line: mention.line, column: mention.column })),
      orphan: entry.orphan,
    })),
    wanted: report.wanted.map((wanted) => ({ slug: wanted.slug, wantedBy: wanted.wantedBy.map((want) => contentPath(want.page)) })),
  };
}

const number = (value: number) => value.toLocaleString('en-US');
const plural = (count: number, word: string, words = word + 's') => `${number(count)} ${count === 1 ? word : words}`;

/** Totals shown at the top of the text and HTML reports. */
export function coverageTotals(report: CoverageReport): {
  entries: number;
  pages: number;
  orphans: number;
  wanted: number;
  unlinkedMentions: number;
  pagesWithUnlinked: number;
  links: number;
} {
  const pagesWithUnlinked = new Set<string>();
  let unlinkedMentions = 0;
  let links = 0;
  for (const entry of report.entries) {
    unlinkedMentions += entry.mentionedUnlinked.length;
    links += entry.linkedFrom.length;
    for (const mention of entry.mentionedUnlinked) pagesWithUnlinked.add(mention.page.path);
  }
  return {
    entries: report.entries.length,
    pages: report.pages,
    orphans: report.entries.filter((entry) => entry.orphan).length,
    wanted: report.wanted.length,
    unlinkedMentions,
    pagesWithUnlinked: pagesWithUnlinked.size,
    links,
  };
}

/** A readable table: one row per entry, then the orphans and the wanted terms. */
export function coverageText(report: CoverageReport, json: CoverageJson = coverageJson(report)): string {
  const totals = coverageTotals(report);
  const lines = [
    `Glossary coverage of ${json.locale}: ${plural(totals.entries, 'entry', 'entries')} over ${plural(totals.pages, 'page')}; ` +
      `${plural(totals.orphans, 'orphan')}; ${plural(totals.wanted, 'wanted term')}; ${plural(totals.unlinkedMentions, 'unlinked first mention')} on ${plural(totals.pagesWithUnlinked, 'page')}.`,
    '',
  ];
  const rows = json.entries.map((entry) => [
    entry.slug,
    number(entry.linkedFrom.length),
    number(entry.mentionedUnlinked.length),
    entry.orphan ? 'orphan' : '',
    entry.mentionedUnlinked.length ? `${entry.mentionedUnlinked[0].file}:${entry.mentionedUnlinked[0].line}:${entry.mentionedUnlinked[0].column}` : '',
  ]);
  const header = ['entry', 'linked from', 'unlinked on', 'status', 'first unlinked mention'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const format = (row: string[]) =>
    row
      .map((cell, column) => (column === 1 || column === 2 ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  lines.push(format(header), format(widths.map((width) => '-'.repeat(width))), ...rows.map(format));
  lines.push('', `Orphans (${number(totals.orphans)}): entries no other ${json.locale} page links to`);
  for (const entry of json.entries) if (entry.orphan) lines.push(`  ${entry.slug}  ${entry.file}`);
  lines.push('', `Wanted (${number(json.wanted.length)}): missing glossary entries that pages link to`);
  for (const wanted of json.wanted) {
    const shown = wanted.wantedBy.slice(0, 3).join(', ');
    const more = wanted.wantedBy.length > 3 ? `, and ${number(wanted.wantedBy.length - 3)} more` : '';
    lines.push(`  ${wanted.slug}  wanted by ${plural(wanted.wantedBy.length, 'page')}: ${shown}${more}`);
  }
  return lines.join('\n');
}
