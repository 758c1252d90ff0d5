/**
 * KumaScript macro scanner. Follows MDN's macro parser, which does not know Markdown: every
 * unescaped `{{…}}` that parses is a macro, in code spans and code blocks too; only HTML comments
 * hide macros, and `\{{` escapes one. Text that starts like a macro (a name after `{{`) but does not
 * parse is reported as a syntax error, as MDN's build does (`templ-syntax-error`).
 * Pure and total: never throws, on any input.
 */
import { htmlComments, inRegions, Regions } from './regions';

export type MacroArgValue = string | number | boolean;

export interface MacroArg {
  /** `empty`: nothing between two commas (`{{EmbedLiveSample("x", , 200)}}`), a missing argument. */
  kind: 'string' | 'number' | 'boolean' | 'empty';
  value: MacroArgValue;
  /** Offsets of the whole argument, quotes included. */
  start: number;
  end: number;
  /** For strings: the quote used, and the offsets of the text between the quotes. */
  quote?: '"' | "'" | '`';
  valueStart: number;
  valueEnd: number;
}

export interface Macro {
  /** As written (`Glossary`, `glossary`); compare with {@link macroKey}. */
  name: string;
  nameStart: number;
  nameEnd: number;
  /** Offsets of the whole macro, from `{{` to after `}}`. */
  start: number;
  end: number;
  args: MacroArg[];
  /** Offsets of `(` and `)`, or -1 for a macro written without parentheses. */
  openParen: number;
  closeParen: number;
}

export interface MacroSyntaxError {
  /** The text MDN prints literally: from `{{` to the end of the malformed macro. */
  start: number;
  end: number;
  /** Where parsing failed. */
  at: number;
  name: string;
  message: string;
}

export interface MacroScan {
  macros: Macro[];
  errors: MacroSyntaxError[];
}

/** Macro names are case-insensitive. */
export function macroKey(name: string): string {
  return name.toLowerCase();
}

export function scanMacros(text: string, comments: Regions = htmlComments(text)): MacroScan {
  const macros: Macro[] = [];
  const errors: MacroSyntaxError[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('{{', from);
    if (start === -1) break;
    // `{{{x}}}`: the first `{` is text, the macro starts at the second.
    from = start + 1;
    if (start > 0 && text.charCodeAt(start - 1) === 92 /* \ */) continue;
    if (inRegions(comments, start)) continue;
    const result = parseMacroAt(text, start);
    if (result === undefined) continue;
    if ('message' in result) {
      // MDN tries a macro at every `{{`: the error stops where the next one starts, and that one
      // is read on its own (a forgotten quote must not hide the macros after it).
      const next = text.indexOf('{{', start + 2);
      if (next !== -1 && next < result.end) {
        let end = next;
        while (end > start + 2 && /[ \t\r]/.test(text[end - 1])) end--;
        result.end = Math.max(end, start + 2);
        result.at = Math.min(result.at, result.end);
      }
      errors.push(result);
      from = start + 2;
    } else {
      macros.push(result);
      from = result.end;
    }
  }
  return { macros, errors };
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}
function isNameStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}
function isNameChar(code: number): boolean {
  return isNameStart(code) || (code >= 48 && code <= 57) || code === 45 || code === 58;
}
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Parse the macro whose `{{` is at `start`. Undefined when no macro name follows (plain text,
 * e.g. `{{{` or `{{ }}`), a syntax error when a name follows but the rest does not parse.
 */
export function parseMacroAt(text: string, start: number): Macro | MacroSyntaxError | undefined {
  let i = skipSpaces(text, start + 2);
  if (!isNameStart(text.charCodeAt(i))) return undefined;
  const nameStart = i;
  while (i < text.length && isNameChar(text.charCodeAt(i))) i++;
  const nameEnd = i;
  const name = text.slice(nameStart, nameEnd);
  const fail = (at: number, expected: string): MacroSyntaxError => {
    const end = malformedEnd(text, start, at);
    const found = at < text.length ? JSON.stringify(text[at]) : 'end of text';
    return { start, end, at, name, message: `expected ${expected}, found ${found}` };
  };
  i = skipSpaces(text, i);
  const args: MacroArg[] = [];
  let openParen = -1;
  let closeParen = -1;
  if (text.charCodeAt(i) === 40 /* ( */) {
    openParen = i;
    i = skipSpaces(text, i + 1);
    if (text.charCodeAt(i) !== 41 /* ) */) {
      for (;;) {
        const code = text.charCodeAt(i);
        // A skipped position (`("x", , 200)`) is an empty argument; a trailing comma is an error.
        const arg = code === 44 ? emptyArg(i) : parseArg(text, i);
        if (arg === undefined) return fail(i, 'an argument (a quoted string, a number, true or false)');
        if (typeof arg === 'number')
          return fail(arg, text[arg] === '\\' ? 'a valid escape (\\" \\\' \\` \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)' : 'the closing quote of the string');
        args.push(arg);
        i = skipSpaces(text, arg.end);
        const next = text.charCodeAt(i);
        if (next === 44 /* , */) {
          i = skipSpaces(text, i + 1);
          continue;
        }
        if (next === 41) break;
        return fail(i, "',' or ')'");
      }
    }
    closeParen = i;
    i = skipSpaces(text, i + 1);
  }
  if (text.charCodeAt(i) !== 125 || text.charCodeAt(i + 1) !== 125) {
    return fail(i, openParen === -1 ? "'(' or '}}'" : "'}}'");
  }
  return { name, nameStart, nameEnd, start, end: i + 2, args, openParen, closeParen };
}

function emptyArg(at: number): MacroArg {
  return { kind: 'empty', value: '', start: at, end: at, valueStart: at, valueEnd: at };
}

function skipSpaces(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** An argument at `i`; undefined when none starts there, a number (the failing offset) for an unclosed string. */
function parseArg(text: string, i: number): MacroArg | number | undefined {
  const code = text.charCodeAt(i);
  if (code === 34 || code === 39 || code === 96) {
    const quote = text[i] as '"' | "'" | '`';
    let value = '';
    let chunkStart = i + 1;
    let j = i + 1;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (c === code) {
        value += text.slice(chunkStart, j);
        return { kind: 'string', value, start: i, end: j + 1, quote, valueStart: i + 1, valueEnd: j };
      }
      // A raw newline ends the string (an error).
      if (c === 10) return j;
      if (c === 92 /* \ */ && j + 1 < text.length) {
        value += text.slice(chunkStart, j);
        const escaped = text[j + 1];
        if (escaped === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) {
          value += String.fromCharCode(parseInt(text.slice(j + 2, j + 6), 16));
          j += 6;
        } else if (escaped in ESCAPES) {
          value += ESCAPES[escaped];
          j += 2;
        } else {
          return j; // MDN's parser accepts JSON's escapes only
        }
        chunkStart = j;
        continue;
      }
      j++;
    }
    return j;
  }
  const numberMatch = (code === 45 || isDigit(code)) && /^-?(0|[1-9]\d*)(\.\d+)?(?![\w.])/.exec(text.slice(i, i + 64));
  if (numberMatch) {
    const end = i + numberMatch[0].length;
    return { kind: 'number', value: Number(numberMatch[0]), start: i, end, valueStart: i, valueEnd: end };
  }
  for (const word of ['true', 'false'] as const) {
    if (text.startsWith(word, i) && !isNameChar(text.charCodeAt(i + word.length))) {
      const end = i + word.length;
      return { kind: 'boolean', value: word === 'true', start: i, end, valueStart: i, valueEnd: end };
    }
  }
  return undefined;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '/': '/', '\\': '\\', '"': '"', "'": "'", '`': '`' };

/**
 * Where a malformed macro ends, for its diagnostic range: the first `}}` after the failure, if it
 * comes before the next `{{` and on the same line; otherwise the end of the failing line.
 */
function malformedEnd(text: string, start: number, at: number): number {
  // Everything is searched only up to the next `{{`, so a line of broken macros stays linear.
  const nextOpen = text.indexOf('{{', Math.max(at, start + 2));
  const limit = nextOpen === -1 ? text.length : nextOpen;
  let end = limit;
  for (let i = at; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      end = i;
      break;
    }
    if (c === 125 && text.charCodeAt(i + 1) === 125) return i + 2;
  }
  // Not the spaces before the next macro or the line end.
  while (end > at && (text[end - 1] === ' ' || text[end - 1] === '\t' || text[end - 1] === '\r')) end--;
  return Math.max(end, at, start + 2);
}

export type MacroQuote = '"' | "'" | '`';

/** Whether a character opens a macro's string argument. */
export function isMacroQuote(c: string | undefined): c is MacroQuote {
  return c === '"' || c === "'" || c === '`';
}

/** `value` as the text between `quote`s of a macro argument: `\` and the quote backslashed. */
export function escapeForQuote(value: string, quote: MacroQuote): string {
  return value
    .replace(/\\/g, '\\\\')
    .split(quote)
    .join('\\' + quote);
}

/** `value` as a double-quoted macro argument: `a "b"` → `"a \"b\""`. */
export function quotedArgument(value: string): string {
  return `"${escapeForQuote(value, '"')}"`;
}
