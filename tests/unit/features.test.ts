/**
 * Rough edges of the authoring features, in memory: fuzzy matching drops noise, completion in a
 * translated page never offers an English entry its locale redirects, "did you mean" for broken
 * `/docs/` links (code action), the disambiguation hover lists the pages it offers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ContentIndex } from '../../server/src/content/contentIndex';
import { InMemoryFileSystem } from '../../server/src/content/fileSystem';
import { GLOSSARY_MACROS } from '../../server/src/content/pageReferences';
import { FeatureContext, pageDocument } from '../../server/src/features/context';
import { completions } from '../../server/src/features/completion';
import { codeActions } from '../../server/src/features/codeActions';
import { hover } from '../../server/src/features/hover';
import { editDistance, fuzzyScore } from '../../server/src/features/fuzzy';
import { FILES, pagePath, redirectsText } from '../helpers/content';

function page(locale: string, slug: string, title: string, body = 'Text.', pageType = 'glossary-definition'): [string, string] {
  const l10n = locale === 'en-us' ? '' : 'l10n:\n  sourceCommit: 0123456789abcdef\n';
  return [pagePath(locale, slug), `---\ntitle: ${JSON.stringify(title)}\nslug: ${slug}\npage-type: ${pageType}\n${l10n}---\n\n${body}\n`];
}

let ctx: FeatureContext;
beforeAll(async () => {
  const fs = new InMemoryFileSystem(
    Object.fromEntries([
      ...(
        [
          ['Glossary/Stylesheet', 'Stylesheet'],
          ['Glossary/SSR', 'SSR (Server-side rendering)'],
          ['Glossary/SMPTE', 'SMPTE (Society of Motion Picture and Television Engineers)'],
          ['Glossary/Physical_properties', 'Physical properties'],
          ['Glossary/Cross-site_scripting', 'Cross-site scripting (XSS)'],
        ] as const
      ).map(([slug, title]) => page('en-us', slug, title)),
      page(
        'en-us',
        'Glossary/Node',
        'Node',
        'The term **node** can have several meanings depending on the context. It may refer to:\n\n{{GlossaryDisambiguation}}',
        'glossary-disambiguation',
      ),
      ...(
        [
          ['Glossary/Node/DOM', 'Node (DOM)'],
          ['Glossary/Node/Networking', 'Node (networking)'],
          ['Glossary/Node/DOM/Deeper', 'Not offered (two levels down)'],
          ['Web/CSS/Nirgends', 'Nirgends'],
          ['Web/CSS/Old_sheet', 'Old sheet'],
        ] as const
      ).map(([slug, title]) => page('en-us', slug, title)),
      page('de', 'Glossary/Style_sheet', 'Stilvorlage'),
      page('de', 'Glossary/Node', 'Knoten', 'Der Begriff **Knoten** hat mehrere Bedeutungen. Er kann sich beziehen auf:\n\n{{GlossaryDisambiguation}}', 'glossary-disambiguation'),
      page('de', 'Glossary/Node/DOM', 'Knoten (DOM)'),
      page('de', 'Web/CSS/Style_sheet', 'Stilvorlage (CSS)'),
      [
        `${FILES}/de/_redirects.txt`,
        redirectsText([
          ['/de/docs/Glossary/Stylesheet', '/de/docs/Glossary/Style_sheet'],
          ['/de/docs/Web/CSS/Old_sheet', '/de/docs/Web/CSS/Style_sheet'],
        ]),
      ],
    ]),
  );
  ctx = { index: await ContentIndex.build(fs, [FILES]), glossaryMacros: GLOSSARY_MACROS };
});

function docOf(locale: string, body: string) {
  const text = `---\ntitle: T\nslug: Learn/T\n---\n\n${body}`;
  return { text, doc: pageDocument(`file://${FILES}/${locale}/learn/t/index.md`, text, 1, locale, `${FILES}/${locale}/learn/t/index.md`) };
}

function positionAt(text: string, offset: number) {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
}

describe('fuzzy matching', () => {
  it('drops scattered matches that share no word start (noise), keeps good ones', () => {
    for (const [query, candidate] of [
      ['ereignis', 'SSR (Server-side rendering)'],
      ['ereignis', 'SSR'],
      ['fonct', 'SMPTE (Society of Motion Picture and Television Engineers)'],
      ['fonct', 'SMPTE'],
      ['hashf', 'Physical_properties'],
      ['hashf', 'Physical properties'],
    ]) {
      expect(fuzzyScore(query, candidate), `${query} → ${candidate}`).toBe(0);
    }
    expect(fuzzyScore('cros', 'Cross-site_scripting')).toBeGreaterThan(0);
    expect(fuzzyScore('xss', 'Cross-site scripting (XSS)')).toBeGreaterThan(0);
    expect(fuzzyScore('csp', 'Content_Security_Policy')).toBeGreaterThan(0);
    expect(fuzzyScore('crosc', 'Cross-site_scripting')).toBeGreaterThan(0);
    expect(fuzzyScore('site', 'Cross-site_scripting')).toBeGreaterThan(0);
  });

  it('edit distance, bounded', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('kitten', 'sitting', 2)).toBe(Infinity);
    expect(editDistance('breadcrumbs', 'breadcrumb', 2)).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('a'.repeat(200), 'a'.repeat(199) + 'b')).toBe(1);
  });

  it('glossary completion never offers the noise entries', () => {
    for (const typed of ['ereignis', 'fonct', 'hashf']) {
      const { text, doc } = docOf('en-us', `{{Glossary("${typed}`);
      const list = completions(doc, positionAt(text, text.length), ctx, { snippetSupport: false });
      expect(list?.items.map((item) => item.label) ?? [], typed).toEqual([]);
    }
    const { text, doc } = docOf('en-us', '{{Glossary("cros');
    expect(completions(doc, positionAt(text, text.length), ctx, { snippetSupport: false })?.items[0]?.label).toBe('Cross-site_scripting');
  });
});

describe('completion in a translated page', () => {
  it('offers the locale’s target of an English entry it redirects (with the target’s title), never the English entry', () => {
    const { text, doc } = docOf('de', '{{Glossary("stylesh');
    const items = completions(doc, positionAt(text, text.length), ctx, { snippetSupport: false })!.items;
    expect(items.map((item) => [item.label, item.labelDetails?.description])).toEqual([['Style_sheet', 'Stilvorlage']]);
    expect(items.some((item) => String(item.detail).includes('English only'))).toBe(false);
  });

  it('still offers English-only entries the locale does not redirect, marked as such', () => {
    const { text, doc } = docOf('de', '{{Glossary("smpt');
    const [item] = completions(doc, positionAt(text, text.length), ctx, { snippetSupport: false })!.items;
    expect(item).toMatchObject({ label: 'SMPTE', labelDetails: { description: expect.stringContaining('English only') } });
  });

  it('link targets: an English page whose URL the locale redirects is not offered', () => {
    const { text, doc } = docOf('de', '[x](/de/docs/Web/CSS/');
    const labels = completions(doc, positionAt(text, text.length), ctx, { snippetSupport: false })!.items.map((item) => item.label);
    expect(labels).toContain('Style_sheet');
    expect(labels).toContain('Nirgends');
    expect(labels).not.toContain('Old_sheet');
  });
});

describe('did you mean, for /docs/ links', () => {
  it('a broken link gets the closest pages as quick fixes, keeping the locale and the hash', async () => {
    const { text, doc } = docOf('de', 'See [x](/de/docs/Web/CSS/Nirgendwo#top).');
    const at = positionAt(text, text.indexOf('Nirgendwo'));
    const actions = await codeActions(doc, { start: at, end: at }, [], ctx);
    const fix = actions.find((action) => action.title.startsWith('Did you mean'));
    expect(fix?.title).toBe('Did you mean Web/CSS/Nirgends?');
    const [edit] = Object.values(fix!.edit!.changes!)[0];
    expect(edit.newText).toBe('/de/docs/Web/CSS/Nirgends#top');
    expect(edit.range.start).toEqual(positionAt(text, text.indexOf('/de/docs/')));
  });

  it('the hover of a broken link lists the closest pages', async () => {
    const { text, doc } = docOf('en-us', '[x](/en-US/docs/Web/CSS/Nirgendwo)');
    const result = await hover(doc, positionAt(text, text.indexOf('Nirgendwo')), ctx);
    expect(String((result!.contents as { value: string }).value)).toMatch(/Did you mean:\n- `Web\/CSS\/Nirgends`/);
  });
});

describe('the disambiguation hover', () => {
  it('lists the pages one level under it, by title, after the summary', async () => {
    const { text, doc } = docOf('en-us', 'A {{Glossary("Node")}}.');
    const value = String(((await hover(doc, positionAt(text, text.indexOf('Node')), ctx))!.contents as { value: string }).value);
    expect(value).toContain('It may refer to:\n\n- **Node (DOM)** — `Glossary/Node/DOM`\n- **Node (networking)** — `Glossary/Node/Networking`\n');
    expect(value).not.toContain('Deeper');
  });

  it('in a translated locale: its own pages, not an empty list', async () => {
    const { text, doc } = docOf('de', 'Ein {{Glossary("Node")}}.');
    const value = String(((await hover(doc, positionAt(text, text.indexOf('Node')), ctx))!.contents as { value: string }).value);
    expect(value).toContain('Er kann sich beziehen auf:\n\n- **Knoten (DOM)** — `Glossary/Node/DOM`\n');
  });
});
