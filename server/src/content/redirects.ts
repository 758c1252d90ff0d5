/**
 * `files/<locale>/_redirects.txt`: a comment header, then `from<TAB>to` lines. MDN keeps the file
 * flattened, so lookup is one hop; keys compare lowercased. Read here, and edited here (rows added,
 * re-pointed and dropped as a page moves), in the file's own order and line endings.
 */
import { dominantNewline, splitLines } from '../syntax/positions';

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
  // Lines as an editor counts them (`\r\n`, `\n`, lone `\r`): the line numbers are positions.
  const rows = splitLines(text).map((line) => line.text);
  for (let line = 0; line < rows.length; line++) {
    const row = rows[line];
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
// An alternation, not a character class: a class of joiners and marks reads as joined sequences.
const INVISIBLE = new RegExp(Object.keys(INVISIBLE_NAMES).join('|'));
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
  for (const { text: row } of splitLines(text)) {
    const slug = row.replace(/#.*/, '').trim();
    if (slug) slugs.add(slug.replace(/^\/+/, '').toLowerCase());
  }
  return slugs;
}

/** The header rari writes at the top of a new `_redirects.txt`. */
export const REDIRECTS_HEADER = '# DO NOT EDIT THIS FILE MANUALLY.\n# Use the CLI instead::\n#\n#    rari content add-redirect <fromURL> <toURL>\n#\n# FROM-URL\tTO-URL\n';

/** A change to a text: replace [start, end) with newText. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** What a page move does to a locale's redirects. */
export interface RedirectChange {
  /** New rows `[from, to]` (URLs as written); a `from` already in the file gets the new `to` instead. */
  added: Array<[string, string]>;
  /** Lowercased URL (no hash) → the URL it moved to: rows pointing there follow, keeping their `#hash`. */
  retarget: ReadonlyMap<string, string>;
  /** Lowercased URLs that are pages now: rows from them are dropped (a live page is never a redirect). */
  nowPages: ReadonlySet<string>;
}

/** Byte order of `from`, as rari writes the file; case-insensitive when the file is kept that way. */
function redirectOrder(froms: string[]): (a: string, b: string) => number {
  const byBytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const byLowercase = (a: string, b: string) => byBytes(a.toLowerCase(), b.toLowerCase()) || byBytes(a, b);
  const sortedBy = (compare: (a: string, b: string) => number) => froms.every((from, i) => i === 0 || compare(froms[i - 1], from) <= 0);
  return !sortedBy(byBytes) && sortedBy(byLowercase) ? byLowercase : byBytes;
}

/**
 * The edits to a `_redirects.txt` (undefined: the file does not exist yet) for a page move: rows
 * added in the file's order, rows whose target moved re-pointed, rows from URLs that are pages now
 * dropped. New rows get the file's line break (`\r\n` in a CRLF file); nothing else is rewritten.
 */
export function redirectEdits(text: string | undefined, change: RedirectChange): OffsetEdit[] {
  const { added, retarget, nowPages } = change;
  if (text === undefined) {
    if (!added.length) return [];
    const order = redirectOrder([]);
    const rows = [...added].sort(([a], [b]) => order(a, b)).map(([from, to]) => `${from}\t${to}\n`);
    return [{ start: 0, end: 0, newText: REDIRECTS_HEADER + rows.join('') }];
  }
  const newline = dominantNewline(text);
  interface Row {
    from: string;
    to: string;
    start: number;
    /** After the row's line break. */
    end: number;
    toStart: number;
    toEnd: number;
  }
  const rows: Row[] = [];
  for (const line of splitLines(text)) {
    const tab = line.text.indexOf('\t');
    if (line.text.startsWith('#') || line.text.trim() === '' || tab === -1) continue;
    const rest = line.text.slice(tab + 1);
    const to = rest.trim();
    const toStart = line.start + tab + 1 + (rest.length - rest.trimStart().length);
    rows.push({ from: line.text.slice(0, tab).trim(), to, start: line.start, end: line.end + line.newline.length, toStart, toEnd: toStart + to.length });
  }
  const order = redirectOrder(rows.map((row) => row.from));
  const pending = new Map(added.map(([from, to]) => [from.toLowerCase(), [from, to] as [string, string]]));
  const edits: OffsetEdit[] = [];
  const kept: Row[] = [];
  for (const row of rows) {
    const from = row.from.toLowerCase();
    if (nowPages.has(from)) {
      edits.push({ start: row.start, end: row.end, newText: '' });
      continue;
    }
    kept.push(row);
    const replacing = pending.get(from);
    let newTo: string | undefined;
    if (replacing) {
      newTo = replacing[1];
      pending.delete(from);
    } else {
      const hashAt = row.to.indexOf('#');
      const path = hashAt === -1 ? row.to : row.to.slice(0, hashAt);
      const moved = retarget.get(path.toLowerCase());
      if (moved !== undefined) newTo = moved + row.to.slice(path.length);
    }
    if (newTo !== undefined && newTo !== row.to) edits.push({ start: row.toStart, end: row.toEnd, newText: newTo });
  }
  const inserts = new Map<number, string[]>();
  for (const [from, to] of [...pending.values()].sort(([a], [b]) => order(a, b))) {
    const at = kept.find((row) => order(row.from, from) > 0)?.start ?? text.length;
    inserts.set(at, [...(inserts.get(at) ?? []), `${from}\t${to}${newline}`]);
  }
  for (const [at, lines] of inserts) {
    const missingBreak = at === text.length && text.length > 0 && !/[\r\n]$/.test(text) ? newline : '';
    edits.push({ start: at, end: at, newText: missingBreak + lines.join('') });
  }
  return edits.sort((a, b) => a.start - b.start || a.end - b.end);
}
