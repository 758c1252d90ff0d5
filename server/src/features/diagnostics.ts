/**
 * Diagnostics of a page, with the user's severities: its front matter findings (missing block or
 * fields, YAML errors, slug/folder mismatch, duplicate slugs, page type) and its macros' and links'
 * findings; or, for a page the checker skips (binary, too large, not UTF-8), one diagnostic saying so.
 * Translation status and glossary coverage add theirs (translationStatus.ts, glossaryMentions.ts).
 */
import { Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import { checkPage } from '../resolve/pageFindings';
import type { Finding, Severity } from '../resolve/findings';
import type { SeverityName } from './clientTypes';
import { FeatureContext, PageDocument, rangeOf } from './context';
import { frontMatterFindings } from '../resolve/frontMatterChecks';

export const DIAGNOSTIC_SOURCE = 'glossary-lsp';

/** What a diagnostic carries for code actions. */
export interface DiagnosticData {
  suggestion: string | null;
  fix?: { start: number; end: number; newText: string };
  version: number;
}

/** Our severities as LSP's. */
export const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function diagnostics(doc: PageDocument, ctx: FeatureContext, severities: Record<string, SeverityName> = {}): Diagnostic[] {
  // A text the checker would skip (binary, too large, not UTF-8 on disk) gets one message, not a flood.
  const skipped = ctx.index.skipReason(doc.path, doc.text);
  if (skipped) return [skippedDiagnostic(doc, skipped)];
  const out: Diagnostic[] = [];
  for (const finding of frontMatterFindings(doc.text, doc.path, ctx.index)) {
    const severity = severities[finding.code] ?? finding.severity;
    if (severity === 'off') continue;
    const data: DiagnosticData = { suggestion: null, fix: finding.fix, version: doc.version };
    out.push({ range: rangeOf(doc, finding.start, finding.end), severity: LSP_SEVERITY[severity], source: DIAGNOSTIC_SOURCE, code: finding.code, message: finding.message, data });
  }
  for (const finding of checkPage(doc.scanned, doc.locale, ctx.index, { glossaryMacros: ctx.glossaryMacros })) {
    const diagnostic = toDiagnostic(doc, finding, severities[finding.code]);
    if (diagnostic) out.push(diagnostic);
  }
  return out;
}

/** The one diagnostic of a page that is not checked, on the start of its first line. */
export function skippedDiagnostic(doc: PageDocument, reason: string): Diagnostic {
  const firstLineEnd = doc.text.slice(0, 200).search(/[\r\n]|$/);
  return {
    range: rangeOf(doc, 0, firstLineEnd),
    severity: DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    message: `Page not checked: ${reason.replace(/: skipped$/, '')} (glossary-lsp check skips it too).`,
  };
}

export function toDiagnostic(doc: PageDocument, finding: Finding, override?: SeverityName): Diagnostic | undefined {
  const severity = override ?? finding.severity;
  if (severity === 'off') return undefined;
  const data: DiagnosticData = { suggestion: finding.suggestion, fix: finding.fix, version: doc.version };
  return {
    range: rangeOf(doc, finding.start, finding.end),
    severity: LSP_SEVERITY[severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.code,
    message: finding.message,
    tags: finding.code === 'redirected-link' || finding.code === 'templ-redirected-link' ? [DiagnosticTag.Deprecated] : undefined,
    data,
  };
}
