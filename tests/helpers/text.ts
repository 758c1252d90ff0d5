/**
 * Small helpers shared by the engine tests: find offsets in a text by what is written there,
 * and capture the CLI's output.
 */
import type { Output } from '../../server/src/cli/checkCommand';

/** Offset of the `nth` (0-based) occurrence of `needle` in `text`; throws when absent. */
export function offsetOf(text: string, needle: string, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at === -1) throw new Error(`${JSON.stringify(needle)} (#${nth}) not found in ${JSON.stringify(text)}`);
  }
  return at;
}

/**
 * The LSP position (UTF-16, `\n` lines) `delta` characters after the first (or the last)
 * `needle` in `text`; throws when absent.
 */
export function positionOf(text: string, needle: string, delta = 0, which: 'first' | 'last' = 'first'): { line: number; character: number } {
  const offset = which === 'last' ? text.lastIndexOf(needle) : text.indexOf(needle);
  if (offset === -1) throw new Error(`${JSON.stringify(needle)} not found`);
  const before = text.slice(0, offset + delta);
  return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
}

/** `[start, end)` of the `nth` occurrence of `needle`. */
export function spanOf(text: string, needle: string, nth = 0): [number, number] {
  const start = offsetOf(text, needle, nth);
  return [start, start + needle.length];
}

/** The text between two offsets (for readable expectations on ranges). */
export function slice(text: string, range: { start: number; end: number }): string {
  return text.slice(range.start, range.end);
}

export interface CapturedOutput extends Output {
  stdout: string[];
  stderr: string[];
}

export function captureOutput(): CapturedOutput {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
}
