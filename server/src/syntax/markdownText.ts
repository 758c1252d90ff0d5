/**
 * Text made Markdown for hovers and completion documentation: shown exactly as written, never
 * rendering HTML or markup it happens to hold. Pure.
 */
/**
 * Text shown as Markdown code, whatever it holds: fenced by more backticks than its longest run,
 * so a slug or URL with a backtick cannot close the span early and let HTML after it render; padded
 * where CommonMark would strip a space or merge a backtick.
 */
export function codeSpan(text: string): string {
  const longest = (text.match(/`+/g) ?? []).reduce((max, run) => Math.max(max, run.length), 0);
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${text.replace(/[\r\n]+/g, ' ')}${pad}${fence}`;
}

/** A title or URL in Markdown: markup characters backslashed, `<` and `>` as entities. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '\\' + c));
}

/**
 * Prose of a rendered summary as Markdown that shows exactly it: HTML escaped (a hover never renders
 * raw HTML), markup characters escaped, `_` inside words kept (it is no emphasis there).
 */
export function escapeMarkdownText(text: string): string {
  return text.replace(/[&<>\\`*[\]~]|_(?![A-Za-z0-9])|(?<![A-Za-z0-9])_/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '\\' + c));
}
