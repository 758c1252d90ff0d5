/**
 * `glossary-lsp check --fix`: apply the safe fixes (redirected and ill-cased references, each
 * finding's own edit) to a page on disk, atomically (a temporary file, then a rename), and say
 * what changed. Nothing else in the file is touched, and what readers see stays the same: a fix
 * that would change a macro's link text (no display argument to keep it in) is left, with why.
 */
import { ContentFileSystem, nodeFileSystem } from '../content/fileSystem';
import { removeStaleTempFiles } from '../content/pageWriter';
import { Finding, hasSafeFix } from '../resolve/findings';
import type { ScannedDocument } from '../syntax/document';

export interface AppliedFix {
  finding: Finding;
  /** The macro or link target before and after. */
  old: string;
  newText: string;
}

/** A fixable finding left as it is, and why. */
export interface SkippedFix {
  finding: Finding;
  reason: string;
}

export type FixResult = { applied: AppliedFix[]; skipped: SkippedFix[]; remaining: Finding[] } | { error: string; skipped: SkippedFix[]; remaining: Finding[] };

/** Apply the safe fixes among `findings` to the page at `path`, whose text was scanned as `doc`. */
export function fixPage(path: string, doc: ScannedDocument, findings: Finding[], fs: ContentFileSystem = nodeFileSystem): FixResult {
  // A run killed between writing its temporary file and renaming it left one: the next run removes it.
  if (fs === nodeFileSystem) removeStaleTempFiles(path);
  const chosen: Finding[] = [];
  const skipped: SkippedFix[] = [];
  let lastEnd = -1;
  for (const finding of [...findings].filter((f) => f.fix && hasSafeFix(f.code)).sort((a, b) => a.fix!.start - b.fix!.start)) {
    if (finding.fixCaveat) {
      skipped.push({ finding, reason: finding.fixCaveat });
      continue;
    }
    if (finding.fix!.start < lastEnd) continue; // overlapping edits: leave the later one for a second run
    chosen.push(finding);
    lastEnd = finding.fix!.end;
  }
  const remaining = findings.filter((finding) => !chosen.includes(finding));
  if (!chosen.length) return { applied: [], skipped, remaining };
  let text = doc.text;
  for (const finding of [...chosen].reverse()) text = text.slice(0, finding.fix!.start) + finding.fix!.newText + text.slice(finding.fix!.end);
  const written = fs.writePage ? fs.writePage(path, doc.text, text) : 'cannot write through this file system';
  if (written) return { error: written, skipped, remaining: findings };
  return { applied: chosen.map((finding) => ({ finding, ...beforeAndAfter(doc.text, finding) })), skipped, remaining };
}

/** The whole macro (or link target) before and after its fix, for the report. */
function beforeAndAfter(text: string, finding: Finding): { old: string; newText: string } {
  const fix = finding.fix!;
  const start = Math.min(finding.start, fix.start);
  // A raw-HTML link is reported at its `<a`, and its tag may span lines: show it up to the end of
  // the href value (and its quote), not the attributes after it.
  const rawHtml = /^<a\s/i.test(text.slice(finding.start, finding.start + 3)) && fix.start > finding.start;
  const end = rawHtml ? fix.end + (/["']/.test(text[fix.end] ?? '') ? 1 : 0) : Math.max(finding.end, fix.end);
  const old = text.slice(start, end);
  return { old, newText: old.slice(0, fix.start - start) + fix.newText + old.slice(fix.end - start) };
}
