/**
 * The index kept up to date as files change (pages, redirects, roots that overlap), and what it
 * says of files it cannot read (moved from resolve.test.ts).
 */
import { describe, it, expect } from 'vitest';
import { ContentIndex } from '../../server/src/content/contentIndex';
import { InMemoryFileSystem } from '../../server/src/content/fileSystem';
import { buildTree, check, FILES, pagePath, pageText, redirectsText } from '../helpers/content';
import { RESOLVE_TREE } from './resolveTree';

describe('incremental updates', () => {
  const EXTRA = `${FILES}/en-us/glossary/mixin/index.md`;
  const REFERRER = pagePath('en-us', 'Learn/Mixins');

  it('a broken link becomes good when the page appears, and broken again when it goes', async () => {
    const { index: live } = await buildTree(RESOLVE_TREE);
    const text = 'A {{glossary("mixin")}} and [m](/en-US/docs/Glossary/Mixin).';
    expect(check(live, text).map((f) => f.code)).toEqual(['templ-broken-link', 'broken-link']);

    const generation = live.generation;
    await live.updateFile(EXTRA, pageText('Glossary/Mixin'));
    expect(live.generation).toBeGreaterThan(generation);
    expect(live.page('en-us', 'Glossary/Mixin')?.slug).toBe('Glossary/Mixin');
    expect(check(live, text)).toEqual([]);

    await live.updateFile(EXTRA, undefined);
    expect(live.page('en-us', 'Glossary/Mixin')).toBeUndefined();
    expect(check(live, text).map((f) => f.code)).toEqual(['templ-broken-link', 'broken-link']);
  });

  it('a changed page: its new slug casing becomes canonical for links', async () => {
    const { index: live } = await buildTree(RESOLVE_TREE);
    await live.updateFile(EXTRA, pageText('Glossary/Mixin'));
    expect(check(live, '[m](/en-US/docs/Glossary/MixIn)')[0]).toMatchObject({ code: 'ill-cased-link', suggestion: '/en-US/docs/Glossary/Mixin' });
    await live.updateFile(EXTRA, pageText('Glossary/MixIn'));
    expect(check(live, '[m](/en-US/docs/Glossary/MixIn)')).toEqual([]);
  });

  it('a page read from the file system when the text is null', async () => {
    const { fs, index: live } = await buildTree(RESOLVE_TREE);
    fs.write(EXTRA, pageText('Glossary/Mixin'));
    await live.updateFile(EXTRA, null);
    expect(check(live, '{{glossary("mixin")}}')).toEqual([]);
    fs.delete(EXTRA);
    await live.updateFile(EXTRA, null);
    expect(check(live, '{{glossary("mixin")}}').map((f) => f.code)).toEqual(['templ-broken-link']);
  });

  it('a redirects file that changes, appears and disappears', async () => {
    const { index: live } = await buildTree(RESOLVE_TREE);
    const redirects = `${FILES}/en-us/_redirects.txt`;
    const text = '{{Glossary("Mixin")}} [g](/en-US/docs/Web/Guide/API)';
    expect(check(live, text).map((f) => f.code)).toEqual(['templ-broken-link', 'redirected-link']);

    await live.updateFile(redirects, redirectsText([['/en-US/docs/Glossary/Mixin', '/en-US/docs/Glossary/Interface']]));
    const findings = check(live, text);
    expect(findings.map((f) => [f.code, f.suggestion])).toEqual([
      ['templ-redirected-link', '/en-US/docs/Glossary/Interface'],
      ['broken-link', null],
    ]);

    await live.updateFile(redirects, undefined);
    expect(live.redirectOf('/en-US/docs/Glossary/Mixin')).toBeUndefined();
    expect(check(live, text).map((f) => f.code)).toEqual(['templ-broken-link', 'broken-link']);
  });

  it('a redirects file for a locale that had none', async () => {
    const { index: live } = await buildTree({ pages: { 'en-us': ['Glossary/API'], de: ['Glossary/API'] } });
    expect(check(live, '{{Glossary("Alt")}}', 'de').map((f) => f.code)).toEqual(['templ-broken-link']);
    await live.updateFile(`${FILES}/de/_redirects.txt`, redirectsText([['/de/docs/Glossary/Alt', '/de/docs/Glossary/API']]));
    expect(check(live, '{{Glossary("Alt")}}', 'de').map((f) => f.code)).toEqual(['templ-redirected-link']);
  });

  it('the allowed-broken-links file that changes', async () => {
    const { index: live } = await buildTree(RESOLVE_TREE);
    const file = `${FILES}/_allowed-broken-links.txt`;
    expect(check(live, '[n](/en-US/docs/Web/Nope)').map((f) => f.code)).toEqual(['broken-link']);
    await live.updateFile(file, 'Web/Nope\n');
    expect(check(live, '[n](/en-US/docs/Web/Nope)')).toEqual([]);
    expect(check(live, '[n](/en-US/docs/Web/Allowed_missing)').map((f) => f.code)).toEqual(['broken-link']);
    await live.updateFile(file, undefined);
    expect(check(live, '[n](/en-US/docs/Web/Nope)').map((f) => f.code)).toEqual(['broken-link']);
  });

  it('files outside the roots and files that are not pages are ignored', async () => {
    const { index: live } = await buildTree(RESOLVE_TREE);
    const count = live.pageCount;
    await live.updateFile('/elsewhere/files/en-us/glossary/x/index.md', pageText('Glossary/X'));
    await live.updateFile(`${FILES}/en-us/glossary/api/notes.txt`, 'x');
    expect(live.pageCount).toBe(count);
  });

  it('referrers() and usageCount() follow page changes', async () => {
    const { index: live } = await buildTree(RESOLVE_TREE);
    const apiKey = 'en-us/glossary/api';
    expect(live.referrers(apiKey).size).toBe(0);
    expect(live.usageCount('glossary/api')).toBe(0);

    await live.updateFile(REFERRER, pageText('Learn/Mixins', 'Uses an {{Glossary("API")}} and [the API](/en-US/docs/Glossary/api).'));
    expect([...live.referrers(apiKey)].map((p) => p.slug)).toEqual(['Learn/Mixins']);
    expect(live.usageCount('glossary/api')).toBe(1);

    const frReferrer = pagePath('fr', 'Learn/Mixins');
    await live.updateFile(frReferrer, pageText('Learn/Mixins', '{{Glossary("API")}}', { locale: 'fr' }));
    expect(live.referrers('fr/glossary/api').size).toBe(1);
    expect(live.usageCount('glossary/api')).toBe(2);

    await live.updateFile(REFERRER, pageText('Learn/Mixins', 'No more links.'));
    expect(live.referrers(apiKey).size).toBe(0);
    expect(live.usageCount('glossary/api')).toBe(1);

    await live.updateFile(frReferrer, undefined);
    expect(live.usageCount('glossary/api')).toBe(0);
  });

  it('referrers() of a missing page: who links to it (what a new page would fix)', async () => {
    const { index: live } = await buildTree(RESOLVE_TREE);
    await live.updateFile(REFERRER, pageText('Learn/Mixins', '{{glossary("mixin")}}'));
    expect([...live.referrers('en-us/glossary/mixin')].map((p) => p.path)).toEqual([REFERRER]);
    await live.updateFile(REFERRER, undefined);
    expect(live.referrers('en-us/glossary/mixin').size).toBe(0);
  });

  it('two roots with the same page: removing the later one uncovers the earlier one', async () => {
    const text = pageText('Glossary/API');
    const fs = new InMemoryFileSystem({
      '/a/files/en-us/glossary/api/index.md': text,
      '/b/files/en-us/glossary/api/index.md': text,
    });
    const live = await ContentIndex.build(fs, ['/a/files', '/b/files']);
    expect(live.page('en-us', 'Glossary/API')?.path).toBe('/b/files/en-us/glossary/api/index.md');
    await live.updateFile('/b/files/en-us/glossary/api/index.md', undefined);
    expect(live.page('en-us', 'Glossary/API')?.path).toBe('/a/files/en-us/glossary/api/index.md');
    expect(check(live, '{{Glossary("API")}}')).toEqual([]);
  });

  it('removeFolder drops every page under it', async () => {
    const { index: live } = await buildTree(RESOLVE_TREE);
    live.removeFolder(`${FILES}/en-us/web/api`);
    expect(live.page('en-us', 'Web/API')).toBeUndefined();
    expect(live.page('en-us', 'Web/API/Element/style')).toBeUndefined();
    expect(live.page('en-us', 'Glossary/API')).toBeDefined();
  });
});

describe('reading problems', () => {
  it('binary, non-UTF-8 and broken-YAML pages become problems; the rest is indexed', async () => {
    const fs = new InMemoryFileSystem({
      [pagePath('en-us', 'Glossary/API')]: pageText('Glossary/API'),
      [`${FILES}/en-us/bin/index.md`]: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]),
      [`${FILES}/en-us/latin/index.md`]: new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]),
      [`${FILES}/en-us/yaml/index.md`]: '---\ntitle: "unclosed\nslug: Yaml\n---\n\nText.\n',
    });
    const live = await ContentIndex.build(fs, [FILES]);
    expect(live.page('en-us', 'Glossary/API')).toBeDefined();
    const messages = live.problems().map((p) => `${p.path.slice(FILES.length)}: ${p.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^\/en-us\/bin\/index.md: binary/),
      expect.stringMatching(/^\/en-us\/latin\/index.md: not valid UTF-8/),
      expect.stringMatching(/^\/en-us\/yaml\/index.md: front matter is not valid YAML/),
    ]);
    // The page with broken front matter is still indexed, under its folder.
    expect(live.page('en-us', 'yaml')).toBeDefined();
  });
});
