/**
 * Regions of a page where references mean something else: HTML comments (the author commented
 * them out) and Markdown code (fenced blocks and inline code spans, where a link is just text).
 * Each function returns sorted, non-overlapping [start, end) offset pairs.
 */

export type Regions = Array<[number, number]>;

/** `<!-- … -->` anywhere in the text; an unclosed comment runs to the end (as HTML does). */
export function htmlComments(text: string): Regions {
  const regions: Regions = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('<!--', from);
    if (start === -1) break;
    const close = text.indexOf('-->', start + 4);
    const end = close === -1 ? text.length : close + 3;
    regions.push([start, end]);
    from = end;
  }
  return regions;
}

const fenceLine = /^[ \t]*(`{3,}|~{3,})(.*)$/;

/**
 * Fenced code blocks, whole lines from the opening fence to the closing one (or the end).
 * Fences are accepted at any indentation because MDN nests code blocks in list items.
 * Only lines holding ``` or ~~~ are looked at.
 */
export function fencedCodeBlocks(text: string): Regions {
  const regions: Regions = [];
  let open: { start: number; char: string; length: number } | undefined;
  let from = 0;
  for (;;) {
    const backticks = text.indexOf('```', from);
    const tildes = text.indexOf('~~~', from);
    const at = backticks === -1 ? tildes : tildes === -1 ? backticks : Math.min(backticks, tildes);
    if (at === -1) break;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd === -1) lineEnd = text.length;
    from = lineEnd + 1;
    const match = fenceLine.exec(text.slice(lineStart, lineEnd).replace(/\r$/, ''));
    if (!match) continue;
    const [, fence, rest] = match;
    if (open) {
      if (fence[0] === open.char && fence.length >= open.length && rest.trim() === '') {
        regions.push([open.start, lineEnd]);
        open = undefined;
      }
    } else if (!(fence[0] === '`' && rest.includes('`'))) {
      open = { start: lineStart, char: fence[0], length: fence.length };
    }
    if (lineEnd >= text.length) break;
  }
  if (open) regions.push([open.start, text.length]);
  return regions;
}

/**
 * Inline code spans outside the given blocks: a run of N backticks up to the next run of exactly
 * N backticks, not across a blank line. A run with no partner is literal text. Linear: each run is
 * paired through a per-length queue of the runs after it, never by rescanning the text.
 */
export function codeSpans(text: string, blocks: Regions): Regions {
  if (text.indexOf('`') === -1) return [];
  // Backtick runs outside blocks (escaped openers are marked), and the paragraph each is in.
  const runs: Array<{ start: number; end: number; escaped: boolean; paragraph: number }> = [];
  const blankLines = /\n[ \t]*(?=\n)/g;
  let paragraph = 0;
  let nextBlank = nextMatch(blankLines, text, 0);
  let blockIndex = 0;
  for (let i = text.indexOf('`'); i !== -1;) {
    while (blockIndex < blocks.length && blocks[blockIndex][1] <= i) blockIndex++;
    if (blockIndex < blocks.length && blocks[blockIndex][0] <= i) {
      i = text.indexOf('`', blocks[blockIndex][1]);
      continue;
    }
    while (nextBlank !== -1 && nextBlank < i) {
      paragraph++;
      nextBlank = nextMatch(blankLines, text, nextBlank + 1);
    }
    let end = i;
    while (end < text.length && text.charCodeAt(end) === 96) end++;
    runs.push({ start: i, end, escaped: i > 0 && text[i - 1] === '\\', paragraph });
    i = text.indexOf('`', end);
  }
  return pairRuns(runs, (opener, closer) => opener.paragraph === closer.paragraph);
}

type BacktickRun = { start: number; end: number; escaped: boolean };

/**
 * Code spans from backtick runs in text order: each unescaped run up to the next run of the same
 * length (that `together` accepts), else literal. Linear: runs are paired through a per-length
 * queue of the runs after them, never by rescanning the text.
 */
function pairRuns<R extends BacktickRun>(runs: R[], together: (opener: R, closer: R) => boolean = () => true): Regions {
  // For each run, the index of the next run of the same length.
  const nextSameLength = new Array<number>(runs.length).fill(-1);
  const lastByLength = new Map<number, number>();
  for (let r = runs.length - 1; r >= 0; r--) {
    const length = runs[r].end - runs[r].start;
    nextSameLength[r] = lastByLength.get(length) ?? -1;
    lastByLength.set(length, r);
  }
  const regions: Regions = [];
  let r = 0;
  while (r < runs.length) {
    const closer = nextSameLength[r];
    if (!runs[r].escaped && closer !== -1 && together(runs[r], runs[closer])) {
      regions.push([runs[r].start, runs[closer].end]);
      r = closer + 1;
    } else r++;
  }
  return regions;
}

/**
 * Inline code spans within the given ranges of inline content (paragraphs, headings, table rows,
 * as the block parser found them): a run of N backticks up to the next run of exactly N backticks
 * in the same range. A run with no partner is literal text; an escaped run opens nothing. Linear.
 */
export function codeSpansIn(text: string, ranges: Regions): Regions {
  const regions: Regions = [];
  // One walk over the backticks of the text, ranges followed in order (both are sorted).
  let i = ranges.length ? text.indexOf('`', ranges[0][0]) : -1;
  for (let r = 0; r < ranges.length && i !== -1; r++) {
    const [start, end] = ranges[r];
    if (i < start) i = text.indexOf('`', start);
    const runs: BacktickRun[] = [];
    while (i !== -1 && i < end) {
      let runEnd = i;
      while (runEnd < end && text.charCodeAt(runEnd) === 96) runEnd++;
      runs.push({ start: i, end: runEnd, escaped: i > 0 && text[i - 1] === '\\' });
      i = text.indexOf('`', runEnd);
    }
    if (runs.length >= 2) regions.push(...pairRuns(runs));
  }
  return regions;
}

function nextMatch(pattern: RegExp, text: string, from: number): number {
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  return match ? match.index : -1;
}

/** Merge region lists (each sorted) into one sorted, non-overlapping list. */
export function mergeRegions(...lists: Regions[]): Regions {
  let merged: Regions = [];
  for (const list of lists) {
    if (list.length === 0) continue;
    merged = merged.length === 0 ? list : mergeTwo(merged, list);
  }
  return merged;
}

function mergeTwo(a: Regions, b: Regions): Regions {
  const out: Regions = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i][0] <= b[j][0]) ? a[i++] : b[j++];
    const last = out[out.length - 1];
    if (last && next[0] <= last[1]) {
      if (next[1] > last[1]) out[out.length - 1] = [last[0], next[1]];
    } else out.push(next);
  }
  return out;
}

/** Whether `offset` is inside one of the sorted regions (binary search). */
export function inRegions(regions: Regions, offset: number): boolean {
  let lo = 0;
  let hi = regions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (regions[mid][1] <= offset) lo = mid + 1;
    else if (regions[mid][0] > offset) hi = mid - 1;
    else return true;
  }
  return false;
}
