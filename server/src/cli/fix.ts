/**
 * `glossary-lsp check --fix`: apply the safe fixes (redirected and ill-cased references, each
 * finding's own edit) to a page on disk, atomically (a temporary file, then a rename), and say
 * what changed. Nothing else in the file is touched.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import * as nodePath from 'node:path';
import { ContentFileSystem, decodePage, nodeFileSystem } from '../content/fileSystem';
import type { Finding } from '../resolve/check';
import type { ScannedDocument } from '../syntax/document';

/** The codes whose fix is safe to apply without a human: the target is known and only the reference changes. */
export const SAFE_FIX_CODES: ReadonlySet<string> = new Set(['redirected-link', 'ill-cased-link', 'templ-redirected-link', 'templ-ill-cased-link']);

export interface AppliedFix {
  finding: Finding;
  old: string;
  newText: string;
}

export type FixResult = { applied: AppliedFix[]; remaining: Finding[] } | { error: string; remaining: Finding[] };

/** Apply the safe fixes among `findings` to the page at `path`, whose text was scanned as `doc`. */
export function fixPage(path: string, doc: ScannedDocument, findings: Finding[], fs: ContentFileSystem = nodeFileSystem): FixResult {
  const chosen: Finding[] = [];
  let lastEnd = -1;
  for (const finding of [...findings].filter((f) => f.fix && SAFE_FIX_CODES.has(f.code)).sort((a, b) => a.fix!.start - b.fix!.start)) {
    if (finding.fix!.start < lastEnd) continue; // overlapping edits: leave the later one for a second run
    chosen.push(finding);
    lastEnd = finding.fix!.end;
  }
  const remaining = findings.filter((finding) => !chosen.includes(finding));
  if (!chosen.length) return { applied: [], remaining };
  let text = doc.text;
  for (const finding of [...chosen].reverse()) text = text.slice(0, finding.fix!.start) + finding.fix!.newText + text.slice(finding.fix!.end);
  const written = writePage(path, doc.text, text, fs);
  if (written) return { error: written, remaining: findings };
  return { applied: chosen.map((finding) => ({ finding, old: doc.text.slice(finding.fix!.start, finding.fix!.end), newText: finding.fix!.newText })), remaining };
}

/** Replace a page's text, refusing when the file changed since it was read. Returns an error message, or undefined. */
function writePage(path: string, expected: string, text: string, fs: ContentFileSystem): string | undefined {
  const memory = fs as ContentFileSystem & { write?: (path: string, content: string) => void };
  if (fs !== nodeFileSystem) {
    if (typeof memory.write !== 'function') return 'cannot write through this file system';
    memory.write(path, text);
    return undefined;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return `cannot read: ${(error as Error).message}`;
  }
  const decoded = decodePage(bytes);
  if (!('text' in decoded) || decoded.text !== expected) return 'the file changed while it was checked; not fixed';
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? '\uFEFF' : '';
  const temp = nodePath.join(nodePath.dirname(path), `.${nodePath.basename(path)}.${process.pid}.glossary-lsp.tmp`);
  try {
    const fd = openSync(temp, 'wx', statSync(path).mode);
    try {
      writeSync(fd, bom + text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    return undefined;
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // nothing left behind
    }
    return `cannot write: ${(error as Error).message}`;
  }
}
