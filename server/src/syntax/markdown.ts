/**
 * The Markdown parser MDN's build agrees with: CommonMark with GFM tables and raw HTML, as rari's
 * comrak reads a page (markdown-it, a CommonMark-conformant parser). Only its block rules run for
 * checks: they say where code blocks and HTML blocks (types 1–7) are, which is where Markdown link
 * syntax is text. Pure; offsets are those of the page text.
 */
import MarkdownIt from 'markdown-it';
import type { Regions } from './regions';

/** Shared by the block scan (checks) and the summary renderer (hovers). */
export const markdown = new MarkdownIt('default', { html: true, linkify: false, typographer: false });

export interface MarkdownBlocks {
  /** Fenced and indented code blocks: whole lines. */
  code: Regions;
  /** HTML blocks: whole lines; raw HTML (an `<a href>` in it is a link, `[x](/y)` is text). */
  html: Regions;
  /** Inline content (paragraphs, headings, table rows): whole lines; where code spans can be. */
  inline: Regions;
}

/**
 * The code and HTML blocks of a page's body (from `bodyStart`). Macros are expanded before
 * Markdown is parsed, into text of the same length (rari's placeholders), so each is read here as
 * plain letters: a macro never opens a code span, a link or an HTML block.
 */
export function markdownBlocks(text: string, bodyStart: number, macros: ReadonlyArray<{ start: number; end: number }>): MarkdownBlocks {
  const source = blockSource(text, bodyStart, macros);
  const code: Regions = [];
  const html: Regions = [];
  const inline: Regions = [];
  if (source === '') return { code, html, inline };
  // What markdown.block.parse does, keeping the state: its line starts are the offsets wanted.
  const tokens: ReturnType<typeof markdown.parse> = [];
  const state = new markdown.block.State(source, markdown, {}, tokens);
  markdown.block.tokenize(state, state.line, state.lineMax);
  const lineStarts = state.bMarks;
  for (const token of tokens) {
    const list = token.type === 'html_block' ? html : token.type === 'fence' || token.type === 'code_block' ? code : token.type === 'inline' ? inline : undefined;
    if (!list || !token.map) continue;
    const [first, last] = token.map;
    const start = bodyStart + lineStarts[first];
    const end = bodyStart + (last < lineStarts.length ? lineStarts[last] : source.length);
    if (end > start) list.push([start, end]);
  }
  // Nested blocks (in lists, block quotes) come in document order too; keep the lists sorted and disjoint.
  return { code: sortedDisjoint(code), html: sortedDisjoint(html), inline: sortedDisjoint(inline) };
}

/**
 * The body as the block parser reads it, the same length as the text: macros as letters, `\r\n`
 * as ` \n` and a lone `\r` as `\n` (markdown-it's own normalization would change offsets), NUL as
 * U+FFFD (as CommonMark says).
 */
function blockSource(text: string, bodyStart: number, macros: ReadonlyArray<{ start: number; end: number }>): string {
  let source = '';
  let from = bodyStart;
  for (const macro of macros) {
    if (macro.end <= from) continue;
    // A macro starts with `{{`, which starts no block: only what is inside it can matter (a line
    // break, or what ends an HTML block or splits a table row). Most macros hold none of it.
    if (!BLOCK_SIGNIFICANT.test(text.slice(macro.start, macro.end))) continue;
    const start = Math.max(macro.start, from);
    source += text.slice(from, start) + 'x'.repeat(macro.end - start);
    from = macro.end;
  }
  source += text.slice(from);
  return source.includes('\r') || source.includes('\0') ? source.replace(/\r\n?|\0/g, (match) => (match === '\0' ? '\uFFFD' : match === '\r\n' ? ' \n' : '\n')) : source;
}

const BLOCK_SIGNIFICANT = /[\n\r<>|]/;

function sortedDisjoint(regions: Regions): Regions {
  regions.sort((a, b) => a[0] - b[0]);
  const out: Regions = [];
  for (const region of regions) {
    const last = out[out.length - 1];
    if (last && region[0] < last[1]) last[1] = Math.max(last[1], region[1]);
    else out.push([region[0], region[1]]);
  }
  return out;
}
