/**
 * Links that point into MDN, as MDN's build finds them (it checks every `<a href>` of the rendered
 * page): Markdown inline links and images `[text](/en-US/docs/…)`, reference definitions
 * `[label]: /en-US/docs/…`, autolinks (`<https://developer.mozilla.org/…>` and bare ones), and raw
 * HTML `<a href="/…">`, in HTML blocks and inline HTML alike. Only targets starting with `/` or
 * `https://developer.mozilla.org/` are kept (external links are not checked).
 *
 * Markdown link syntax is text in code, in HTML blocks and in comments; an `<a href>` is text in
 * code and comments only. Pure, total and linear.
 */
import { inRegions, Regions } from './regions';

export interface MarkdownLink {
  kind: 'inline' | 'reference' | 'html' | 'autolink';
  /** The target as written, e.g. `/en-US/docs/Web/API#see_also`. */
  target: string;
  targetStart: number;
  targetEnd: number;
  /** Where MDN reports the link: the target, except for raw HTML (the whole `<a …>` opening tag). */
  start: number;
  end: number;
}

/** Where links are not links. */
export interface LinkSkips {
  /** For Markdown syntax (inline, reference, autolink): code, HTML blocks, comments, front matter. */
  markdown: Regions;
  /** For raw HTML `<a href>`: code, comments, front matter. */
  html: Regions;
}

export const MDN_ORIGIN = 'https://developer.mozilla.org/';

export function isCheckedTarget(target: string): boolean {
  return (target.startsWith('/') && !target.startsWith('//')) || target.startsWith(MDN_ORIGIN);
}

/** `https://developer.mozilla.org/en-US/docs/X` → `/en-US/docs/X`; other targets unchanged. */
export function stripMdnOrigin(target: string): string {
  return target.startsWith(MDN_ORIGIN) ? target.slice(MDN_ORIGIN.length - 1) : target;
}

/** `skip`: sorted regions where links are not links (one list for both kinds, or one each). */
export function scanLinks(text: string, skip: Regions | LinkSkips): MarkdownLink[] {
  const skips: LinkSkips = Array.isArray(skip) ? { markdown: skip, html: skip } : skip;
  const links: MarkdownLink[] = [];
  const add = (kind: MarkdownLink['kind'], target: string, targetStart: number, start = targetStart, end = targetStart + target.length) => {
    if (isCheckedTarget(target)) links.push({ kind, target, targetStart, targetEnd: targetStart + target.length, start, end });
  };
  // Inline links and images: `](` then a destination.
  for (let i = text.indexOf('](', 0); i !== -1; i = text.indexOf('](', i + 2)) {
    if (inRegions(skips.markdown, i)) continue;
    const destination = parseDestination(text, i + 2);
    if (destination) add('inline', destination.target, destination.targetStart);
  }
  scanReferenceDefinitions(text, skips.markdown, add);
  scanAutolinks(text, skips.markdown, links, add);
  scanAnchors(text, skips.html, add);
  return links.sort((a, b) => a.targetStart - b.targetStart);
}

type Add = (kind: MarkdownLink['kind'], target: string, targetStart: number, start?: number, end?: number) => void;

/**
 * Reference definitions: `[label]: destination` at the start of a line. Lines are followed forward
 * (never searched backwards), and each line is tried once.
 */
function scanReferenceDefinitions(text: string, skip: Regions, add: Add): void {
  const definition = /[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)/y;
  let lineStart = 0;
  let nextNewline = text.indexOf('\n');
  let triedLine = -1;
  for (let i = text.indexOf(']:'); i !== -1; i = text.indexOf(']:', i + 2)) {
    while (nextNewline !== -1 && nextNewline < i) {
      lineStart = nextNewline + 1;
      nextNewline = text.indexOf('\n', lineStart);
    }
    if (triedLine === lineStart) continue;
    triedLine = lineStart;
    definition.lastIndex = lineStart;
    const m = definition.exec(text);
    if (!m || inRegions(skip, lineStart)) continue;
    add('reference', m[1], lineStart + m[0].length - m[1].length);
  }
}

/**
 * Autolinks to MDN: `<https://developer.mozilla.org/…>`, and bare URLs (GFM's extended autolinks,
 * which MDN's build turns on): after a line start, a space or `*_~(` (but not `](`: an inline link's
 * destination, found already), up to a space or `<`, without trailing punctuation or an unbalanced
 * `)`; never inside a link's or an image's text (no link in a link).
 */
function scanAutolinks(text: string, skip: Regions, found: MarkdownLink[], add: Add): void {
  const taken = new Set(found.map((link) => link.targetStart));
  const inBracketText = bracketTexts(text);
  for (let i = text.indexOf(MDN_ORIGIN); i !== -1; i = text.indexOf(MDN_ORIGIN, i + MDN_ORIGIN.length)) {
    if (taken.has(i) || inRegions(skip, i)) continue;
    const before = i > 0 ? text[i - 1] : '\n';
    if (before === '<') {
      // `<…>`: no spaces or `<` inside (CommonMark); `](<…>)` is an inline link, already found.
      let end = i;
      while (end < text.length && end - i < MAX_DESTINATION && !/[\s<>]/.test(text[end])) end++;
      if (text[end] === '>' && !(i >= 3 && text.slice(i - 3, i - 1) === '](')) add('autolink', text.slice(i, end), i);
      continue;
    }
    if (!/[\s*_~(]/.test(before) || (before === '(' && text[i - 2] === ']')) continue;
    let end = i;
    while (end < text.length && end - i < MAX_DESTINATION && !/[\s<]/.test(text[end])) end++;
    end = trimAutolinkEnd(text, i, end);
    // In a link's or an image's text (`[… https://… …](…)`) a URL is text: no link in a link.
    if (inBracketText(i, end)) continue;
    add('autolink', text.slice(i, end), i);
  }
}

/**
 * Whether ranges sit in a link's or an image's text: between a `[` and a `](` (with no bracket in
 * between). Asked with increasing offsets; each bracket position is looked up once (linear).
 */
function bracketTexts(text: string): (start: number, end: number) => boolean {
  let lastOpen = -1;
  let lastClose = -1;
  let scanned = 0;
  let nextOpen = -2;
  let nextClose = -2;
  return (start, end) => {
    for (; scanned < start; scanned++) {
      const c = text.charCodeAt(scanned);
      if (c === 91) lastOpen = scanned;
      else if (c === 93) lastClose = scanned;
    }
    if (lastOpen === -1 || lastOpen < lastClose) return false;
    // `[see https://…/X](/y)`: the link's text ends inside what looks like the URL.
    if (text.slice(start, end).includes('](')) return true;
    if (nextClose !== -1 && nextClose < end) nextClose = text.indexOf(']', end);
    if (nextOpen !== -1 && nextOpen < end) nextOpen = text.indexOf('[', end);
    return nextClose !== -1 && text[nextClose + 1] === '(' && (nextOpen === -1 || nextOpen > nextClose);
  };
}

/** GFM: trailing `?!.,:*_~` are not part of a bare URL, nor an unbalanced `)`, nor an entity-like `&x;`. */
function trimAutolinkEnd(text: string, start: number, end: number): number {
  let open = 0;
  let close = 0;
  for (let k = start; k < end; k++) {
    if (text[k] === '(') open++;
    else if (text[k] === ')') close++;
  }
  const floor = start + MDN_ORIGIN.length;
  while (end > floor) {
    const last = text[end - 1];
    if ('?!.,:*_~\'"'.includes(last)) end--;
    else if (last === ')' && close > open) {
      end--;
      close--;
    } else if (last === ';') {
      let k = end - 2;
      while (k > floor && /[A-Za-z0-9]/.test(text[k])) k--;
      if (text[k] === '&' && k < end - 2) end = k;
      else break;
    } else break;
  }
  return end;
}

/**
 * Raw HTML `<a …>` opening tags (`<a` then a space or `>`, as MDN's build finds them), with their
 * `href` attribute in any position, quoted or not. Reported at the whole opening tag.
 */
function scanAnchors(text: string, skip: Regions, add: Add): void {
  // Each attempt reads at most MAX_TAG characters; all attempts together at most a few times the
  // text (a text made of unclosed tags gives up rather than turn quadratic).
  const budget = { steps: 8 * text.length + MAX_TAG };
  for (let i = text.indexOf('<'); i !== -1 && budget.steps > 0; i = text.indexOf('<', i + 1)) {
    const name = text.charCodeAt(i + 1);
    if ((name !== 97 && name !== 65) || !(isSpace(text.charCodeAt(i + 2)) || text[i + 2] === '>') || inRegions(skip, i)) continue;
    const tag = parseOpeningTag(text, i + 2, budget);
    if (!tag) continue;
    if (tag.href) add('html', text.slice(tag.href.start, tag.href.end), tag.href.start, i, tag.end);
    i = tag.end - 1;
  }
}

/** Longest opening tag looked at: an `<a` without a `>` within it is text. */
const MAX_TAG = 4096;

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12;
}

/** Ends an attribute name or an unquoted value. */
function endsName(code: number): boolean {
  return isSpace(code) || code === 34 || code === 39 || code === 62 || code === 47 || code === 61 || code === 60;
}

/** An unquoted attribute value has no spaces, quotes, `<`, `>` or backticks (an `=` is kept, as HTML reads it). */
function endsUnquotedValue(code: number): boolean {
  return code <= 32 || code === 34 || code === 39 || code === 60 || code === 62 || code === 96;
}

/**
 * The attributes of an opening tag from just after its name, up to its `>`; undefined when it does
 * not close, or when an unquoted `<` shows it is not a tag (CommonMark's raw HTML allows none).
 */
function parseOpeningTag(text: string, from: number, budget: { steps: number }): { end: number; href?: { start: number; end: number } } | undefined {
  const limit = Math.min(text.length, from + MAX_TAG);
  let href: { start: number; end: number } | undefined;
  let j = from;
  try {
    for (;;) {
      while (j < limit && isSpace(text.charCodeAt(j))) j++;
      if (j >= limit || text[j] === '<') return undefined;
      if (text[j] === '>') return { end: j + 1, href };
      if (text[j] === '/' && text[j + 1] === '>') return { end: j + 2, href };
      const nameStart = j;
      while (j < limit && !endsName(text.charCodeAt(j))) j++;
      if (j === nameStart) {
        // A stray `/`, quote or `=`: skip it.
        j++;
        continue;
      }
      const attribute = text.slice(nameStart, j).toLowerCase();
      let k = j;
      while (k < limit && isSpace(text.charCodeAt(k))) k++;
      if (text[k] !== '=') continue;
      k++;
      while (k < limit && isSpace(text.charCodeAt(k))) k++;
      let value: { start: number; end: number };
      const quote = text[k];
      if (quote === '"' || quote === "'") {
        let close = k + 1;
        while (close < limit && text[close] !== quote) close++;
        j = close + 1;
        if (close >= limit) return undefined;
        value = { start: k + 1, end: close };
      } else {
        let end = k;
        while (end < limit && !endsUnquotedValue(text.charCodeAt(end))) end++;
        value = { start: k, end };
        j = end;
      }
      if (attribute === 'href' && !href) href = value;
    }
  } finally {
    budget.steps -= j - from + 1;
  }
}

/** Longer destinations are not MDN URLs; the bound keeps a line of `[a](` linear. */
const MAX_DESTINATION = 2048;

/** The destination of an inline link whose `(` is just before `i`. */
export function parseDestination(text: string, i: number): { target: string; targetStart: number; targetEnd: number } | undefined {
  while (text[i] === ' ' || text[i] === '\t') i++;
  // Only `/…`, `<…>` and `https://…` can be targets we check.
  if (text[i] !== '/' && text[i] !== '<' && text[i] !== 'h') return undefined;
  if (text[i] === '<') {
    const close = text.slice(i + 1, i + 1 + MAX_DESTINATION).search(/[>\n]/);
    if (close === -1 || text[i + 1 + close] !== '>') return undefined;
    return { target: text.slice(i + 1, i + 1 + close), targetStart: i + 1, targetEnd: i + 1 + close };
  }
  const start = i;
  const limit = Math.min(text.length, i + MAX_DESTINATION);
  let depth = 0;
  for (; i < limit; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') break;
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) break;
      depth--;
    }
  }
  if (i === start) return undefined;
  return { target: text.slice(start, i), targetStart: start, targetEnd: i };
}
