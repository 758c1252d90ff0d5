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

const fenceOpen = /^[ \t]*(`{3,}|~{3,})/;

/**
 * Fenced code blocks, whole lines from the opening fence to the closing one (or the end).
 * Fences are accepted at any indentation because MDN nests code blocks in list items.
 */
export function fencedCodeBlocks(text: string): Regions {
  const regions: Regions = [];
  if (text.indexOf('```') === -1 && text.indexOf('~~~') === -1) return regions;
  let lineStart = 0;
  let open: { start: number; char: string; length: number } | undefined;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const match = fenceOpen.exec(line);
    if (open) {
      if (match && match[1][0] === open.char && match[1].length >= open.length && line.slice(match[0].length).trim() === '') {
        regions.push([open.start, lineEnd]);
        open = undefined;
      }
    } else if (match && !(match[1][0] === '`' && line.slice(match[0].length).includes('`'))) {
      open = { start: lineStart, char: match[1][0], length: match[1].length };
    }
    if (lineEnd === text.length) break;
    lineStart = lineEnd + 1;
  }
  if (open) regions.push([open.start, text.length]);
  return regions;
}

/**
 * Inline code spans outside the given blocks: a run of N backticks up to the next run of exactly
 * N backticks, not across a blank line. A run with no partner is literal text.
 */
export function codeSpans(text: string, blocks: Regions): Regions {
  const regions: Regions = [];
  let blockIndex = 0;
  let i = text.indexOf('`');
  while (i !== -1 && i < text.length) {
    while (blockIndex < blocks.length && blocks[blockIndex][1] <= i) blockIndex++;
    if (blockIndex < blocks.length && blocks[blockIndex][0] <= i) {
      i = text.indexOf('`', blocks[blockIndex][1]);
      continue;
    }
    if (i > 0 && text[i - 1] === '\\') {
      i = text.indexOf('`', i + 1);
      continue;
    }
    let runEnd = i;
    while (runEnd < text.length && text[runEnd] === '`') runEnd++;
    const runLength = runEnd - i;
    const paragraphEnd = nextBlankLine(text, runEnd);
    let search = runEnd;
    let close = -1;
    for (;;) {
      const candidate = text.indexOf('`', search);
      if (candidate === -1 || candidate >= paragraphEnd) break;
      let candidateEnd = candidate;
      while (candidateEnd < text.length && text[candidateEnd] === '`') candidateEnd++;
      if (candidateEnd - candidate === runLength) {
        close = candidateEnd;
        break;
      }
      search = candidateEnd;
    }
    if (close === -1) {
      i = text.indexOf('`', runEnd);
    } else {
      regions.push([i, close]);
      i = text.indexOf('`', close);
    }
  }
  return regions;
}

function nextBlankLine(text: string, from: number): number {
  const match = /\n[ \t]*\n/g;
  match.lastIndex = from;
  const found = match.exec(text);
  return found ? found.index : text.length;
}

/** Merge sorted region lists into one sorted, non-overlapping list. */
export function mergeRegions(...lists: Regions[]): Regions {
  const all = lists.flat().sort((a, b) => a[0] - b[0]);
  const merged: Regions = [];
  for (const region of all) {
    const last = merged[merged.length - 1];
    if (last && region[0] <= last[1]) last[1] = Math.max(last[1], region[1]);
    else merged.push([region[0], region[1]]);
  }
  return merged;
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
