/**
 * A page's summary: its first paragraph, rendered for an editor (macros shown as the text they
 * produce, links kept as links and made absolute, raw HTML escaped), at most
 * {@link SUMMARY_LIMIT} characters with "…" at the cut. Linear: lines are scanned once and the
 * paragraph goes through markdown-it's inline tokenizer (no backtracking pattern). Pure; the index
 * caches it per page.
 */
import { frontMatterEnd } from '../syntax/document';
import { scanMacros, Macro, macroKey } from '../syntax/macros';
import { codeSpan, escapeMarkdownText } from '../syntax/markdownText';
import { markdown } from '../syntax/markdown';
import { MDN_ORIGIN } from '../syntax/links';
import { LinkRendering, linkRendering, readableText } from '../syntax/macroTable';

export const NO_SUMMARY = 'No summary found.';

/** Most characters of text a summary shows (a hover is a glance, not the page). */
export const SUMMARY_LIMIT = 600;
/** Most characters of Markdown looked at: enough for any summary, whatever the markup costs. */
const SOURCE_LIMIT = 8 * SUMMARY_LIMIT;

const macroOnlyLine = /^\s*(\{\{[^{}]*\}\}\s*)+$/;
const headingLine = /^\s{0,3}#{1,6}(\s|$)/;
const fenceStart = /^\s*(```|~~~)/;

/**
 * The first paragraph of a page, as Markdown lines joined with spaces; undefined when none. At
 * most about {@link SOURCE_LIMIT} characters: a longer one is cut, and ends with "…".
 */
export function firstParagraph(text: string): string | undefined {
  // HTML comments are notes for authors, never part of the summary (newlines kept for structure).
  const body = text.slice(frontMatterEnd(text)).replace(/<!--[\s\S]*?(-->|$)/g, (comment) => comment.replace(/[^\n]/g, ''));
  const paragraph: string[] = [];
  let length = 0;
  let inFence = false;
  for (let start = 0; start <= body.length;) {
    let end = body.indexOf('\n', start);
    if (end === -1) end = body.length;
    // A line longer than what is kept is only looked at up to there.
    const line = body.slice(start, Math.min(end, start + SOURCE_LIMIT + 1)).replace(/\r$/, '');
    start = end + 1;
    const isFence = fenceStart.test(line);
    const blank = line.trim() === '';
    if (paragraph.length === 0) {
      if (isFence) inFence = !inFence;
      if (inFence || isFence || blank || macroOnlyLine.test(line) || headingLine.test(line)) continue;
    } else if (blank || isFence || macroOnlyLine.test(line) || headingLine.test(line)) break;
    paragraph.push(line.trim());
    length += line.length + 1;
    if (length > SOURCE_LIMIT) return paragraph.join(' ').slice(0, SOURCE_LIMIT) + '…';
  }
  return paragraph.length ? paragraph.join(' ') : undefined;
}

/**
 * What a macro shows as text: a link macro's display text, or its default text (the macro table's
 * rendering) as code; other macros nothing.
 */
export function macroDisplayText(macro: Macro, glossaryNames: ReadonlySet<string> = GLOSSARY_NAMES): string {
  const strings = macro.args.map((arg) => (arg.kind === 'string' ? (arg.value as string) : String(arg.value)));
  const key = macroKey(macro.name);
  if (glossaryNames.has(key)) return strings[1] || strings[0] || '';
  const rendering = LEGACY_SHOWN_AS_CODE.has(key) ? LEGACY_RENDERING : linkRendering(macro.name);
  if (!rendering || !strings[0]) return '';
  const shownDisplay = rendering.display !== undefined ? strings[rendering.display] : undefined;
  if (shownDisplay) return shownDisplay;
  return codeSpan(readableText(rendering.defaultText(strings[0])));
}

const GLOSSARY_NAMES = new Set(['glossary']);
/** Macros MDN's build no longer knows that older pages still use: they showed their argument as code. */
const LEGACY_SHOWN_AS_CODE = new Set(['htmlattrxref', 'event']);
const LEGACY_RENDERING: LinkRendering = { target: 0, display: 1, defaultText: (target) => target, code: true, codeWithDisplay: true };

/**
 * Render one paragraph of Markdown for a hover: macros as text, site links absolute, HTML escaped,
 * whitespace collapsed; at most `limit` characters of text, cut at a word with "…" (a link or
 * emphasis cut short is closed).
 */
export function renderParagraph(paragraph: string, limit = SUMMARY_LIMIT): string {
  let truncated = paragraph.endsWith('…');
  let expanded = '';
  let from = 0;
  for (const macro of scanMacros(paragraph).macros) {
    expanded += paragraph.slice(from, macro.start) + macroDisplayText(macro);
    from = macro.end;
  }
  expanded += paragraph.slice(from);
  const tokens = markdown.parseInline(expanded, {})[0]?.children ?? [];
  let out = '';
  let shown = 0;
  /** What closes the links and emphasis open at the cut. */
  const closers: string[] = [];
  const room = () => limit - shown;
  for (const token of tokens) {
    if (room() <= 0) {
      truncated = true;
      break;
    }
    switch (token.type) {
      case 'text':
      case 'html_inline': {
        const text = token.content.replace(/\s+/g, ' ');
        if (text.length > room()) {
          out += escapeMarkdownText(cutAtWord(text, room()));
          shown = limit;
          truncated = true;
        } else {
          out += escapeMarkdownText(text);
          shown += text.length;
        }
        break;
      }
      case 'code_inline': {
        const code = token.content.length > room() ? cutAtWord(token.content, room()) + '…' : token.content;
        out += codeSpan(code);
        shown += code.length;
        break;
      }
      case 'softbreak':
      case 'hardbreak':
        out += ' ';
        shown++;
        break;
      case 'link_open': {
        const href = absoluteHref(token.attrGet('href') ?? '');
        out += '[';
        closers.push(`](${href})`);
        break;
      }
      case 'strong_open':
      case 'em_open':
      case 's_open':
        out += token.markup;
        closers.push(token.markup);
        break;
      case 'link_close':
      case 'strong_close':
      case 'em_close':
      case 's_close':
        out += closers.pop() ?? '';
        break;
      case 'image': {
        const alt = token.content.replace(/\s+/g, ' ');
        out += escapeMarkdownText(alt.slice(0, Math.max(0, room())));
        shown += alt.length;
        break;
      }
      default:
        break;
    }
  }
  while (closers.length) out += closers.pop();
  out = out.replace(/ {2,}/g, ' ').trim();
  return truncated && out !== '' ? `${out.replace(/[\s…]+$/, '')}…` : out;
}

/** A text cut to at most `room` characters, at the last space when there is one not too far back. */
function cutAtWord(text: string, room: number): string {
  const cut = text.slice(0, Math.max(0, room));
  const space = cut.lastIndexOf(' ');
  return space > room * 0.6 ? cut.slice(0, space) : cut;
}

/** Site links (`/en-US/docs/…`) open on developer.mozilla.org; markdown-it has already refused unsafe schemes. */
function absoluteHref(href: string): string {
  const absolute = href.startsWith('/') && !href.startsWith('//') ? MDN_ORIGIN.slice(0, -1) + href : href;
  return absolute.replace(/[()\s]/g, (c) => encodeURIComponent(c));
}

/** The rendered summary of a page's text, or {@link NO_SUMMARY}. */
export function pageSummary(text: string): string {
  const paragraph = firstParagraph(text);
  const rendered = paragraph === undefined ? '' : renderParagraph(paragraph);
  return rendered === '' ? NO_SUMMARY : rendered;
}
