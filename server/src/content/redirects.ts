/**
 * `files/<locale>/_redirects.txt`: a comment header, then `from<TAB>to` lines. MDN keeps the file
 * flattened, so lookup is one hop; keys compare lowercased.
 */

export interface RedirectProblem {
  /** 0-based line. */
  line: number;
  message: string;
}

export interface Redirects {
  /** Lowercased `from` URL → `to` as written. */
  map: Map<string, string>;
  /** Lowercased `from` URL → its 0-based line in the file (for go-to-definition and references). */
  lines: Map<string, number>;
  problems: RedirectProblem[];
}

export function parseRedirects(text: string): Redirects {
  const map = new Map<string, string>();
  const lines = new Map<string, number>();
  const problems: RedirectProblem[] = [];
  const rows = text.split('\n');
  for (let line = 0; line < rows.length; line++) {
    const row = rows[line].replace(/\r$/, '');
    if (row.trim() === '' || row.startsWith('#')) continue;
    const tab = row.indexOf('\t');
    if (tab === -1) {
      problems.push({ line, message: 'redirect line without a tab between from and to: ignored' });
      continue;
    }
    const from = row.slice(0, tab).trim();
    const to = row.slice(tab + 1).trim();
    if (!from || !to) {
      problems.push({ line, message: 'redirect line with an empty from or to: ignored' });
      continue;
    }
    const key = from.toLowerCase();
    if (map.has(key)) problems.push({ line, message: `duplicate redirect for ${from}: the last one wins` });
    map.set(key, to);
    lines.set(key, line);
  }
  return { map, lines, problems };
}

export const emptyRedirects = (): Redirects => ({ map: new Map(), lines: new Map(), problems: [] });

/** `_allowed-broken-links.txt`: one slug a line, `#` comments. Returns lowercased slugs. */
export function parseAllowedBrokenLinks(text: string): Set<string> {
  const slugs = new Set<string>();
  for (const row of text.split('\n')) {
    const slug = row.replace(/#.*/, '').trim();
    if (slug) slugs.add(slug.replace(/^\/+/, '').toLowerCase());
  }
  return slugs;
}
