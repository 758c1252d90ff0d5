/**
 * The Markdown and HTML syntax the prose tokenizer (prose.ts) steps over: line starts (headings,
 * definition terms, block markers), link text and destinations, reference definitions, HTML tags
 * and the content of elements that are code or links, entities. Linear and bounded: every search
 * has a limit. Pure.
 */

/** HTML elements whose content is not prose: code, links, embedded languages, headings and terms. */
const OPAQUE_ELEMENTS = new Set(['a', 'code', 'pre', 'kbd', 'samp', 'var', 'script', 'style', 'svg', 'math', 'textarea', 'tt', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'dt']);

const MAX_TAG = 1000;
const MAX_DESTINATION = 2048;
const MAX_BRACKETS = 64;

export function isBlankLineAt(text: string, i: number): boolean {
  let j = i;
  while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9 || text.charCodeAt(j) === 13)) j++;
  return j >= text.length || text.charCodeAt(j) === 10;
}

function lineEnd(text: string, i: number): number {
  const end = text.indexOf('\n', i);
  return end === -1 ? text.length : end;
}

/**
 * At the start of a line: where prose starts. A heading or a definition-list term (`- term`
 * followed by a `- : definition` line) is skipped whole; block markers (`>`, `-`, `*`, `+`, `1.`)
 * are passed. Returns `i` when the line starts with prose.
 */
export function lineStartSyntax(text: string, i: number, nextSkip: number): number {
  let j = i;
  while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
  const code = text.charCodeAt(j);
  if (code === 35 /* # */ && j - i <= 3) {
    let k = j;
    while (k < text.length && text.charCodeAt(k) === 35) k++;
    const next = text.charCodeAt(k);
    if (k - j <= 6 && (k >= text.length || next === 32 || next === 9 || next === 10 || next === 13)) return lineEnd(text, k);
  }
  if ((code === 45 || code === 42) && text.charCodeAt(j + 1) === 32) {
    // `- term` whose next line is `  - : definition`: the term is a heading of its definition.
    const end = lineEnd(text, j);
    if (end < text.length && end < nextSkip) {
      let k = end + 1;
      while (k < text.length && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
      if (text.startsWith('- :', k) || text.startsWith('* :', k)) return end;
    }
  }
  // Block markers: blockquotes, list items (the prose after them starts a sentence).
  let k = j;
  for (;;) {
    const c = text.charCodeAt(k);
    if (c === 62 /* > */) k++;
    else if ((c === 45 || c === 42 || c === 43) && (text.charCodeAt(k + 1) === 32 || text.charCodeAt(k + 1) === 9)) k += 2;
    else if (c >= 48 && c <= 57) {
      let d = k;
      while (d < text.length && text.charCodeAt(d) >= 48 && text.charCodeAt(d) <= 57 && d - k < 9) d++;
      if ((text.charCodeAt(d) === 46 || text.charCodeAt(d) === 41) && text.charCodeAt(d + 1) === 32) k = d + 2;
      else break;
    } else break;
    while (k < text.length && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
  }
  return k === j ? i : k;
}

/**
 * Markdown and HTML syntax at `i` that hides text: returns where prose resumes, or `i` when
 * there is none. Closing a link drops the tokens of its text.
 */
export function markdownSyntax(text: string, i: number, code: number, out: { count: number }, brackets: Array<{ at: number; tokens: number }>): number {
  if (code === 91 /* [ */) {
    if (brackets.length < MAX_BRACKETS) brackets.push({ at: i, tokens: out.count });
    return i;
  }
  if (code === 93 /* ] */) {
    const open = brackets.pop();
    if (!open) return i;
    const next = text.charCodeAt(i + 1);
    if (next === 40 /* ( */) {
      out.count = open.tokens;
      return destinationEnd(text, i + 2);
    }
    if (next === 91 /* [ */) {
      const close = text.indexOf(']', i + 2);
      const end = lineEnd(text, i);
      out.count = open.tokens;
      return close !== -1 && close < end ? close + 1 : i + 1;
    }
    if (next === 58 /* : */ && isLineStart(text, open.at)) {
      // `[label]: destination`: a reference definition, nothing a reader sees.
      out.count = open.tokens;
      return lineEnd(text, i);
    }
    return i;
  }
  if (code === 60 /* < */) return tagEnd(text, i);
  if (code === 38 /* & */) {
    const entity = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/y;
    entity.lastIndex = i;
    return entity.test(text) ? entity.lastIndex : i;
  }
  return i;
}

function isLineStart(text: string, at: number): boolean {
  let j = at - 1;
  while (j >= 0 && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j--;
  return j < 0 || text.charCodeAt(j) === 10;
}

/** End of an inline link's `(destination "title")`, `i` just after the `(`. */
function destinationEnd(text: string, i: number): number {
  const limit = Math.min(text.length, i + MAX_DESTINATION);
  let depth = 0;
  for (let j = i; j < limit; j++) {
    const c = text.charCodeAt(j);
    if (c === 92) j++;
    else if (c === 10 && isBlankLineAt(text, j + 1)) return j;
    else if (c === 40) depth++;
    else if (c === 41) {
      if (depth === 0) return j + 1;
      depth--;
    }
  }
  return i;
}

/** The `>` that closes the tag at `i`: before any other `<`, a blank line, or MAX_TAG characters; -1 when none. */
function tagClose(text: string, i: number): number {
  // Most tags are short (`<td>`, `</code>`): a plain loop beats three native searches.
  const quick = Math.min(text.length, i + 64);
  let j = i + 1;
  for (; j < quick; j++) {
    const c = text.charCodeAt(j);
    if (c === 62) return j;
    if (c === 60 || c === 10) break;
  }
  if (j < quick && text.charCodeAt(j) === 60) return -1;
  const close = text.indexOf('>', i + 1);
  if (close === -1 || close - i > MAX_TAG) return -1;
  const otherOpen = text.indexOf('<', i + 1);
  if (otherOpen !== -1 && otherOpen < close) return -1;
  for (let newline = text.indexOf('\n', i + 1); newline !== -1 && newline < close; newline = text.indexOf('\n', newline + 1)) {
    if (isBlankLineAt(text, newline + 1)) return -1;
  }
  return close;
}

function isTagNameUnit(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 45;
}

const closers = new Map<string, RegExp>();

/** After an HTML tag at `i` (or an autolink), and after the content of a code or link element; `i` when not a tag. */
function tagEnd(text: string, i: number): number {
  const next = text.charCodeAt(i + 1);
  if (!((next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next === 47 || next === 33 || next === 63)) return i;
  const close = tagClose(text, i);
  if (close === -1) return i;
  if (next === 47 || text.charCodeAt(close - 1) === 47) return close + 1;
  let nameEnd = i + 1;
  while (nameEnd < close && isTagNameUnit(text.charCodeAt(nameEnd))) nameEnd++;
  if (nameEnd - i - 1 > 8) return close + 1;
  const name = text.slice(i + 1, nameEnd).toLowerCase();
  if (!OPAQUE_ELEMENTS.has(name)) return close + 1;
  let closer = closers.get(name);
  if (!closer) closers.set(name, (closer = new RegExp(`</${name}\\s*>`, 'gi')));
  closer.lastIndex = close + 1;
  const found = closer.exec(text);
  return found ? found.index + found[0].length : close + 1;
}
