/**
 * Slugs, folders and URLs (server/src/content/slugs.ts) and the macro → slug rules
 * (server/src/content/pageReferences.ts), from docs/semantics.md § Content layout and § Other link macros.
 */
import { describe, it, expect } from 'vitest';
import { docsUrl, pageKey, parseDocsUrl, safeSlug, slugToFolder, splitHash, urlLocale, lookupSlug } from '../../server/src/content/slugs';
import { LINK_MACROS } from '../../server/src/content/pageReferences';
import { glossarySlug } from '../../server/src/syntax/macroTable';

describe('slugToFolder', () => {
  it('lowercases', () => {
    expect(slugToFolder('Glossary/Cross-site_scripting')).toBe('glossary/cross-site_scripting');
    expect(slugToFolder('Web/API/MediaDevices/getUserMedia')).toBe('web/api/mediadevices/getusermedia');
  });

  it('spells out `*`, `::` (before `:`), `:` and `?`', () => {
    expect(slugToFolder('Web/CSS/*')).toBe('web/css/_star_');
    expect(slugToFolder('Web/CSS/::after')).toBe('web/css/_doublecolon_after');
    expect(slugToFolder('Web/CSS/:hover')).toBe('web/css/_colon_hover');
    expect(slugToFolder('Web/CSS/:is()')).toBe('web/css/_colon_is()');
    expect(slugToFolder('Glossary/What?')).toBe('glossary/what_question_');
    expect(slugToFolder('A:::B')).toBe('a_doublecolon__colon_b');
    expect(slugToFolder('Web/CSS/::-moz-*')).toBe('web/css/_doublecolon_-moz-_star_');
  });

  it('leaves other characters alone (accents, dots, parentheses)', () => {
    expect(slugToFolder('Glossary/Bézier_curve')).toBe('glossary/bézier_curve');
    expect(slugToFolder('Web/JavaScript/Reference/Global_Objects/Array/@@iterator')).toBe('web/javascript/reference/global_objects/array/@@iterator');
  });

  it('pageKey: locale and folder, both lowercase', () => {
    expect(pageKey('EN-US', 'Web/CSS/::after')).toBe('en-us/web/css/_doublecolon_after');
    expect(pageKey('fr', 'Glossary/API')).toBe('fr/glossary/api');
  });
});

describe('locales and URLs', () => {
  it('urlLocale: MDN’s casing', () => {
    expect(urlLocale('en-us')).toBe('en-US');
    expect(urlLocale('pt-br')).toBe('pt-BR');
    expect(urlLocale('zh-cn')).toBe('zh-CN');
    expect(urlLocale('zh-tw')).toBe('zh-TW');
    expect(urlLocale('fr')).toBe('fr');
    expect(urlLocale('vi')).toBe('vi');
    expect(urlLocale('EN-US')).toBe('en-US');
    expect(urlLocale('es-mx')).toBe('es-MX');
  });

  it('parseDocsUrl: locale lowercased, slug as written', () => {
    expect(parseDocsUrl('/en-US/docs/Web/API')).toEqual({ locale: 'en-us', slug: 'Web/API' });
    expect(parseDocsUrl('/zh-CN/docs/Glossary/API')).toEqual({ locale: 'zh-cn', slug: 'Glossary/API' });
    expect(parseDocsUrl('/vi/docs/Glossary/Bézier_curve')).toEqual({ locale: 'vi', slug: 'Glossary/Bézier_curve' });
  });

  it('parseDocsUrl: undefined for paths that are not docs pages', () => {
    for (const path of ['/docs/Web', '/en-US/docs/', '/en-US/Web', 'en-US/docs/Web', '/en-US/blog/x', '/', '', 'https://developer.mozilla.org/en-US/docs/Web']) {
      expect(parseDocsUrl(path), path).toBeUndefined();
    }
  });

  it('docsUrl builds the URL back', () => {
    expect(docsUrl('en-us', 'Glossary/API')).toBe('/en-US/docs/Glossary/API');
    expect(docsUrl('pt-br', 'Web')).toBe('/pt-BR/docs/Web');
  });

  it('splitHash: path and `#hash`; a `?query` stays in the path (MDN looks it up as part of the slug)', () => {
    expect(splitHash('/en-US/docs/Web#see_also')).toEqual({ path: '/en-US/docs/Web', hash: '#see_also' });
    expect(splitHash('/en-US/docs/Web?x=1#h')).toEqual({ path: '/en-US/docs/Web?x=1', hash: '#h' });
    expect(splitHash('/en-US/docs/Web')).toEqual({ path: '/en-US/docs/Web', hash: '' });
    expect(splitHash('Color_space#display-p3')).toEqual({ path: 'Color_space', hash: '#display-p3' });
  });
});

describe('lookupSlug', () => {
  it('drops empty components (a trailing or doubled `/`), keeps the rest as written', () => {
    expect(lookupSlug('Web/API/')).toBe('Web/API');
    expect(lookupSlug('Web//API')).toBe('Web/API');
    expect(lookupSlug('/Baseline/Typography')).toBe('Baseline/Typography');
    expect(lookupSlug('Web?x=1')).toBe('Web?x=1');
  });

  it('never percent-decodes', () => {
    expect(lookupSlug('Glossary/B%C3%A9zier_curve')).toBe('Glossary/B%C3%A9zier_curve');
    expect(lookupSlug('%2e%2e/etc')).toBe('%2e%2e/etc');
  });

  it('refuses `.` and `..` components, backslashes, NUL, and an empty slug', () => {
    for (const slug of ['../etc', 'a/./b', 'a/..', 'a\\b', 'a\0b', '', '//']) expect(lookupSlug(slug), slug).toBeUndefined();
  });
});

describe('safeSlug', () => {
  it('decodes percent-encoding', () => {
    expect(safeSlug('Glossary/B%C3%A9zier_curve')).toBe('Glossary/Bézier_curve');
    expect(safeSlug('A%20B')).toBe('A B');
    expect(safeSlug('Web/API')).toBe('Web/API');
  });

  it('refuses `..` and `.` segments, plain or encoded, anywhere', () => {
    for (const slug of ['..', '../etc/passwd', 'Web/../../etc', 'Web/..', '%2e%2e/x', '%2E%2E/x', 'a/%2e%2e/b', 'a/./b', '.', '%2e', 'a/.%2e/b']) {
      expect(safeSlug(slug), slug).toBeUndefined();
    }
  });

  it('refuses empty segments, backslashes and NUL', () => {
    for (const slug of ['a//b', '/a', 'a\\b', 'a%5Cb', 'a%00b', '']) expect(safeSlug(slug), slug).toBeUndefined();
  });

  it('refuses bad percent-encoding', () => {
    for (const slug of ['%', '%zz', 'a%2', '%E9', '%C3%28']) expect(safeSlug(slug), slug).toBeUndefined();
  });

  it('accepts `..` inside a segment name', () => {
    expect(safeSlug('Web/a..b')).toBe('Web/a..b');
  });
});

describe('glossarySlug', () => {
  it('collapses whitespace, turns spaces into `_`, prefixes Glossary/, keeps case', () => {
    expect(glossarySlug('Cross-site scripting')).toBe('Glossary/Cross-site_scripting');
    expect(glossarySlug('Cross-site   scripting')).toBe('Glossary/Cross-site_scripting');
    expect(glossarySlug('a\tb\nc')).toBe('Glossary/a_b_c');
    expect(glossarySlug('  API  ')).toBe('Glossary/API');
    expect(glossarySlug('user interface')).toBe('Glossary/user_interface');
    expect(glossarySlug('Bézier curve')).toBe('Glossary/Bézier_curve');
    expect(glossarySlug('already_under')).toBe('Glossary/already_under');
    expect(glossarySlug('MIXIN')).toBe('Glossary/MIXIN');
  });
});

describe('link macros (docs/semantics.md § Other link macros)', () => {
  const first = (macro: string, arg: string) => LINK_MACROS[macro].slugs(arg)[0];

  it('covers the table’s macros (lowercase keys)', () => {
    for (const key of ['domxref', 'jsxref', 'htmlelement', 'svgelement', 'svgattr', 'httpheader', 'httpstatus', 'httpmethod']) {
      expect(LINK_MACROS[key], key).toBeDefined();
    }
  });

  it('domxref: Web/API/, space→_, drop (), .prototype.→., .→/', () => {
    expect(first('domxref', 'MediaDevices.getUserMedia()')).toBe('Web/API/MediaDevices/getUserMedia');
    expect(first('domxref', 'Element.prototype.style')).toBe('Web/API/Element/style');
    expect(first('domxref', 'Web Audio API')).toBe('Web/API/Web_Audio_API');
    expect(first('domxref', 'Element/click_event')).toBe('Web/API/Element/click_event');
    expect(first('domxref', 'Document')).toBe('Web/API/Document');
  });

  it('jsxref: Reference/<s>, then Global_Objects/<s>; drop (), .prototype.→., .→/ only without `/`', () => {
    expect(LINK_MACROS.jsxref.slugs('Array.prototype.map()')).toEqual(['Web/JavaScript/Reference/Array/map', 'Web/JavaScript/Reference/Global_Objects/Array/map']);
    expect(first('jsxref', 'Statements/for...of')).toBe('Web/JavaScript/Reference/Statements/for...of');
    expect(first('jsxref', 'Operators/Optional_chaining')).toBe('Web/JavaScript/Reference/Operators/Optional_chaining');
    expect(first('jsxref', 'Promise')).toBe('Web/JavaScript/Reference/Promise');
  });

  it('HTMLElement, SVGElement, SVGAttr, HTTPHeader/Status/Method: the argument as given, current folders first', () => {
    expect(first('htmlelement', 'abbr')).toBe('Web/HTML/Reference/Elements/abbr');
    expect(first('svgelement', 'circle')).toBe('Web/SVG/Reference/Element/circle');
    expect(first('svgattr', 'viewBox')).toBe('Web/SVG/Reference/Attribute/viewBox');
    expect(first('httpheader', 'Content-Type')).toBe('Web/HTTP/Reference/Headers/Content-Type');
    expect(first('httpstatus', '404')).toBe('Web/HTTP/Reference/Status/404');
    expect(first('httpmethod', 'GET')).toBe('Web/HTTP/Reference/Methods/GET');
    expect(first('htmlelement', 'Input.Type')).toBe('Web/HTML/Reference/Elements/Input.Type');
  });

  it('older content generations are further candidates', () => {
    expect(LINK_MACROS.htmlelement.slugs('abbr')).toContain('Web/HTML/Element/abbr');
  });
});
