/**
 * Glossary coverage in the language server: the terms each locale's pages are matched against (for
 * the unlinked-mention diagnostics, quick fixes and hover), and each locale's coverage — every
 * entry's inbound links and unlinked mentions, the orphans, the wanted terms — for the entry code
 * lens, the `glossary/coverage` request (the VS Code view) and the HTML report.
 *
 * A locale's coverage needs every one of its pages read, scanned and matched: seconds of work for
 * a big locale, done in the background on the main thread, a page at a time, and never in the way
 * of an answer:
 * - only for the locales someone asked about (a code lens on an entry, the view, the report);
 * - only once the build's references are scanned (`current` waits for them: the worker's scan has
 *   the machine first);
 * - yielding to the event loop after every page, and waiting while a request is being computed or
 *   the client has just sent something (typing comes first);
 * - for one build: a newer build stops it, and what it had found goes with it;
 * - incrementally: a page is looked at again only when it changed (the index makes a new `Page`
 *   for every change), and every page only when what links resolve to (redirects, allowed-broken
 *   lists, locales) or which words are terms changed.
 * When a locale's figures change, `onChanged` says so: the server refreshes code lenses and tells
 * the view.
 */
import type { CancellationToken, CodeAction, CodeLens, Diagnostic, Hover, Position, Range } from 'vscode-languageserver';
import type { ContentIndex, Page } from '../content/contentIndex';
import { refusedText } from '../content/fileSystem';
import type { GlossaryAliases, GlossaryTerms } from '../content/glossaryTerms';
import { DEFAULT_LOCALE, urlLocale } from '../content/slugs';
import { coverageEntries, coverageReport, CoverageReport, PageCoverage, pageCoverage } from '../resolve/coverage';
import { DEFAULT_SEVERITY } from '../resolve/findings';
import { scanDocument } from '../syntax/document';
import { FeatureContext, fileUri, PageDocument } from '../features/context';
import type { UsageCounter } from '../features/hover';
import { coverageDiagnostics, entryCodeLens, glossaryHover, glossaryTermsCache, mentionCodeActions, UNLINKED_MENTION_CODE } from '../features/glossaryMentions';
import { coverageHtml } from '../features/coverageHtml';
import { coverageJson } from '../features/coverageReport';
import type { CoverageHtml, CoverageParams, CoverageView, SeverityName } from './protocol';

/** How long background work waits, at a time, while requests are computed or the client is active. */
const BUSY_WAIT_MS = 20;

export interface GlossaryCoverageDeps {
  /** The newest build's feature context, once its references are scanned (IndexHost.withReferences). */
  current(): Promise<FeatureContext>;
  /** A page's text: the editor's when it is open, else the file's; undefined when it cannot be read. */
  readText(path: string): Promise<string | undefined>;
  /** The `glossary.aliases` setting as it is now. */
  aliases(): GlossaryAliases;
  /** Whether background work should hold back now (a request is being computed, the client just spoke). */
  busy(): boolean;
  /** A locale's figures changed (its folder name, `en-us`), or, undefined, every locale's may have (a new build). */
  onChanged(locale: string | undefined): void;
  /** Runs `task` at the next quiet moment (QuietWork). */
  later(name: string, task: () => void): void;
  onError(error: unknown): void;
}

/** A locale's coverage for one build: each page's part, and the report made of them. */
interface LocaleCoverage {
  /** Each page's part, by path (a part is current while the index holds the same `Page`). */
  readonly pages: Map<string, PageCoverage>;
  /** Pages that could not be read (binary, too large), as the index had them. */
  readonly unreadable: Map<string, Page>;
  /** What every part depends on: the terms' specs, the redirects, the locales. A change clears the parts. */
  signature: string;
  report?: CoverageReport;
  /** The index generation and aliases the report was counted for (`reportKey`). */
  reportAt: string;
  /** Unlinked mentions by entry folder, from the report. */
  unlinked?: Map<string, number>;
  /** What the view shows of the report: a change is announced. */
  digest?: string;
  /** A count was asked for before there was one: the first report is announced too. */
  awaited: boolean;
  running?: Promise<CoverageReport | undefined>;
}

export class GlossaryCoverage {
  private readonly terms;
  /** The index the coverage below is for (a newer build's replaces it all). */
  private index?: ContentIndex;
  private locales = new Map<string, LocaleCoverage>();
  /** Locales someone asked about: kept up to date after changes. */
  private readonly watched = new Set<string>();
  private readonly specsDigests = new WeakMap<GlossaryTerms, string>();
  private readonly matcherIds = new WeakMap<object, number>();
  private matchers = 0;
  private disposed = false;

  constructor(private readonly deps: GlossaryCoverageDeps) {
    this.terms = glossaryTermsCache(
      (page) => deps.readText(page.path),
      () => deps.aliases(),
    );
  }

  // ——— per page (the keystroke path: the terms are built once per locale, then reused) ———

  termsFor(ctx: FeatureContext, locale: string): Promise<GlossaryTerms> {
    return this.terms.termsFor(ctx, locale);
  }

  /** Unlinked mentions and the orphan diagnostic of an open page. */
  async diagnostics(doc: PageDocument, ctx: FeatureContext, severities: Record<string, SeverityName>): Promise<Diagnostic[]> {
    return coverageDiagnostics(doc, ctx, await this.termsFor(ctx, doc.locale), severities);
  }

  /** "Link to glossary: …" and "Link every first mention on this page" (none while the diagnostic is off). */
  async codeActions(doc: PageDocument, range: Range, diagnostics: Diagnostic[], ctx: FeatureContext, severities: Record<string, SeverityName>): Promise<CodeAction[]> {
    if (mentionsOff(severities)) return [];
    return mentionCodeActions(doc, range, diagnostics, ctx, await this.termsFor(ctx, doc.locale));
  }

  /** The hover, with "wanted by N pages" on a broken glossary term and the entry's summary on an unlinked mention. */
  hover(doc: PageDocument, position: Position, ctx: FeatureContext, severities: Record<string, SeverityName>, usageOf?: UsageCounter): Promise<Hover | null> {
    return glossaryHover(doc, position, ctx, async () => (mentionsOff(severities) ? undefined : this.termsFor(ctx, doc.locale)), usageOf);
  }

  /** "linked from N pages · mentioned without a link on M pages" on an entry's title (M once counted). */
  codeLens(doc: PageDocument, ctx: FeatureContext): CodeLens[] {
    return entryCodeLens(doc, ctx, (entry) => this.unlinkedCount(ctx, entry));
  }

  // ——— a locale's coverage (in the background) ———

  /** The `glossary/coverage` request: a locale's view or HTML report, from the newest build. */
  async request(params: CoverageParams, token: CancellationToken): Promise<CoverageView | CoverageHtml | undefined> {
    for (;;) {
      const ctx = await this.deps.current();
      if (token.isCancellationRequested || this.disposed) return undefined;
      const locale = requestedLocale(params.locale, ctx.index);
      this.watched.add(locale);
      const report = await this.update(ctx, locale);
      if (token.isCancellationRequested || this.disposed) return undefined;
      // Undefined: a newer build replaced this one meanwhile; its coverage is the answer.
      if (!report) continue;
      return params.format === 'html' ? { locale: urlLocale(locale), html: coverageHtml(report, coverageJson(report)) } : coverageView(report, ctx.index);
    }
  }

  /** A new build is ready: the coverage of the one before stops and goes. */
  ready(ctx: FeatureContext): void {
    if (this.index === ctx.index) return;
    this.index = ctx.index;
    this.locales = new Map();
    if (this.watched.size) this.deps.onChanged(undefined);
  }

  /** The index may have changed: the locales asked about are brought up to date at the next quiet moment. */
  changed(): void {
    if (!this.watched.size || this.disposed) return;
    this.deps.later('glossary coverage', () => void this.refreshWatched().catch((error) => this.deps.onError(error)));
  }

  dispose(): void {
    this.disposed = true;
    this.locales = new Map();
  }

  /** Pages of the entry's locale that mention it without a link; undefined until counted (counting starts). */
  unlinkedCount(ctx: FeatureContext, entry: Page): number | undefined {
    const state = this.stateOf(ctx.index, entry.locale);
    this.watched.add(entry.locale);
    if (!state.unlinked) state.awaited = true;
    if (state.reportAt !== this.reportKey(ctx.index))
      void this.deps
        .current()
        .then((current) => this.update(current, entry.locale))
        .catch((error) => this.deps.onError(error));
    return state.unlinked?.get(entry.folder);
  }

  private async refreshWatched(): Promise<void> {
    const ctx = await this.deps.current();
    for (const locale of this.watched) await this.update(ctx, locale);
  }

  private stateOf(index: ContentIndex, locale: string): LocaleCoverage {
    if (this.index !== index) {
      this.index = index;
      this.locales = new Map();
    }
    let state = this.locales.get(locale);
    if (!state) this.locales.set(locale, (state = { pages: new Map(), unreadable: new Map(), signature: '', reportAt: '', awaited: false }));
    return state;
  }

  /** The locale's report for the index as it is now: one run at a time; undefined when a newer build replaced this one. */
  private update(ctx: FeatureContext, locale: string): Promise<CoverageReport | undefined> {
    const state = this.stateOf(ctx.index, locale);
    if (state.report && state.reportAt === this.reportKey(ctx.index)) return Promise.resolve(state.report);
    state.running ??= this.run(ctx, locale, state).finally(() => (state.running = undefined));
    return state.running;
  }

  private async run(ctx: FeatureContext, locale: string, state: LocaleCoverage): Promise<CoverageReport | undefined> {
    const { index } = ctx;
    const reportAt = this.reportKey(index);
    const replaced = () => this.disposed || this.index !== index;
    const terms = await this.termsFor(ctx, locale);
    if (replaced()) return undefined;
    const signature = `${this.specsDigest(terms)}|${index.redirectsGeneration}|${index.locales().join(',')}`;
    if (signature !== state.signature) {
      state.pages.clear();
      state.unreadable.clear();
      state.signature = signature;
    }
    const todo: Page[] = [];
    const present = new Set<string>();
    for (const page of index.allPages()) {
      if (page.locale !== locale) continue;
      present.add(page.path);
      if (state.pages.get(page.path)?.page !== page && state.unreadable.get(page.path) !== page) todo.push(page);
    }
    for (const path of state.pages.keys()) if (!present.has(path)) state.pages.delete(path);
    for (const path of state.unreadable.keys()) if (!present.has(path)) state.unreadable.delete(path);
    for (const page of todo) {
      await this.turn();
      if (replaced()) return undefined;
      // Changed meanwhile: the next update takes the new one.
      if (index.pageAtPath(page.path) !== page) {
        state.pages.delete(page.path);
        continue;
      }
      const text = await this.deps.readText(page.path).catch(() => undefined);
      if (replaced()) return undefined;
      if (text === undefined || refusedText(text)) {
        state.pages.delete(page.path);
        state.unreadable.set(page.path, page);
        continue;
      }
      state.unreadable.delete(page.path);
      state.pages.set(page.path, pageCoverage(page, scanDocument(text), index, terms, { glossaryMacros: ctx.glossaryMacros }));
    }
    // Only parts of the pages as the index has them now (a page's own links to itself count for nothing
    // only when its part and its entry are the same page); one that changed meanwhile is left for the next update.
    const parts = [...state.pages.values()].filter((part) => index.pageAtPath(part.page.path) === part.page);
    const report = coverageReport(locale, coverageEntries(index, locale), parts);
    state.report = report;
    state.reportAt = reportAt;
    state.unlinked = new Map(report.entries.map((entry) => [entry.entry.folder, entry.mentionedUnlinked.length]));
    const digest = reportDigest(report);
    const announce = state.digest === undefined ? state.awaited : digest !== state.digest;
    state.digest = digest;
    if (announce) this.deps.onChanged(locale);
    return report;
  }

  /**
   * What a report is good for: the index as it is now and the aliases setting (a new alias changes
   * the terms, so the mentions, while the index stays the same).
   */
  private reportKey(index: ContentIndex): string {
    return `${index.generation}|${JSON.stringify(this.deps.aliases())}`;
  }

  /** A turn of the event loop, then a wait while requests come first. */
  private async turn(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (this.deps.busy() && !this.disposed) await new Promise((resolve) => setTimeout(resolve, BUSY_WAIT_MS));
  }

  /**
   * The terms as the matcher sees them: terms rebuilt with the same specs keep their matcher (see
   * buildGlossaryTerms) and find the same mentions.
   */
  private specsDigest(terms: GlossaryTerms): string {
    let digest = this.specsDigests.get(terms);
    if (digest === undefined) {
      let id = this.matcherIds.get(terms.matcher);
      if (id === undefined) this.matcherIds.set(terms.matcher, (id = ++this.matchers));
      this.specsDigests.set(terms, (digest = `${id}:${[...terms.entries.keys()].join(',')}`));
    }
    return digest;
  }
}

function mentionsOff(severities: Record<string, SeverityName>): boolean {
  return (severities[UNLINKED_MENTION_CODE] ?? DEFAULT_SEVERITY[UNLINKED_MENTION_CODE]) === 'off';
}

/** The locale a request names (any case), else en-US when indexed, else the first locale. */
function requestedLocale(asked: string | undefined, index: ContentIndex): string {
  if (asked) return asked.toLowerCase();
  return index.hasLocale(DEFAULT_LOCALE) ? DEFAULT_LOCALE : (index.locales()[0] ?? DEFAULT_LOCALE);
}

/** What the view shows, for telling whether it changed. */
function reportDigest(report: CoverageReport): string {
  const entries = report.entries.map((entry) => `${entry.entry.folder}:${entry.entry.title}:${entry.linkedFrom.length}:${entry.mentionedUnlinked.length}`);
  const wanted = report.wanted.map((want) => `${want.slug}:${want.wantedBy.map((by) => `${by.page.path}@${by.line}:${by.column}`).join(',')}`);
  return `${report.pages}\n${entries.join('\n')}\n${wanted.join('\n')}`;
}

export function coverageView(report: CoverageReport, index: ContentIndex): CoverageView {
  const entries = report.entries.map((entry) => ({
    slug: entry.entry.slug,
    title: entry.entry.title,
    uri: fileUri(entry.entry.path),
    linkedFrom: entry.linkedFrom.length,
    mentionedUnlinked: entry.mentionedUnlinked.length,
    orphan: entry.orphan,
  }));
  entries.sort((a, b) => a.title.localeCompare(b.title, 'en') || (a.slug < b.slug ? -1 : 1));
  return {
    locale: urlLocale(report.locale),
    locales: index.locales().map(urlLocale),
    pages: report.pages,
    entries,
    wanted: report.wanted.map((want) => ({
      slug: want.slug,
      wantedBy: want.wantedBy.map((by) => ({ uri: fileUri(by.page.path), title: by.page.title, line: by.line, column: by.column })),
    })),
  };
}
