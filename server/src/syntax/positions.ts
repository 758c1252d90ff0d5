/**
 * Offsets ↔ positions. LSP speaks UTF-16 code units (what JavaScript strings index by); the CLI
 * prints 1-based columns in Unicode code points, as editors show them.
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

/** Line starts of a text, for O(log n) offset → position. Build once per text version. */
export class LineIndex {
  readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
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
    let lineEnd = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] - 1 : this.text.length;
    if (lineEnd > lineStart && this.text.charCodeAt(lineEnd - 1) === 13 && lineEnd < this.text.length) lineEnd--;
    return Math.max(lineStart, Math.min(lineStart + Math.max(0, position.character), lineEnd));
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
