/**
 * A page's findings: every macro and link resolved against the index, with MDN's issue codes,
 * messages, the fix where one is safe, and severities. Shared by the CLI and the language server.
 */
import type { ContentIndex } from '../content/contentIndex';
import { GLOSSARY_MACROS, LINK_MACROS, pageReferences, Reference } from '../content/references';
import { parseDocsUrl, splitHash } from '../content/slugs';
import { ScannedDocument } from '../syntax/document';
import { resolveReference, Resolution, ResolutionMemo } from './resolve';
import type { FrontMatterCode } from './frontMatterChecks';
import { macroFindings } from './macroArgs';

export type IssueCode =
  | 'broken-link'
  | 'redirected-link'
  | 'ill-cased-link'
  | 'templ-broken-link'
  | 'templ-redirected-link'
  | 'templ-ill-cased-link'
  | 'templ-invalid-arg'
  | 'templ-syntax-error'
  | 'templ-unknown'
  | 'only-in-en-us';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export const DEFAULT_SEVERITY: Record<IssueCode, Severity> = {
  'broken-link': 'warning',
  'redirected-link': 'warning',
  'ill-cased-link': 'warning',
  'templ-broken-link': 'warning',
  'templ-redirected-link': 'warning',
  'templ-ill-cased-link': 'warning',
  'templ-invalid-arg': 'warning',
  'templ-syntax-error': 'error',
  'templ-unknown': 'warning',
  'only-in-en-us': 'information',
};

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Finding {
  code: IssueCode | FrontMatterCode;
  severity: Severity;
  /** Offsets of the macro or link target. */
  start: number;
  end: number;
  message: string;
  /** The URL path the reference points to, with its locale (`/de/docs/Glossary/interface`). */
  target: string | null;
  /** Where it should point instead (redirected, ill-cased), or null. */
  suggestion: string | null;
  /** The safe edit that applies the suggestion, when there is one. */
  fix?: TextEdit;
  reference?: Reference;
  resolution?: Resolution;
}

export interface CheckOptions {
  glossaryMacros?: ReadonlySet<string>;
  /** Shared across pages checked against the same, unchanged index (the CLI). */
  memo?: ResolutionMemo;
}

/** Check a scanned page of locale `pageLocale` (`en-us`, `fr`). */
export function checkPage(doc: ScannedDocument, pageLocale: string, index: ContentIndex, options: CheckOptions = {}): Finding[] {
  const findings: Finding[] = [];
  for (const error of doc.macroErrors) {
    findings.push({
      code: 'templ-syntax-error',
      severity: DEFAULT_SEVERITY['templ-syntax-error'],
      start: error.start,
      end: error.end,
      message: `Macro ${error.name} does not parse (${error.message}): MDN prints it as plain text`,
      target: null,
      suggestion: null,
    });
  }
  for (const reference of pageReferences(doc, pageLocale, options.glossaryMacros ?? GLOSSARY_MACROS)) {
    const finding = referenceFinding(doc.text, reference, resolveReference(index, reference, options.memo));
    if (finding) findings.push(finding);
  }
  findings.push(...macroFindings(doc, { glossaryMacros: options.glossaryMacros ?? GLOSSARY_MACROS }));
  return findings.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The finding for one resolved reference, or undefined when all is well. */
export function referenceFinding(text: string, reference: Reference, resolution: Resolution): Finding | undefined {
  const isMacro = reference.kind === 'macro';
  const written = reference.long ? `https://developer.mozilla.org${reference.target}` : reference.target;
  const what = isMacro ? `Macro ${reference.macro} produces link ${reference.target}` : `Link ${written}`;
  const is = isMacro ? 'which is' : 'is';
  const base = { start: reference.issueStart, end: reference.issueEnd, target: reference.target, reference, resolution };
  // A link written long (not an autolink) is a redirect to the short form, or to where that leads.
  if (reference.long && (resolution.kind === 'ok' || resolution.kind === 'ill-cased' || resolution.kind === 'redirected')) {
    resolution = { ...resolution, kind: 'redirected', suggestion: resolution.suggestion ?? reference.target + reference.hash };
  }
  if (isMacro && reference.candidates.length === 0) {
    return {
      ...base,
      code: 'templ-broken-link',
      severity: DEFAULT_SEVERITY['templ-broken-link'],
      message: `Macro ${reference.macro} has no ${reference.glossary ? 'term' : 'argument'}: it produces a broken link`,
      suggestion: null,
    };
  }
  switch (resolution.kind) {
    case 'ok':
    case 'allowed':
    case 'unchecked':
      return undefined;
    case 'only-in-en-us':
      return {
        ...base,
        code: 'only-in-en-us',
        severity: DEFAULT_SEVERITY['only-in-en-us'],
        message: `${reference.target} is not translated yet: the link goes to the English page`,
        suggestion: null,
      };
    case 'broken':
      return {
        ...base,
        code: isMacro ? 'templ-broken-link' : 'broken-link',
        severity: 'warning',
        message: isMacro ? `${what} which doesn't resolve` : `${what} doesn't resolve`,
        suggestion: null,
      };
    case 'redirected':
    case 'ill-cased': {
      const code = isMacro
        ? resolution.kind === 'redirected' ? 'templ-redirected-link' : 'templ-ill-cased-link'
        : resolution.kind === 'redirected' ? 'redirected-link' : 'ill-cased-link';
      const suggestion = resolution.suggestion ?? null;
      const message =
        resolution.kind === 'redirected'
          ? `${what} ${is} a redirect to ${suggestion}`
          : `${what} ${is} ill-cased: the page is ${suggestion}`;
      const fix = suggestion ? fixFor(text, reference, suggestion) : undefined;
      return { ...base, code, severity: DEFAULT_SEVERITY[code], message, suggestion, fix };
    }
  }
}

/** The edit that makes a reference point at `suggestion`, keeping how it is written; undefined when no safe edit exists. */
export function fixFor(text: string, reference: Reference, suggestion: string): TextEdit | undefined {
  const range = { start: reference.argStart, end: reference.argEnd };
  if (reference.kind === 'link') {
    const written = text.slice(range.start, range.end);
    let newText = suggestion;
    // An autolink stays absolute; any other long link becomes the short form.
    if (reference.link === 'autolink' && written.startsWith('https://developer.mozilla.org')) newText = 'https://developer.mozilla.org' + suggestion;
    return { ...range, newText };
  }
  const newArgument = macroArgumentFor(reference, suggestion);
  if (newArgument === undefined) return undefined;
  const writtenArgument = text.slice(range.start, range.end);
  // Keep `()` on API names that had them, and keep the written `#fragment` when the suggestion has none.
  let newText = newArgument;
  if (/\(\)$/.test(splitHash(writtenArgument).path) && !newText.endsWith('()')) newText += '()';
  return { ...range, newText: escapeForQuote(newText, text[range.start - 1]) };
}

/** The first argument a macro needs to produce `suggestion`, or undefined when it cannot. */
function macroArgumentFor(reference: Reference, suggestion: string): string | undefined {
  const { path, hash } = splitHash(suggestion);
  const parsed = parseDocsUrl(path);
  if (!parsed || parsed.locale !== reference.locale) return undefined;
  const slug = parsed.slug;
  if (reference.glossary) {
    return slug.toLowerCase().startsWith('glossary/') ? slug.slice('glossary/'.length) + hash : undefined;
  }
  const linkMacro = reference.macro ? LINK_MACROS[reference.macro] : undefined;
  if (!linkMacro) return undefined;
  // Find the prefix this macro puts before its argument, and undo its spelling rules.
  for (const prefixed of linkMacro.slugs('\u0000')) {
    const prefix = prefixed.slice(0, prefixed.indexOf('\u0000'));
    if (!slug.toLowerCase().startsWith(prefix.toLowerCase())) continue;
    const rest = slug.slice(prefix.length);
    // `Web/API/MediaDevices/getUserMedia` ← `MediaDevices.getUserMedia`; other macros take the rest as is.
    for (const argument of [rest.replace(/\//g, '.'), rest]) {
      if (linkMacro.slugs(argument).some((candidate) => candidate.toLowerCase() === slug.toLowerCase())) return argument + hash;
    }
  }
  return undefined;
}

function escapeForQuote(value: string, quote: string | undefined): string {
  if (quote === '"' || quote === "'" || quote === '`') return value.replace(/\\/g, '\\\\').split(quote).join('\\' + quote);
  return value;
}
