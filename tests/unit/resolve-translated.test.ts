/**
 * Resolution in translated content (en-US fallback, locale redirects, only-in-en-us) and the
 * references a page holds, over the shared in-memory tree (moved from resolve.test.ts).
 */
import { beforeAll, describe, it, expect } from 'vitest';
import { ContentIndex } from '../../server/src/content/contentIndex';
import { macroReference, pageReferences } from '../../server/src/content/pageReferences';
import { resolveUrl } from '../../server/src/resolve/resolve';
import { DEFAULT_SEVERITY } from '../../server/src/resolve/findings';
import { scanDocument } from '../../server/src/syntax/document';
import { applyFix, buildTree, check } from '../helpers/content';
import { RESOLVE_TREE } from './resolveTree';

let index: ContentIndex;
beforeAll(async () => {
  ({ index } = await buildTree(RESOLVE_TREE));
});

describe('translated content', () => {
  it('a page that exists in the translated locale: no finding', () => {
    expect(check(index, '{{Glossary("API")}} [a](/fr/docs/Web/API) {{glossary("api", "API")}}', 'fr')).toEqual([]);
  });

  it('only-in-en-us (information) when the page exists only in English', () => {
    const text = '{{Glossary("Interface", "interface")}} [x](/fr/docs/Web/API/Element)';
    const findings = check(index, text, 'fr');
    expect(findings.map((f) => [f.code, f.severity, f.target])).toEqual([
      ['only-in-en-us', 'information', '/fr/docs/Glossary/Interface'],
      ['only-in-en-us', 'information', '/fr/docs/Web/API/Element'],
    ]);
    expect(DEFAULT_SEVERITY['only-in-en-us']).toBe('information');
    expect(findings[0].resolution?.page?.locale).toBe('en-us');
  });

  it('broken in both locales is templ-broken-link / broken-link', () => {
    const findings = check(index, '{{Glossary("mixin")}} [x](/fr/docs/Web/Nope)', 'fr');
    expect(findings.map((f) => [f.code, f.target])).toEqual([
      ['templ-broken-link', '/fr/docs/Glossary/mixin'],
      ['broken-link', '/fr/docs/Web/Nope'],
    ]);
  });

  it('English’s redirect of the same slug, moved to the locale, is a redirect (not only-in-en-us)', () => {
    const text = '[g](/fr/docs/Web/Guide/API#x) {{Glossary("Old_API")}} [s](/fr/docs/Web/API/Old_style)';
    const findings = check(index, text, 'fr');
    expect(findings.map((f) => [f.code, f.target, f.suggestion])).toEqual([
      ['redirected-link', '/fr/docs/Web/Guide/API', '/fr/docs/Web/API#x'],
      ['templ-redirected-link', '/fr/docs/Glossary/Old_API', '/fr/docs/Glossary/API#overview'],
      // The target is not translated yet: still the locale's URL (it falls back to English there).
      ['redirected-link', '/fr/docs/Web/API/Old_style', '/fr/docs/Web/API/Element/style'],
    ]);
    const macro = '{{Glossary("Old_API")}}';
    // The fix keeps the text readers see (issue 11): the old term becomes the display argument.
    expect(applyFix(macro, check(index, macro, 'fr')[0])).toBe('{{Glossary("API#overview", "Old_API")}}');
    // English pages themselves: the locale's own page wins first.
    expect(check(index, '[a](/fr/docs/Web/API)', 'fr')).toEqual([]);
  });

  it('{{Glossary("/Baseline/Typography")}}-style terms: `Glossary//API` finds the page component-wise, a redirect', () => {
    const text = '{{Glossary("/API")}} {{Glossary("API/")}}';
    const findings = check(index, text);
    expect(findings.map((f) => [f.code, f.target, f.suggestion])).toEqual([
      ['templ-redirected-link', '/en-US/docs/Glossary//API', '/en-US/docs/Glossary/API'],
      ['templ-redirected-link', '/en-US/docs/Glossary/API/', '/en-US/docs/Glossary/API'],
    ]);
    expect(applyFix(text, findings[0])).toBe('{{Glossary("API", "/API")}} {{Glossary("API/")}}');
  });

  it('the translated locale’s own redirects apply first', () => {
    const text = '{{glossary("Methode", "méthode")}}';
    const [finding] = check(index, text, 'fr');
    expect(finding).toMatchObject({ code: 'templ-redirected-link', suggestion: '/fr/docs/Glossary/API' });
    expect(applyFix(text, finding)).toBe('{{glossary("API", "méthode")}}');
  });

  it('allowed broken links are never reported broken, in any locale', () => {
    expect(check(index, '[a](/en-US/docs/Web/Allowed_missing) [b](/en-US/docs/web/allowed_missing)')).toEqual([]);
    expect(check(index, '[a](/fr/docs/Web/Allowed_missing) [b](/docs/Web/Allowed_missing)', 'fr')).toEqual([]);
  });

  it('without English content, a missing translated page is unchecked: nothing is reported', async () => {
    const { index: frOnly } = await buildTree({ pages: { fr: ['Glossary/API'] } });
    expect(frOnly.hasLocale('en-us')).toBe(false);
    const text = '{{Glossary("Interface")}} [x](/fr/docs/Web/Nope) {{Glossary("API")}}';
    expect(check(frOnly, text, 'fr')).toEqual([]);
    const reference = pageReferences(scanDocument(text), 'fr')[0];
    expect(resolveUrl(frOnly, reference.candidates[0], '', true).kind).toBe('unchecked');
  });
});

describe('references', () => {
  it('a Glossary macro’s reference: candidates, hash, argument range', () => {
    const text = '{{Glossary("Cross-site   scripting#xss", "XSS")}}';
    const macro = scanDocument(text).macros[0];
    const reference = macroReference(macro, 'fr');
    expect(reference).toMatchObject({
      kind: 'macro',
      macro: 'glossary',
      glossary: true,
      locale: 'fr',
      candidates: ['/fr/docs/Glossary/Cross-site_scripting'],
      hash: '#xss',
      target: '/fr/docs/Glossary/Cross-site_scripting',
    });
    expect(text.slice(reference!.argStart, reference!.argEnd)).toBe('Cross-site   scripting#xss');
  });

  it('extra glossary-like macro names are honoured when configured', () => {
    const text = '{{MyGlossary("API")}} {{MyGlossary("nope")}}';
    const doc = scanDocument(text);
    expect(pageReferences(doc, 'en-us')).toEqual([]);
    const references = pageReferences(doc, 'en-us', new Set(['glossary', 'myglossary']));
    expect(references.map((r) => r.target)).toEqual(['/en-US/docs/Glossary/API', '/en-US/docs/Glossary/nope']);
  });
});
