/**
 * Find references: every macro, link and redirect, in every indexed locale, that leads to a page.
 * The index's reverse map says which pages may refer to it; each of those is read (open documents
 * first: the caller's {@link ReadText} decides) and only references that resolve to the page, by
 * MDN's rules, are kept. Also used by rename (every reference it rewrites) and for usage counts.
 */
import * as nodePath from 'node:path';
import { Location, Position } from 'vscode-languageserver';
import type { Page } from '../content/contentIndex';
import { pageReferences, Reference } from '../content/pageReferences';
import { DEFAULT_LOCALE, pageKey, parseDocsUrl } from '../content/slugs';
import { resolveReference, Resolution } from '../resolve/resolve';
import { frontMatterEnd, scanDocument, ScannedDocument } from '../syntax/document';
import { LineIndex } from '../syntax/positions';
import type { Range } from '../syntax/positions';
import { fileUri, FeatureContext, PageDocument, referenceAt } from './context';

/** A file's current text: the open document's (with its version) or the file on disk (version null). */
export interface SourceText {
  text: string;
  version: number | null;
}

/** Reads a file's current text; undefined when it cannot be read. */
export type ReadText = (path: string) => Promise<SourceText | undefined>;

/** One place that leads to a page. */
export type ReferenceSite =
  | { kind: 'reference'; page: Page; path: string; text: string; version: number | null; scanned: ScannedDocument; reference: Reference; resolution: Resolution; range: Range }
  | { kind: 'redirect'; locale: string; path: string; from: string; line: number; range: Range };

/**
 * The page that find references (and rename) is about: the target of the macro or link under the
 * cursor, else the page being edited itself (cursor anywhere in an entry's index.md).
 */
export function referenceTarget(doc: PageDocument, position: Position, ctx: FeatureContext): Page | undefined {
  const offset = doc.lines.offsetAt(position);
  const found = referenceAt(doc, offset, ctx);
  if (found) return found.resolution.page;
  return doc.path ? ctx.index.pageAtPath(doc.path) : undefined;
}

/**
 * Keys (`<locale>/<folder>`) of the reverse map under which a page referring to `target` is filed:
 * the page's own, its redirect sources', and, for an English page, the same folders in every other
 * locale (a translated page's link falls back to English when its locale lacks the page).
 */
export function referrerKeys(target: Page, ctx: FeatureContext): string[] {
  const folders = new Set([target.folder]);
  for (const from of ctx.index.redirectsTo(target)) {
    const parsed = parseDocsUrl(from);
    if (parsed) folders.add(pageKey(parsed.locale, parsed.slug).slice(parsed.locale.length + 1));
  }
  const locales = target.locale === DEFAULT_LOCALE ? new Set([DEFAULT_LOCALE, ...ctx.index.locales()]) : new Set([target.locale]);
  const keys: string[] = [];
  for (const locale of locales) {
    for (const folder of folders) {
      // A translated page's link falls back to English only when its locale lacks the page.
      if (locale !== target.locale && ctx.index.pageByKey(`${locale}/${folder}`)) continue;
      keys.push(`${locale}/${folder}`);
    }
  }
  return keys;
}

/** Pages that may refer to any of `targets` (a superset: candidates are checked by resolution). */
export function candidateReferrers(targets: Page[], ctx: FeatureContext): Page[] {
  const pages = new Map<string, Page>();
  for (const target of targets) {
    for (const key of referrerKeys(target, ctx)) for (const page of ctx.index.referrers(key)) pages.set(page.path, page);
  }
  return [...pages.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * "Used on N pages", from the index alone (no file is read, so a hover can afford it): the pages
 * find-references starts from. They agree unless a page names the target in a way that resolves
 * elsewhere (a redirect whose source is also a page), which MDN's build itself forbids.
 */
export function referrerPageCount(target: Page, ctx: FeatureContext): number {
  return candidateReferrers([target], ctx).length;
}

/**
 * Every macro and link on `pages` that resolves to one of `targets` (compared by path). A page
 * that cannot be read is skipped.
 */
export async function referenceSitesOn(pages: Page[], targets: Page[], ctx: FeatureContext, readText: ReadText): Promise<ReferenceSite[]> {
  const wanted = new Set(targets.map((target) => target.path));
  const sites: ReferenceSite[] = [];
  for (const page of pages) {
    const source = await readText(page.path);
    if (!source) continue;
    const scanned = scanDocument(source.text);
    for (const reference of pageReferences(scanned, page.locale, ctx.glossaryMacros)) {
      const resolution = resolveReference(ctx.index, reference);
      if (!resolution.page || !wanted.has(resolution.page.path)) continue;
      sites.push({
        kind: 'reference',
        page,
        path: page.path,
        text: source.text,
        version: source.version,
        scanned,
        reference,
        resolution,
        range: scanned.lines.rangeOf(reference.start, reference.end),
      });
    }
  }
  return sites;
}

/** The `_redirects.txt` lines whose target is `target` (the `from` URL is the location). */
export async function redirectSites(target: Page, ctx: FeatureContext, readText: ReadText): Promise<ReferenceSite[]> {
  const sites: ReferenceSite[] = [];
  const texts = new Map<string, LineIndex | undefined>();
  for (const from of ctx.index.redirectsTo(target)) {
    const location = ctx.index.redirectLocation(target.locale, from);
    if (!location) continue;
    if (!texts.has(location.path)) {
      const source = await readText(location.path);
      texts.set(location.path, source ? new LineIndex(source.text) : undefined);
    }
    const lines = texts.get(location.path);
    let range: Range = { start: { line: location.line, character: 0 }, end: { line: location.line, character: 0 } };
    let written = from;
    if (lines) {
      const lineStart = lines.lineStarts[location.line] ?? lines.text.length;
      const lineEnd = location.line + 1 < lines.lineCount ? lines.lineStarts[location.line + 1] : lines.text.length;
      const row = lines.text.slice(lineStart, lineEnd);
      const tab = row.indexOf('\t');
      const fromText = (tab === -1 ? row : row.slice(0, tab)).replace(/\s+$/, '');
      const lead = fromText.length - fromText.trimStart().length;
      written = fromText.trim();
      range = lines.rangeOf(lineStart + lead, lineStart + lead + written.length);
    }
    sites.push({ kind: 'redirect', locale: target.locale, path: location.path, from: written, line: location.line, range });
  }
  return sites;
}

/** Every place that leads to `target`: macros and links on pages of every locale, then redirects. */
export async function referencesTo(target: Page, ctx: FeatureContext, readText: ReadText): Promise<ReferenceSite[]> {
  const sites = await referenceSitesOn(candidateReferrers([target], ctx), [target], ctx, readText);
  sites.push(...(await redirectSites(target, ctx, readText)));
  return sites;
}

/** How many pages refer to `target` (references that resolve to it, redirects aside): for usage counts. */
export async function referencingPageCount(target: Page, ctx: FeatureContext, readText: ReadText): Promise<number> {
  const sites = await referenceSitesOn(candidateReferrers([target], ctx), [target], ctx, readText);
  return new Set(sites.map((site) => site.path)).size;
}

/** `textDocument/references`. */
export async function findReferences(doc: PageDocument, position: Position, includeDeclaration: boolean, ctx: FeatureContext, readText: ReadText): Promise<Location[]> {
  const target = referenceTarget(doc, position, ctx);
  if (!target) return [];
  const locations: Location[] = [];
  if (includeDeclaration) locations.push({ uri: fileUri(target.path), range: await declarationRange(target, readText) });
  for (const site of await referencesTo(target, ctx, readText)) locations.push({ uri: fileUri(site.path), range: site.range });
  const seen = new Set<string>();
  return locations.filter((location) => {
    const key = `${location.uri} ${location.range.start.line}:${location.range.start.character}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Where a page is declared: the value of its front matter `slug:`, else the top of the file. */
export async function declarationRange(page: Page, readText: ReadText): Promise<Range> {
  const source = await readText(page.path);
  const slug = source ? slugLine(source.text) : undefined;
  if (!source || !slug) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return new LineIndex(source.text).rangeOf(slug.valueStart, slug.valueEnd);
}

/** The `slug:` line of a page's front matter: offsets of its value (inside quotes, when quoted). */
export function slugLine(text: string): { lineStart: number; valueStart: number; valueEnd: number; quote: '' | '"' | "'"; value: string } | undefined {
  const match = /^slug:([ \t]*)(["']?)(.*?)\2[ \t]*\r?$/m.exec(text.slice(0, frontMatterEnd(text)));
  if (!match) return undefined;
  const lineStart = match.index;
  const valueStart = lineStart + 'slug:'.length + match[1].length + match[2].length;
  return { lineStart, valueStart, valueEnd: valueStart + match[3].length, quote: match[2] as '' | '"' | "'", value: match[3] };
}

/** A text reader over an open-document lookup and a file reader (what the server passes). */
export function textReader(open: (path: string) => SourceText | undefined, readFile: (path: string) => Promise<string | undefined>): ReadText {
  return async (path) => {
    const resolved = nodePath.resolve(path);
    const opened = open(resolved);
    if (opened) return opened;
    const text = await readFile(resolved);
    return text === undefined ? undefined : { text, version: null };
  };
}
