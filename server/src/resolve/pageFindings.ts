/**
 * A page's findings: every macro and link resolved against the index, with MDN's issue codes,
 * messages, the fix where one is safe, and severities. Shared by the CLI and the language server.
 */
import type { ContentIndex } from '../content/contentIndex';
import { LinkRendering, linkRendering, macroSpec, readableText } from '../syntax/macroTable';
import { GLOSSARY_MACROS, pageReferences, Reference } from '../content/pageReferences';
import { parseDocsUrl, splitHash } from '../content/slugs';
import { ScannedDocument } from '../syntax/document';
import { escapeForQuote, isMacroQuote, MacroArg, parseMacroAt } from '../syntax/macros';
import { resolveReference, Resolution, ResolutionMemo } from './resolve';
import { DEFAULT_SEVERITY, Finding, TextEdit } from './findings';
import { macroFindings } from './macroArgs';

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
        severity: DEFAULT_SEVERITY[isMacro ? 'templ-broken-link' : 'broken-link'],
        message: isMacro ? `${what} which doesn't resolve` : `${what} doesn't resolve`,
        suggestion: null,
      };
    case 'redirected':
    case 'ill-cased': {
      // A macro is never ill-cased (it emits the page's canonical case, and a case-only redirect is
      // silent for it: docs/semantics.md), so a macro's finding here is always a redirect.
      const code = isMacro ? 'templ-redirected-link' : resolution.kind === 'redirected' ? 'redirected-link' : 'ill-cased-link';
      const suggestion = resolution.suggestion ?? null;
      const message = resolution.kind === 'redirected' ? `${what} ${is} a redirect to ${suggestion}` : `${what} ${is} ill-cased: the page is ${suggestion}`;
      const proposed = suggestion ? fixFor(text, reference, suggestion) : undefined;
      return { ...base, code, severity: DEFAULT_SEVERITY[code], message, suggestion, fix: proposed?.edit, ...(proposed?.caveat ? { fixCaveat: proposed.caveat } : {}) };
    }
  }
}

/** An edit that points a reference elsewhere, and why it changes what readers see, if it does. */
export interface ProposedFix {
  edit: TextEdit;
  caveat?: string;
}

/**
 * The edit that makes a reference point at `suggestion`, keeping how it is written and what it
 * shows: a link keeps its text; a macro keeps its display argument, and one without gets the text
 * it showed as its display (`{{Glossary("DTD")}}` → `{{Glossary("Doctype", "DTD")}}`), as the
 * macro catalog says its template renders it. Undefined when the macro cannot name the suggestion.
 */
export function fixFor(text: string, reference: Reference, suggestion: string): ProposedFix | undefined {
  const range = { start: reference.argStart, end: reference.argEnd };
  if (reference.kind === 'link') {
    const written = text.slice(range.start, range.end);
    let newText = suggestion;
    // An autolink stays absolute; any other long link becomes the short form.
    if (reference.link === 'autolink' && written.startsWith('https://developer.mozilla.org')) newText = 'https://developer.mozilla.org' + suggestion;
    return { edit: { ...range, newText } };
  }
  const newArgument = macroArgumentFor(reference, suggestion);
  if (newArgument === undefined) return undefined;
  const writtenArgument = text.slice(range.start, range.end);
  // Keep `()` on API names that had them, and keep the written `#fragment` when the suggestion has none.
  let newValue = newArgument;
  if (/\(\)$/.test(splitHash(writtenArgument).path) && !newValue.endsWith('()')) newValue += '()';
  const macro = parseMacroAt(text, reference.start);
  const rendering = reference.macro ? linkRendering(reference.macro, reference.glossary) : undefined;
  const target = macro && 'args' in macro ? macro.args[rendering?.target ?? 0] : undefined;
  if (!target || !rendering) return { edit: { ...range, newText: escapeWritten(newValue, text[range.start - 1]) } };
  return keepingText(text, 'args' in macro! ? macro.args : [], target, newValue, rendering);
}

/** A macro argument's value as MDN's template receives it (rari: a number prints as written). */
function argumentValue(arg: MacroArg): string {
  return String(arg.value);
}

/** Whether a display argument is there: rari reads an empty string as a missing argument. */
function hasValue(arg: MacroArg | undefined): boolean {
  return !!arg && arg.kind !== 'empty' && !(arg.kind === 'string' && arg.value === '');
}

/**
 * The edit of a macro's target to `newValue` that keeps its link text: unchanged when it has a
 * display argument or when the text does not change; else the old text becomes the display
 * argument, where the macro has one that renders the same way (same words, same code formatting).
 * Otherwise the target alone changes, with a caveat saying how the text changes.
 */
function keepingText(text: string, args: MacroArg[], target: MacroArg, newValue: string, rendering: LinkRendering): ProposedFix {
  const targetEdit = target.quote
    ? { start: target.valueStart, end: target.valueEnd, newText: escapeForQuote(newValue, target.quote) }
    : { start: target.start, end: target.end, newText: target.kind === 'number' && /^-?\d+(\.\d+)?$/.test(newValue) ? newValue : JSON.stringify(newValue) };
  const display = rendering.display === undefined ? undefined : args[rendering.display];
  if (hasValue(display)) return { edit: targetEdit };
  const oldText = rendering.defaultText(argumentValue(target));
  const newText = rendering.defaultText(newValue);
  if (oldText === newText) return { edit: targetEdit };
  const changes = `the link would read "${readableText(newText)}" instead of "${readableText(oldText)}"`;
  if (rendering.display === undefined) {
    return { edit: targetEdit, caveat: `this macro has no display argument to keep its text in: ${changes}` };
  }
  if (rendering.codeWithDisplay !== rendering.code || rendering.display !== rendering.target + 1) {
    return { edit: targetEdit, caveat: `a display argument would drop the code formatting of its text, and without one ${changes}` };
  }
  // The display argument right after the target: written in the target's quotes, or filling an empty slot.
  const quote = target.quote ?? '"';
  const displayValue = escapeForQuote(oldText, quote);
  if (!display) {
    const closeAndOpen = target.quote ? `${quote}, ${quote}` : `, ${quote}`;
    return { edit: { ...targetEdit, newText: targetEdit.newText + closeAndOpen + displayValue + (target.quote ? '' : quote) } };
  }
  const between = text.slice(target.quote ? target.valueEnd : target.end, display.quote ? display.valueStart : display.start);
  const written = display.quote ? escapeForQuote(oldText, display.quote) : quote + displayValue + quote;
  return { edit: { start: targetEdit.start, end: display.quote ? display.valueEnd : display.end, newText: targetEdit.newText + between + written } };
}

/** `value` escaped for the quote before it, or as is where there is none. */
function escapeWritten(value: string, quote: string | undefined): string {
  return isMacroQuote(quote) ? escapeForQuote(value, quote) : value;
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
  const linkMacro = reference.macro ? macroSpec(reference.macro) : undefined;
  if (!linkMacro?.slugs) return undefined;
  const slugsOf = linkMacro.slugs;
  // Find the prefixes this macro puts before its argument, and undo its spelling rules: every
  // argument that names the slug, the shortest kept. `Web/API/MediaDevices/getUserMedia` ←
  // `MediaDevices.getUserMedia`; jsxref writes sub-paths with `/` (`Operators/this`, as MDN
  // does) and global objects' members with `.` (`Array.map`); other macros take the rest as is.
  const arguments_: string[] = [];
  for (const prefixed of slugsOf('\u0000')) {
    const prefix = prefixed.slice(0, prefixed.indexOf('\u0000'));
    if (!slug.toLowerCase().startsWith(prefix.toLowerCase())) continue;
    const rest = slug.slice(prefix.length);
    const dotted = rest.replace(/\//g, '.');
    const forms = reference.macro === 'jsxref' && !/\/Global_Objects\/$/i.test(prefix) ? [rest, dotted] : [dotted, rest];
    for (const argument of forms) {
      if (slugsOf(argument).some((candidate) => candidate.toLowerCase() === slug.toLowerCase())) arguments_.push(argument);
    }
  }
  // Stable sort: among equally short arguments, the preferred form comes first.
  const best = arguments_.sort((a, b) => a.length - b.length)[0];
  if (best !== undefined) return best + hash;
  return undefined;
}
