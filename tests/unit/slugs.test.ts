/**
 * Slugs, folders and URLs (server/src/content/slugs.ts) and the macro → slug rules
 * (server/src/content/pageReferences.ts), from docs/semantics.md § Content layout and § Other link macros.
 */
import { describe, it, expect } from 'vitest';
import { docsUrl, pageKey, parseDocsUrl, safeSlug, slugToFolder, splitHash, urlLocale, lookupSlug } from '../../server/src/content/slugs';
import { LINK_MACROS } from '../../server/src/content/pageReferences';
import { glossarySlug } from '../../server/src/syntax/macroTable';
import { expectCases } from '../helpers/cases';

describe('slugToFolder', () => {
  it('lowercases', () => {
    expect(slugToFolder('Glossary/Cross-site_scripting')).toBe('glossary/cross-site_scripting');
    expect(slugToFolder('Web/API/MediaDevices/getUserMedia')).toBe('web/api/mediadevices/getusermedia');
  });

  it('spells out `*`, `::` (before `:`), `:` and `?`', () => {
    expectCases(slugToFolder, [
      ['Web/CSS/*', 'web/css/_star_'],
      ['Web/CSS/::after', 'web/css/_doublecolon_after'],
      ['Web/CSS/:hover', 'web/css/_colon_hover'],
      ['Web/CSS/:is()', 'web/css/_colon_is()'],
      ['Glossary/What?', 'glossary/what_question_'],
      ['A:::B', 'a_doublecolon__colon_b'],
      ['Web/CSS/::-moz-*', 'web/css/_doublecolon_-moz-_star_'],
    ]);
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
    expectCases(urlLocale, [
      ['en-us', 'en-US'],
      ['pt-br', 'pt-BR'],
      ['zh-cn', 'zh-CN'],
      ['zh-tw', 'zh-TW'],
      ['fr', 'fr'],
      ['vi', 'vi'],
      ['EN-US', 'en-US'],
      ['es-mx', 'es-MX'],
    ]);
  });

  it('parseDocsUrl: locale lowercased, slug as written', () => {
    expectCases(parseDocsUrl, [
      ['/en-US/docs/Web/API', { locale: 'en-us', slug: 'Web/API' }],
      ['/zh-CN/docs/Glossary/API', { locale: 'zh-cn', slug: 'Glossary/API' }],
      ['/vi/docs/Glossary/Bézier_curve', { locale: 'vi', slug: 'Glossary/Bézier_curve' }],
    ]);
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
    expectCases(splitHash, [
      ['/en-US/docs/Web#see_also', { path: '/en-US/docs/Web', hash: '#see_also' }],
      ['/en-US/docs/Web?x=1#h', { path: '/en-US/docs/Web?x=1', hash: '#h' }],
      ['/en-US/docs/Web', { path: '/en-US/docs/Web', hash: '' }],
      ['Color_space#display-p3', { path: 'Color_space', hash: '#display-p3' }],
    ]);
  });
});

describe('lookupSlug', () => {
  it('drops empty components (a trailing or doubled `/`), keeps the rest as written', () => {
    expectCases(lookupSlug, [
      ['Web/API/', 'Web/API'],
      ['Web//API', 'Web/API'],
      ['/Baseline/Typography', 'Baseline/Typography'],
      ['Web?x=1', 'Web?x=1'],
    ]);
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
    expectCases(safeSlug, [
      ['Glossary/B%C3%A9zier_curve', 'Glossary/Bézier_curve'],
      ['A%20B', 'A B'],
      ['Web/API', 'Web/API'],
    ]);
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
    expectCases(glossarySlug, [
      ['Cross-site scripting', 'Glossary/Cross-site_scripting'],
      ['Cross-site   scripting', 'Glossary/Cross-site_scripting'],
      ['a\tb\nc', 'Glossary/a_b_c'],
      ['  API  ', 'Glossary/API'],
      ['user interface', 'Glossary/user_interface'],
      ['Bézier curve', 'Glossary/Bézier_curve'],
      ['already_under', 'Glossary/already_under'],
      ['MIXIN', 'Glossary/MIXIN'],
    ]);
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
    expectCases(
      (arg: string) => first('domxref', arg),
      [
        ['MediaDevices.getUserMedia()', 'Web/API/MediaDevices/getUserMedia'],
        ['Element.prototype.style', 'Web/API/Element/style'],
        ['Web Audio API', 'Web/API/Web_Audio_API'],
        ['Element/click_event', 'Web/API/Element/click_event'],
        ['Document', 'Web/API/Document'],
      ],
    );
  });

  it('jsxref: Reference/<s>, then Global_Objects/<s>; drop (), .prototype.→., .→/ only without `/`', () => {
    expect(LINK_MACROS.jsxref.slugs('Array.prototype.map()')).toEqual(['Web/JavaScript/Reference/Array/map', 'Web/JavaScript/Reference/Global_Objects/Array/map']);
    expectCases(
      (arg: string) => first('jsxref', arg),
      [
        ['Statements/for...of', 'Web/JavaScript/Reference/Statements/for...of'],
        ['Operators/Optional_chaining', 'Web/JavaScript/Reference/Operators/Optional_chaining'],
        ['Promise', 'Web/JavaScript/Reference/Promise'],
      ],
    );
  });

  it('HTMLElement, SVGElement, SVGAttr, HTTPHeader/Status/Method: the argument as given, current folders first', () => {
    expectCases(first, [
      ['htmlelement', 'abbr', 'Web/HTML/Reference/Elements/abbr'],
      ['svgelement', 'circle', 'Web/SVG/Reference/Element/circle'],
      ['svgattr', 'viewBox', 'Web/SVG/Reference/Attribute/viewBox'],
      ['httpheader', 'Content-Type', 'Web/HTTP/Reference/Headers/Content-Type'],
      ['httpstatus', '404', 'Web/HTTP/Reference/Status/404'],
      ['httpmethod', 'GET', 'Web/HTTP/Reference/Methods/GET'],
      ['htmlelement', 'Input.Type', 'Web/HTML/Reference/Elements/Input.Type'],
    ]);
  });

  it('older content generations are further candidates', () => {
    expect(LINK_MACROS.htmlelement.slugs('abbr')).toContain('Web/HTML/Element/abbr');
  });
});
