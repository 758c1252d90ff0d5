/**
 * What a rename renames, before anything moves: the page named at the cursor (a Glossary macro's
 * term, a `/docs/` link's target, or a page's `slug:` line), the range and placeholder the editor
 * shows, and the new slug a new name makes, checked. Pure over the index.
 */
import type { Position } from 'vscode-languageserver';
import type { Page } from '../content/contentIndex';
import { slugValue } from '../content/frontMatterEdit';
import { glossaryTermOf } from '../content/glossaryTerms';
import { parseDocsUrl, safeSlug, splitHash } from '../content/slugs';
import { stripMdnOrigin } from '../syntax/links';
import type { Range } from '../syntax/positions';
import { FeatureContext, PageDocument, referenceAt } from './context';

/** A rename that cannot be done; the message says why, for the author. */
export class RenameError extends Error {}

export interface RenameSubject {
  page: Page;
  /** Offsets of the name in the document (the term, the link's slug, the slug line's value). */
  start: number;
  end: number;
  placeholder: string;
  /** `term`: the new name is a glossary term (`Function_member`); `slug`: a whole slug. */
  mode: 'term' | 'slug';
}

const GLOSSARY_PREFIX = 'Glossary/';
const isGlossarySlug = (slug: string) => slug.toLowerCase().startsWith(GLOSSARY_PREFIX.toLowerCase());

/** The renamable thing at a position, or a {@link RenameError} saying why there is none. */
export function renameSubject(doc: PageDocument, position: Position, ctx: FeatureContext): RenameSubject {
  const offset = doc.lines.offsetAt(position);
  if (offset < doc.scanned.bodyStart) {
    // From the `slug` key's line to the end of its value, however the YAML spells them.
    const value = slugValue(doc.text);
    const valueEnd = value && value.error === undefined ? value.start + doc.text.slice(value.start, value.end).replace(/\s+$/, '').length : -1;
    const onSlug = value && value.error === undefined && position.line >= doc.lines.positionAt(value.keyStart).line && position.line <= doc.lines.positionAt(valueEnd).line;
    if (!value || value.error !== undefined || !onSlug) throw new RenameError('Nothing to rename here: in the front matter, put the cursor on the slug: line.');
    const page = doc.path ? ctx.index.pageAtPath(doc.path) : undefined;
    if (!page) throw new RenameError('This file is not a page of an indexed content root: it cannot be moved.');
    const quoted = /^["']/.test(doc.text[value.start]) ? 1 : 0;
    return { page, start: value.start + quoted, end: valueEnd - quoted, placeholder: page.slug, mode: 'slug' };
  }
  const found = referenceAt(doc, offset, ctx);
  if (!found) {
    throw new RenameError('Nothing to rename here: put the cursor on a Glossary term, a /docs/ link target, or the slug: line of a page.');
  }
  const { reference, resolution } = found;
  if (reference.kind === 'macro') {
    if (!reference.glossary) {
      throw new RenameError(`The ${reference.macro} macro cannot rename its target: rename the page from a /docs/ link or its slug: line.`);
    }
    if (offset < reference.argStart - 1 || offset > reference.argEnd + 1 || reference.candidates.length === 0) {
      throw new RenameError('Put the cursor on the term (the first argument) to rename the glossary entry.');
    }
  }
  const page = resolution.page;
  if (!page) throw new RenameError(`${reference.target} doesn't resolve: there is no page to rename.`);
  if (reference.kind === 'macro') {
    const written = doc.text.slice(reference.argStart, reference.argEnd);
    const hashAt = written.indexOf('#');
    const end = hashAt === -1 ? reference.argEnd : reference.argStart + hashAt;
    return isGlossarySlug(page.slug)
      ? { page, start: reference.argStart, end, placeholder: glossaryTermOf(page.slug), mode: 'term' }
      : { page, start: reference.argStart, end, placeholder: page.slug, mode: 'slug' };
  }
  const slug = linkSlugSpan(doc.text.slice(reference.start, reference.end));
  if (!slug) throw new RenameError(`${reference.target} is not a /docs/ link.`);
  return { page, start: reference.start + slug.start, end: reference.start + slug.end, placeholder: page.slug, mode: 'slug' };
}

/** `textDocument/prepareRename`: the range of the name and the current name. */
export function prepareRename(doc: PageDocument, position: Position, ctx: FeatureContext): { range: Range; placeholder: string } {
  const subject = renameSubject(doc, position, ctx);
  return { range: doc.lines.rangeOf(subject.start, subject.end), placeholder: subject.placeholder };
}

/** Where the slug is written in a link target (`/en-US/docs/<slug>#x`, `https://…/docs/<slug>/`). */
export function linkSlugSpan(written: string): { start: number; end: number } | undefined {
  const docs = written.indexOf('/docs/');
  if (docs === -1) return undefined;
  const start = docs + '/docs/'.length;
  let end = written.length;
  for (const stop of ['#', '?']) {
    const at = written.indexOf(stop, start);
    if (at !== -1 && at < end) end = at;
  }
  while (end > start && written[end - 1] === '/') end--;
  return { start, end };
}

/** Why a slug cannot be a page's slug, or undefined when it can. */
export function invalidSlugReason(slug: string): string | undefined {
  const term = isGlossarySlug(slug) ? glossaryTermOf(slug) : slug;
  if (term.trim() === '') return 'The new name is empty.';
  if (/\s/.test(slug)) return `A slug has no spaces: write "_" instead (${slug.trim().replace(/\s+/g, '_')}).`;
  if (slug.includes('#')) return `A slug has no #fragment: ${slug} names an anchor, not a page.`;
  if (slug.includes('?')) return `A slug cannot contain "?": a URL would end at it (${slug}).`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(slug)) return `${JSON.stringify(slug)} contains a backslash or a control character.`;
  if (slug.startsWith('/') || slug.endsWith('/') || slug.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return `${slug} is not a valid slug: no leading or trailing "/", no empty, "." or ".." segments.`;
  }
  if (safeSlug(slug) !== slug) return `${slug} is percent-encoded: write the slug decoded.`;
  return undefined;
}

/** The new slug a name stands for: a term under `Glossary/`, a slug, or a pasted URL. */
export function newSlugFor(subject: RenameSubject, newName: string): string {
  let name = newName.trim();
  const parsed = parseDocsUrl(splitHash(stripMdnOrigin(name)).path);
  if (parsed && !name.includes('#')) name = parsed.slug;
  if (subject.mode === 'term' && !parsed) name = isGlossarySlug(name) ? GLOSSARY_PREFIX + glossaryTermOf(name) : GLOSSARY_PREFIX + name;
  const reason = invalidSlugReason(name);
  if (reason) throw new RenameError(reason);
  return name;
}
