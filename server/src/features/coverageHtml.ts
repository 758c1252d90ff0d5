/**
 * The coverage report as one self-contained HTML page: totals, two bar charts (inline SVG: the
 * entries most mentioned without a link, the most wanted missing entries), a sortable, filterable
 * table of entries, the orphans and the wanted terms. No external resource of any kind (it must
 * open offline, from a file); every piece of content is escaped.
 */
import { docsUrl } from '../content/slugs';
import type { CoverageReport } from '../resolve/coverage';
import { coverageTotals, type CoverageJson } from './coverageReport';

const MDN = 'https://developer.mozilla.org';
const CHART_BARS = 15;
const WANTED_PAGES_SHOWN = 20;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const number = (value: number) => value.toLocaleString('en-US');

interface Bar {
  label: string;
  value: number;
  title: string;
}

/** A horizontal bar chart in SVG, labels on the left, values at the end of each bar. */
export function barChart(bars: Bar[], options: { caption: string; color: string; emptyText: string }): string {
  const width = 620;
  const labelWidth = 250;
  const barHeight = 22;
  const gap = 6;
  const top = 4;
  const height = Math.max(1, bars.length) * (barHeight + gap) + top;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const room = width - labelWidth - 70;
  const rows = bars.map((bar, i) => {
    const y = top + i * (barHeight + gap);
    const length = Math.max(2, Math.round((bar.value / max) * room));
    const label = bar.label.length > 28 ? bar.label.slice(0, 27) + '…' : bar.label;
    return (
      `<g><title>${escapeHtml(bar.title)}</title>` +
      `<text x="${labelWidth - 8}" y="${y + barHeight / 2}" text-anchor="end" dominant-baseline="central" class="label">${escapeHtml(label)}</text>` +
      `<rect x="${labelWidth}" y="${y}" width="${length}" height="${barHeight}" rx="3" fill="${options.color}"></rect>` +
      `<text x="${labelWidth + length + 6}" y="${y + barHeight / 2}" dominant-baseline="central" class="value">${number(bar.value)}</text></g>`
    );
  });
  const body = bars.length
    ? rows.join('')
    : `<text x="${width / 2}" y="${top + barHeight / 2}" text-anchor="middle" dominant-baseline="central" class="label">${escapeHtml(options.emptyText)}</text>`;
  return (
    `<figure class="chart"><figcaption>${escapeHtml(options.caption)}</figcaption>` +
    `<svg role="img" aria-label="${escapeHtml(options.caption)}" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">${body}</svg></figure>`
  );
}

const STYLE = `
:root { color-scheme: light dark; --fg: #1b1b1b; --muted: #5e5e5e; --bg: #ffffff; --panel: #f6f6f6; --line: #dcdcdc; --accent: #0069c2; --warn: #c45500; --orphan: #b3261e; }
@media (prefers-color-scheme: dark) { :root { --fg: #e8e8e8; --muted: #a8a8a8; --bg: #1b1b1b; --panel: #262626; --line: #3a3a3a; --accent: #8cb4ff; --warn: #ff9e5a; --orphan: #ff8a80; } }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
h1 { margin: 0 0 4px; font-size: 26px; }
h1 .locale { color: var(--accent); }
h2 { margin: 32px 0 12px; font-size: 20px; border-bottom: 1px solid var(--line); padding-bottom: 6px; }
.totals { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0 8px; padding: 0; list-style: none; }
.totals li { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; }
.totals b { display: block; font-size: 22px; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; margin-top: 16px; }
.chart { flex: 1 1 480px; max-width: 700px; margin: 0; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
.chart figcaption { font-weight: 600; margin-bottom: 8px; }
.chart svg { display: block; height: auto; }
.chart .label, .chart .value { font-size: 13px; fill: var(--fg); }
.chart .value { fill: var(--muted); }
.tools { display: flex; gap: 12px; align-items: center; margin-bottom: 8px; }
.tools input { font: inherit; padding: 6px 10px; width: 320px; max-width: 100%; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
.tools .count { color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { position: sticky; top: 0; background: var(--bg); }
th button { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; }
th[aria-sort="ascending"] button::after { content: " ▲"; }
th[aria-sort="descending"] button::after { content: " ▼"; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.slug, .where { color: var(--muted); font-size: 13px; }
.where code, details code { overflow-wrap: anywhere; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
a { color: var(--accent); }
.badge { display: inline-block; font-size: 12px; font-weight: 600; border-radius: 10px; padding: 1px 8px; color: var(--bg); background: var(--orphan); }
.orphans { columns: 3 240px; padding-left: 20px; }
details summary { cursor: pointer; }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; }
`;

// Sorting and filtering: a few lines, no library (the page must work offline from a file).
const SCRIPT = `
(() => {
  const table = document.getElementById('entries');
  const body = table.tBodies[0];
  const headers = [...table.tHead.rows[0].cells];
  const value = (row, index, type) => {
    const cell = row.cells[index];
    const raw = cell.dataset.value ?? cell.textContent.trim();
    return type === 'number' ? Number(raw) : raw.toLowerCase();
  };
  headers.forEach((th, index) => {
    const button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', () => {
      const type = th.dataset.type;
      const descending = th.getAttribute('aria-sort') === 'ascending' || (!th.hasAttribute('aria-sort') && type === 'number');
      headers.forEach((other) => other.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      const rows = [...body.rows].sort((a, b) => {
        const x = value(a, index, type);
        const y = value(b, index, type);
        const order = x < y ? -1 : x > y ? 1 : 0;
        return descending ? -order : order;
      });
      body.append(...rows);
    });
  });
  const filter = document.getElementById('filter');
  const count = document.getElementById('shown');
  filter.addEventListener('input', () => {
    const query = filter.value.trim().toLowerCase();
    let shown = 0;
    for (const row of body.rows) {
      const visible = !query || row.dataset.search.includes(query);
      row.hidden = !visible;
      if (visible) shown++;
    }
    count.textContent = shown.toLocaleString('en-US');
  });
})();
`;

export function coverageHtml(report: CoverageReport, json: CoverageJson): string {
  const totals = coverageTotals(report);
  const locale = json.locale;
  const entryUrl = (slug: string) => MDN + docsUrl(report.locale, slug);
  const mostMentioned = [...json.entries]
    .filter((entry) => entry.mentionedUnlinked.length > 0)
    .sort((a, b) => b.mentionedUnlinked.length - a.mentionedUnlinked.length || (a.slug < b.slug ? -1 : 1))
    .slice(0, CHART_BARS)
    .map((entry) => ({
      label: entry.title,
      value: entry.mentionedUnlinked.length,
      title: `${entry.title} (${entry.slug}): mentioned without a link on ${number(entry.mentionedUnlinked.length)} pages`,
    }));
  const mostWanted = json.wanted.slice(0, CHART_BARS).map((wanted) => ({
    label: wanted.slug.replace(/^Glossary\//, ''),
    value: wanted.wantedBy.length,
    title: `${wanted.slug}: wanted by ${number(wanted.wantedBy.length)} pages`,
  }));

  // In the order the Entry column says (ascending by title), as the sort script compares.
  const byTitle = [...json.entries].sort((a, b) => (a.title.toLowerCase() < b.title.toLowerCase() ? -1 : a.title.toLowerCase() > b.title.toLowerCase() ? 1 : 0));
  const rows = byTitle.map((entry) => {
    const first = entry.mentionedUnlinked[0];
    const search = `${entry.title} ${entry.slug}`.toLowerCase();
    return (
      `<tr data-search="${escapeHtml(search)}">` +
      `<td data-value="${escapeHtml(entry.title.toLowerCase())}"><a href="${escapeHtml(entryUrl(entry.slug))}">${escapeHtml(entry.title)}</a><div class="slug">${escapeHtml(entry.slug)}</div></td>` +
      `<td class="num" data-value="${entry.linkedFrom.length}">${number(entry.linkedFrom.length)}</td>` +
      `<td class="num" data-value="${entry.mentionedUnlinked.length}">${number(entry.mentionedUnlinked.length)}</td>` +
      `<td data-value="${entry.orphan ? 0 : 1}">${entry.orphan ? '<span class="badge">orphan</span>' : ''}</td>` +
      `<td class="where">${first ? `<code>${escapeHtml(`${first.file}:${first.line}:${first.column}`)}</code>` : ''}</td>` +
      `</tr>`
    );
  });
  const orphans = json.entries.filter((entry) => entry.orphan);
  const wantedRows = json.wanted.map((wanted) => {
    const pages = wanted.wantedBy.slice(0, WANTED_PAGES_SHOWN).map((file) => `<li><code>${escapeHtml(file)}</code></li>`);
    const more = wanted.wantedBy.length > WANTED_PAGES_SHOWN ? `<li>and ${number(wanted.wantedBy.length - WANTED_PAGES_SHOWN)} more</li>` : '';
    return (
      `<tr><td><code>${escapeHtml(wanted.slug)}</code></td><td class="num">${number(wanted.wantedBy.length)}</td>` +
      `<td><details><summary>${number(wanted.wantedBy.length)} page${wanted.wantedBy.length === 1 ? '' : 's'}</summary><ul>${pages.join('')}${more}</ul></details></td></tr>`
    );
  });
  const stat = (value: number, label: string) => `<li><b>${number(value)}</b>${escapeHtml(label)}</li>`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Glossary coverage — ${escapeHtml(locale)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Glossary coverage <span class="locale">${escapeHtml(locale)}</span></h1>
<ul class="totals">
${stat(totals.entries, 'glossary entries')}
${stat(totals.pages, 'pages')}
${stat(totals.links, 'inbound links')}
${stat(totals.unlinkedMentions, 'unlinked first mentions')}
${stat(totals.orphans, 'orphans')}
${stat(totals.wanted, 'wanted terms')}
</ul>
</header>
<section class="charts">
${barChart(mostMentioned, { caption: 'Most mentioned without a link (pages)', color: 'var(--accent)', emptyText: 'No unlinked mentions' })}
${barChart(mostWanted, { caption: 'Most wanted missing entries (pages)', color: 'var(--warn)', emptyText: 'No wanted terms' })}
</section>
<section>
<h2>Entries</h2>
<div class="tools"><input id="filter" type="search" placeholder="Filter entries by title or slug" aria-label="Filter entries"><span class="count"><span id="shown">${number(rows.length)}</span> of ${number(rows.length)} shown</span></div>
<table id="entries">
<thead><tr><th data-type="text" aria-sort="ascending"><button type="button">Entry</button></th><th class="num" data-type="number"><button type="button">Linked from</button></th><th class="num" data-type="number"><button type="button">Unlinked mentions</button></th><th data-type="number"><button type="button">Orphan</button></th><th>First unlinked mention</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>
<section>
<h2>Orphans (${number(orphans.length)})</h2>
${orphans.length ? `<ul class="orphans">${orphans.map((entry) => `<li><a href="${escapeHtml(entryUrl(entry.slug))}">${escapeHtml(entry.title)}</a> <span class="slug">${escapeHtml(entry.slug)}</span></li>`).join('')}</ul>` : '<p>Every entry is linked from another page.</p>'}
</section>
<section>
<h2>Wanted (${number(json.wanted.length)})</h2>
${json.wanted.length ? `<table><thead><tr><th>Missing entry</th><th class="num">Wanted by</th><th>Pages</th></tr></thead><tbody>${wantedRows.join('\n')}</tbody></table>` : '<p>No page links to a missing glossary entry.</p>'}
</section>
<footer>glossary-lsp coverage · ${escapeHtml(locale)} · lines and columns are 1-based</footer>
<script>${SCRIPT}</script>
</body>
</html>`;
}
