/**
 * Changing a page's `slug:` in place, through the YAML structure rather than a line pattern: the
 * `yaml` package finds the value node of the top-level `slug` key however it is spelled
 * (`slug : X`, `"slug": X`, `? slug`, a flow map, a `>-` block scalar, a value on the next line,
 * a tag, a trailing `# comment`), and only that node's text is replaced, in the style it had.
 * Every candidate is read back with gray-matter's YAML engine (what the index and MDN's build
 * read): the slug must come back as the new one and every other key as it was, or no edit is made.
 */
import { isAlias, isMap, isScalar, parseDocument, Scalar } from 'yaml';
import { frontMatterEnd } from '../syntax/document';
import { readFrontMatter } from './frontMatter';
import type { OffsetEdit } from './redirects';

export type SlugEdit = { edit: OffsetEdit } | { none: true } | { error: string };

/** Where the front matter's YAML is in the text: between the delimiters, from the opening line's break. */
function yamlBlock(text: string): { start: number; yaml: string } | undefined {
  const end = frontMatterEnd(text);
  if (end === 0) return undefined;
  const close = text.lastIndexOf('---', end - 1);
  return { start: 3, yaml: text.slice(3, close) };
}

/** Where the top-level `slug` key and its value are in `text`, and how the value is written. */
export function slugValue(text: string): { keyStart: number; start: number; end: number; style: string; error?: undefined } | { error: string } | undefined {
  const block = yamlBlock(text);
  if (!block) return undefined;
  const doc = parseDocument(block.yaml, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) return { error: `the front matter is not YAML the slug can be found in (${doc.errors[0].code})` };
  if (!isMap(doc.contents)) return undefined;
  const pair = doc.contents.items.find((item) => isScalar(item.key) && item.key.value === 'slug');
  if (!pair) return undefined;
  const value = pair.value;
  if (!value || !(isScalar(value) || isAlias(value)) || !value.range) return { error: 'the slug is not a single value' };
  const style = isScalar(value) ? String((value as Scalar).type ?? Scalar.PLAIN) : 'ALIAS';
  return { keyStart: block.start + (pair.key as Scalar).range![0], start: block.start + value.range[0], end: block.start + value.range[1], style };
}

/** Ways to write `slug` in place of `written` (a value node of `style`), the node's own style first. */
function candidates(slug: string, written: string, style: string): string[] {
  const lineBreaks = /(\r?\n)*$/.exec(written)![0];
  const doubleQuoted = JSON.stringify(slug);
  const singleQuoted = `'${slug.replace(/'/g, "''")}'`;
  switch (style) {
    case Scalar.QUOTE_SINGLE:
      return [singleQuoted, doubleQuoted];
    case Scalar.QUOTE_DOUBLE:
      return [doubleQuoted];
    case Scalar.BLOCK_FOLDED:
    case Scalar.BLOCK_LITERAL: {
      // Header, then the content at the indentation it had, then the breaks that ended it.
      const headerEnd = written.search(/\r?\n/);
      if (headerEnd === -1) return [doubleQuoted + lineBreaks];
      const header = written.slice(0, headerEnd);
      const newline = written[headerEnd] === '\r' ? '\r\n' : '\n';
      const body = written.slice(headerEnd + newline.length);
      const indent = /^[ \t]*/.exec(body.replace(/^(?:[ \t]*\r?\n)*/, ''))![0];
      return [header + newline + indent + slug + lineBreaks, doubleQuoted + lineBreaks];
    }
    default:
      return [slug, doubleQuoted];
  }
}

function sameData(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const strip = (data: Record<string, unknown>) =>
    JSON.stringify(
      Object.entries(data).filter(([key]) => key !== 'slug'),
      (_key, value) => (value instanceof Date ? value.toISOString() : value),
    );
  return strip(a) === strip(b);
}

/**
 * The edit that makes the page's front matter say `slug: <newSlug>`: none when it has no `slug`
 * key (the folder decides), an error when it cannot be done safely.
 */
export function slugEdit(text: string, newSlug: string): SlugEdit {
  const before = readFrontMatter(text);
  if (!before.ok) return { error: before.error.message };
  const value = slugValue(text);
  if (value === undefined) {
    return before.frontMatter.data.slug === undefined ? { none: true } : { error: 'the slug: key could not be found in the front matter' };
  }
  if (value.error !== undefined) return { error: value.error };
  const written = text.slice(value.start, value.end);
  for (const newText of candidates(newSlug, written, value.style)) {
    const after = readFrontMatter(text.slice(0, value.start) + newText + text.slice(value.end));
    if (after.ok && after.frontMatter.data.slug === newSlug && sameData(before.frontMatter.data, after.frontMatter.data)) {
      return { edit: { start: value.start, end: value.end, newText } };
    }
  }
  return { error: `the slug: value (${written.trim()}) cannot be rewritten as ${newSlug} without changing the rest of the front matter` };
}
