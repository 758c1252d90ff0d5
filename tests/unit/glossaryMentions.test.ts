/**
 * Glossary coverage features over an in-memory index (no process): unlinked-mention diagnostics,
 * the quick fixes (applied: what a reader sees is unchanged), the hover, the entry code lens, the
 * orphan diagnostic, "wanted by", the terms cache, and the coverage report (resolve/coverage.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CodeAction, Diagnostic, DiagnosticSeverity, Range, TextEdit } from 'vscode-languageserver';
import { ContentIndex } from '../../server/src/content/contentIndex';
import { InMemoryFileSystem } from '../../server/src/content/fileSystem';
import { GLOSSARY_MACROS } from '../../server/src/content/pageReferences';
import { GlossaryTerms, glossaryTermsOf } from '../../server/src/content/glossaryTerms';
import { checkPage } from '../../server/src/resolve/pageFindings';
import { collectPageCoverage, coverageEntries, coverageReport, inboundPages, pageCoverage } from '../../server/src/resolve/coverage';
import { scanDocument } from '../../server/src/syntax/document';
import { LineIndex } from '../../server/src/syntax/positions';
import { FeatureContext, fileUri, pageDocument, PageDocument } from '../../server/src/features/context';
import {
  entryCodeLens,
  glossaryMacroFor,
  glossaryTermsCache,
  mentionCodeActions,
  mentionDiagnostics,
  mentionHover,
  orphanDiagnostics,
  pageMentions,
  UNLINKED_MENTION_CODE,
  wantedText,
} from '../../server/src/features/glossaryMentions';
import { FILES, pagePath } from '../helpers/content';
import { FILE_MAP, pageFile, renderedText as rendered } from '../helpers/glossaryFixture';

let index: ContentIndex;
let ctx: FeatureContext;
let terms: Record<string, GlossaryTerms>;

beforeAll(async () => {
  index = await ContentIndex.build(new InMemoryFileSystem(FILE_MAP), [FILES]);
  ctx = { index, glossaryMacros: GLOSSARY_MACROS };
  const readText = (page: { path: string }) => FILE_MAP[page.path];
  terms = { 'en-us': await glossaryTermsOf(index, 'en-us', { readText }), fr: await glossaryTermsOf(index, 'fr', { readText }) };
});

function docOf(locale: string, slug: string, text = FILE_MAP[pagePath(locale, slug)]): PageDocument {
  const path = pagePath(locale, slug);
  return pageDocument(fileUri(path), text, 3, locale, path);
}

function textAt(doc: PageDocument, range: Range): string {
  return doc.text.slice(doc.lines.offsetAt(range.start), doc.lines.offsetAt(range.end));
}

function apply(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  const spans = edits.map((edit) => ({ start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end), newText: edit.newText })).sort((a, b) => b.start - a.start);
  for (const span of spans) text = text.slice(0, span.start) + span.newText + text.slice(span.end);
  return text;
}

function editsOf(action: CodeAction, uri: string): TextEdit[] {
  return action.edit?.changes?.[uri] ?? [];
}

describe('glossary-unlinked-mention diagnostics', () => {
  it('the first mention of each entry the page does not link, nothing in code, link text, macros or comments', () => {
    const doc = docOf('en-us', 'Web/Guide');
    const diagnostics = mentionDiagnostics(doc, ctx, terms['en-us']);
    expect(diagnostics.map((d) => textAt(doc, d.range))).toEqual(['API', 'CORS', 'cross-site\nscripting']);
    expect(diagnostics.map((d) => d.code)).toEqual([UNLINKED_MENTION_CODE, UNLINKED_MENTION_CODE, UNLINKED_MENTION_CODE]);
    expect(diagnostics[0]).toMatchObject({ severity: DiagnosticSeverity.Hint, source: 'glossary-lsp', message: '"API" has a glossary entry (API): link its first mention' });
    expect(diagnostics[2].message).toBe('"cross-site scripting" has a glossary entry (Cross-site scripting (XSS)): link its first mention');
    expect(diagnostics[0].data).toMatchObject({ version: 3, entry: 'Glossary/API', fix: { newText: '{{Glossary("API")}}' } });
    // `node` alone is the disambiguation page's word: never a mention.
    expect(diagnostics.some((d) => textAt(doc, d.range).toLowerCase() === 'node')).toBe(false);
  });

  it('nothing for an entry the page links anywhere: by macro, by link through a redirect, before or after the mention', () => {
    const doc = docOf('en-us', 'Web/Linked');
    expect(mentionDiagnostics(doc, ctx, terms['en-us']).map((d) => textAt(doc, d.range))).toEqual(['XSS']);
  });

  it('nothing for the entry on its own page, and nothing at all on a disambiguation page', () => {
    const cors = docOf('en-us', 'Glossary/CORS');
    expect(mentionDiagnostics(cors, ctx, terms['en-us']).map((d) => textAt(cors, d.range))).toEqual(['API']);
    expect(mentionDiagnostics(docOf('en-us', 'Glossary/Node'), ctx, terms['en-us'])).toEqual([]);
  });

  it('glossary.severity sets the severity, or hides the code with off', () => {
    const doc = docOf('en-us', 'Web/Guide');
    expect(mentionDiagnostics(doc, ctx, terms['en-us'], { [UNLINKED_MENTION_CODE]: 'warning' })[0].severity).toBe(DiagnosticSeverity.Warning);
    expect(mentionDiagnostics(doc, ctx, terms['en-us'], { [UNLINKED_MENTION_CODE]: 'off' })).toEqual([]);
  });

  it("a translated page: its locale's entries, and English ones it has not translated", () => {
    const doc = docOf('fr', 'Web/Guide');
    const mentions = pageMentions(doc, ctx, terms.fr);
    expect(mentions.map((m) => [m.text, m.entry.locale])).toEqual([
      ['API', 'fr'],
      ['CORS', 'en-us'],
    ]);
  });

  it('follows the text being edited, not the file', () => {
    const doc = docOf('en-us', 'Web/Guide', pageFile('Web/Guide', 'Now {{Glossary("API")}} is linked; CORS is not.'));
    expect(mentionDiagnostics(doc, ctx, terms['en-us']).map((d) => textAt(doc, d.range))).toEqual(['CORS']);
  });
});

describe('quick fixes', () => {
  it('one argument when the words are the term, two when they differ', () => {
    expect(glossaryMacroFor({ slug: 'Glossary/CORS' }, 'CORS')).toBe('{{Glossary("CORS")}}');
    expect(glossaryMacroFor({ slug: 'Glossary/API' }, 'APIs')).toBe('{{Glossary("API", "APIs")}}');
    expect(glossaryMacroFor({ slug: 'Glossary/Cross-site_scripting' }, 'cross-site\nscripting')).toBe('{{Glossary("Cross-site_scripting", "cross-site scripting")}}');
    expect(glossaryMacroFor({ slug: 'Glossary/Quote"d' }, 'a\\b')).toBe('{{Glossary("Quote\\"d", "a\\\\b")}}');
  });

  it('"Link to glossary: CORS" wraps the mention; what readers see is unchanged, and the mention is gone', () => {
    const doc = docOf('en-us', 'Web/Guide');
    const diagnostics = mentionDiagnostics(doc, ctx, terms['en-us']);
    const cors = diagnostics[1];
    const actions = mentionCodeActions(doc, cors.range, [cors], ctx, terms['en-us']);
    expect(actions.map((a) => a.title)).toEqual(['Link to glossary: CORS', 'Link every first mention on this page (3)']);
    expect(actions[0]).toMatchObject({ kind: 'quickfix', isPreferred: true, diagnostics: [cors] });
    const edited = apply(doc.text, editsOf(actions[0], doc.uri));
    expect(edited).toContain('an API and {{Glossary("CORS")}}, then');
    expect(rendered(edited)).toBe(rendered(doc.text));
    const after = docOf('en-us', 'Web/Guide', edited);
    expect(mentionDiagnostics(after, ctx, terms['en-us']).map((d) => textAt(after, d.range))).toEqual(['API', 'cross-site\nscripting']);
  });

  it('"Link every first mention on this page": one edit per mention, none overlapping; readers see the same text; the new links resolve', () => {
    const doc = docOf('en-us', 'Web/Guide');
    const diagnostics = mentionDiagnostics(doc, ctx, terms['en-us']);
    const every = mentionCodeActions(doc, diagnostics[0].range, diagnostics, ctx, terms['en-us']).find((a) => a.title.startsWith('Link every'))!;
    expect(every.diagnostics).toHaveLength(3);
    const edited = apply(doc.text, editsOf(every, doc.uri));
    expect(edited).toContain('uses an {{Glossary("API")}} and {{Glossary("CORS")}}, then the API again');
    expect(edited).toContain('A {{Glossary("Cross-site_scripting", "cross-site scripting")}} attack');
    expect(rendered(edited)).toBe(rendered(doc.text));
    // The new macros resolve: the page has exactly the findings it had (a broken domxref of the fixture).
    const findings = (text: string) => checkPage(scanDocument(text), 'en-us', index).map((f) => `${f.code} ${f.target}`);
    expect(findings(edited)).toEqual(findings(doc.text));
    expect(mentionDiagnostics(docOf('en-us', 'Web/Guide', edited), ctx, terms['en-us'])).toEqual([]);
  });

  it('no actions away from mentions; a single action when the page has one mention', () => {
    const doc = docOf('en-us', 'Web/Guide');
    const line4 = { start: { line: 9, character: 0 }, end: { line: 9, character: 3 } };
    expect(mentionCodeActions(doc, line4, [], ctx, terms['en-us'])).toEqual([]);
    const linked = docOf('en-us', 'Web/Linked');
    const [xss] = mentionDiagnostics(linked, ctx, terms['en-us']);
    expect(mentionCodeActions(linked, xss.range, [xss], ctx, terms['en-us']).map((a) => a.title)).toEqual(['Link to glossary: Cross-site scripting (XSS)']);
  });
});

describe('hover on an unlinked mention', () => {
  it('shows the entry, its summary, and the fix', async () => {
    const doc = docOf('en-us', 'Web/Guide');
    const hover = await mentionHover(doc, doc.lines.positionAt(doc.text.indexOf('API') + 1), ctx, terms['en-us']);
    const value = (hover!.contents as { value: string }).value;
    expect(value).toContain('**API** — `Glossary/API`');
    expect(value).toContain('An **API** (Application Programming Interface) is a set of features.');
    expect(value).toContain('{{Glossary("API")}}');
    expect(textAt(doc, hover!.range!)).toBe('API');
  });

  it('says when the entry is English on a translated page; nothing away from a mention', async () => {
    const doc = docOf('fr', 'Web/Guide');
    const hover = await mentionHover(doc, doc.lines.positionAt(doc.text.indexOf('CORS')), ctx, terms.fr);
    expect((hover!.contents as { value: string }).value).toContain('English: not translated yet');
    expect(await mentionHover(doc, doc.lines.positionAt(doc.text.indexOf('Une')), ctx, terms.fr)).toBeNull();
  });
});

describe("on an entry's page", () => {
  it('a code lens on the title: linked from N pages (through redirects too, its own page aside) · mentioned without a link on M pages', () => {
    const doc = docOf('en-us', 'Glossary/CORS');
    const [lens] = entryCodeLens(doc, ctx, () => 1);
    expect(textAt(doc, lens.range)).toBe('"CORS"');
    expect(lens.command).toEqual({ title: 'linked from 1 page · mentioned without a link on 1 page', command: '' });
    expect(entryCodeLens(doc, ctx)[0].command!.title).toBe('linked from 1 page · unlinked mentions not counted yet');
    expect(entryCodeLens(docOf('en-us', 'Web/Guide'), ctx)).toEqual([]);
    expect(entryCodeLens(docOf('en-us', 'Glossary/Node'), ctx)).toEqual([]);
  });

  it('"No page links to this entry" on an orphan\'s title (its own link does not count); information by default, configurable', () => {
    const orphan = docOf('en-us', 'Glossary/Orphan_term');
    const [diagnostic] = orphanDiagnostics(orphan, ctx);
    expect(diagnostic).toMatchObject({ code: 'glossary-orphan-entry', severity: DiagnosticSeverity.Information, message: 'No page links to this entry' });
    expect(textAt(orphan, diagnostic.range)).toBe('"Orphan term"');
    expect(orphanDiagnostics(orphan, ctx, { 'glossary-orphan-entry': 'off' })).toEqual([]);
    expect(orphanDiagnostics(docOf('en-us', 'Glossary/CORS'), ctx)).toEqual([]);
    expect(orphanDiagnostics(docOf('en-us', 'Glossary/Node/DOM'), ctx)).toEqual([]);
  });

  it("no orphan is reported while the index does not know every page's references yet", async () => {
    const partial = await ContentIndex.build(new InMemoryFileSystem(FILE_MAP), [FILES], { scan: () => false });
    expect(orphanDiagnostics(docOf('en-us', 'Glossary/Orphan_term'), { index: partial, glossaryMacros: GLOSSARY_MACROS })).toEqual([]);
  });

  it('"wanted by N pages" for a missing glossary target', () => {
    expect(wantedText(ctx, 'en-us', 'Glossary/interface')).toBe('wanted by 2 pages');
    expect(wantedText(ctx, 'en-us', 'Glossary/Mixin')).toBe('wanted by 1 page');
  });
});

describe('the terms cache', () => {
  it("builds a locale's terms once, again only when a glossary page or the aliases change", async () => {
    const fs = new InMemoryFileSystem(FILE_MAP);
    const own = await ContentIndex.build(fs, [FILES]);
    const local: FeatureContext = { index: own, glossaryMacros: GLOSSARY_MACROS };
    let aliases: Record<string, string[]> = {};
    let reads = 0;
    const cache = glossaryTermsCache(
      (page) => {
        reads++;
        return FILE_MAP[page.path];
      },
      () => aliases,
    );
    const first = await cache.termsFor(local, 'en-us');
    expect(await cache.termsFor(local, 'en-us')).toBe(first);
    const readsOnce = reads;
    await own.updateFile(pagePath('en-us', 'Web/Guide'), pageFile('Web/Guide', 'Edited.'));
    expect(await cache.termsFor(local, 'en-us')).toBe(first);
    expect(reads).toBe(readsOnce);
    await own.updateFile(pagePath('en-us', 'Glossary/CORS'), pageFile('Glossary/CORS', 'Edited entry.', { pageType: 'glossary-definition' }));
    const second = await cache.termsFor(local, 'en-us');
    expect(second).not.toBe(first);
    aliases = { CORS: ['cross-origin sharing'] };
    const third = await cache.termsFor(local, 'en-us');
    expect(third).not.toBe(second);
    expect(third.specs.some((spec) => spec.text === 'cross-origin sharing')).toBe(true);
  });
});

describe('coverage report', () => {
  it('per entry: inbound pages (macro, link, redirect; own page aside), unlinked mentions with 1-based positions; orphans; wanted', () => {
    const pages = [...index.allPages()].filter((page) => page.locale === 'en-us');
    const perPage = pages.map((page) => pageCoverage(page, scanDocument(FILE_MAP[page.path]), index, terms['en-us']));
    const report = coverageReport('en-us', coverageEntries(index, 'en-us'), perPage);
    const bySlug = new Map(report.entries.map((entry) => [entry.entry.slug, entry]));
    expect([...bySlug.keys()]).toEqual(['Glossary/API', 'Glossary/CORS', 'Glossary/Cross-site_scripting', 'Glossary/Node/DOM', 'Glossary/Orphan_term']);
    expect(bySlug.get('Glossary/API')!.linkedFrom.map((page) => page.slug)).toEqual(['Web/Linked']);
    expect(bySlug.get('Glossary/CORS')!.linkedFrom.map((page) => page.slug)).toEqual(['Web/Linked']);
    expect(bySlug.get('Glossary/Node/DOM')!.linkedFrom.map((page) => page.slug)).toEqual(['Web/Other']);
    expect(bySlug.get('Glossary/Orphan_term')).toMatchObject({ linkedFrom: [], orphan: true });
    // Through a redirect from an old URL outside Glossary/.
    expect(bySlug.get('Glossary/Cross-site_scripting')!.linkedFrom.map((page) => page.slug)).toEqual(['Web/Redirected']);
    expect(bySlug.get('Glossary/API')!.mentionedUnlinked.map((m) => [m.page.slug, m.line, m.column, m.text])).toEqual([
      ['Glossary/CORS', 7, 42, 'API'],
      ['Web/Guide', 6, 20, 'API'],
    ]);
    expect(report.wanted.map((want) => [want.slug, want.wantedBy.map((w) => w.page.slug)])).toEqual([
      // One page writes interface, one Interface: a tie goes to code-point order.
      ['Glossary/Interface', ['Web/Linked', 'Web/Other']],
      ['Glossary/Mixin', ['Web/Other']],
    ]);
    expect(report.pages).toBe(pages.length);
  });

  it('collectPageCoverage: the same per-page facts in time slices, and stops when cancelled', async () => {
    const pages = [...index.allPages()].filter((page) => page.locale === 'en-us').sort((a, b) => a.path.localeCompare(b.path));
    const all = await collectPageCoverage(pages, (page) => FILE_MAP[page.path], index, terms['en-us'], { sliceMs: 0 });
    expect(all.map((coverage) => coverage.page)).toEqual(pages);
    expect(all).toEqual(pages.map((page) => pageCoverage(page, scanDocument(FILE_MAP[page.path]), index, terms['en-us'])));
    let read = 0;
    const some = await collectPageCoverage(pages, (page) => (read++, Promise.resolve(FILE_MAP[page.path])), index, terms['en-us'], { isCancelled: () => read >= 2 });
    expect(some).toHaveLength(2);
  });

  it("inboundPages (the index's reverse map, no page read) agrees with the report for every entry", () => {
    const pages = [...index.allPages()].filter((page) => page.locale === 'en-us');
    const report = coverageReport(
      'en-us',
      coverageEntries(index, 'en-us'),
      pages.map((page) => pageCoverage(page, scanDocument(FILE_MAP[page.path]), index, terms['en-us'])),
    );
    for (const entry of report.entries) expect(inboundPages(index, entry.entry)).toEqual(entry.linkedFrom);
  });
});

describe('diagnostics carry what code actions need', () => {
  it("every diagnostic's fix is its mention's edit", () => {
    const doc = docOf('en-us', 'Web/Guide');
    for (const diagnostic of mentionDiagnostics(doc, ctx, terms['en-us']) as Array<Diagnostic & { data: { fix: { start: number; end: number } } }>) {
      expect(doc.text.slice(diagnostic.data.fix.start, diagnostic.data.fix.end)).toBe(textAt(doc, diagnostic.range));
    }
  });
});
