/**
 * Resolution and findings (server/src/resolve/*.ts) over a ContentIndex built on an
 * InMemoryFileSystem: docs/semantics.md § The Glossary macro, § Links (Markdown and HTML), § Redirects.
 */
import { beforeAll, describe, it, expect } from 'vitest';
import { ContentIndex } from '../../server/src/content/contentIndex';
import { linkReference } from '../../server/src/content/pageReferences';
import { resolveUrl } from '../../server/src/resolve/resolve';
import { applyFix, buildTree, check, pagePath } from '../helpers/content';
import { RESOLVE_TREE } from './resolveTree';

let index: ContentIndex;
beforeAll(async () => {
  ({ index } = await buildTree(RESOLVE_TREE));
});

/** The text's first finding has this shape (and message), and its fix makes `fixed`. */
function expectFix(text: string, shape: object, fixed: string, message?: string): void {
  const [finding] = check(index, text);
  expect(finding).toMatchObject(shape);
  if (message !== undefined) expect(finding.message).toBe(message);
  expect(applyFix(text, finding)).toBe(fixed);
}

describe('the index', () => {
  it('holds every page, keyed case-insensitively, with its canonical slug', () => {
    expect(index.pageCount).toBe(19);
    expect(index.problems()).toEqual([]);
    expect(index.page('en-us', 'glossary/api')?.slug).toBe('Glossary/API');
    expect(index.page('EN-US', 'Web/CSS/::after')?.path).toBe(pagePath('en-us', 'Web/CSS/::after'));
    expect(index.locales()).toEqual(['en-us', 'fr']);
    expect(index.redirectOf('/en-us/docs/web/guide/api')).toBe('/en-US/docs/Web/API');
    expect(index.isAllowedBroken('web/allowed_MISSING')).toBe(true);
  });
});

describe('macros', () => {
  it('a macro to an existing page: no finding', () => {
    expect(check(index, '{{Glossary("API")}} {{Glossary("Cross-site scripting")}} {{domxref("Element.style")}}')).toEqual([]);
  });

  it('macro targets are case-insensitive: no finding', () => {
    expect(check(index, '{{glossary("api")}} {{GLOSSARY("interface")}} {{domxref("element.STYLE")}} {{domxref("mediaDevices.getUserMedia")}}')).toEqual([]);
  });

  it('a term with a #fragment is looked up without it', () => {
    expect(check(index, '{{Glossary("Color_space#display-p3", "Display-P3")}}')).toEqual([]);
  });

  it('templ-broken-link: positioned on the macro, not fixable, MDN’s message', () => {
    const text = 'A {{glossary("mixin")}}.';
    const [finding, ...rest] = check(index, text);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      code: 'templ-broken-link',
      severity: 'warning',
      written: '{{glossary("mixin")}}',
      target: '/en-US/docs/Glossary/mixin',
      suggestion: null,
    });
    expect(finding.fix).toBeUndefined();
    expect(finding.message).toBe("Macro glossary produces link /en-US/docs/Glossary/mixin which doesn't resolve");
  });

  it('an empty or missing term is templ-broken-link', () => {
    const findings = check(index, '{{Glossary("")}} {{Glossary()}} {{Glossary}} {{Glossary("  ")}}');
    expect(findings.map((f) => [f.code, f.written])).toEqual([
      ['templ-broken-link', '{{Glossary("")}}'],
      ['templ-broken-link', '{{Glossary()}}'],
      ['templ-broken-link', '{{Glossary}}'],
      ['templ-broken-link', '{{Glossary("  ")}}'],
    ]);
  });

  it('templ-redirected-link: suggestion is the target, the fix rewrites the term and keeps the text (the old term becomes the display)', () => {
    expectFix(
      'Built from a {{Glossary("Bézier curve")}}.',
      {
        code: 'templ-redirected-link',
        severity: 'warning',
        written: '{{Glossary("Bézier curve")}}',
        target: '/en-US/docs/Glossary/Bézier_curve',
        suggestion: '/en-US/docs/Glossary/Bezier_curve',
      },
      'Built from a {{Glossary("Bezier_curve", "Bézier curve")}}.',
      'Macro glossary produces link /en-US/docs/Glossary/Bézier_curve which is a redirect to /en-US/docs/Glossary/Bezier_curve',
    );
  });

  it('the fix keeps single quotes, backquotes and the display argument', () => {
    const text = '{{glossary(\'Bézier curve\', "curves")}} {{glossary(`Bézier curve`)}}';
    const findings = check(index, text);
    expect(findings).toHaveLength(2);
    let fixed = applyFix(text, findings[1]);
    fixed = applyFix(fixed, findings[0]);
    expect(fixed).toBe('{{glossary(\'Bezier_curve\', "curves")}} {{glossary(`Bezier_curve`, `Bézier curve`)}}');
  });

  it('the fix of a fixed macro leaves nothing to report', () => {
    const text = '{{Glossary("Bézier curve")}} {{domxref("Old_style()")}}';
    let fixed = text;
    for (const finding of check(index, text).reverse()) fixed = applyFix(fixed, finding);
    expect(check(index, fixed)).toEqual([]);
  });

  it('the fix keeps `()` on API names', () => {
    expectFix(
      'See {{domxref("Old_style()")}}.',
      { code: 'templ-redirected-link', suggestion: '/en-US/docs/Web/API/Element/style' },
      'See {{domxref("Element.style()", "Old_style()")}}.',
    );
  });

  it('the written #fragment is kept when the target has none', () => {
    const text = '{{Glossary("Bézier curve#history", "Bézier")}}';
    const [finding] = check(index, text);
    expect(finding.suggestion).toBe('/en-US/docs/Glossary/Bezier_curve#history');
    expect(applyFix(text, finding)).toBe('{{Glossary("Bezier_curve#history", "Bézier")}}');
  });

  it('the target’s own #fragment wins over the written one', () => {
    const [plain] = check(index, '{{Glossary("Old_API")}}');
    expect(plain.suggestion).toBe('/en-US/docs/Glossary/API#overview');
    const [withHash] = check(index, '{{Glossary("Old_API#mine")}}');
    expect(withHash.suggestion).toBe('/en-US/docs/Glossary/API#overview');
  });

  it('a redirect that differs only in case is silent for macros', () => {
    expect(check(index, '{{Glossary("method")}} {{glossary("METHOD")}}')).toEqual([]);
  });

  it('jsxref falls back to Global_Objects, and takes slugs with `/` as they are', () => {
    expect(check(index, '{{jsxref("Array")}} {{jsxref("Array.prototype.map()")}} {{jsxref("Statements/for...of")}}')).toEqual([]);
    const [broken] = check(index, '{{jsxref("Nope")}}');
    expect(broken).toMatchObject({ code: 'templ-broken-link', target: '/en-US/docs/Web/JavaScript/Reference/Nope' });
  });

  it('HTMLElement resolves against an older content generation (Web/HTML/Element)', () => {
    expect(check(index, '{{HTMLElement("abbr")}} {{htmlelement("ABBR")}}')).toEqual([]);
    const [redirected] = check(index, '{{HTMLElement("old-abbr")}}');
    expect(redirected).toMatchObject({ code: 'templ-redirected-link', suggestion: '/en-US/docs/Web/HTML/Element/abbr' });
    expect(applyFix('{{HTMLElement("old-abbr")}}', redirected)).toBe('{{HTMLElement("abbr")}}');
  });

  it('HTMLElement resolves against the current generation too', async () => {
    const { index: current } = await buildTree({
      pages: { 'en-us': ['Web/HTML/Reference/Elements/abbr'] },
      redirects: { 'en-us': [['/en-US/docs/Web/HTML/Element/abbr', '/en-US/docs/Web/HTML/Reference/Elements/abbr']] },
    });
    expect(check(current, '{{HTMLElement("abbr")}}')).toEqual([]);
  });

  it('HTTPHeader resolves; a missing one is templ-broken-link with the current generation as target', () => {
    expect(check(index, '{{HTTPHeader("Content-Type")}}')).toEqual([]);
    expect(check(index, '{{HTTPHeader("X-Nope")}}')[0]).toMatchObject({
      code: 'templ-broken-link',
      target: '/en-US/docs/Web/HTTP/Reference/Headers/X-Nope',
    });
  });

  it('macros that do not link are not resolved; an unknown one is templ-unknown, never a broken link', () => {
    expect(check(index, '{{GlossarySidebar}} {{EmbedLiveSample("x", , 200)}}')).toEqual([]);
    const findings = check(index, '{{SomethingElse("Nope")}}');
    expect(findings.map((f) => f.code)).not.toContain('templ-broken-link');
    expect(findings.every((f) => f.code === 'templ-unknown' && f.written === '{{SomethingElse("Nope")}}')).toBe(true);
  });

  it('escaped and commented-out macros are not checked', () => {
    expect(check(index, '\\{{Glossary("nope")}} <!-- {{Glossary("nope")}} -->')).toEqual([]);
  });

  it('macros in code spans and code blocks are checked (MDN expands them)', () => {
    const findings = check(index, '`{{Glossary("nope1")}}`\n\n```\n{{Glossary("nope2")}}\n```\n');
    expect(findings.map((f) => f.target)).toEqual(['/en-US/docs/Glossary/nope1', '/en-US/docs/Glossary/nope2']);
  });

  it('a malformed macro is templ-syntax-error (error severity), positioned on the macro', () => {
    const text = 'a {{glossary("JWT", JSON Web Token(JWT)"")}} b';
    const [finding] = check(index, text);
    expect(finding).toMatchObject({
      code: 'templ-syntax-error',
      severity: 'error',
      written: '{{glossary("JWT", JSON Web Token(JWT)"")}}',
      target: null,
      suggestion: null,
    });
  });
});

describe('Markdown links', () => {
  it('a link to an existing page: no finding (hash too)', () => {
    const text = '[a](/en-US/docs/Web/API) [d](/en-US/docs/Web/API#y) [e](/en-US/docs/Web/CSS/::after)';
    expect(check(index, text)).toEqual([]);
  });

  it('a trailing `/` or a doubled `//` finds the page, and is a redirect to its canonical URL', () => {
    const text = '[c](/en-US/docs/Web/API/) [d](/en-US/docs/Web//API#x) [e](/en-US/docs/web/api/)';
    const findings = check(index, text);
    expect(findings.map((f) => [f.code, f.written, f.suggestion])).toEqual([
      ['redirected-link', '/en-US/docs/Web/API/', '/en-US/docs/Web/API'],
      ['redirected-link', '/en-US/docs/Web//API#x', '/en-US/docs/Web/API#x'],
      ['redirected-link', '/en-US/docs/web/api/', '/en-US/docs/Web/API'],
    ]);
    expect(findings[0].message).toBe('Link /en-US/docs/Web/API/ is a redirect to /en-US/docs/Web/API');
    expect(applyFix(text, findings[0])).toBe('[c](/en-US/docs/Web/API) [d](/en-US/docs/Web//API#x) [e](/en-US/docs/web/api/)');
  });

  it('a `?query` stays in the slug: broken; a path is never percent-decoded', () => {
    const findings = check(index, '[q](/en-US/docs/Web/API?x=1#y) [p](/en-US/docs/Web/API%2FElement) [b](/en-US/docs/Glossary/B%C3%A9zier_curve)');
    expect(findings.map((f) => [f.code, f.target])).toEqual([
      ['broken-link', '/en-US/docs/Web/API?x=1'],
      ['broken-link', '/en-US/docs/Web/API%2FElement'],
      ['broken-link', '/en-US/docs/Glossary/B%C3%A9zier_curve'],
    ]);
  });

  it('a long https://developer.mozilla.org link is a redirect to the short form (not an autolink)', () => {
    const text =
      '[b](https://developer.mozilla.org/en-US/docs/Web/API#x) and <https://developer.mozilla.org/en-US/docs/Web/API> and https://developer.mozilla.org/en-US/docs/Web/API.';
    const findings = check(index, text);
    expect(findings.map((f) => [f.code, f.written, f.suggestion])).toEqual([['redirected-link', 'https://developer.mozilla.org/en-US/docs/Web/API#x', '/en-US/docs/Web/API#x']]);
    expect(findings[0].message).toBe('Link https://developer.mozilla.org/en-US/docs/Web/API is a redirect to /en-US/docs/Web/API#x');
    expect(applyFix(text, findings[0])).toBe(text.replace('https://developer.mozilla.org/en-US/docs/Web/API#x', '/en-US/docs/Web/API#x'));
    // Broken written long is broken-link; an autolink to a redirect keeps its long form when fixed.
    expect(check(index, '[n](https://developer.mozilla.org/en-US/docs/Web/Nope)').map((f) => f.code)).toEqual(['broken-link']);
    const auto = '<https://developer.mozilla.org/en-US/docs/Web/Guide/API>';
    const [redirected] = check(index, auto);
    expect(redirected).toMatchObject({ code: 'redirected-link', suggestion: '/en-US/docs/Web/API' });
    expect(applyFix(auto, redirected)).toBe('<https://developer.mozilla.org/en-US/docs/Web/API>');
  });

  it('ill-cased-link for a link whose case differs from the page, with the fix', () => {
    const text = 'See [web APIs](/en-US/docs/web/api#intro).';
    const [finding, ...rest] = check(index, text);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      code: 'ill-cased-link',
      severity: 'warning',
      written: '/en-US/docs/web/api#intro',
      target: '/en-US/docs/web/api',
      suggestion: '/en-US/docs/Web/API#intro',
    });
    expect(applyFix(text, finding)).toBe('See [web APIs](/en-US/docs/Web/API#intro).');
  });

  it('a redirect that differs only in case is ill-cased-link for links', () => {
    const [finding] = check(index, '[m](/en-US/docs/Glossary/method)');
    expect(finding).toMatchObject({ code: 'ill-cased-link', suggestion: '/en-US/docs/Glossary/Method' });
  });

  it('redirected-link with the suggestion and fix, hash kept', () => {
    expectFix(
      '[old](/en-US/docs/Web/Guide/API#usage)',
      {
        code: 'redirected-link',
        target: '/en-US/docs/Web/Guide/API',
        suggestion: '/en-US/docs/Web/API#usage',
        written: '/en-US/docs/Web/Guide/API#usage',
      },
      '[old](/en-US/docs/Web/API#usage)',
      'Link /en-US/docs/Web/Guide/API is a redirect to /en-US/docs/Web/API#usage',
    );
  });

  it('the fix of a long https://developer.mozilla.org link in HTML writes the short form; the issue is at the `<a`', () => {
    expectFix(
      '<a href="https://developer.mozilla.org/en-US/docs/Web/Guide/API">x</a>',
      { code: 'redirected-link', suggestion: '/en-US/docs/Web/API', written: '<a href="https://developer.mozilla.org/en-US/docs/Web/Guide/API">' },
      '<a href="/en-US/docs/Web/API">x</a>',
    );
  });

  it('broken-link for a missing page, positioned on the target', () => {
    const text = '[nowhere](/en-US/docs/Web/Nowhere)';
    const [finding] = check(index, text);
    expect(finding).toMatchObject({ code: 'broken-link', severity: 'warning', written: '/en-US/docs/Web/Nowhere', suggestion: null });
    expect(finding.fix).toBeUndefined();
  });

  it('links in reference definitions and <a href> are checked', () => {
    const text = '---\ntitle: x\nslug: Learn/X\n---\n\n<a href="/en-US/docs/Web/Nope1">x</a>\n\n[r]: /en-US/docs/Web/Nope2\n';
    expect(check(index, text).map((f) => f.target)).toEqual(['/en-US/docs/Web/Nope1', '/en-US/docs/Web/Nope2']);
  });

  it('external links, anchors and relative links are not checked', () => {
    expect(check(index, '[a](https://example.com/nope) [b](#nope) [c](nope) [d](/en-US/blog/nope)')).toEqual([]);
  });

  it('links in code and comments are not checked', () => {
    expect(check(index, '`[a](/en-US/docs/Nope)`\n\n```\n[b](/en-US/docs/Nope)\n```\n<!-- [c](/en-US/docs/Nope) -->')).toEqual([]);
  });

  it('a link without a locale gets the page’s locale', () => {
    expect(check(index, '[a](/docs/Web/API)', 'en-us')).toEqual([]);
    const [fr] = check(index, '[a](/docs/Web/API/Element)', 'fr');
    expect(fr).toMatchObject({ code: 'only-in-en-us', target: '/fr/docs/Web/API/Element' });
    const [broken] = check(index, '[a](/docs/Web/Nope)', 'fr');
    expect(broken).toMatchObject({ code: 'broken-link', target: '/fr/docs/Web/Nope' });
    expect(linkReference({ kind: 'inline', target: '/docs/Web', targetStart: 0, targetEnd: 9 }, 'pt-br')?.target).toBe('/pt-BR/docs/Web');
  });

  it('a link to another locale is checked as written', () => {
    expect(check(index, '[a](/en-US/docs/Web/API/Element)', 'fr')).toEqual([]);
    expect(check(index, '[a](/fr/docs/Web/API)', 'en-us')).toEqual([]);
  });
});

describe('paths never leave the content tree', () => {
  it('`..` segments never resolve, even to a page that exists', () => {
    const findings = check(index, '[a](/en-US/docs/../../etc/passwd) [b](/en-US/docs/Glossary/../Web/API) [c](/en-US/docs/Web/API/..)');
    expect(findings.map((f) => f.code)).toEqual(['broken-link', 'broken-link', 'broken-link']);
    for (const finding of findings) expect(finding.resolution?.page).toBeUndefined();
  });

  it('percent-encoded `..` (`%2e%2e`) never resolves', () => {
    const findings = check(index, '[a](/en-US/docs/%2e%2e/%2e%2e/etc/passwd) [b](/en-US/docs/Glossary/%2E%2E/Web/API) [c](/en-US/docs/Glossary/%2e%2e%2fWeb%2fAPI)');
    expect(findings.map((f) => f.code)).toEqual(['broken-link', 'broken-link', 'broken-link']);
  });

  it('a macro term with `..` never resolves', () => {
    const [finding] = check(index, '{{Glossary("../Web/API")}}');
    expect(finding.code).toBe('templ-broken-link');
    expect(finding.resolution?.page).toBeUndefined();
  });

  it('resolveUrl of a traversal is broken, with no page', () => {
    for (const url of ['/en-US/docs/../../../etc/passwd', '/en-US/docs/%2e%2e/x', '/en-US/docs/Web/%ZZ', '/en-US/docs/a//b']) {
      const resolution = resolveUrl(index, url);
      expect(resolution.kind, url).toBe('broken');
      expect(resolution.page, url).toBeUndefined();
    }
  });

  it('a traversal in a translated locale does not fall back to an English page either', () => {
    expect(check(index, '[a](/fr/docs/Glossary/../Web/API/Element)', 'fr').map((f) => f.code)).toEqual(['broken-link']);
  });
});
