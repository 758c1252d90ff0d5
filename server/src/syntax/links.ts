/**
 * Markdown links that point into MDN: inline links and images `[text](/en-US/docs/…)`, reference
 * definitions `[label]: /en-US/docs/…`, and HTML `<a href="/…">`. Only targets starting with `/`
 * or `https://developer.mozilla.org/` are kept (external links are not checked). Links in code
 * spans, code blocks and HTML comments are text, not links. Pure and total.
 */
import { inRegions, Regions } from './regions';

export interface MarkdownLink {
  kind: 'inline' | 'reference' | 'html';
  /** The target as written, e.g. `/en-US/docs/Web/API#see_also`. */
  target: string;
  targetStart: number;
  targetEnd: number;
}

const MDN_ORIGIN = 'https://developer.mozilla.org/';

export function isCheckedTarget(target: string): boolean {
  return (target.startsWith('/') && !target.startsWith('//')) || target.startsWith(MDN_ORIGIN);
}

/** `https://developer.mozilla.org/en-US/docs/X` → `/en-US/docs/X`; other targets unchanged. */
export function stripMdnOrigin(target: string): string {
  return target.startsWith(MDN_ORIGIN) ? target.slice(MDN_ORIGIN.length - 1) : target;
}

/** `skip`: sorted regions (code and comments) where links are not links. */
export function scanLinks(text: string, skip: Regions): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  // Inline links and images: `](` then a destination.
  for (let i = text.indexOf('](', 0); i !== -1; i = text.indexOf('](', i + 2)) {
    if (inRegions(skip, i)) continue;
    const destination = parseDestination(text, i + 2);
    if (destination && isCheckedTarget(destination.target)) {
      links.push({ kind: 'inline', ...destination });
    }
  }
  // Reference definitions: `[label]: destination` at the start of a line. Lines are followed
  // forward (never searched backwards), and each line is tried once.
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
    const target = m[1];
    if (!isCheckedTarget(target)) continue;
    const targetStart = lineStart + m[0].length - target.length;
    links.push({ kind: 'reference', target, targetStart, targetEnd: targetStart + target.length });
  }
  // HTML anchors.
  const anchor = /<a\s[^>\n]{0,500}?\bhref\s*=\s*(["'])([^"'\n]*)\1/gi;
  for (let m = anchor.exec(text); m; m = anchor.exec(text)) {
    if (inRegions(skip, m.index)) continue;
    const target = m[2];
    if (!isCheckedTarget(target)) continue;
    const targetEnd = m.index + m[0].length - 1;
    links.push({ kind: 'html', target, targetStart: targetEnd - target.length, targetEnd });
  }
  return links.sort((a, b) => a.targetStart - b.targetStart);
}

/** The destination of an inline link whose `(` is just before `i`. */
/** Longer destinations are not MDN URLs; the bound keeps a line of `[a](` linear. */
const MAX_DESTINATION = 2048;

function parseDestination(text: string, i: number): { target: string; targetStart: number; targetEnd: number } | undefined {
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
