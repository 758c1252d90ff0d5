/**
 * Where a translation's `l10n.sourceCommit` is written in its front matter, to the character:
 * for diagnostics on that line and for an edit of the value alone. YAML parsers do not give
 * positions; this reads the two shapes translated-content uses (a block mapping, the common one,
 * and a flow mapping) and nothing else. Callers compare the value with what the YAML parser read
 * and trust the position only when they agree. Pure, linear, never throws.
 */
import { frontMatterEnd } from './document';

export interface SourceCommitField {
  /** The value, unquoted and trimmed ('' when the key has no value). */
  value: string;
  /** Offset of the `sourceCommit` key. */
  keyStart: number;
  /** The written scalar, quotes included: what an edit of the value replaces (empty when there is no value). */
  valueStart: number;
  valueEnd: number;
  /** The quote the value is written with, if any. */
  quote: '"' | "'" | '';
}

export interface FrontMatterKey {
  /** Offsets of the key and of its line (without the line break). */
  keyStart: number;
  lineStart: number;
  lineEnd: number;
}

/** The lines of the front matter block between its `---` delimiters: [start, end) offsets, without line breaks. */
function frontMatterLines(text: string): Array<[number, number]> {
  const end = frontMatterEnd(text);
  if (end === 0) return [];
  const lines: Array<[number, number]> = [];
  let start = text.indexOf('\n') + 1;
  while (start < end) {
    let lineEnd = text.indexOf('\n', start);
    if (lineEnd === -1 || lineEnd > end) lineEnd = end;
    const contentEnd = lineEnd > start && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    lines.push([start, contentEnd]);
    start = lineEnd + 1;
  }
  // The last line is the closing `---`.
  lines.pop();
  return lines;
}

const indentOf = (line: string) => line.length - line.trimStart().length;
const isBlankOrComment = (line: string) => line.trim() === '' || line.trimStart().startsWith('#');

/** A top-level key of the front matter (`translation_of`, `l10n`): where it is written. */
export function findFrontMatterKey(text: string, key: string): FrontMatterKey | undefined {
  for (const [start, end] of frontMatterLines(text)) {
    const line = text.slice(start, end);
    if (line.startsWith(key) && /^[ \t]*:/.test(line.slice(key.length))) return { keyStart: start, lineStart: start, lineEnd: end };
  }
  return undefined;
}

/** The `sourceCommit` of the front matter's `l10n` mapping, or undefined when there is none in a shape we read. */
export function findSourceCommit(text: string): SourceCommitField | undefined {
  const lines = frontMatterLines(text);
  for (let i = 0; i < lines.length; i++) {
    const [start, end] = lines[i];
    const line = text.slice(start, end);
    const l10n = /^l10n[ \t]*:[ \t]*/.exec(line);
    if (!l10n) continue;
    const rest = line.slice(l10n[0].length);
    if (rest.startsWith('{')) return flowSourceCommit(text, start + l10n[0].length, end);
    if (rest !== '' && !rest.startsWith('#')) return undefined;
    // A block mapping: the lines indented under `l10n:`.
    let childIndent: number | undefined;
    for (let j = i + 1; j < lines.length; j++) {
      const [childStart, childEnd] = lines[j];
      const child = text.slice(childStart, childEnd);
      if (isBlankOrComment(child)) continue;
      const indent = indentOf(child);
      if (indent === 0) break;
      childIndent ??= indent;
      if (indent !== childIndent) continue;
      const key = /^sourceCommit[ \t]*:(?=[ \t]|$)/.exec(child.slice(indent));
      if (key) return scalarAfter(text, childStart + indent, childStart + indent + key[0].length, childEnd);
    }
    return undefined;
  }
  return undefined;
}

/** `l10n: { sourceCommit: abc, … }` on one line. */
function flowSourceCommit(text: string, from: number, lineEnd: number): SourceCommitField | undefined {
  const body = text.slice(from, lineEnd);
  const match = /[{,][ \t]*sourceCommit[ \t]*:[ \t]*/.exec(body);
  if (!match) return undefined;
  const keyStart = from + match.index + match[0].indexOf('sourceCommit');
  const valueStart = from + match.index + match[0].length;
  const close = body.indexOf('}', match.index);
  let valueEnd = valueStart;
  const first = text[valueStart];
  if (first === '"' || first === "'") {
    const endQuote = text.indexOf(first, valueStart + 1);
    if (endQuote === -1 || endQuote >= lineEnd) return undefined;
    valueEnd = endQuote + 1;
  } else {
    while (valueEnd < lineEnd && !/[,}\s]/.test(text[valueEnd])) valueEnd++;
  }
  if (close === -1) return undefined;
  return field(text, keyStart, valueStart, valueEnd);
}

/** The plain or quoted scalar after `key:` up to the end of its line (a trailing comment excluded). */
function scalarAfter(text: string, keyStart: number, colonEnd: number, lineEnd: number): SourceCommitField | undefined {
  let valueStart = colonEnd;
  while (valueStart < lineEnd && (text[valueStart] === ' ' || text[valueStart] === '\t')) valueStart++;
  const first = text[valueStart];
  let valueEnd: number;
  if (valueStart >= lineEnd || first === '#') {
    // No value (`sourceCommit:` or `sourceCommit: # comment`): an edit inserts one here.
    return { value: '', keyStart, valueStart, valueEnd: valueStart, quote: '' };
  }
  if (first === '"' || first === "'") {
    const endQuote = text.indexOf(first, valueStart + 1);
    if (endQuote === -1 || endQuote >= lineEnd) return undefined;
    valueEnd = endQuote + 1;
  } else {
    // A plain scalar ends at ` #` (a comment) or the end of the line.
    const comment = text.slice(valueStart, lineEnd).search(/[ \t]#/);
    valueEnd = comment === -1 ? lineEnd : valueStart + comment;
    while (valueEnd > valueStart && (text[valueEnd - 1] === ' ' || text[valueEnd - 1] === '\t')) valueEnd--;
  }
  return field(text, keyStart, valueStart, valueEnd);
}

function field(text: string, keyStart: number, valueStart: number, valueEnd: number): SourceCommitField {
  const raw = text.slice(valueStart, valueEnd);
  const quote = raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw[raw.length - 1] === raw[0] ? (raw[0] as '"' | "'") : '';
  return { value: (quote ? raw.slice(1, -1) : raw).trim(), keyStart, valueStart, valueEnd, quote };
}

/**
 * The `sourceCommit` a page records, given what the YAML parser read (`parsed`): the value as
 * written when it can be found (YAML reads `1234567` as a number and `12e4567` as Infinity, so the
 * parsed value of an all-digit hash is not the hash), else the parsed value; undefined when none.
 */
export function writtenSourceCommit(text: string, parsed: string | undefined): string | undefined {
  if (parsed === undefined || parsed === '') return undefined;
  const field = findSourceCommit(text);
  return field && field.value !== '' ? field.value : parsed;
}
