/**
 * The HTML form of `glossary-lsp translations`: one self-contained page (inline CSS and SVG, no
 * script, nothing fetched), so it can be mailed, attached to CI, or opened offline. Every piece of
 * content (titles, slugs, commit subjects) is escaped.
 */
import type { TranslationStatusName } from '../resolve/translationStatus';
import { localeDisplayName } from '../features/translationStatus';
import { escapeHtml } from '../features/coverageHtml';
import { ReportPage, statusCounts, TranslationReport } from './translationReport';

type Segment = TranslationStatusName | 'untranslated';

const SEGMENTS: Array<{ key: Segment; label: string; color: string }> = [
  { key: 'up-to-date', label: 'up to date', color: '#2e7d32' },
  { key: 'outdated', label: 'outdated', color: '#ef6c00' },
  { key: 'source-unknown', label: 'source unknown', color: '#c62828' },
  { key: 'no-source-commit', label: 'no source commit', color: '#78909c' },
  { key: 'no-english-page', label: 'no English page', color: '#6a1b9a' },
  { key: 'untranslated', label: 'not translated', color: '#d5d5d5' },
];
const LABEL = Object.fromEntries(SEGMENTS.map((segment) => [segment.key, segment.label])) as Record<Segment, string>;

interface Area {
  name: string;
  counts: Record<Segment, number>;
  translated: number;
  total: number;
  /** Commits behind of its outdated pages. */
  behind: number[];
}

function areas(report: TranslationReport): Area[] {
  const byName = new Map<string, Area>();
  const areaOf = (name: string) => {
    let area = byName.get(name);
    if (!area) {
      const counts = Object.fromEntries(SEGMENTS.map((segment) => [segment.key, 0])) as Record<Segment, number>;
      byName.set(name, (area = { name, counts, translated: 0, total: 0, behind: [] }));
    }
    return area;
  };
  for (const page of report.pages) {
    const area = areaOf(page.area);
    area.counts[page.status]++;
    area.translated++;
    area.total++;
    if (page.status === 'outdated') area.behind.push(page.commitsBehind!);
  }
  for (const page of report.untranslated) {
    const area = areaOf(page.area);
    area.counts.untranslated++;
    area.total++;
  }
  const outdatedShare = (area: Area) => (area.translated ? area.counts.outdated / area.translated : 0);
  return [...byName.values()].sort((a, b) => outdatedShare(b) - outdatedShare(a) || median(b.behind) - median(a.behind) || a.name.localeCompare(b.name));
}

function median(values: number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Stacked bars, one per area: its pages by status, and the English pages it lacks. */
function chart(list: Area[]): string {
  const row = 26;
  const labelWidth = 210;
  const barWidth = 440;
  const width = labelWidth + barWidth + 320;
  const height = list.length * row + 8;
  const parts: string[] = [
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Translation status by area">`,
  ];
  list.forEach((area, i) => {
    const y = 4 + i * row;
    parts.push(`<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end" class="area">${escapeHtml(area.name)} <tspan class="muted">(${area.total})</tspan></text>`);
    let x = labelWidth;
    for (const segment of SEGMENTS) {
      const count = area.counts[segment.key];
      if (!count) continue;
      const w = (count / area.total) * barWidth;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y}" width="${Math.max(w, 0.5).toFixed(1)}" height="${row - 8}" fill="${segment.color}"><title>${escapeHtml(area.name)}: ${count} ${segment.label}</title></rect>`,
      );
      x += w;
    }
    const share = area.translated ? Math.round((area.counts.outdated / area.translated) * 100) : 0;
    const note = area.translated
      ? `${share}% outdated${area.behind.length ? ` · median ${median(area.behind)} commit${median(area.behind) === 1 ? '' : 's'} behind` : ''}`
      : 'not translated';
    parts.push(`<text x="${labelWidth + barWidth + 10}" y="${y + 15}" class="note">${escapeHtml(note)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

function legend(): string {
  return `<p class="legend">${SEGMENTS.map((segment) => `<span><i style="background:${segment.color}"></i>${segment.label}</span>`).join(' ')}</p>`;
}

function pageRow(page: ReportPage): string {
  const latest = page.latest
    ? `${page.latest.date} <code>${page.latest.hash.slice(0, 7)}</code> ${escapeHtml(page.latest.subject)}`
    : page.note
      ? `<span class="muted">${escapeHtml(page.note)}</span>`
      : '';
  return (
    `<tr class="${page.status}"><td>${escapeHtml(page.slug)}${page.title && page.title !== page.slug.split('/').pop() ? `<br><span class="muted">${escapeHtml(page.title)}</span>` : ''}</td>` +
    `<td><span class="badge ${page.status}">${LABEL[page.status]}</span></td><td class="num">${page.commitsBehind ?? '—'}</td><td>${latest}</td>` +
    `<td><code>${page.sourceCommit ? escapeHtml(page.sourceCommit.slice(0, 12)) : '—'}</code></td><td class="file">${escapeHtml(page.file)}</td></tr>`
  );
}

export function translationsHtml(report: TranslationReport): string {
  const counts = statusCounts(report);
  const name = `${localeDisplayName(report.locale)} (${report.locale})`;
  const cards = [
    ...SEGMENTS.slice(0, 5).map((segment) => ({ ...segment, count: counts[segment.key as TranslationStatusName] })),
    { ...SEGMENTS[5], count: report.untranslated.length },
  ];
  const colors = SEGMENTS.map((segment) => `.badge.${segment.key}{background:${segment.color}}`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(name)}: translation status</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1180px;padding:0 16px;color:#1b1b1b;background:#fff}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}
.muted{color:#6b6b6b}code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0}.card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:110px}
.card b{display:block;font-size:22px}.card i,.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px}
.legend span{margin-right:14px;white-space:nowrap}
.chart text{font:12px system-ui,sans-serif;fill:#1b1b1b}.chart .muted{fill:#6b6b6b}.chart .note{fill:#444}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;vertical-align:top}
th{background:#f4f4f4;position:sticky;top:0}td.num{text-align:right}td.file{color:#6b6b6b;font-size:12px;word-break:break-all}
.badge{color:#fff;border-radius:10px;padding:1px 8px;font-size:12px;white-space:nowrap}.badge.untranslated{color:#1b1b1b}${colors}
ul.untranslated{columns:3;padding-left:18px}
</style>
</head>
<body>
<h1>${escapeHtml(name)}: translation status</h1>
<p class="muted">${report.pages.length} pages compared with English at <code>${escapeHtml(report.head.slice(0, 12))}</code>; made by <code>glossary-lsp translations</code>.</p>
<div class="cards">${cards.map((card) => `<div class="card"><b>${card.count}</b><i style="background:${card.color}"></i>${card.label}</div>`).join('')}</div>
<h2>By area</h2>
${legend()}
${chart(areas(report))}
<h2>Pages</h2>
<p class="muted">Glossary first, then by how far behind English.</p>
<table>
<thead><tr><th>Page</th><th>Status</th><th>Behind</th><th>Latest English change</th><th>sourceCommit</th><th>File</th></tr></thead>
<tbody>
${report.pages.map(pageRow).join('\n')}
</tbody>
</table>
<h2>English pages without a translation (${report.untranslated.length})</h2>
<ul class="untranslated">
${report.untranslated.map((page) => `<li>${escapeHtml(page.slug)}</li>`).join('\n')}
</ul>
</body>
</html>
`;
}
