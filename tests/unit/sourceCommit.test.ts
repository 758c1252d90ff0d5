/**
 * Where `l10n.sourceCommit` is written (server/src/syntax/sourceCommit.ts), and the value a page
 * records (YAML's numbers are not hashes).
 */
import { describe, expect, it } from 'vitest';
import { findFrontMatterKey, findSourceCommit, writtenSourceCommit } from '../../server/src/syntax/sourceCommit';
import { readFrontMatter } from '../../server/src/content/frontMatter';
import { slice } from '../helpers/text';

const value = (text: string) => {
  const field = findSourceCommit(text);
  return field && { value: field.value, written: text.slice(field.valueStart, field.valueEnd), key: text.slice(field.keyStart, field.keyStart + 12), quote: field.quote };
};

describe('findSourceCommit', () => {
  it('finds the value under l10n in a block mapping, plain or quoted, before a comment', () => {
    expect(value('---\ntitle: A\nl10n:\n  sourceCommit: 2547f622337d6cbf8c3794776b17ed377d6aad57\n---\nBody')).toEqual({
      value: '2547f622337d6cbf8c3794776b17ed377d6aad57',
      written: '2547f622337d6cbf8c3794776b17ed377d6aad57',
      key: 'sourceCommit',
      quote: '',
    });
    expect(value('---\nl10n:\n    sourceCommit: "abc1234" # from mdn/content\n---\n')).toEqual({ value: 'abc1234', written: '"abc1234"', key: 'sourceCommit', quote: '"' });
    expect(value("---\nl10n:\n  sourceCommit: 'abc1234'\n---\n")).toMatchObject({ value: 'abc1234', written: "'abc1234'", quote: "'" });
    expect(value('---\nl10n:\n  sourceCommit: abc1234   # note\n---\n')).toMatchObject({ value: 'abc1234', written: 'abc1234' });
  });

  it('reads CRLF files without the carriage return', () => {
    expect(value('---\r\nl10n:\r\n  sourceCommit: abc1234\r\n---\r\nBody')).toMatchObject({ value: 'abc1234', written: 'abc1234' });
  });

  it('skips other keys, blank lines and comments under l10n, and stops at the next top-level key', () => {
    expect(value('---\nl10n:\n  # the commit\n\n  other: x\n  sourceCommit: abc1234\ntitle: T\n---\n')).toMatchObject({ value: 'abc1234' });
    expect(findSourceCommit('---\nl10n:\n  other: x\ntitle: T\nsourceCommit: abc1234\n---\n')).toBeUndefined();
    // Deeper keys are not l10n's own.
    expect(findSourceCommit('---\nl10n:\n  nested:\n    sourceCommit: abc1234\n---\n')).toBeUndefined();
  });

  it('an empty value is a place to write one (before a comment)', () => {
    const text = '---\nl10n:\n  sourceCommit: # mdn/content commit of the English page\n---\n';
    const field = findSourceCommit(text)!;
    expect(field.value).toBe('');
    expect(field.valueStart).toBe(field.valueEnd);
    expect(text.slice(field.valueStart)).toMatch(/^# mdn/);
    expect(findSourceCommit('---\nl10n:\n  sourceCommit:\n---\n')?.value).toBe('');
  });

  it('reads a flow mapping on one line', () => {
    expect(value('---\nl10n: { sourceCommit: abc1234, other: 1 }\n---\n')).toMatchObject({ value: 'abc1234', written: 'abc1234' });
    expect(value('---\nl10n: {other: 1, sourceCommit: "abc1234"}\n---\n')).toMatchObject({ value: 'abc1234', written: '"abc1234"', quote: '"' });
  });

  it('nothing outside the front matter, without l10n, or in a broken quote', () => {
    expect(findSourceCommit('l10n:\n  sourceCommit: abc1234\n')).toBeUndefined();
    expect(findSourceCommit('---\ntitle: A\n---\nl10n:\n  sourceCommit: abc1234\n')).toBeUndefined();
    expect(findSourceCommit('---\nl10n:\n  sourceCommit: "abc1234\n---\n')).toBeUndefined();
    expect(findSourceCommit('---\nl10n: x\n  sourceCommit: abc1234\n---\n')).toBeUndefined();
  });
});

describe('writtenSourceCommit', () => {
  it('is the value as written, where YAML reads a number', () => {
    for (const hash of ['1234567', '0123456', '12e4567', '2547f622337d6cbf8c3794776b17ed377d6aad57']) {
      const text = `---\ntitle: A\nl10n:\n  sourceCommit: ${hash}\n---\n`;
      const result = readFrontMatter(text);
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      expect(writtenSourceCommit(text, result.frontMatter.l10n?.sourceCommit)).toBe(hash);
    }
  });

  it('is undefined when the page records none', () => {
    expect(writtenSourceCommit('---\ntitle: A\n---\n', undefined)).toBeUndefined();
    expect(writtenSourceCommit('---\nl10n:\n  sourceCommit:\n---\n', '')).toBeUndefined();
  });
});

describe('findFrontMatterKey', () => {
  it('finds a top-level key and its line', () => {
    const text = '---\ntitle: A\ntranslation_of: Glossary/A\n---\ntranslation_of: body\n';
    const key = findFrontMatterKey(text, 'translation_of')!;
    expect(slice(text, { start: key.lineStart, end: key.lineEnd })).toBe('translation_of: Glossary/A');
    expect(findFrontMatterKey(text, 'slug')).toBeUndefined();
    expect(findFrontMatterKey('---\ntitle_x: 1\n---\n', 'title')).toBeUndefined();
  });
});
