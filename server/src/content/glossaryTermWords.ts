/**
 * How the words of a glossary entry become terms (the rules are in glossaryTerms.ts's module
 * comment): an MDN title split into its parts, words and phrases told apart, English plurals and
 * singulars, and how the entry's own page writes its term (a proper name, or an ordinary word).
 */
import { scanDocument } from '../syntax/document';
import { NO_SPACE_SCRIPT, proseTokens, SENTENCE_START, textTokens } from '../syntax/prose';
import { compileTerms, inLongerName, isAcronymLike, matchTerms } from '../syntax/termMatcher';

/** Words a term needs to be a phrase rather than a single word, by language. */
export function phraseWords(language: string, noSpaceScript: boolean): number {
  if (noSpaceScript) return 4;
  return language === 'vi' ? 3 : 2;
}

export function wordsOf(text: string): string[] {
  const tokens = textTokens(text);
  const words: string[] = [];
  for (let k = 0; k < tokens.count; k++) words.push(text.slice(tokens.starts[k], tokens.ends[k]));
  return words;
}

/** An acronym, or a phrase long enough to name one thing in `language` (see the module comment). */
export function isDistinctive(text: string, language: string): boolean {
  const tokens = textTokens(text);
  if (tokens.count === 0) return false;
  for (let k = 0; k < tokens.count; k++) if (isAcronymLike(text.slice(tokens.starts[k], tokens.ends[k]))) return true;
  return tokens.count >= phraseWords(language, (tokens.flags[0] & NO_SPACE_SCRIPT) !== 0);
}

/** `Left To Right`, `Time to First Byte`: every word of four letters or more capitalized, first and last too. */
export function isTitleCase(words: string[]): boolean {
  if (words.length < 2) return false;
  const capitalized = (word: string) => word.charAt(0) !== word.charAt(0).toLowerCase();
  return capitalized(words[0]) && capitalized(words[words.length - 1]) && words.every((word) => word.length < 4 || capitalized(word));
}

export function lowerFirst(text: string): string {
  const words = text.split(' ');
  return words.map((word) => (isAcronymLike(word) ? word : word.charAt(0).toLowerCase() + word.slice(1))).join(' ');
}

export function isLowercaseStart(text: string): boolean {
  const first = text.charAt(0);
  return first.toLowerCase() === first && first.toUpperCase() !== first;
}

interface TitleParts {
  /** Terms the title gives (the whole title, or both halves of `Term (ACRONYM)`). */
  terms: string[];
  /** For `A (B)`: A, and B when B is context rather than another name. */
  base?: string;
  qualifier?: string;
  /** For `A (B)` where B expands A (or the reverse): B. */
  expansions: string[];
  /** Of A and B, the one that spells out the other's acronym. */
  expanded?: string;
}

const PARENTHESIZED = /^(.+?)\s*\(([^()]+)\)$/;
const COLON = /^([^:]+):\s+(.+)$/;

/** Split an MDN title: `Cross-site scripting (XSS)`, `Selector (CSS)`, `RTSP: Real-time streaming protocol`. */
export function titleParts(rawTitle: string, englishTitle?: string): TitleParts {
  const title = rawTitle.trim().replace(/^"(.*)"$/, '$1');
  const split = PARENTHESIZED.exec(title) ?? COLON.exec(title);
  if (!split) return title.includes('(') ? { terms: [], expansions: [] } : { terms: [title], expansions: [] };
  const [, a, b] = split.map((part) => part.trim());
  if (a.includes('(') || a.includes(')')) return { terms: [], expansions: [] };
  if (isExpansion(a, b)) return { terms: [a, b], base: a, expansions: [b], expanded: b };
  if (isExpansion(b, a)) return { terms: [a, b], base: a, expansions: [b], expanded: a };
  if (containsWords(b, a) || carriesOver(b, englishTitle)) return { terms: [a, b], base: a, expansions: [b] };
  return { terms: [a], base: a, qualifier: b, expansions: [] };
}

/** `XSS` for `Cross-site scripting`, `DoS` for `Denial of Service`, `XHR` for `XMLHttpRequest`, `i18n` for `Internationalization`. */
function isExpansion(short: string, long: string): boolean {
  if (/\s/.test(short) || !isAcronymLike(short) || short === long) return false;
  const numeronym = /^([a-z])(\d+)([a-z])$/i.exec(short);
  if (numeronym && !/\s/.test(long)) {
    const [, first, count, last] = numeronym;
    return long.length === Number(count) + 2 && long[0].toLowerCase() === first.toLowerCase() && long[long.length - 1].toLowerCase() === last.toLowerCase();
  }
  const longWords = long.split(/\s+/);
  if (longWords.length < 2 && !isAcronymLike(long)) return false;
  const initial = short.charAt(0).toLowerCase();
  const start = long.toLowerCase();
  return start.startsWith(initial) || (initial === 'x' && /^(cross|ex|trans)/.test(start));
}

/** `Alpha (alpha channel)`: the parenthesis says the same with more words. */
function containsWords(phrase: string, word: string): boolean {
  const words = phrase.toLowerCase().split(/\s+/);
  return words.length > 1 && words.includes(word.toLowerCase());
}

/** A translated title keeps the English parenthesis: `Kịch bản chéo trang (XSS)`. */
function carriesOver(part: string, englishTitle: string | undefined): boolean {
  if (!englishTitle) return false;
  const english = PARENTHESIZED.exec(englishTitle.trim()) ?? COLON.exec(englishTitle.trim());
  if (!english) return false;
  const [, a, b] = english.map((piece) => piece.trim());
  const related = isExpansion(a, b) || isExpansion(b, a) || containsWords(b, a);
  return related && [a, b].some((piece) => piece.toLowerCase() === part.toLowerCase());
}

/** Plural of a term's last word, or singular for a plural title: `APIs`, `CSS properties`, `grid line`. */
export function englishInflections(text: string, words: string[]): string[] {
  const last = words[words.length - 1];
  const stem = text.slice(0, text.length - last.length);
  if (!text.endsWith(last) || !/^[A-Za-z]+$/.test(last) || last.length < 2) return [];
  if (/^[A-Z]+$/.test(last)) return last.endsWith('S') ? [] : [stem + last + 's'];
  if (/^[A-Z]+s$/.test(last) && last.length > 2) return [stem + last.slice(0, -1)];
  if (words.length < 2 && !isAcronymLike(last)) return [];
  if (!/^[a-z]+$/.test(last.slice(1))) return [];
  // A gerund has no plural worth matching (`Cross-site scripting`, `Server-side rendering`).
  if (/ing$/.test(last)) return [];
  if (/ies$/.test(last)) return [stem + last.slice(0, -3) + 'y'];
  if (/(ss|us|is)$/.test(last)) return [stem + last + 'es'];
  if (/s$/.test(last)) return [stem + last.slice(0, -1)];
  if (/(x|z|ch|sh)$/.test(last)) return [stem + last + 'es'];
  if (/[^aeiou]y$/.test(last)) return [stem + last.slice(0, -1) + 'ies'];
  return [stem + last + 's'];
}

/**
 * The short titles the entry's page uses as names: mid-sentence, outside a longer capitalized name
 * and outside bold (the defining mention), always with the title's capitals, at least once.
 */
export function properNames(text: string | undefined, candidates: readonly string[]): string[] {
  const usage = termUsage(text, candidates);
  return candidates.filter((candidate) => {
    const counts = usage.get(candidate);
    return counts !== undefined && counts.asWritten > 0 && counts.otherwise === 0;
  });
}

interface TermUsage {
  /** Occurrences in the prose, any case, anywhere. */
  any: number;
  /** Mid-sentence occurrences that tell how the word is written: exactly as the candidate, or not. */
  asWritten: number;
  otherwise: number;
}

/** How a page's prose writes each candidate (compared case-insensitively, as whole words). */
export function termUsage(text: string | undefined, candidates: readonly string[]): Map<string, TermUsage> {
  const usage = new Map<string, TermUsage>();
  if (!text || candidates.length === 0) return usage;
  for (const candidate of candidates) usage.set(candidate, { any: 0, asWritten: 0, otherwise: 0 });
  const matcher = compileTerms(candidates.map((candidate) => ({ entry: candidate, text: candidate })));
  const tokens = proseTokens(scanDocument(text));
  for (const match of matchTerms(tokens, matcher)) {
    const counts = usage.get(match.entry)!;
    counts.any++;
    const first = tokenIndexAt(tokens.starts, tokens.count, match.start);
    const last = tokenIndexAt(tokens.ends, tokens.count, match.end);
    if (first === -1 || last === -1 || tokens.flags[first] & SENTENCE_START || inLongerName(tokens, first, last)) continue;
    if (/(\*\*|__)$/.test(text.slice(Math.max(0, match.start - 2), match.start))) continue;
    if (text.slice(match.start, match.end) === match.entry) counts.asWritten++;
    else counts.otherwise++;
  }
  return usage;
}

function tokenIndexAt(offsets: Int32Array, count: number, offset: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid] < offset) lo = mid + 1;
    else if (offsets[mid] > offset) hi = mid - 1;
    else return mid;
  }
  return -1;
}
