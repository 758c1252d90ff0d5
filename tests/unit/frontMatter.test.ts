/**
 * Front matter (server/src/content/frontMatter.ts) and its extent (syntax/document.ts).
 */
import { describe, it, expect } from 'vitest';
import { readFrontMatter } from '../../server/src/content/frontMatter';
import { frontMatterEnd } from '../../server/src/syntax/document';

describe('frontMatterEnd', () => {
  it('is just after the closing `---` line, LF or CRLF; 0 without front matter', () => {
    expect(frontMatterEnd('---\ntitle: a\n---\nbody')).toBe('---\ntitle: a\n---\n'.length);
    expect(frontMatterEnd('---\r\ntitle: a\r\n---\r\nbody')).toBe('---\r\ntitle: a\r\n---\r\n'.length);
    expect(frontMatterEnd('---\ntitle: a\n---')).toBe('---\ntitle: a\n---'.length);
    expect(frontMatterEnd('body')).toBe(0);
    expect(frontMatterEnd('---\ntitle: a\n')).toBe(0);
    expect(frontMatterEnd('----\ntitle: a\n---\n')).toBe(0);
    expect(frontMatterEnd('')).toBe(0);
  });
});

describe('readFrontMatter', () => {
  it('reads title, slug, page-type and l10n', () => {
    const result = readFrontMatter('---\ntitle: API\nslug: Glossary/API\npage-type: glossary-definition\nl10n:\n  sourceCommit: abc123\n---\n\nText');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.frontMatter).toMatchObject({
      title: 'API',
      slug: 'Glossary/API',
      pageType: 'glossary-definition',
      l10n: { sourceCommit: 'abc123' },
      hasTranslationOf: false,
    });
  });

  it('reads the legacy translation shape and numeric titles', () => {
    const result = readFrontMatter('---\ntitle: 404\nslug: Web/HTTP/Status/404\ntranslation_of: Web/HTTP/Status/404\ntags:\n  - HTTP\n---\n');
    expect(result.ok && result.frontMatter).toMatchObject({ title: '404', hasTranslationOf: true });
  });

  it('a page without front matter is an error on line 0', () => {
    const result = readFrontMatter('Just text');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.line).toBe(0);
  });

  it('invalid YAML is an error (never a throw) positioned on the faulty line, 0-based in the file', () => {
    // Line 0 `---`, line 1 `title: ok`, line 2 the faulty mapping.
    const result = readFrontMatter('---\ntitle: ok\nslug: a: b\n---\n\nbody\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(/not valid YAML/);
    expect(result.error.line).toBe(2);
  });

  it('an unclosed quote is positioned inside the front matter, not after it', () => {
    const text = '---\ntitle: "unclosed\nslug: Bad/Yaml\n---\n\nbody\n';
    const result = readFrontMatter(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const closingLine = 3;
    expect(result.error.line).toBeGreaterThanOrEqual(1);
    expect(result.error.line).toBeLessThanOrEqual(closingLine);
  });
});
