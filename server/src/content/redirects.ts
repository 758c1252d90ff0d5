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
  /** Keys with invisible characters, first seen. */
  const invisibleKeys: string[] = [];
  const rows = text.split('\n');
  for (let line = 0; line < rows.length; line++) {
    const row = rows[line].replace(/\r$/, '');
    if (row.trim() === '' || row.startsWith('#')) continue;
    const tab = row.indexOf('\t');
    if (tab === -1) {
      problems.push({ line, message: 'redirect line without a tab between from and to: ignored' });
      continue;
    }
    // Spaces and tabs around the fields only: an invisible character is part of the URL, as
    // MDN's build reads it (a key with one never matches a link).
    const invisible = INVISIBLE.test(row);
    const from = invisible ? trimAscii(row.slice(0, tab)) : row.slice(0, tab).trim();
    const to = invisible ? trimAscii(row.slice(tab + 1)) : row.slice(tab + 1).trim();
    if (!from || !to) {
      problems.push({ line, message: 'redirect line with an empty from or to: ignored' });
      continue;
    }
    const key = from.toLowerCase();
    if (map.has(key)) problems.push({ line, message: `duplicate redirect for ${showInvisible(from)}${invisibleNote(from)}: the last one wins` });
    else if (invisible && INVISIBLE.test(from)) invisibleKeys.push(key);
    if (invisible && INVISIBLE.test(to)) problems.push({ line, message: `redirect target ${showInvisible(to)} holds ${describeInvisible(to)}: no page has that URL` });
    map.set(key, to);
    lines.set(key, line);
    written.set(key, from);
  }
  // A `from` with an invisible character: often the twin of a visible one (a duplicate no one sees).
  for (const key of invisibleKeys) {
    const from = written.get(key)!;
    const twin = key.replace(INVISIBLE_GLOBAL, '');
    const twinLine = lines.get(twin);
    problems.push({
      line: lines.get(key)!,
      message:
        twinLine !== undefined
          ? `duplicate redirect for ${written.get(twin)!}, except that this line's from holds ${describeInvisible(from)}: MDN's build never matches it`
          : `redirect from ${showInvisible(from)} holds ${describeInvisible(from)}: MDN's build never matches it`,
    });
  }
  dropCycles(map, lines, written, problems);
  problems.sort((a, b) => a.line - b.line);
  return { map, lines, problems };
}

/** Characters that look like nothing (or a space) but change a URL. */
const INVISIBLE_NAMES: Record<string, string> = {
  '\u00a0': 'NO-BREAK SPACE',
  '\u00ad': 'SOFT HYPHEN',
  '\u180e': 'MONGOLIAN VOWEL SEPARATOR',
  '\u200b': 'ZERO WIDTH SPACE',
  '\u200c': 'ZERO WIDTH NON-JOINER',
  '\u200d': 'ZERO WIDTH JOINER',
  '\u200e': 'LEFT-TO-RIGHT MARK',
  '\u200f': 'RIGHT-TO-LEFT MARK',
  '\u2028': 'LINE SEPARATOR',
  '\u2029': 'PARAGRAPH SEPARATOR',
  '\u202f': 'NARROW NO-BREAK SPACE',
  '\u2060': 'WORD JOINER',
  '\u3000': 'IDEOGRAPHIC SPACE',
  '\ufeff': 'ZERO WIDTH NO-BREAK SPACE (byte order mark)',
};
const INVISIBLE = new RegExp(`[${Object.keys(INVISIBLE_NAMES).join('')}]`);
const INVISIBLE_GLOBAL = new RegExp(INVISIBLE.source, 'g');

function trimAscii(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** `/de/docs/A<U+FEFF>`: invisible characters made visible, for messages. */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE_GLOBAL, (c) => `<${codePoint(c)}>`);
}

/** "an invisible U+FEFF (ZERO WIDTH NO-BREAK SPACE (byte order mark)) at the end", for each kind. */
function describeInvisible(text: string): string {
  const found = new Map<string, number[]>();
  for (let i = 0; i < text.length; i++) {
    if (INVISIBLE_NAMES[text[i]]) found.set(text[i], [...(found.get(text[i]) ?? []), i]);
  }
  return [...found]
    .map(([c, at]) => {
      const where = at.every((i) => i === text.length - 1) ? ' at the end' : at.every((i) => i === 0) ? ' at the start' : '';
      return `an invisible ${codePoint(c)} (${INVISIBLE_NAMES[c]})${where}`;
    })
    .join(' and ');
}

function invisibleNote(text: string): string {
  return INVISIBLE.test(text) ? ` (it holds ${describeInvisible(text)})` : '';
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
