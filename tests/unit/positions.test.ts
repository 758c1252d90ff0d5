/**
 * Offsets ↔ positions (server/src/syntax/positions.ts): LSP positions count UTF-16 code units,
 * the CLI's columns count code points; CRLF and lone-CR text; round trips.
 */
import { describe, it, expect } from 'vitest';
import { dominantNewline, LineIndex, splitLines } from '../../server/src/syntax/positions';
import { expectCases } from '../helpers/cases';

/** offsetAt(positionAt(offset)) is offset, for every offset of the text. */
function expectRoundTrip(text: string): void {
  const index = new LineIndex(text);
  for (let offset = 0; offset <= text.length; offset++) {
    // Between `\r` and `\n` is no place a position can name: LSP lines end before their terminator.
    if (text[offset - 1] === '\r' && text[offset] === '\n') continue;
    expect(index.offsetAt(index.positionAt(offset))).toBe(offset);
  }
}

describe('LineIndex', () => {
  it('counts lines by `\\n`, including an empty last line', () => {
    expect(new LineIndex('').lineCount).toBe(1);
    expect(new LineIndex('a').lineCount).toBe(1);
    expect(new LineIndex('a\n').lineCount).toBe(2);
    expect(new LineIndex('a\nb\n\nc').lineStarts).toEqual([0, 2, 4, 5]);
  });

  it('positionAt: line and UTF-16 character', () => {
    const index = new LineIndex('ab\ncd\n');
    expectCases(index.positionAt.bind(index), [
      [0, { line: 0, character: 0 }],
      [2, { line: 0, character: 2 }],
      [3, { line: 1, character: 0 }],
      [6, { line: 2, character: 0 }],
    ]);
  });

  it('positionAt clamps offsets outside the text', () => {
    const index = new LineIndex('ab\ncd');
    expect(index.positionAt(-4)).toEqual({ line: 0, character: 0 });
    expect(index.positionAt(99)).toEqual({ line: 1, character: 2 });
  });

  it('an astral character (emoji) is two UTF-16 units in LSP positions', () => {
    const text = 'a😀b {{Glossary("x")}}';
    const index = new LineIndex(text);
    const b = text.indexOf('b');
    expect(b).toBe(3);
    expect(index.positionAt(b)).toEqual({ line: 0, character: 3 });
    expect(index.offsetAt({ line: 0, character: 3 })).toBe(b);
  });

  it('displayPositionAt: 1-based line, code-point column (an emoji is one column)', () => {
    const text = 'a😀b\n😀😀{{x}}';
    const index = new LineIndex(text);
    expectCases(index.displayPositionAt.bind(index), [
      [0, { line: 1, column: 1 }],
      [text.indexOf('b'), { line: 1, column: 3 }],
      [text.indexOf('{{'), { line: 2, column: 3 }],
      [text.length, { line: 2, column: 8 }],
    ]);
  });

  it('displayPositionAt: BMP accents and CJK are one column each; a lone surrogate is one column', () => {
    const text = 'Bézier 中文 x\ud800y';
    const index = new LineIndex(text);
    expect(index.displayPositionAt(text.indexOf('中'))).toEqual({ line: 1, column: 8 });
    expect(index.displayPositionAt(text.indexOf('y'))).toEqual({ line: 1, column: 13 });
  });

  it('offsetAt / positionAt round-trip over every offset, with emoji and CRLF', () => {
    expectRoundTrip('a😀b\r\n\r\nçé😀😀\r\n{{Glossary("🦊")}}\r\n');
  });

  it('CRLF: a line’s positions do not include the line break, the next line starts after `\\n`', () => {
    const text = 'ab\r\ncd\r\n';
    const index = new LineIndex(text);
    expect(index.lineCount).toBe(3);
    expect(index.positionAt(text.indexOf('c'))).toEqual({ line: 1, character: 0 });
    expect(index.displayPositionAt(text.indexOf('d'))).toEqual({ line: 2, column: 2 });
    expect(index.offsetAt({ line: 1, character: 0 })).toBe(4);
  });

  it('offsetAt clamps lines outside the text', () => {
    const index = new LineIndex('ab\ncd');
    expectCases(index.offsetAt.bind(index), [
      [{ line: -1, character: 3 }, 0],
      [{ line: 7, character: 0 }, 5],
      [{ line: 0, character: -3 }, 0],
    ]);
  });

  it('offsetAt: a character past the end of a line stays on that line (LSP: "defaults back to the line length")', () => {
    const lf = new LineIndex('ab\ncd');
    expect(lf.offsetAt({ line: 0, character: 50 })).toBe(2);
    expect(lf.positionAt(lf.offsetAt({ line: 0, character: 50 })).line).toBe(0);
    expect(lf.offsetAt({ line: 1, character: 50 })).toBe(5);
    const crlf = new LineIndex('ab\r\ncd');
    expect(crlf.offsetAt({ line: 0, character: 50 })).toBe(2);
  });

  it('rangeOf gives both ends', () => {
    const text = 'x\n{{Glossary("API")}}';
    const index = new LineIndex(text);
    expect(index.rangeOf(2, text.length)).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 19 } });
  });

  it('lineAt finds the line of any offset (binary search over many lines)', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n');
    const index = new LineIndex(text);
    for (const n of [0, 1, 499, 998, 999]) expect(index.lineAt(text.indexOf(`line ${n}`) + 2)).toBe(n);
  });
});

describe('line breaks as LSP counts them: `\\r\\n`, `\\n` and a lone `\\r`', () => {
  it('a lone CR ends a line, as it does in every editor', () => {
    const text = '---\rtitle: A\rslug: Glossary/A\r---\r\rSee {{Glossary("B")}}.\r';
    const index = new LineIndex(text);
    expect(index.lineCount).toBe(7);
    const macro = text.indexOf('{{');
    expect(index.positionAt(macro)).toEqual({ line: 5, character: 4 });
    expect(index.offsetAt({ line: 5, character: 4 })).toBe(macro);
    expect(index.displayPositionAt(macro)).toEqual({ line: 6, column: 5 });
    // Past the end of a CR-terminated line: the end of that line, before its CR.
    expect(index.offsetAt({ line: 1, character: 99 })).toBe(text.indexOf('\rslug'));
  });

  it('mixed endings: each of `\\r\\n`, `\\n`, `\\r` is one break; `\\n\\r` is two', () => {
    const text = 'a\r\nb\nc\rd\n\re';
    const index = new LineIndex(text);
    expect(index.lineStarts).toEqual([0, 3, 5, 7, 9, 10]);
    expect([0, 1, 2, 3, 4, 5].map((line) => text.slice(index.lineStarts[line], index.lineEnd(line)))).toEqual(['a', 'b', 'c', 'd', '', 'e']);
  });

  it('round-trips every offset of a text with every kind of break', () => {
    expectRoundTrip('\r\r\n\n\ra😀\rb\r\nc\n');
  });

  it('splitLines keeps each line’s own break; dominantNewline is the most used one', () => {
    expect(splitLines('a\r\nb\rc\nd').map((line) => [line.text, line.newline])).toEqual([
      ['a', '\r\n'],
      ['b', '\r'],
      ['c', '\n'],
      ['d', ''],
    ]);
    expectCases(dominantNewline, [
      ['a\r\nb\r\nc\n', '\r\n'],
      ['a\rb\rc\n', '\r'],
      ['abc', '\n'],
    ]);
  });
});

describe('front matter positions with a lone CR', () => {
  it('a YAML error after a lone CR is on the line an editor shows (js-yaml counts CR as a break too)', async () => {
    const { frontMatterFindings } = await import('../../server/src/resolve/frontMatterChecks');
    const text = '---\ntitle: A\rslug: a: b\rc: 3\n---\n\nBody.\n';
    const findings = frontMatterFindings(text, undefined, undefined).filter((f) => f.code === 'front-matter-yaml');
    expect(findings.map((f) => text.slice(f.start, f.end))).toEqual(['slug: a: b']);
  });
});
