/**
 * Which words name which glossary entry (server/src/content/glossaryTerms.ts): titles as MDN
 * writes them, slug terms, aliases, disambiguation, inflections, names, translated titles, and
 * the terms built from an index.
 */
import { describe, expect, it } from 'vitest';
import {
  buildGlossaryTerms,
  englishInflections,
  entrySpecs,
  GlossaryEntrySource,
  glossaryFolderOf,
  glossaryTermsOf,
  properNames,
  titleParts,
} from '../../server/src/content/glossaryTerms';
import { scanDocument } from '../../server/src/syntax/document';
import { proseTokens } from '../../server/src/syntax/prose';
import { matchTerms } from '../../server/src/syntax/termMatcher';
import { buildTree, pagePath } from '../helpers/content';

function entry(slug: string, title: string, extra: Partial<GlossaryEntrySource> = {}): GlossaryEntrySource {
  return { folder: glossaryFolderOf(slug.replace(/^Glossary\//, '')), slug, title, locale: 'en-us', pageType: 'glossary-definition', ...extra };
}

/** `text [exact] (source)` of an entry's specs, for readable expectations. */
function specsOf(source: GlossaryEntrySource, aliases: string[] = []): string[] {
  return entrySpecs(source, aliases).map((spec) => `${spec.text}${spec.exactCase ? ' [exact]' : ''}${spec.name ? ' [name]' : ''} (${spec.source})`);
}

describe('titles', () => {
  it('splits `Term (ACRONYM)`, `ACRONYM (Expansion)` and `ACRONYM: Expansion` into two names', () => {
    expect(titleParts('Cross-site scripting (XSS)')).toMatchObject({ terms: ['Cross-site scripting', 'XSS'], expanded: 'Cross-site scripting' });
    expect(titleParts('DOM (Document Object Model)')).toMatchObject({ terms: ['DOM', 'Document Object Model'], expanded: 'Document Object Model' });
    expect(titleParts('Denial of Service (DoS)').terms).toEqual(['Denial of Service', 'DoS']);
    expect(titleParts('Internationalization (i18n)').terms).toEqual(['Internationalization', 'i18n']);
    expect(titleParts('XMLHttpRequest (XHR)').terms).toEqual(['XMLHttpRequest', 'XHR']);
    expect(titleParts('RTSP: Real-time streaming protocol').terms).toEqual(['RTSP', 'Real-time streaming protocol']);
    expect(titleParts('Alpha (alpha channel)').terms).toEqual(['Alpha', 'alpha channel']);
  });

  it('reads a parenthesis that is not another name as context', () => {
    expect(titleParts('Selector (CSS)')).toMatchObject({ terms: ['Selector'], base: 'Selector', qualifier: 'CSS' });
    expect(titleParts('Boolean attribute (ARIA)')).toMatchObject({ terms: ['Boolean attribute'], qualifier: 'ARIA' });
    expect(titleParts('Baseline (typography)')).toMatchObject({ terms: ['Baseline'], qualifier: 'typography' });
  });

  it('a translated title keeps the acronym its English title expands', () => {
    expect(titleParts('Kịch bản chéo trang (XSS)', 'Cross-site scripting (XSS)').terms).toEqual(['Kịch bản chéo trang', 'XSS']);
    expect(titleParts('Node (DOM)', 'Node (DOM)').terms).toEqual(['Node']);
  });

  it('gives up on a title it cannot split (the slug still names the entry)', () => {
    expect(titleParts('RTP (Real-time Transport Protocol) and SRTP (Secure RTP)').terms).toEqual([]);
    expect(titleParts('"Null"').terms).toEqual(['Null']);
  });
});

describe('inflections', () => {
  it('English plurals of a last word, singular of a plural title', () => {
    expect(englishInflections('API', ['API'])).toEqual(['APIs']);
    expect(englishInflections('CORS', ['CORS'])).toEqual([]);
    expect(englishInflections('PWAs', ['PWAs'])).toEqual(['PWA']);
    expect(englishInflections('CSS property', ['CSS', 'property'])).toEqual(['CSS properties']);
    expect(englishInflections('Grid lines', ['Grid', 'lines'])).toEqual(['Grid line']);
    expect(englishInflections('Physical properties', ['Physical', 'properties'])).toEqual(['Physical property']);
    expect(englishInflections('Cipher suite', ['Cipher', 'suite'])).toEqual(['Cipher suites']);
    expect(englishInflections('Hash', ['Hash'])).toEqual([]);
    expect(englishInflections('UTF-8', ['UTF', '8'])).toEqual([]);
  });
});

describe('the terms of an entry', () => {
  it('an acronym: exact, with its plural', () => {
    expect(specsOf(entry('Glossary/API', 'API'))).toEqual(['API (title)', 'APIs (inflection)']);
  });

  it('a phrase title, the slug term and the acronym', () => {
    expect(specsOf(entry('Glossary/Cross-site_scripting', 'Cross-site scripting (XSS)'))).toEqual(['Cross-site scripting (title)', 'XSS (title)']);
  });

  it('an acronym expanded in Title Case: the expansion is a name, matched as written', () => {
    expect(specsOf(entry('Glossary/LTR', 'LTR (Left To Right)'))).toEqual(['LTR (title)', 'LTRs (inflection)', 'Left To Right [exact] (title)']);
  });

  it('a single ordinary word is no term; a name the entry writes as a name is, mid-sentence only', () => {
    const chrome = entry('Glossary/Chrome', 'Chrome', { text: '---\ntitle: Chrome\n---\nIn a browser, the **chrome** is any visible aspect of a browser. Not Google Chrome.' });
    expect(specsOf(chrome)).toEqual([]);
    const gecko = entry('Glossary/Gecko', 'Gecko', { text: '---\ntitle: Gecko\n---\n**Gecko** is the layout engine. Firefox OS uses Gecko as its runtime.' });
    expect(specsOf(gecko)).toEqual(['Gecko [exact] [name] (title)']);
    const semantics = entry('Glossary/Semantics', 'Semantics', { text: '---\ntitle: Semantics\n---\nIn programming, **Semantics** refers to meaning. See HTTP Semantics.' });
    expect(specsOf(semantics)).toEqual([]);
    expect(specsOf(entry('Glossary/Method', 'Method'))).toEqual([]);
  });

  it('a lowercase title is written so on purpose: matched only as written', () => {
    expect(specsOf(entry('Glossary/bfcache', 'bfcache'))).toEqual(['bfcache [exact] (title)']);
  });

  it('entries under a disambiguation page: never the bare word; the qualified phrase when the entry uses it', () => {
    const css = entry('Glossary/Property/CSS', 'Property (CSS)', { underDisambiguation: true, text: '---\ntitle: Property (CSS)\n---\nA **CSS property** is a characteristic.' });
    expect(specsOf(css)).toEqual(['CSS property (disambiguation)', 'CSS properties (inflection)']);
    const block = entry('Glossary/Block/CSS', 'Block (CSS)', { underDisambiguation: true, text: '---\ntitle: Block (CSS)\n---\nA block on a webpage is an element.' });
    expect(specsOf(block)).toEqual([]);
    const dsl = entry('Glossary/DSL/Digital_subscriber_line', 'DSL (Digital Subscriber Line)', { underDisambiguation: true });
    expect(specsOf(dsl)).toEqual(['Digital Subscriber Line [exact] (title)']);
  });

  it('aliases are matched as written when a single word, like titles otherwise', () => {
    expect(specsOf(entry('Glossary/Polyfill', 'Polyfill'), ['polyfill', 'Polyfill library'])).toEqual([
      'polyfill [exact] (alias)',
      'Polyfill library (alias)',
      'Polyfill libraries (inflection)',
    ]);
  });

  it('a translated title is a phrase when English names the concept with a phrase, a word when with a word', () => {
    const domainName = entry('Glossary/Domain_name', 'Tên miền', { locale: 'vi', englishTitle: 'Domain name' });
    expect(specsOf(domainName)).toEqual(['Tên miền (title)', 'Domain name (slug)', 'Domain names (inflection)']);
    // One syllable stays a word even when English uses a phrase.
    expect(specsOf(entry('Glossary/Main_thread', 'Luồng', { locale: 'vi', englishTitle: 'Main thread' }))).toEqual(['Main thread (slug)', 'Main threads (inflection)']);
    const mutable = entry('Glossary/Mutable', 'Có thể thay đổi', { locale: 'vi', englishTitle: 'Mutable' });
    expect(specsOf(mutable)).toEqual([]);
    const bidi = entry('Glossary/BiDi', 'Hai chiều (Bidi)', { locale: 'vi', englishTitle: 'BiDi' });
    expect(specsOf(bidi)).toEqual(['BiDi (slug)']);
    // No English title: three syllables make a Vietnamese phrase.
    expect(specsOf(entry('Glossary/X', 'Ngữ cảnh duyệt web', { locale: 'vi' })).slice(0, 1)).toEqual(['Ngữ cảnh duyệt web (title)']);
    expect(specsOf(entry('Glossary/Y', 'Trang web', { locale: 'vi' }))).toEqual([]);
  });

  it('properNames: mid-sentence, outside bold and longer names, never written otherwise', () => {
    const text = '---\ntitle: x\n---\nThe Internet is big. **Unicode** is a standard. We use Java daily, and java too. Gecko Engine here.';
    expect(properNames(text, ['Internet', 'Unicode', 'Java', 'Gecko'])).toEqual(['Internet']);
  });
});

describe('the terms of a glossary', () => {
  it('words two entries claim match neither; an alias outranks a title; false leaves a term out', () => {
    const terms = buildGlossaryTerms(
      [
        entry('Glossary/Server', 'Máy chủ', { locale: 'vi', englishTitle: 'Web server' }),
        entry('Glossary/Host', 'Máy chủ', { locale: 'vi', englishTitle: 'Host computer' }),
        entry('Glossary/API', 'API'),
        entry('Glossary/CORS', 'CORS'),
        entry('Glossary/Node', 'Node', { pageType: 'glossary-disambiguation' }),
      ],
      { locale: 'vi', aliases: { host: ['máy chủ'], API: false } },
    );
    const text = '---\ntitle: t\n---\nMột máy chủ, API và CORS, Node.';
    const found = matchTerms(proseTokens(scanDocument(text)), terms.matcher).map((m) => `${m.entry}:${text.slice(m.start, m.end)}`);
    expect(found).toEqual(['glossary/host:máy chủ', 'glossary/cors:CORS']);
  });

  it("from an index: the locale's entries, English ones it has not translated, disambiguation parents, page texts", async () => {
    const { fs, index } = await buildTree({
      pages: {
        'en-us': {
          'Glossary/API': 'An **API** is a set of features.',
          'Glossary/Node': '{{GlossaryDisambiguation}}',
          'Glossary/Node/DOM': 'A DOM node.',
          'Glossary/Gecko': '**Gecko** is an engine. Firefox uses Gecko daily.',
        },
        vi: { 'Glossary/API': 'Một **API** là.' },
      },
    });
    // The tree helper writes no page-type: mark the disambiguation page as MDN does.
    const nodePath = pagePath('en-us', 'Glossary/Node');
    await index.updateFile(nodePath, '---\ntitle: Node\nslug: Glossary/Node\npage-type: glossary-disambiguation\n---\n{{GlossaryDisambiguation}}\n');
    const texts = new Map<string, string>();
    for (const page of index.allPages()) texts.set(page.path, new TextDecoder().decode(await fs.readFile(page.path)));
    texts.set(nodePath, '');
    const terms = await glossaryTermsOf(index, 'vi', { readText: (page) => texts.get(page.path) });
    expect([...terms.entries.keys()].sort()).toEqual(['glossary/api', 'glossary/gecko', 'glossary/node', 'glossary/node/dom']);
    expect(terms.entries.get('glossary/api')!.locale).toBe('vi');
    expect(terms.entries.get('glossary/gecko')!.locale).toBe('en-us');
    expect(terms.entries.get('glossary/node/dom')!.underDisambiguation).toBe(true);
    expect(terms.specs.map((spec) => `${spec.entry}:${spec.text}`).sort()).toEqual(['glossary/api:API', 'glossary/api:APIs', 'glossary/gecko:Gecko']);
  });
});
