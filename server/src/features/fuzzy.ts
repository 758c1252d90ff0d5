/**
 * Ranking of candidates against what the author typed. Small on purpose: slugs and titles are
 * short, and the order authors expect (prefix, then word start, then anywhere) is specific.
 * Returns 0 for no match; higher is better. A scattered match is noise, not a match: a
 * subsequence must begin at the start of a word and stay tight (`ereignis` is not SSR,
 * `fonct` is not SMPTE).
 */

export function fuzzyScore(query: string, candidate: string): number {
  if (query === '') return 1;
  const q = fold(query);
  const c = fold(candidate);
  if (c === q) return 1000;
  // Tiers, not lengths: within a tier, callers rank by use (how often a term is linked).
  if (c.startsWith(q)) return 900;
  // Match at the start of a word (after `_`, `-`, space, `/`, `.`, `(`), else anywhere.
  const at = c.indexOf(q);
  if (at !== -1) {
    for (let i = at; i !== -1; i = c.indexOf(q, i + 1)) {
      if (WORD_BREAK.has(c[i - 1])) return 700;
    }
    return 500;
  }
  // Subsequence from a word start, scored by how tight it is; below the threshold it is dropped.
  let best = Infinity;
  for (let start = c.indexOf(q[0]); start !== -1; start = c.indexOf(q[0], start + 1)) {
    if (start > 0 && !WORD_BREAK.has(c[start - 1])) continue;
    const gaps = subsequenceGaps(q, c, start);
    if (gaps < best) best = gaps;
  }
  const score = 300 - best * 10;
  return score >= SUBSEQUENCE_THRESHOLD ? score : 0;
}

/** The weakest subsequence match kept (300 is a run without gaps; each skipped character costs 10). */
const SUBSEQUENCE_THRESHOLD = 150;

/** Characters skipped matching `q` in order from `c[start]` (greedy); Infinity when it does not match. */
function subsequenceGaps(q: string, c: string, start: number): number {
  let position = start;
  let gaps = 0;
  for (let i = 1; i < q.length; i++) {
    const next = c.indexOf(q[i], position + 1);
    if (next === -1) return Infinity;
    gaps += next - position - 1;
    position = next;
  }
  return gaps;
}

/** Lowercase, accents removed, `_` and space equal: `Propriété` ~ `propriete`, `Cross-site scripting` ~ `cross-site_scripting`. */
export function fold(text: string): string {
  const cached = folded.get(text);
  if (cached !== undefined) return cached;
  const result = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ /g, '_');
  // Titles and slugs repeat on every keystroke: remember them (bounded).
  if (folded.size > 100_000) folded.clear();
  folded.set(text, result);
  return result;
}

const folded = new Map<string, string>();

const WORD_BREAK = new Set(['_', '-', ' ', '\t', '/', '.', '(']);

/**
 * Levenshtein distance, for "did you mean" suggestions. With `limit`, any distance over it comes
 * back as Infinity, often without computing it (lengths too far apart, or a row already over it).
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return Infinity;
  if (rows[0].length <= b.length) rows = [new Uint32Array(b.length * 2 + 2), new Uint32Array(b.length * 2 + 2)];
  let [previous, current] = rows;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = previous[j - 1] + (ai === b.charCodeAt(j - 1) ? 0 : 1);
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, cost);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return Infinity;
    [previous, current] = [current, previous];
  }
  return previous[b.length] > limit ? Infinity : previous[b.length];
}

/** Two rows reused by {@link editDistance} (suggestions compare one term with hundreds of slugs). */
let rows = [new Uint32Array(64), new Uint32Array(64)];
