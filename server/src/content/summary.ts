/**
 * A page's summary: its first paragraph, rendered for an editor (macros shown as the text they
 * produce, links kept as links, raw HTML escaped). Pure; the index caches it per page.
 */
import { frontMatterEnd } from '../syntax/document';
import { scanMacros, Macro, macroKey } from '../syntax/macros';
import { codeSpans, inRegions } from '../syntax/regions';
import { stripMdnOrigin } from '../syntax/links';
import { LINK_MACROS } from './references';

export const NO_SUMMARY = 'No summary found.';

const macroOnlyLine = /^\s*(\{\{[^{}]*\}\}\s*)+$/;
const headingLine = /^\s{0,3}#{1,6}(\s|$)/;

/** The first paragraph of a page, as Markdown lines joined with spaces; undefined when none. */
export function firstParagraph(text: string): string | undefined {
  // HTML comments are notes for authors, never part of the summary (newlines kept for structure).
  const body = text.slice(frontMatterEnd(text)).replace(/<!--[\s\S]*?(-->|$)/g, (comment) => comment.replace(/[^\n]/g, ''));
  const lines = body.split(/\r?\n/);
  const paragraph: string[] = [];
  let inFence = false;
  for (const line of lines) {
    const isFence = /^\s*(```|~~~)/.test(line);
    if (paragraph.length === 0) {
      if (isFence) inFence = !inFence;
      if (inFence || isFence) continue;
      if (line.trim() === '' || macroOnlyLine.test(line) || headingLine.test(line) || /^\s*<!--.*-->\s*$/.test(line)) continue;
      paragraph.push(line.trim());
    } else {
      if (line.trim() === '' || macroOnlyLine.test(line) || headingLine.test(line) || isFence) break;
      paragraph.push(line.trim());
    }
  }
  return paragraph.length ? paragraph.join(' ') : undefined;
}

/** What a macro shows as text: a link macro's display text or its argument; other macros nothing. */
export function macroDisplayText(macro: Macro, glossaryNames: ReadonlySet<string> = GLOSSARY_NAMES): string {
  const strings = macro.args.map((arg) => (arg.kind === 'string' ? (arg.value as string) : String(arg.value)));
  const key = macroKey(macro.name);
  if (glossaryNames.has(key)) return strings[1] || strings[0] || '';
  if (LINK_MACROS_SHOWN_AS_CODE.has(key) && strings[0]) {
    if (strings[1]) return strings[1];
    const shown = key === 'htmlelement' ? `<${strings[0]}>` : strings[0];
    return '`' + shown + '`';
  }
  return '';
}

const GLOSSARY_NAMES = new Set(['glossary']);
/** The link macros the index resolves, and a few more that also show their argument as code. */
const LINK_MACROS_SHOWN_AS_CODE = new Set([...Object.keys(LINK_MACROS), 'cssxref', 'htmlattrxref', 'event']);

/** Render one paragraph of Markdown for a hover: macros as text, site links absolute, HTML escaped. */
export function renderParagraph(paragraph: string): string {
  let out = '';
  let from = 0;
  for (const macro of scanMacros(paragraph).macros) {
    out += paragraph.slice(from, macro.start) + macroDisplayText(macro);
    from = macro.end;
  }
  out += paragraph.slice(from);
  out = out.replace(/\\\{\{/g, '{{');
  out = out.replace(/\]\((\/[^)\s]*|https:\/\/developer\.mozilla\.org\/[^)\s]*)\)/g, (_, target: string) => `](https://developer.mozilla.org${stripMdnOrigin(target)})`);
  return escapeHtmlOutsideCode(out).replace(/\s+/g, ' ').trim();
}

/** Escape `<`, `>` and `&` except inside code spans, so a hover never renders raw HTML. */
export function escapeHtmlOutsideCode(markdown: string): string {
  const spans = codeSpans(markdown, []);
  let out = '';
  for (let i = 0; i < markdown.length; i++) {
    const c = markdown[i];
    if ((c === '<' || c === '>' || c === '&') && !inRegions(spans, i)) {
      out += c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;';
    } else out += c;
  }
  return out;
}

/** The rendered summary of a page's text, or {@link NO_SUMMARY}. */
export function pageSummary(text: string): string {
  const paragraph = firstParagraph(text);
  const rendered = paragraph === undefined ? '' : renderParagraph(paragraph);
  return rendered === '' ? NO_SUMMARY : rendered;
}
