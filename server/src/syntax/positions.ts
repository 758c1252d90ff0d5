/**
 * Offsets ↔ positions. LSP speaks UTF-16 code units (what JavaScript strings index by); the CLI
 * prints 1-based columns in Unicode code points, as editors show them. Lines end, as LSP defines
 * them, at `\r\n`, `\n` or a lone `\r`: an editor counts lines that way, so any other count puts
 * diagnostics and edits on the wrong line of a file with old Mac line endings.
 */

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based UTF-16 offset within the line. */
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Offsets just after each line break (`\r\n`, `\n`, lone `\r`), in order. */
export function lineBreakEnds(text: string): number[] {
  const ends: number[] = [];
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  while (lf !== -1 || cr !== -1) {
    if (cr !== -1 && (lf === -1 || cr < lf)) {
      if (text.charCodeAt(cr + 1) === 10) {
        ends.push(cr + 2);
        lf = text.indexOf('\n', cr + 2);
      } else ends.push(cr + 1);
      cr = text.indexOf('\r', cr + 1);
    } else {
      ends.push(lf + 1);
      lf = text.indexOf('\n', lf + 1);
    }
  }
  return ends;
}

/** A text's lines: offsets, text without its break, and the break that ends it (`''` for the last line). */
export function splitLines(text: string): Array<{ start: number; end: number; text: string; newline: string }> {
  const lines: Array<{ start: number; end: number; text: string; newline: string }> = [];
  let start = 0;
  for (const next of lineBreakEnds(text)) {
    const newline = text.charCodeAt(next - 1) === 10 && text.charCodeAt(next - 2) === 13 ? '\r\n' : text[next - 1];
    lines.push({ start, end: next - newline.length, text: text.slice(start, next - newline.length), newline });
    start = next;
  }
  lines.push({ start, end: text.length, text: text.slice(start), newline: '' });
  return lines;
}

/** The line break a text mostly uses (`\n` when it has none): what new lines written into it get. */
export function dominantNewline(text: string): string {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (const end of lineBreakEnds(text)) {
    if (text.charCodeAt(end - 1) === 13) cr++;
    else if (text.charCodeAt(end - 2) === 13) crlf++;
    else lf++;
  }
  if (crlf > lf && crlf >= cr) return '\r\n';
  if (cr > lf && cr > crlf) return '\r';
  return '\n';
}

/** Line starts of a text, for O(log n) offset → position. Build once per text version. */
export class LineIndex {
  readonly lineStarts: number[];

  constructor(readonly text: string) {
    this.lineStarts = [0, ...lineBreakEnds(text)];
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The line holding `offset` (clamped into the text). */
  lineAt(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineAt(clamped);
    return { line, character: clamped - this.lineStarts[line] };
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const lineStart = this.lineStarts[position.line];
    // A character past the end of the line means the end of the line (before its terminator).
    return Math.max(lineStart, Math.min(lineStart + Math.max(0, position.character), this.lineEnd(position.line)));
  }

  /** Where a line's text ends: before its `\r\n`, `\n` or `\r`. */
  lineEnd(line: number): number {
    if (line + 1 >= this.lineStarts.length) return this.text.length;
    const next = this.lineStarts[line + 1];
    return this.text.charCodeAt(next - 1) === 10 && this.text.charCodeAt(next - 2) === 13 && next - 2 >= this.lineStarts[line] ? next - 2 : next - 1;
  }

  /** 1-based line and code-point column, as the CLI prints them. */
  displayPositionAt(offset: number): { line: number; column: number } {
    const { line } = this.positionAt(offset);
    const lineStart = this.lineStarts[line];
    // Counting resumes from the last call when it was earlier on the same line (findings come in
    // text order), so a long line with many findings is counted once, not once per finding.
    let column = 1;
    let from = lineStart;
    const last = this.lastDisplay;
    if (last && last.line === line && last.offset <= offset) {
      column = last.column;
      from = last.offset;
    }
    for (let i = from; i < offset; i++) {
      const code = this.text.charCodeAt(i);
      // A high surrogate followed by a low one is one code point.
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < offset) {
        const next = this.text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
      column++;
    }
    this.lastDisplay = { line, offset, column };
    return { line: line + 1, column };
  }

  private lastDisplay?: { line: number; offset: number; column: number };
}
