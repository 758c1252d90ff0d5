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
  /** Lowercased `from` → as written, for messages. */
  const written = new Map<string, string>();
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
    written.set(key, from);
  }
  dropCycles(map, lines, written, problems);
  problems.sort((a, b) => a.line - b.line);
  return { map, lines, problems };
}

/**
 * Redirects that lead back to themselves (A → B → A) lead nowhere: each cycle is reported once, on
 * its first line, and ignored, so links to it are broken and no fix flips them back and forth.
 * A redirect to its own URL in another case is not a cycle. Linear: each source is walked once.
 */
function dropCycles(map: Map<string, string>, lines: Map<string, number>, written: Map<string, string>, problems: RedirectProblem[]): void {
  const done = new Set<string>();
  const cycles: string[][] = [];
  for (const start of map.keys()) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let key: string | undefined = start;
    while (key !== undefined && !done.has(key) && !onPath.has(key)) {
      onPath.set(key, path.length);
      path.push(key);
      const target: string = map.get(key)!.split('#')[0].toLowerCase();
      key = target !== key && map.has(target) ? target : undefined;
    }
    if (key !== undefined && onPath.has(key)) cycles.push(path.slice(onPath.get(key)));
    for (const visited of path) done.add(visited);
  }
  for (const cycle of cycles) {
    const line = cycle.reduce((first, key) => Math.min(first, lines.get(key)!), Infinity);
    const names = cycle.map((key) => written.get(key)!);
    problems.push({ line, message: `redirect cycle ${[...names, names[0]].join(' → ')}: ignored` });
    for (const key of cycle) {
      map.delete(key);
      lines.delete(key);
    }
  }
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
