/**
 * The server's glossary coverage (server/src/lsp/coverageService.ts), in process over an index in
 * memory: the same figures as the CLI's aggregation; pages read again only when they changed (every
 * page when redirects change); nothing read while requests come first; a newer build stops the
 * count and the answer comes from it; counts for the code lens, announced once known.
 */
import { describe, expect, it } from 'vitest';
import { CancellationTokenSource } from 'vscode-languageserver';
import { ContentIndex } from '../../server/src/content/contentIndex';
import { InMemoryFileSystem } from '../../server/src/content/fileSystem';
import { GLOSSARY_MACROS } from '../../server/src/content/pageReferences';
import { glossaryTermsOf } from '../../server/src/content/glossaryTerms';
import { coverageEntries, coverageReport, pageCoverage } from '../../server/src/resolve/coverage';
import { scanDocument } from '../../server/src/syntax/document';
import type { FeatureContext } from '../../server/src/features/context';
import { coverageView, GlossaryCoverage } from '../../server/src/lsp/coverageService';
import type { CoverageView } from '../../server/src/lsp/protocol';
import { FILES, pagePath, redirectsText } from '../helpers/content';
import { FILE_MAP, pageFile } from '../helpers/glossaryFixture';

const token = () => new CancellationTokenSource().token;
const enPages = (index: ContentIndex) => [...index.allPages()].filter((page) => page.locale === 'en-us');

async function setUp(files: Record<string, string> = FILE_MAP) {
  const fs = new InMemoryFileSystem({ ...files });
  const index = await ContentIndex.build(fs, [FILES]);
  const texts = new Map(Object.entries(files));
  const state = {
    ctx: { index, glossaryMacros: GLOSSARY_MACROS } as FeatureContext,
    reads: [] as string[],
    busy: false,
    changed: [] as Array<string | undefined>,
    quietTasks: [] as Array<() => void>,
  };
  const service = new GlossaryCoverage({
    current: async () => state.ctx,
    readText: async (path) => (state.reads.push(path), texts.get(path)),
    aliases: () => ({}),
    busy: () => state.busy,
    onChanged: (locale) => state.changed.push(locale),
    later: (_name, task) => state.quietTasks.push(task),
    onError: (error) => {
      throw error;
    },
  });
  service.ready(state.ctx);
  return { fs, index, texts, state, service };
}

/** The view the CLI's aggregation gives for the same tree. */
async function expectedView(index: ContentIndex, texts: Map<string, string>): Promise<CoverageView> {
  const terms = await glossaryTermsOf(index, 'en-us', { readText: (page) => texts.get(page.path) });
  const parts = enPages(index).map((page) => pageCoverage(page, scanDocument(texts.get(page.path)!), index, terms));
  return coverageView(coverageReport('en-us', coverageEntries(index, 'en-us'), parts), index);
}

describe('glossary coverage in the server', () => {
  it('answers the figures the CLI aggregates; then looks again only at pages that changed', async () => {
    const { index, texts, state, service } = await setUp();
    const view = (await service.request({}, token())) as CoverageView;
    expect(view).toEqual(await expectedView(index, texts));
    expect(view.entries.find((e) => e.slug === 'Glossary/API')).toMatchObject({ linkedFrom: 1, mentionedUnlinked: 2, orphan: false });
    const pageReads = state.reads.filter((path) => !path.includes('/glossary/'));
    expect(new Set(pageReads)).toEqual(
      new Set(
        enPages(index)
          .map((page) => page.path)
          .filter((path) => !path.includes('/glossary/')),
      ),
    );

    // Asked again: nothing read.
    state.reads.length = 0;
    expect(await service.request({ locale: 'en-US' }, token())).toEqual(view);
    expect(state.reads).toEqual([]);

    // One page changes: that page is read again, and only it.
    const guide = pagePath('en-us', 'Web/Guide');
    texts.set(guide, pageFile('Web/Guide', 'Now {{Glossary("API")}} and {{Glossary("Orphan_term")}}; CORS.'));
    await index.updateFile(guide, texts.get(guide)!);
    const after = (await service.request({}, token())) as CoverageView;
    expect(state.reads).toEqual([guide]);
    expect(after).toEqual(await expectedView(index, texts));
    expect(after.entries.find((e) => e.slug === 'Glossary/Orphan_term')).toMatchObject({ linkedFrom: 1, orphan: false });

    // Redirects change what links resolve to: every page is looked at again.
    state.reads.length = 0;
    const redirects = `${FILES}/en-us/_redirects.txt`;
    await index.updateFile(redirects, redirectsText([['/en-US/docs/Glossary/Old_CORS', '/en-US/docs/Glossary/CORS']]));
    texts.set(redirects, redirectsText([['/en-US/docs/Glossary/Old_CORS', '/en-US/docs/Glossary/CORS']]));
    const redirected = (await service.request({}, token())) as CoverageView;
    expect(state.reads.length).toBeGreaterThanOrEqual(enPages(index).length - coverageEntries(index, 'en-us').length);
    // Web/Redirected linked XSS through the redirect that is gone now.
    expect(redirected.entries.find((e) => e.slug === 'Glossary/Cross-site_scripting')).toMatchObject({ linkedFrom: 0, orphan: true });
  });

  it('reads nothing while requests come first, and goes on once they are done', async () => {
    const { state, service } = await setUp();
    await service.termsFor(state.ctx, 'en-us');
    state.reads.length = 0;
    state.busy = true;
    const answer = service.request({}, token());
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(state.reads).toEqual([]);
    state.busy = false;
    const view = (await answer) as CoverageView;
    expect(view.entries.length).toBeGreaterThan(0);
    expect(state.reads.length).toBeGreaterThan(0);
  });

  it('a newer build stops the count of the one before; the answer comes from the newer build', async () => {
    const { state, service } = await setUp();
    await service.termsFor(state.ctx, 'en-us');
    state.busy = true;
    const answer = service.request({}, token());
    await new Promise((resolve) => setTimeout(resolve, 50));
    // A new build, with one more entry.
    const files = { ...FILE_MAP, [pagePath('en-us', 'Glossary/Mixin')]: pageFile('Glossary/Mixin', 'A **mixin** adds behaviour.', { pageType: 'glossary-definition' }) };
    const newer = await ContentIndex.build(new InMemoryFileSystem(files), [FILES]);
    const oldIndex = state.ctx.index;
    state.ctx = { index: newer, glossaryMacros: GLOSSARY_MACROS };
    service.ready(state.ctx);
    // The view is told that everything may have changed.
    expect(state.changed).toEqual([undefined]);
    state.reads.length = 0;
    state.busy = false;
    const view = (await answer) as CoverageView;
    expect(view.entries.map((e) => e.slug)).toContain('Glossary/Mixin');
    // Only the newer build's pages were read after it arrived (its terms read its entries).
    expect(state.reads.every((path) => newer.pageAtPath(path) !== undefined)).toBe(true);
    expect(oldIndex).not.toBe(newer);
  });

  it('counts for the code lens: unknown at first (the count starts), announced once known', async () => {
    const { index, texts, state, service } = await setUp();
    const api = index.pageAtPath(pagePath('en-us', 'Glossary/API'))!;
    expect(service.unlinkedCount(state.ctx, api)).toBeUndefined();
    for (let i = 0; i < 100 && !state.changed.includes('en-us'); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(state.changed).toEqual(['en-us']);
    expect(service.unlinkedCount(state.ctx, api)).toBe(2);
    // An edit: counted again at the next quiet moment, announced when the figures changed.
    const guide = pagePath('en-us', 'Web/Guide');
    texts.set(guide, pageFile('Web/Guide', 'Nothing about it.'));
    await index.updateFile(guide, texts.get(guide)!);
    service.changed();
    expect(state.quietTasks).toHaveLength(1);
    state.quietTasks[0]();
    for (let i = 0; i < 100 && state.changed.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(state.changed).toEqual(['en-us', 'en-us']);
    expect(service.unlinkedCount(state.ctx, api)).toBe(1);
  });
});

describe("the keystroke path of an entry's page", () => {
  it("editing an entry's text keeps the matcher (and every other entry's specs); a new title makes a new one", async () => {
    const { index, texts, state, service } = await setUp();
    const first = await service.termsFor(state.ctx, 'en-us');
    const cors = pagePath('en-us', 'Glossary/CORS');
    texts.set(cors, pageFile('Glossary/CORS', '**CORS** is a system, edited.', { pageType: 'glossary-definition' }));
    await index.updateFile(cors, texts.get(cors)!);
    state.reads.length = 0;
    const second = await service.termsFor(state.ctx, 'en-us');
    expect(second).not.toBe(first);
    expect(second.matcher).toBe(first.matcher);
    // Only the edited entry was read again.
    expect(state.reads).toEqual([cors]);
    texts.set(cors, pageFile('Glossary/CORS', '**CORS** is a system.', { title: 'Cross-Origin Resource Sharing (CORS)', pageType: 'glossary-definition' }));
    await index.updateFile(cors, texts.get(cors)!);
    const third = await service.termsFor(state.ctx, 'en-us');
    expect(third.matcher).not.toBe(first.matcher);
    expect(third.specs.some((spec) => spec.text === 'Cross-Origin Resource Sharing')).toBe(true);
  });

  it("a locale's glossary list is the same until one of its glossary pages changes", async () => {
    const { index } = await setUp();
    const en = index.glossaryEntries('en-us');
    const fr = index.glossaryEntries('fr');
    await index.updateFile(pagePath('en-us', 'Web/Guide'), pageFile('Web/Guide', 'Edited.'));
    expect(index.glossaryEntries('en-us')).toBe(en);
    await index.updateFile(pagePath('en-us', 'Glossary/API'), pageFile('Glossary/API', 'Edited.', { pageType: 'glossary-definition' }));
    const enAfter = index.glossaryEntries('en-us');
    expect(enAfter).not.toBe(en);
    expect(enAfter.map((page) => page.slug)).toEqual(en.map((page) => page.slug));
    expect(index.glossaryEntries('fr')).toBe(fr);
    await index.updateFile(pagePath('en-us', 'Glossary/API'), undefined);
    expect(index.glossaryEntries('en-us').map((page) => page.slug)).not.toContain('Glossary/API');
    expect(index.glossaryEntryCount()).toBe(index.glossaryEntries('en-us').length + fr.length);
  });
});
