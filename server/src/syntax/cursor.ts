/**
 * What the cursor is in: for completion, a half-typed macro name, a macro argument (quoted or not,
 * closed or not), or a `/docs/` link target; for signature help, the macro call whose parentheses
 * hold it. Works on incomplete text; pure.
 */

export type CursorContext =
  | {
      kind: 'macro-name';
      /** The partial name typed so far: [start, end) where end is the cursor, `nameEnd` the end of the whole name token. */
      start: number;
      nameEnd: number;
      /** Whether `}}` already follows (an editor's auto-closed braces). */
      closed: boolean;
    }
  | {
      kind: 'macro-arg';
      macroName: string;
      /** 0-based argument index. */
      argIndex: number;
      /** Text of the argument token that the completion replaces: [start, end), quotes excluded. */
      start: number;
      end: number;
      /** The quote the argument opened with, or undefined when none was typed. */
      quote?: string;
      /** Whether the closing quote is present after `end`. */
      closedQuote: boolean;
      /**
       * What a completion must add after the argument so the macro is whole, and up to where it
       * replaces: `{{G("x` → add `")}}`; `{{G("x)` → replace the `)` with `")}}`; `{{G("x")}}` →
       * nothing. Never duplicates a quote, parenthesis or brace already there.
       */
      closing: { end: number; text: string };
      /** The first argument's value, when completing a later one. */
      firstArg?: string;
    }
  | {
      kind: 'link-target';
      /** The target typed so far, from `/` to the cursor; [start, end) to replace (end = end of the target token). */
      typed: string;
      start: number;
      end: number;
    };

/**
 * How far back the `{{` of a macro is looked for. A macro may span lines (`{{Glossary(\n  "term")}}`
 * parses, and signature help works there), as far as signature help looks back; links do not.
 */
const MAX_LOOKBACK = 2000;

export function cursorContext(text: string, offset: number): CursorContext | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineFrom = Math.max(lineStart, offset - MAX_LOOKBACK);
  return macroContext(text, offset) ?? linkContext(text, offset, lineFrom, text.slice(lineFrom, offset));
}

function macroContext(text: string, offset: number): CursorContext | undefined {
  const from = Math.max(0, offset - MAX_LOOKBACK);
  const before = text.slice(from, offset);
  const open = before.lastIndexOf('{{');
  if (open === -1) return undefined;
  if (open > 0 ? before[open - 1] === '\\' : text[from - 1] === '\\') return undefined;
  const inside = before.slice(open + 2);
  if (inside.includes('}}')) return undefined;
  const openAt = from + open;
  // The name itself is on the line of the `{{` (what a name completion replaces stays on one line).
  const nameMatch = /^[ \t]*([A-Za-z_][\w\-:]*)?$/.exec(inside);
  if (nameMatch) {
    const start = offset - (nameMatch[1]?.length ?? 0);
    let nameEnd = offset;
    while (nameEnd < text.length && /[\w\-:]/.test(text[nameEnd])) nameEnd++;
    return { kind: 'macro-name', start, nameEnd, closed: /^\s*(\([^\n]*\))?\s*\}\}/.test(text.slice(nameEnd, nameEnd + 200)) };
  }
  const callMatch = /^\s*([A-Za-z_][\w\-:]*)\s*\(/.exec(inside);
  if (!callMatch) return undefined;
  // Walk the arguments typed so far, to find which one the cursor is in.
  let i = openAt + 2 + callMatch[0].length;
  let argIndex = 0;
  let firstArg: string | undefined;
  for (;;) {
    // Between arguments, whitespace may include line breaks; a string never does.
    while (i < offset && /\s/.test(text[i])) i++;
    const quote = text[i];
    if (i < offset && (quote === '"' || quote === "'" || quote === '`')) {
      const close = findClosingQuote(text, i + 1, quote);
      if (close === -1 || close >= offset) {
        // A string never spans lines: one left open on an earlier line makes the macro broken.
        if (text.lastIndexOf('\n', offset - 1) > i) return undefined;
        // The cursor is inside this string.
        const end = close === -1 ? tokenEnd(text, offset) : close;
        return argContext(text, callMatch[1], argIndex, i + 1, end, quote, close !== -1, firstArg);
      }
      if (argIndex === 0) firstArg = unescape(text.slice(i + 1, close));
      i = close + 1;
    } else {
      // An unquoted token (a number, or a term typed without quotes yet).
      const start = i;
      while (i < offset && !/[,)\s]/.test(text[i])) i++;
      if (i >= offset) return argContext(text, callMatch[1], argIndex, start, tokenEnd(text, offset), undefined, false, firstArg);
      if (argIndex === 0) firstArg = text.slice(start, i);
    }
    while (i < offset && /\s/.test(text[i])) i++;
    if (i >= offset) return undefined; // after an argument, before its comma
    if (text[i] === ',') {
      argIndex++;
      i++;
      continue;
    }
    return undefined; // `)` or something else before the cursor
  }
}

function argContext(
  text: string,
  macroName: string,
  argIndex: number,
  start: number,
  end: number,
  quote: string | undefined,
  closedQuote: boolean,
  firstArg: string | undefined,
): CursorContext {
  return { kind: 'macro-arg', macroName, argIndex, start, end, quote, closedQuote, closing: closingAfter(text, end, quote, closedQuote), firstArg };
}

/** See `closing` in {@link CursorContext}. */
function closingAfter(text: string, end: number, quote: string | undefined, closedQuote: boolean): { end: number; text: string } {
  const quoteText = quote && !closedQuote ? quote : '';
  const afterStart = closedQuote ? end + 1 : end;
  const lineEnd = text.indexOf('\n', afterStart);
  const after = text.slice(afterStart, lineEnd === -1 ? text.length : lineEnd);
  // More arguments follow, or the macro is already whole: add only a missing quote.
  if (/^\s*,/.test(after) || /^\s*\)\s*\}\}/.test(after)) return { end, text: quoteText };
  // `}}` without `)`: add the parenthesis before it.
  if (/^\s*\}\}/.test(after)) return { end, text: quoteText + ')' };
  // A partial closing (`)`, `)}`, `}`): replace it with the whole one.
  const partial = /^\s*\)\s*\}|^\s*\)|^\s*\}/.exec(after)?.[0] ?? '';
  if (partial !== '') return { end: afterStart + partial.length, text: (closedQuote ? (quote ?? '') : quoteText) + ')}}' };
  return { end, text: quoteText + ')}}' };
}

/** End of the term under the cursor when its string is not closed: up to a quote, `)`, `}` or line end. */
function tokenEnd(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && !/["'`)}\n,]/.test(text[end])) end++;
  return end;
}

function findClosingQuote(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === quote) return i;
    if (c === '\n') return -1;
  }
  return -1;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

function linkContext(text: string, offset: number, from: number, before: string): CursorContext | undefined {
  const match = /\]\(\s*<?(\/[^\s()<>]*)$/.exec(before) ?? /^[ \t]{0,3}\[[^\]]+\]:[ \t]*<?(\/[^\s<>]*)$/.exec(before) ?? /<a\s[^>]*href\s*=\s*["'](\/[^"'\s]*)$/.exec(before);
  if (!match) return undefined;
  const typed = match[1];
  const start = offset - typed.length;
  let end = offset;
  while (end < text.length && !/[\s)>"'#]/.test(text[end])) end++;
  return { kind: 'link-target', typed, start, end };
}

/** The macro call whose argument list holds an offset. */
export interface MacroCall {
  name: string;
  /** Offset of the `{{`. */
  start: number;
  openParen: number;
  /** 0-based index of the argument the offset is in (commas before it, outside strings). */
  argIndex: number;
}

/**
 * The macro call whose parentheses hold `offset`, or undefined: outside a macro, before its `(`,
 * after its `)`, or in an escaped macro (`\{{`). Pure; never throws.
 */
export function macroCallAt(text: string, offset: number): MacroCall | undefined {
  if (offset < 3 || offset > text.length) return undefined;
  const start = text.lastIndexOf('{{', offset - 2);
  if (start === -1 || offset - start > MAX_LOOKBACK) return undefined;
  if (start > 0 && text[start - 1] === '\\') return undefined;
  const head = /^\s*([A-Za-z_][\w\-:]*)\s*\(/.exec(text.slice(start + 2, Math.min(offset, start + 202)));
  if (!head) return undefined;
  const name = head[1];
  const openParen = start + 2 + head[0].length - 1;
  let argIndex = 0;
  let quote: string | undefined;
  for (let i = openParen + 1; i < offset; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      else if (c === '\n') return undefined; // a string never spans lines: this macro is broken
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === ',') argIndex++;
    else if (c === ')' || (c === '}' && text[i + 1] === '}')) return undefined;
  }
  return { name, start, openParen, argIndex };
}
