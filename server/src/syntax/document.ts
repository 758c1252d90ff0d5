/**
 * One pass over a page's text: front matter extent, macros, links, and the regions that hide them.
 * Everything downstream (resolution, features, the index) starts from a {@link ScannedDocument}.
 */
import { LineIndex } from './positions';
import { Macro, MacroSyntaxError, scanMacros } from './macros';
import { MarkdownLink, scanLinks } from './links';
import { codeSpansIn, htmlComments, mergeRegions, Regions } from './regions';
import { markdownBlocks } from './markdown';

export interface ScannedDocument {
  text: string;
  readonly lines: LineIndex;
  /** Offset just after the front matter's closing `---` line (0 when there is none). */
  bodyStart: number;
  macros: Macro[];
  macroErrors: MacroSyntaxError[];
  links: MarkdownLink[];
  /** Code blocks and spans of the body, and HTML comments: where links are text. */
  code: Regions;
  comments: Regions;
  /** HTML blocks (CommonMark types 1–7): Markdown link syntax in them is text, `<a href>` is a link. */
  html: Regions;
}

/** The end of a leading `---` front matter block, or 0. Accepts `\r\n` and a leading BOM (as MDN's build reads the file). */
export function frontMatterEnd(text: string): number {
  const start = frontMatterStart(text);
  if (!text.startsWith('---', start)) return 0;
  const firstLineEnd = text.indexOf('\n');
  if (firstLineEnd === -1 || text.slice(start + 3, firstLineEnd).trim() !== '') return 0;
  const close = /^---[ \t]*\r?$/gm;
  close.lastIndex = firstLineEnd + 1;
  const match = close.exec(text);
  if (!match) return 0;
  const lineEnd = text.indexOf('\n', match.index);
  return lineEnd === -1 ? text.length : lineEnd + 1;
}

/** Where the front matter's opening `---` would be: after a byte order mark, if there is one. */
export function frontMatterStart(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

/** A scan that finds nothing: for text that is not checked (binary, over the size limit). */
export function emptyScan(text: string): ScannedDocument {
  let lines: LineIndex | undefined;
  return {
    text,
    get lines() {
      return (lines ??= new LineIndex(text));
    },
    bodyStart: 0,
    macros: [],
    macroErrors: [],
    links: [],
    code: [],
    comments: [],
    html: [],
  };
}

export function scanDocument(text: string): ScannedDocument {
  const bodyStart = frontMatterEnd(text);
  const comments = htmlComments(text);
  const { macros, errors } = scanMacros(text, comments);
  const blocks = markdownBlocks(text, bodyStart, macros);
  // Code spans are inline: only in paragraphs, headings and tables (backticks elsewhere are text).
  const code = mergeRegions(blocks.code, codeSpansIn(text, blocks.inline));
  const frontMatter: Regions = bodyStart > 0 ? [[0, bodyStart]] : [];
  const links = scanLinks(text, {
    markdown: mergeRegions(code, blocks.html, comments, frontMatter),
    html: mergeRegions(code, comments, frontMatter),
  });
  // Macros in front matter are not expanded (the front matter is not part of the page body).
  const inBody = <T extends { start: number }>(item: T) => item.start >= bodyStart;
  let lines: LineIndex | undefined;
  return {
    text,
    // Built on first use: most pages scanned while indexing never need positions.
    get lines() {
      return (lines ??= new LineIndex(text));
    },
    bodyStart,
    macros: macros.filter(inBody),
    macroErrors: errors.filter(inBody),
    links,
    code,
    comments,
    html: blocks.html,
  };
}
