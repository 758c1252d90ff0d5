/**
 * Quick fixes: point a redirected or ill-cased reference at its target (one, or all in the file).
 */
import { CodeAction, CodeActionKind, Diagnostic, Range, TextEdit } from 'vscode-languageserver';
import { checkPage, Finding } from '../resolve/check';
import { FeatureContext, PageDocument, rangeOf } from './context';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

const FIXABLE = new Set(['redirected-link', 'ill-cased-link', 'templ-redirected-link', 'templ-ill-cased-link']);

export function codeActions(doc: PageDocument, range: Range, contextDiagnostics: Diagnostic[], ctx: FeatureContext): CodeAction[] {
  const findings = checkPage(doc.scanned, doc.locale, ctx.index, { glossaryMacros: ctx.glossaryMacros });
  const fixable = findings.filter((finding) => finding.fix && FIXABLE.has(finding.code));
  const start = doc.scanned.lines.offsetAt(range.start);
  const end = doc.scanned.lines.offsetAt(range.end);
  const actions: CodeAction[] = [];
  for (const finding of fixable) {
    if (finding.end < start || finding.start > end) continue;
    const diagnostic = contextDiagnostics.find((d) => d.source === DIAGNOSTIC_SOURCE && d.code === finding.code && sameRange(d.range, rangeOf(doc, finding.start, finding.end)));
    actions.push({
      title: `Replace with ${shortTarget(finding)}`,
      kind: CodeActionKind.QuickFix,
      isPreferred: true,
      diagnostics: diagnostic ? [diagnostic] : undefined,
      edit: { changes: { [doc.uri]: [editOf(doc, finding)] } },
    });
  }
  if (fixable.length > 1 && actions.length > 0) {
    actions.push({
      title: `Fix all ${fixable.length} redirected and ill-cased links in this file`,
      kind: CodeActionKind.QuickFix,
      edit: { changes: { [doc.uri]: fixable.map((finding) => editOf(doc, finding)) } },
    });
  }
  return actions;
}

function editOf(doc: PageDocument, finding: Finding): TextEdit {
  const fix = finding.fix!;
  return { range: rangeOf(doc, fix.start, fix.end), newText: fix.newText };
}

/** `/en-US/docs/Glossary/Bezier_curve` → `Glossary/Bezier_curve`. */
function shortTarget(finding: Finding): string {
  const suggestion = finding.suggestion ?? finding.fix?.newText ?? '';
  return finding.reference?.kind === 'macro' ? suggestion.replace(/^\/[^/]+\/docs\//, '') : suggestion;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
