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
  // Reference definitions: `[label]: destination` at the start of a line.
  const definition = /[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)/y;
  for (let i = text.indexOf(']:'); i !== -1; i = text.indexOf(']:', i + 2)) {
    const lineStart = text.lastIndexOf('\n', i) + 1;
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
function parseDestination(text: string, i: number): { target: string; targetStart: number; targetEnd: number } | undefined {
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] === '<') {
    const close = text.indexOf('>', i + 1);
    const newline = text.indexOf('\n', i + 1);
    if (close === -1 || (newline !== -1 && newline < close)) return undefined;
    return { target: text.slice(i + 1, close), targetStart: i + 1, targetEnd: close };
  }
  const start = i;
  let depth = 0;
  for (; i < text.length; i++) {
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
