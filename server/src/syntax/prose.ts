/**
 * The words of a page's prose, in one linear pass over a {@link ScannedDocument}: what a reader
 * reads as running text. Front matter, code (blocks and spans), HTML comments, macros (the whole
 * macro text), headings, definition-list terms, link text and destinations, HTML tags and the
 * content of elements that are code or links (`<code>`, `<pre>`, `<a>`…) are not prose.
 *
 * A word is a run of letters, marks and digits (Unicode-aware: accents, Vietnamese, Cyrillic…).
 * Scripts written without spaces (Han, Kana, Thai, Lao, Khmer, Myanmar) have no word boundaries in
 * the text: each of their characters is one token, and whoever matches decides where words end
 * (the term matcher asks `Intl.Segmenter`). A change between a Latin word and such a script ends a
 * token (`API를`, `APIを` hold the word `API`).
 *
 * Tokens are kept as parallel typed arrays with a hash of their case-folded text, so that a matcher
 * can look them up without allocating a string per word. Pure and total.
 */
import type { ScannedDocument } from './document';
import { mergeRegions, Regions } from './regions';
import { isBlankLineAt, lineStartSyntax, markdownSyntax } from './proseMarkup';

/** Something that is not prose (a skipped region, a heading, a blank line, a link) lies before the token. */
export const HARD_BREAK = 1;
/**
 * Joined to the token before by `-`, `.`, `/`, `_`, `@`, `:`, `=`, `#`, `+`, `~`, `\` with no
 * space: the two are one identifier, file name or URL (`API-based`, `Node.js`, `example.com/api`).
 */
export const GLUED = 2;
/** First word of a sentence, a line, a list item or a table cell (capitals say nothing there). */
export const SENTENCE_START = 4;
/** A character of a script written without spaces: one token per character. */
export const NO_SPACE_SCRIPT = 8;
/** Holds combining marks: fold it with NFC before comparing (the hash is of the text as written). */
export const NEEDS_NFC = 16;

export interface ProseTokens {
  text: string;
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  /** Hash of the case-folded token ({@link foldedHash} of {@link foldToken}). */
  hashes: Int32Array;
  flags: Uint8Array;
}

// ——— Characters ———

const enum CharKind {
  Unknown = 0,
  Other = 1,
  Word = 2,
  NoSpace = 3,
  Space = 4,
  Mark = 5,
}

const WORD = /^[\p{L}\p{N}]$/u;
const MARK = /^\p{M}$/u;
const NO_SPACE = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}\u30FC]$/u;
const SPACE = /^\s$/u;

/** Kind of every BMP code unit, filled on first use. */
const kinds = new Uint8Array(0x10000);
/** Lowercase of every BMP code unit (when it stays one unit), filled on first use. */
const folds = new Uint16Array(0x10000);

function classify(char: string): CharKind {
  if (NO_SPACE.test(char)) return CharKind.NoSpace;
  if (MARK.test(char)) return CharKind.Mark;
  if (WORD.test(char)) return CharKind.Word;
  if (SPACE.test(char)) return CharKind.Space;
  return CharKind.Other;
}

function kindOfUnit(code: number): CharKind {
  if (code < 128) {
    if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57)) return CharKind.Word;
    return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11 ? CharKind.Space : CharKind.Other;
  }
  let kind = kinds[code];
  if (kind === CharKind.Unknown) {
    kind = code >= 0xd800 && code <= 0xdfff ? CharKind.Other : classify(String.fromCharCode(code));
    kinds[code] = kind;
  }
  return kind;
}

/** Kind of the surrogate pair at `i` (its code point), or -1 when `i` does not start one. */
function pairKind(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 0xd800 || code > 0xdbff || i + 1 >= text.length) return -1;
  const low = text.charCodeAt(i + 1);
  return low >= 0xdc00 && low <= 0xdfff ? classify(text.slice(i, i + 2)) : -1;
}

const KIND_MASK = 0xf;
const WIDTH_SHIFT = 4;

/**
 * The kind of the character at `i` (whose first unit is `unit`) and its width in UTF-16 units (2
 * for a surrogate pair), packed as `kind | width << WIDTH_SHIFT`: no object on the tokenizer's hot path.
 */
function charAt(text: string, i: number, unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdbff) {
    const pair = pairKind(text, i);
    if (pair !== -1) return pair | (2 << WIDTH_SHIFT);
  }
  return kindOfUnit(unit) | (1 << WIDTH_SHIFT);
}

function foldUnit(code: number): number {
  if (code < 128) return code >= 65 && code <= 90 ? code + 32 : code;
  let folded = folds[code];
  if (folded === 0) {
    const lower = code >= 0xd800 && code <= 0xdfff ? '' : String.fromCharCode(code).toLowerCase();
    folded = lower.length === 1 ? lower.charCodeAt(0) : code;
    folds[code] = folded;
  }
  return folded;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

/** The hash a token gets from its folded text (for terms: hash the folded string). */
export function foldedHash(folded: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < folded.length; i++) hash = Math.imul(hash ^ folded.charCodeAt(i), FNV_PRIME);
  return hash;
}

/** Case-folded text of a token: lowercase, NFC (Vietnamese written with combining marks matches the precomposed form). */
export function foldToken(tokens: ProseTokens, index: number): string {
  const raw = tokens.text.slice(tokens.starts[index], tokens.ends[index]);
  return foldString(tokens.flags[index] & NEEDS_NFC ? raw.normalize('NFC') : raw);
}

/** The fold used for tokens, for any string (one unit in, one unit out). */
export function foldString(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) out += String.fromCharCode(foldUnit(value.charCodeAt(i)));
  return out;
}

/** The hash of a token, NFC-normalised when it holds combining marks. */
export function tokenHash(tokens: ProseTokens, index: number): number {
  return tokens.flags[index] & NEEDS_NFC ? foldedHash(foldToken(tokens, index)) : tokens.hashes[index];
}

/** Latin letters (Vietnamese included), ASCII digits and punctuation. */
function isLatin(code: number): boolean {
  return code < 0x0250 || (code >= 0x1e00 && code <= 0x1eff) || (code >= 0x2c60 && code <= 0x2c7f) || (code >= 0xa720 && code <= 0xa7ff);
}

function isAsciiPunctuation(code: number): boolean {
  return (code >= 33 && code <= 47) || (code >= 58 && code <= 64) || (code >= 91 && code <= 96) || (code >= 123 && code <= 126);
}

function isGlue(code: number): boolean {
  // - . / _ @ : = # + ~ \
  return code === 45 || code === 46 || code === 47 || code === 95 || code === 64 || code === 58 || code === 61 || code === 35 || code === 43 || code === 126 || code === 92;
}

// ——— Tokens ———

class TokenBuffer {
  count = 0;
  starts: Int32Array;
  ends: Int32Array;
  hashes: Int32Array;
  flags: Uint8Array;

  constructor(capacity: number) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.hashes = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
  }

  push(start: number, end: number, hash: number, flags: number): void {
    if (this.count === this.starts.length) this.grow();
    const i = this.count++;
    this.starts[i] = start;
    this.ends[i] = end;
    this.hashes[i] = hash;
    this.flags[i] = flags;
  }

  private grow(): void {
    const size = this.starts.length * 2 + 16;
    const grown = <T extends Int32Array | Uint8Array>(array: T, make: (n: number) => T) => {
      const next = make(size);
      next.set(array);
      return next;
    };
    this.starts = grown(this.starts, (n) => new Int32Array(n));
    this.ends = grown(this.ends, (n) => new Int32Array(n));
    this.hashes = grown(this.hashes, (n) => new Int32Array(n));
    this.flags = grown(this.flags, (n) => new Uint8Array(n));
  }

  result(text: string): ProseTokens {
    return { text, count: this.count, starts: this.starts, ends: this.ends, hashes: this.hashes, flags: this.flags };
  }
}

/** The prose words of a scanned page (see the module comment for what is skipped). */
export function proseTokens(doc: ScannedDocument): ProseTokens {
  const macros: Regions = doc.macros.map((macro) => [macro.start, macro.end]);
  const broken: Regions = doc.macroErrors.map((error) => [error.start, error.end]);
  const skip = mergeRegions(doc.bodyStart > 0 ? [[0, doc.bodyStart]] : [], doc.code, doc.comments, macros, broken);
  return tokenize(doc.text, skip, true);
}

/** The words of a plain string (a term, an alias): no Markdown, nothing skipped. */
export function textTokens(text: string): ProseTokens {
  return tokenize(text, [], false);
}

/**
 * One pass over `text`. `skip`: sorted regions that are not prose. `markdown`: whether headings,
 * link text, HTML tags and the rest of the Markdown syntax are recognised.
 */
function tokenize(text: string, skip: Regions, markdown: boolean): ProseTokens {
  const n = text.length;
  const out = new TokenBuffer(Math.min(1 << 16, (n >> 4) + 16));
  let region = 0;
  // The next region to skip (kept in locals: this runs for every character).
  let skipStart = skip.length ? skip[0][0] : n;
  let skipEnd = skip.length ? skip[0][1] : n;
  let pending = HARD_BREAK | SENTENCE_START;
  let lineStart = true;
  // Gap since the last token: 0 none yet (or broken), 1 the token just ended, 2 glue only since.
  let gap = 0;
  // Open `[`: where, and how many tokens there were then (link text is dropped when it closes).
  const brackets: Array<{ at: number; tokens: number }> = [];
  let i = 0;
  while (i < n) {
    if (i >= skipStart) {
      if (i < skipEnd) i = skipEnd;
      region++;
      skipStart = region < skip.length ? skip[region][0] : n;
      skipEnd = region < skip.length ? skip[region][1] : n;
      pending |= HARD_BREAK;
      gap = 0;
      continue;
    }
    const code = text.charCodeAt(i);
    if ((code === 32 || code === 9) && !lineStart) {
      i++;
      gap = 0;
      continue;
    }
    if (markdown && lineStart) {
      lineStart = false;
      const after = lineStartSyntax(text, i, skipStart);
      if (after !== i || isBlankLineAt(text, i)) {
        pending |= HARD_BREAK | SENTENCE_START;
        gap = 0;
        if (isBlankLineAt(text, i)) brackets.length = 0;
      }
      if (after !== i) {
        i = after;
        continue;
      }
    }
    const packed = charAt(text, i, code);
    const kind = packed & KIND_MASK;
    const width = packed >> WIDTH_SHIFT;

    if (kind === CharKind.Word || kind === CharKind.NoSpace) {
      const start = i;
      let hash = FNV_OFFSET;
      let flags = pending;
      // `\API`: a backslash before a letter is literal, and part of the word (a path, an escape sequence).
      if (gap === 2 || (start > 0 && text.charCodeAt(start - 1) === 92)) flags |= GLUED;
      if (kind === CharKind.NoSpace) {
        for (let k = 0; k < width; k++) hash = Math.imul(hash ^ text.charCodeAt(i + k), FNV_PRIME);
        i += width;
        // Marks belong to the character before them.
        while (i < n && kindOfUnit(text.charCodeAt(i)) === CharKind.Mark) {
          flags |= NEEDS_NFC;
          hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
          i++;
        }
        flags |= NO_SPACE_SCRIPT;
      } else {
        // A word does not run from Latin into another script (`API를` holds the word `API`).
        const latin = isLatin(code);
        while (i < n) {
          const unit = text.charCodeAt(i);
          if (unit < 128) {
            // ASCII, the common case: letters and digits, folded inline.
            const isUpper = unit >= 65 && unit <= 90;
            const isLetter = isUpper || (unit >= 97 && unit <= 122);
            if (!(isLetter || (unit >= 48 && unit <= 57)) || (isLetter && !latin)) break;
            hash = Math.imul(hash ^ (isUpper ? unit + 32 : unit), FNV_PRIME);
            i++;
            continue;
          }
          if (isLatin(unit) !== latin && kindOfUnit(unit) !== CharKind.Mark) break;
          const unitPacked = charAt(text, i, unit);
          const unitKind = unitPacked & KIND_MASK;
          const unitWidth = unitPacked >> WIDTH_SHIFT;
          if (unitKind === CharKind.Mark) flags |= NEEDS_NFC;
          else if (unitKind !== CharKind.Word) break;
          for (let k = 0; k < unitWidth; k++) hash = Math.imul(hash ^ foldUnit(text.charCodeAt(i + k)), FNV_PRIME);
          i += unitWidth;
        }
      }
      out.push(start, i, hash, flags);
      pending = 0;
      gap = 1;
      continue;
    }

    if (code === 10) {
      i++;
      lineStart = true;
      pending |= SENTENCE_START;
      gap = 0;
      continue;
    }
    if (kind === CharKind.Space || kind === CharKind.Mark) {
      i += width;
      gap = 0;
      continue;
    }
    if (markdown) {
      const jumped = markdownSyntax(text, i, code, out, brackets);
      if (jumped !== i) {
        // After a tag (`<td>`, `<li>`, `<br>`) prose may start anew: capitals say nothing there.
        pending |= code === 60 ? HARD_BREAK | SENTENCE_START : HARD_BREAK;
        i = jumped;
        gap = 0;
        continue;
      }
    }
    if (
      (code === 46 || code === 33 || code === 63 || code === 58 || code === 0x3002 || code === 0xff01 || code === 0xff1f) &&
      (i + 1 >= n || kindOfUnit(text.charCodeAt(i + 1)) === CharKind.Space)
    ) {
      pending |= SENTENCE_START;
    }
    if (code === 124 /* | */) pending |= SENTENCE_START | HARD_BREAK;
    gap = (gap === 1 || gap === 2) && isGlue(code) ? 2 : 0;
    if (markdown && code === 92 /* \ */ && i + 1 < n && isAsciiPunctuation(text.charCodeAt(i + 1))) {
      // An escaped punctuation character is literal text, never syntax (only punctuation escapes).
      i += 2;
      gap = 0;
      continue;
    }
    i += width;
  }
  return out.result(text);
}

/** A readable list of the tokens (for tests and debugging). */
export function tokenTexts(tokens: ProseTokens): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.count; i++) out.push(tokens.text.slice(tokens.starts[i], tokens.ends[i]));
  return out;
}
