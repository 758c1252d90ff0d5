/**
 * Whole-word matching of many terms at once: a token trie (a token map keyed by case-folded words,
 * then by the gap and word that follow) built once, and one linear pass over a page's prose tokens.
 * No regular expression per term.
 *
 * - Words are compared case-folded; a word that looks like an acronym or a product name
 *   (`CORS`, `APIs`, `JavaScript`, `IdP`, `i18n`) must be written exactly as the term writes it,
 *   and a term marked `exactCase` must match its spelling exactly.
 * - Between two words of a term the text must have what the term has: any whitespace (one line
 *   break included) where the term has a space, exactly `-`, `.`, `/`… where the term has them.
 * - A match never starts or ends inside an identifier, file name or URL (`API-based`, `Node.js`
 *   for the term `Node`, `example.com/api`), nor inside a word of a script written without spaces
 *   (where `Intl.Segmenter` says where words are).
 * - Leftmost, then longest: `JavaScript engine` wins over `JavaScript`.
 * - Two entries claiming the same words: the higher priority wins; a tie matches neither
 *   (the words are ambiguous, and the span is consumed).
 * Pure.
 */
import { foldedHash, foldString, foldToken, GLUED, HARD_BREAK, NEEDS_NFC, NO_SPACE_SCRIPT, ProseTokens, SENTENCE_START, textTokens, tokenHash } from './prose';

export interface TermSpec {
  /** What the term names; opaque here (the coverage layer uses an entry's folder, `glossary/api`). */
  entry: string;
  /** The term as a page would write it: `Cross-site scripting`, `APIs`, `Gecko`. */
  text: string;
  /** Only this exact spelling matches (otherwise words compare case-insensitively, acronyms aside). */
  exactCase?: boolean;
  /** When entries claim the same words, the highest priority wins; a tie matches neither. Default 0. */
  priority?: number;
  /**
   * A capitalized word that is also an ordinary word, used as a name (`Gecko`, `Internet`): matched
   * only mid-sentence (capitals say nothing at the start of a sentence, line or cell) and not as
   * part of a longer capitalized name (`Internet Explorer`, `HTML Entity`, `Head Mounted Display`).
   */
  name?: boolean;
}

export interface TermMatch {
  entry: string;
  spec: TermSpec;
  /** Offsets of the matched text in the page. */
  start: number;
  end: number;
}

interface Terminal {
  spec: TermSpec;
  priority: number;
  /** Words that must be written exactly so: [word index in the term, spelling]. */
  exact: Array<[number, string]>;
}

interface TrieNode {
  /** Case-folded word. */
  word: string;
  /** Next words, by gap key + '\u0001' + folded word. */
  next?: Map<string, TrieNode>;
  terminals?: Terminal[];
}

export interface TermMatcher {
  readonly specs: readonly TermSpec[];
  /** Specs that cannot be matched faithfully (no words, or text before the first or after the last word). */
  readonly rejected: readonly TermSpec[];
  /** First words by hash of their folded text. */
  readonly roots: ReadonlyMap<number, readonly TrieNode[]>;
}

/** `CORS`, `APIs`, `JavaScript`, `IdP`, `i18n`, `HTML5`: a word whose spelling is part of its meaning. */
export function isAcronymLike(word: string): boolean {
  let upper = 0;
  let letters = 0;
  let digits = 0;
  let upperAfterFirst = false;
  let index = 0;
  for (const char of word) {
    const lower = char.toLowerCase();
    const isUpper = lower !== char;
    const isLetter = isUpper || lower !== char.toUpperCase();
    if (isUpper) {
      upper++;
      if (index > 0) upperAfterFirst = true;
    }
    if (isLetter) letters++;
    else if (char >= '0' && char <= '9') digits++;
    index++;
  }
  return upper >= 2 || upperAfterFirst || (letters > 0 && digits > 0);
}

/** How a gap between two words is compared: whitespace of any kind is one space; the rest as written. */
function gapKey(gap: string): string {
  if (gap === '') return '';
  if (/^\s+$/.test(gap)) return ' ';
  return gap.replace(/\s+/g, ' ');
}

export function compileTerms(specs: readonly TermSpec[]): TermMatcher {
  const roots = new Map<number, TrieNode[]>();
  const rejected: TermSpec[] = [];
  for (const spec of specs) {
    const tokens = textTokens(spec.text.normalize('NFC'));
    const text = tokens.text;
    if (tokens.count === 0 || text.slice(0, tokens.starts[0]).trim() !== '' || text.slice(tokens.ends[tokens.count - 1]).trim() !== '') {
      rejected.push(spec);
      continue;
    }
    const words: string[] = [];
    const exact: Array<[number, string]> = [];
    for (let k = 0; k < tokens.count; k++) {
      const written = text.slice(tokens.starts[k], tokens.ends[k]);
      words.push(foldString(written));
      if (spec.exactCase || isAcronymLike(written)) exact.push([k, written]);
    }
    const hash = foldedHash(words[0]);
    let candidates = roots.get(hash);
    if (!candidates) roots.set(hash, (candidates = []));
    let node = candidates.find((candidate) => candidate.word === words[0]);
    if (!node) candidates.push((node = { word: words[0] }));
    for (let k = 1; k < tokens.count; k++) {
      const key = gapKey(text.slice(tokens.ends[k - 1], tokens.starts[k])) + '\u0001' + words[k];
      node.next ??= new Map();
      let child = node.next.get(key);
      if (!child) node.next.set(key, (child = { word: words[k] }));
      node = child;
    }
    (node.terminals ??= []).push({ spec, priority: spec.priority ?? 0, exact });
  }
  return { specs, rejected, roots };
}

export interface MatchOptions {
  /** The page's locale, for word boundaries in scripts written without spaces. */
  locale?: string;
}

/** Every match in the prose, in text order, non-overlapping (leftmost, then longest). */
export function matchTerms(tokens: ProseTokens, matcher: TermMatcher, options: MatchOptions = {}): TermMatch[] {
  const matches: TermMatch[] = [];
  const boundaries = new SegmentBoundaries(tokens.text, options.locale);
  const { count, starts, ends, flags, text } = tokens;
  for (let i = 0; i < count; i++) {
    const candidates = matcher.roots.get(tokenHash(tokens, i));
    if (!candidates || flags[i] & GLUED) continue;
    const word = foldToken(tokens, i);
    let node = candidates.find((candidate) => candidate.word === word);
    if (!node || !boundaries.isBoundary(tokens, i, 'start')) continue;
    let best: { end: number; terminals: Terminal[] } | undefined;
    for (let j = i; ;) {
      if (node.terminals && endsWord(tokens, j) && boundaries.isBoundary(tokens, j, 'end')) {
        const asName = (flags[i] & SENTENCE_START) === 0 && !inLongerName(tokens, i, j);
        const passing = node.terminals.filter((terminal) => (asName || !terminal.spec.name) && terminal.exact.every(([k, spelling]) => written(tokens, i + k) === spelling));
        if (passing.length) best = { end: j, terminals: passing };
      }
      if (!node.next || j + 1 >= count || flags[j + 1] & HARD_BREAK) break;
      const gap = text.slice(ends[j], starts[j + 1]);
      const child = node.next.get(gapKey(gap) + '\u0001' + foldToken(tokens, j + 1));
      if (!child) break;
      node = child;
      j++;
    }
    if (!best) continue;
    const top = Math.max(...best.terminals.map((terminal) => terminal.priority));
    const winners = best.terminals.filter((terminal) => terminal.priority === top);
    const entries = new Set(winners.map((terminal) => terminal.spec.entry));
    // Ambiguous words are consumed, not reported: nothing shorter inside them is a mention either.
    if (entries.size === 1) matches.push({ entry: winners[0].spec.entry, spec: winners[0].spec, start: starts[i], end: ends[best.end] });
    i = best.end;
  }
  return matches;
}

/** The first match of each entry, leaving out the entries `exclude` names (already linked, the page's own). */
export function firstMentions(tokens: ProseTokens, matcher: TermMatcher, options: MatchOptions & { exclude?: (entry: string) => boolean } = {}): TermMatch[] {
  const seen = new Set<string>();
  const first: TermMatch[] = [];
  for (const match of matchTerms(tokens, matcher, options)) {
    if (seen.has(match.entry)) continue;
    seen.add(match.entry);
    if (!options.exclude?.(match.entry)) first.push(match);
  }
  return first;
}

function written(tokens: ProseTokens, index: number): string {
  const raw = tokens.text.slice(tokens.starts[index], tokens.ends[index]);
  return tokens.flags[index] & NEEDS_NFC ? raw.normalize('NFC') : raw;
}

/**
 * Whether words `i`…`j` sit inside a longer capitalized name: a word right before them (only
 * spaces between, mid-sentence) or right after them starts with a capital.
 */
export function inLongerName(tokens: ProseTokens, i: number, j: number): boolean {
  const capitalizedNeighbour = (k: number, next: number) =>
    !(tokens.flags[next] & HARD_BREAK) && /^\s+$/.test(tokens.text.slice(tokens.ends[next - 1], tokens.starts[next])) && startsUpper(tokens, k);
  if (i > 0 && !(tokens.flags[i - 1] & SENTENCE_START) && capitalizedNeighbour(i - 1, i)) return true;
  return j + 1 < tokens.count && capitalizedNeighbour(j + 1, j + 1);
}

function startsUpper(tokens: ProseTokens, k: number): boolean {
  const first = String.fromCodePoint(tokens.text.codePointAt(tokens.starts[k]) ?? 32);
  return first !== first.toLowerCase();
}

/** Whether the word `j` ends a match: the next word is not glued to it. */
function endsWord(tokens: ProseTokens, j: number): boolean {
  return j + 1 >= tokens.count || (tokens.flags[j + 1] & HARD_BREAK) !== 0 || (tokens.flags[j + 1] & GLUED) === 0;
}

/**
 * Word boundaries inside runs of a script written without spaces, from `Intl.Segmenter`,
 * computed only for runs where a match starts or ends.
 */
class SegmentBoundaries {
  private readonly runs = new Map<number, Set<number>>();
  private segmenter?: Intl.Segmenter | null;

  constructor(
    private readonly text: string,
    private readonly locale?: string,
  ) {}

  /** Whether the start (or end) of token `i` is a word boundary. */
  isBoundary(tokens: ProseTokens, i: number, side: 'start' | 'end'): boolean {
    const neighbour = side === 'start' ? i - 1 : i + 1;
    if (!(tokens.flags[i] & NO_SPACE_SCRIPT) || neighbour < 0 || neighbour >= tokens.count) return true;
    if (!(tokens.flags[neighbour] & NO_SPACE_SCRIPT)) return true;
    const offset = side === 'start' ? tokens.starts[i] : tokens.ends[i];
    const adjacent = side === 'start' ? tokens.ends[neighbour] === offset : tokens.starts[neighbour] === offset;
    if (!adjacent) return true;
    // The run of adjacent no-space characters around the offset.
    let first = Math.min(i, neighbour);
    while (first > 0 && tokens.flags[first - 1] & NO_SPACE_SCRIPT && tokens.ends[first - 1] === tokens.starts[first]) first--;
    let last = Math.max(i, neighbour);
    while (last + 1 < tokens.count && tokens.flags[last + 1] & NO_SPACE_SCRIPT && tokens.starts[last + 1] === tokens.ends[last]) last++;
    const runStart = tokens.starts[first];
    let set = this.runs.get(runStart);
    if (!set) {
      set = new Set();
      const segmenter = this.getSegmenter();
      if (!segmenter) return true;
      for (const segment of segmenter.segment(this.text.slice(runStart, tokens.ends[last]))) set.add(runStart + segment.index);
      set.add(tokens.ends[last]);
      this.runs.set(runStart, set);
    }
    return set.has(offset);
  }

  private getSegmenter(): Intl.Segmenter | null {
    if (this.segmenter === undefined) {
      try {
        this.segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(this.locale, { granularity: 'word' }) : null;
      } catch {
        this.segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
      }
    }
    return this.segmenter;
  }
}
