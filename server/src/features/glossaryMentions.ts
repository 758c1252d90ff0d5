/**
 * Glossary coverage in the editor: the first mention of each glossary term a page does not link
 * (a `glossary-unlinked-mention` diagnostic, hint by default), the quick fixes that link it without
 * changing what readers see, a hover with the entry's summary; on an entry's own page, a code lens
 * "linked from N pages · mentioned without a link on M pages" and, when no page links to it, a
 * `glossary-orphan-entry` diagnostic; for a broken glossary term, "wanted by N pages".
 *
 * Functions of (PageDocument, FeatureContext, GlossaryTerms): the connection wiring passes the
 * terms of the page's locale ({@link GlossaryTermsCache}).
 */
import { quotedArgument } from '../syntax/macros';
import { CodeAction, CodeActionKind, CodeLens, Diagnostic, Hover, MarkupContent, MarkupKind, Position, Range, TextEdit } from 'vscode-languageserver';
import type { Page } from '../content/contentIndex';
import { GlossaryAliases, GlossaryEntrySource, glossaryTermOf, GlossaryTerms, glossaryTermsOf, PageTextReader, TermsMemo } from '../content/glossaryTerms';
import { DEFAULT_LOCALE, parseDocsUrl } from '../content/slugs';
import { inboundPages, pageGlossaryFacts, PageInfo, wantingPages } from '../resolve/coverage';
import { pageLocation } from '../content/roots';
import { DEFAULT_SEVERITY } from '../resolve/findings';
import type { SeverityName } from './clientTypes';
import { codeSpan, escapeMarkdown } from '../syntax/markdownText';
import { FeatureContext, PageDocument, rangeOf, referenceAt } from './context';
import { hover, UsageCounter } from './hover';
import { LSP_SEVERITY, DIAGNOSTIC_SOURCE, DiagnosticData } from './diagnostics';

export const UNLINKED_MENTION_CODE = 'glossary-unlinked-mention';
export const ORPHAN_ENTRY_CODE = 'glossary-orphan-entry';

/** An unlinked first mention, with the edit that links it. */
export interface Mention {
  entry: GlossaryEntrySource;
  /** Offsets of the mention in the page. */
  start: number;
  end: number;
  /** As the page writes it. */
  text: string;
  /** `{{Glossary("CORS")}}`, or `{{Glossary("Cross-site_scripting", "cross-site scripting")}}` when the words differ from the term. */
  edit: { start: number; end: number; newText: string };
}

/** What the page is, for which mentions count: its folder (its own entry is never a mention) and page type. */
export function pageInfoOf(doc: PageDocument, ctx: FeatureContext): PageInfo {
  const page = doc.path ? ctx.index.pageAtPath(doc.path) : undefined;
  if (page) return { locale: page.locale, folder: page.folder, pageType: page.pageType };
  const filesDir = doc.path ? ctx.index.filesDirOf(doc.path) : undefined;
  const location = filesDir && doc.path ? pageLocation(filesDir, doc.path) : undefined;
  return { locale: doc.locale, folder: location?.folder ?? '', pageType: pageTypeOf(doc) };
}

function pageTypeOf(doc: PageDocument): string | undefined {
  const frontMatter = doc.text.slice(0, doc.scanned.bodyStart);
  return /^page-type:[ \t]*["']?([\w-]+)/m.exec(frontMatter)?.[1];
}

/** Mentions of each page version, for the index as it was and the terms they were found with. */
const mentionsMemo = new WeakMap<PageDocument, { terms: GlossaryTerms; index: FeatureContext['index']; generation: number; mentions: Mention[] }>();

/**
 * The first mention of each glossary entry the page neither links nor is. Found once per version
 * of the page (and state of the index): diagnostics, hovers and code actions share them.
 */
export function pageMentions(doc: PageDocument, ctx: FeatureContext, terms: GlossaryTerms): Mention[] {
  const known = mentionsMemo.get(doc);
  if (known && known.terms === terms && known.index === ctx.index && known.generation === ctx.index.generation) return known.mentions;
  const mentions = findMentions(doc, ctx, terms);
  mentionsMemo.set(doc, { terms, index: ctx.index, generation: ctx.index.generation, mentions });
  return mentions;
}

function findMentions(doc: PageDocument, ctx: FeatureContext, terms: GlossaryTerms): Mention[] {
  const facts = pageGlossaryFacts(doc.scanned, pageInfoOf(doc, ctx), ctx.index, terms, { glossaryMacros: ctx.glossaryMacros });
  const mentions: Mention[] = [];
  for (const match of facts.mentions) {
    const entry = terms.entries.get(match.entry);
    if (!entry) continue;
    const text = doc.text.slice(match.start, match.end);
    mentions.push({ entry, start: match.start, end: match.end, text, edit: { start: match.start, end: match.end, newText: glossaryMacroFor(entry, text) } });
  }
  return mentions;
}

/**
 * The macro that links `written` to the entry and shows exactly `written`: one argument when the
 * words are the term itself, else the term and the words (a line break in them is the space a
 * reader sees).
 */
export function glossaryMacroFor(entry: Pick<GlossaryEntrySource, 'slug'>, written: string): string {
  const term = glossaryTermOf(entry.slug);
  const shown = written.replace(/\s+/g, ' ');
  return shown === term ? `{{Glossary(${quotedArgument(term)})}}` : `{{Glossary(${quotedArgument(term)}, ${quotedArgument(shown)})}}`;
}

function displayName(entry: GlossaryEntrySource): string {
  return entry.title || glossaryTermOf(entry.slug);
}

/** `glossary-unlinked-mention` diagnostics (hint by default; `glossary.severity` sets or hides them). */
export function mentionDiagnostics(doc: PageDocument, ctx: FeatureContext, terms: GlossaryTerms, severities: Record<string, SeverityName> = {}): Diagnostic[] {
  const severity = severities[UNLINKED_MENTION_CODE] ?? DEFAULT_SEVERITY[UNLINKED_MENTION_CODE];
  if (severity === 'off') return [];
  return pageMentions(doc, ctx, terms).map((mention) => {
    const data: DiagnosticData & { entry: string } = { suggestion: null, fix: mention.edit, version: doc.version, entry: mention.entry.slug };
    return {
      range: rangeOf(doc, mention.start, mention.end),
      severity: LSP_SEVERITY[severity],
      source: DIAGNOSTIC_SOURCE,
      code: UNLINKED_MENTION_CODE,
      message: `"${mention.text.replace(/\s+/g, ' ')}" has a glossary entry (${displayName(mention.entry)}): link its first mention`,
      data,
    };
  });
}

/**
 * Quick fixes for the mentions that touch `range`: "Link to glossary: CORS" for each, and "Link
 * every first mention on this page" when the page has more than one.
 */
export function mentionCodeActions(doc: PageDocument, range: Range, contextDiagnostics: Diagnostic[], ctx: FeatureContext, terms: GlossaryTerms): CodeAction[] {
  const mentions = pageMentions(doc, ctx, terms);
  if (!mentions.length) return [];
  const start = doc.lines.offsetAt(range.start);
  const end = doc.lines.offsetAt(range.end);
  const editOf = (mention: Mention): TextEdit => ({ range: rangeOf(doc, mention.edit.start, mention.edit.end), newText: mention.edit.newText });
  const diagnosticOf = (mention: Mention) => {
    const at = rangeOf(doc, mention.start, mention.end);
    const found = contextDiagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && d.code === UNLINKED_MENTION_CODE && sameRange(d.range, at));
    return found.length ? found : undefined;
  };
  const actions: CodeAction[] = [];
  for (const mention of mentions) {
    if (mention.end < start || mention.start > end) continue;
    actions.push({
      title: `Link to glossary: ${displayName(mention.entry)}`,
      kind: CodeActionKind.QuickFix,
      isPreferred: true,
      diagnostics: diagnosticOf(mention),
      edit: { changes: { [doc.uri]: [editOf(mention)] } },
    });
  }
  if (actions.length && mentions.length > 1) {
    actions.push({
      title: `Link every first mention on this page (${mentions.length})`,
      kind: CodeActionKind.QuickFix,
      diagnostics: mentions.flatMap((mention) => diagnosticOf(mention) ?? []),
      edit: { changes: { [doc.uri]: mentions.map(editOf) } },
    });
  }
  return actions;
}

/** Hover on an unlinked mention: the entry's title and summary, and that a quick fix links it. */
export async function mentionHover(doc: PageDocument, position: Position, ctx: FeatureContext, terms: GlossaryTerms): Promise<Hover | null> {
  const offset = doc.lines.offsetAt(position);
  const mention = pageMentions(doc, ctx, terms).find((m) => m.start <= offset && offset <= m.end);
  if (!mention) return null;
  const page = ctx.index.pageByKey(`${mention.entry.locale}/${mention.entry.folder}`);
  const summary = page ? await ctx.index.summary(page) : '';
  const english = mention.entry.locale === DEFAULT_LOCALE && doc.locale !== DEFAULT_LOCALE ? ' (English: not translated yet)' : '';
  const lines = [
    `**${escapeMarkdown(displayName(mention.entry))}** — ${codeSpan(mention.entry.slug)}${english}`,
    '',
    summary,
    '',
    `_In the glossary, not linked on this page: the quick fix links it as ${codeSpan(mention.edit.newText)}._`,
  ];
  return { range: rangeOf(doc, mention.start, mention.end), contents: { kind: MarkupKind.Markdown, value: lines.join('\n') } };
}

// ——— On an entry's own page ———

/** The page of the document, when it is a glossary entry coverage reports on. */
export function entryPageOf(doc: PageDocument, ctx: FeatureContext): Page | undefined {
  const page = doc.path ? ctx.index.pageAtPath(doc.path) : undefined;
  return page && page.folder.startsWith('glossary/') && page.pageType !== 'glossary-disambiguation' ? page : undefined;
}

/** The range of the front matter's `title:` value (where entry-level lenses and diagnostics go). */
export function titleRange(doc: PageDocument): Range {
  const bodyStart = doc.scanned.bodyStart;
  const match = /^title:[ \t]*(.*?)[ \t]*\r?$/m.exec(doc.text.slice(0, bodyStart));
  if (!match) return rangeOf(doc, 0, 0);
  const valueStart = match.index + match[0].indexOf(match[1], 'title:'.length);
  return rangeOf(doc, valueStart, valueStart + match[1].length);
}

export interface EntryCounts {
  /** Other pages of the entry's locale that link to it. */
  linkedFrom: number;
  /** Pages of the locale that mention it without a link; undefined while not counted. */
  mentionedUnlinked?: number;
}

/** "linked from N pages · mentioned without a link on M pages". */
export function entryCountsText(counts: EntryCounts): string {
  const pages = (n: number) => `${n} page${n === 1 ? '' : 's'}`;
  const mentions = counts.mentionedUnlinked === undefined ? 'unlinked mentions not counted yet' : `mentioned without a link on ${pages(counts.mentionedUnlinked)}`;
  return `linked from ${pages(counts.linkedFrom)} · ${mentions}`;
}

/**
 * How many pages link to the entry (the index's reverse map: complete once references are), and,
 * when given, how many mention it without a link.
 */
export function entryCounts(entry: Page, ctx: FeatureContext, mentionedUnlinked?: (entry: Page) => number | undefined): EntryCounts {
  return { linkedFrom: inboundPages(ctx.index, entry).length, mentionedUnlinked: mentionedUnlinked?.(entry) };
}

/** The code lens on an entry's title. The command is empty: the lens is information, not an action. */
export function entryCodeLens(doc: PageDocument, ctx: FeatureContext, mentionedUnlinked?: (entry: Page) => number | undefined): CodeLens[] {
  const entry = entryPageOf(doc, ctx);
  if (!entry) return [];
  const counts = entryCounts(entry, ctx, mentionedUnlinked);
  return [{ range: titleRange(doc), command: { title: entryCountsText(counts), command: '' }, data: { entry: entry.slug, ...counts } }];
}

/**
 * `glossary-orphan-entry` (information by default) on the title of an entry no other page of its
 * locale links to. Nothing until the index knows every page's references (no false orphans while
 * indexing).
 */
export function orphanDiagnostics(doc: PageDocument, ctx: FeatureContext, severities: Record<string, SeverityName> = {}): Diagnostic[] {
  const severity = severities[ORPHAN_ENTRY_CODE] ?? DEFAULT_SEVERITY[ORPHAN_ENTRY_CODE];
  const entry = entryPageOf(doc, ctx);
  if (severity === 'off' || !entry || ctx.referencesComplete === false || !ctx.index.referencesComplete || inboundPages(ctx.index, entry).length > 0) return [];
  const data: DiagnosticData = { suggestion: null, version: doc.version };
  return [{ range: titleRange(doc), severity: LSP_SEVERITY[severity], source: DIAGNOSTIC_SOURCE, code: ORPHAN_ENTRY_CODE, message: 'No page links to this entry', data }];
}

/** "wanted by N pages", for the hover on a broken glossary term (`slug`: `Glossary/interface`). */
export function wantedText(ctx: FeatureContext, locale: string, slug: string): string {
  const count = wantingPages(ctx.index, locale, slug).length;
  return `wanted by ${count} page${count === 1 ? '' : 's'}`;
}

/**
 * For a broken glossary term at `position`: "wanted by N pages" (the term is a wanted entry), with
 * the quick fix that creates it; undefined anywhere else. While references are being scanned the
 * count is not known yet, and the note says so.
 */
export function wantedNote(doc: PageDocument, position: Position, ctx: FeatureContext): string | undefined {
  const found = referenceAt(doc, doc.lines.offsetAt(position), ctx);
  if (!found || found.resolution.kind !== 'broken' || !found.reference.glossary) return undefined;
  const parsed = found.reference.candidates[0] === undefined ? undefined : parseDocsUrl(found.reference.candidates[0]);
  if (!parsed || !/^glossary\//i.test(parsed.slug)) return undefined;
  const wanted = ctx.referencesComplete === false ? 'wanted by … pages (counting)' : wantedText(ctx, parsed.locale, parsed.slug);
  return `_A wanted entry: ${wanted}. The quick fix *Create glossary entry* starts it._`;
}

/**
 * The hover of a page with glossary coverage: the reference hover ({@link hover}), with "wanted by
 * N pages" on a broken glossary term; elsewhere, on an unlinked mention, the entry's summary.
 * `terms` is called only when the position is on no reference (undefined: mentions are not looked for).
 */
export async function glossaryHover(
  doc: PageDocument,
  position: Position,
  ctx: FeatureContext,
  terms: () => Promise<GlossaryTerms | undefined>,
  usageOf?: UsageCounter,
): Promise<Hover | null> {
  const base = await hover(doc, position, ctx, usageOf);
  if (base) {
    const wanted = wantedNote(doc, position, ctx);
    if (wanted && MarkupContent.is(base.contents)) return { ...base, contents: { kind: base.contents.kind, value: `${base.contents.value}\n\n${wanted}` } };
    return base;
  }
  const known = await terms();
  return known ? mentionHover(doc, position, ctx, known) : null;
}

/**
 * The coverage diagnostics of a page: unlinked first mentions and, on an entry's own page, the
 * orphan diagnostic. None on a page that is not checked (binary, too large: one "Page not
 * checked" says so already).
 */
export function coverageDiagnostics(doc: PageDocument, ctx: FeatureContext, terms: GlossaryTerms, severities: Record<string, SeverityName> = {}): Diagnostic[] {
  if (ctx.index.skipReason(doc.path, doc.text)) return [];
  return [...mentionDiagnostics(doc, ctx, terms, severities), ...orphanDiagnostics(doc, ctx, severities)];
}

// ——— Terms per locale, rebuilt when the glossary changes ———

export interface GlossaryTermsCache {
  /** The terms of `locale`'s pages: built once, again when a glossary page or the aliases change. */
  termsFor(ctx: FeatureContext, locale: string): Promise<GlossaryTerms>;
}

/**
 * `readText` reads an entry's page (the open document's text, else the file): the terms use how
 * an entry writes its own title. `aliases()`: the current `glossary.aliases` setting.
 */
export function glossaryTermsCache(readText: PageTextReader, aliases: () => GlossaryAliases | undefined = () => undefined): GlossaryTermsCache {
  interface CachedTerms {
    own: readonly Page[];
    english: readonly Page[];
    aliases: string;
    terms: Promise<GlossaryTerms>;
    /** The terms once built: the next build reuses their matcher when nothing a term depends on changed. */
    built?: GlossaryTerms;
  }
  const built = new Map<string, CachedTerms>();
  // Editing one entry rebuilds the terms with every other entry's specs reused (no page read again).
  const memo: TermsMemo = new WeakMap();
  return {
    termsFor(ctx, locale) {
      // The index hands out the same entry lists until a glossary page changes.
      const own = ctx.index.glossaryEntries(locale);
      const english = ctx.index.glossaryEntries(DEFAULT_LOCALE);
      const currentAliases = aliases();
      const aliasKey = JSON.stringify(currentAliases ?? {});
      const cached = built.get(locale);
      if (cached && cached.own === own && cached.english === english && cached.aliases === aliasKey) return cached.terms;
      const previous = cached?.built;
      const terms = glossaryTermsOf(ctx.index, locale, { readText, aliases: currentAliases, memo, previous });
      const entry: CachedTerms = { own, english, aliases: aliasKey, terms };
      built.set(locale, entry);
      void terms.then((done) => (entry.built = done)).catch(() => undefined);
      // A failed build is not kept: the next request tries again.
      terms.catch(() => built.get(locale) === entry && built.delete(locale));
      return terms;
    },
  };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
