/**
 * What each macro and link on a page points to, before anything is looked up: the candidate URLs
 * MDN's build would try, in order. Pure (no index): the index stores these to answer "who links
 * here", and resolve/ turns them into findings.
 */
import { Macro, MacroArg, macroKey } from '../syntax/macros';
import { MarkdownLink, MDN_ORIGIN, stripMdnOrigin } from '../syntax/links';
import { ScannedDocument } from '../syntax/document';
import { glossarySlug, LINKING_MACROS } from '../syntax/macroTable';
import { pageKey, parseDocsUrl, splitHash, urlLocale } from './slugs';

export interface Reference {
  kind: 'macro' | 'link';
  /** Lowercased macro name (`glossary`, `domxref`), for macros. */
  macro?: string;
  /** Whether the macro behaves like Glossary (built-in or configured). */
  glossary: boolean;
  /** Offsets of the whole macro, or of the link target. */
  start: number;
  end: number;
  /** Where MDN reports it: the whole macro; a link's target, or a raw HTML link's `<a …>` tag. */
  issueStart: number;
  issueEnd: number;
  /** Offsets of the text that names the target: the first argument's text, or the link target. */
  argStart: number;
  argEnd: number;
  /** Locale of the target, lowercase (`en-us`). */
  locale: string;
  /** Candidate URL paths without hash, best first (`/en-US/docs/Glossary/API`). Empty: nothing named. */
  candidates: string[];
  /** `#fragment` of the target, or ''. */
  hash: string;
  /** The target as the reference spells it, for messages (`/en-US/docs/Glossary/mixin`). */
  target: string;
  /** Links: how it is written (an autolink keeps its `https://developer.mozilla.org` form). */
  link?: MarkdownLink['kind'];
  /** Links written `https://developer.mozilla.org/…` (outside autolinks: a redirect to the short form). */
  long?: boolean;
}

/** A macro that resolves to a page: how its first argument becomes a slug under `/<locale>/docs/`. */
export interface LinkMacro {
  /** Slug candidates for an argument, best first (several for older content generations). */
  slugs(arg: string): string[];
}

/** The link macros other than Glossary, by lowercase name: the macro table's slug rules. */
export const LINK_MACROS: Record<string, LinkMacro> = Object.fromEntries(
  LINKING_MACROS.filter((macro) => macroKey(macro.name) !== 'glossary').map((macro) => [macroKey(macro.name), { slugs: macro.slugs! }]),
);

export const GLOSSARY_MACROS: ReadonlySet<string> = new Set(['glossary']);

function firstStringArg(macro: Macro): MacroArg | undefined {
  const arg = macro.args[0];
  return arg && (arg.kind === 'string' || arg.kind === 'number') ? arg : undefined;
}

/** The reference a macro makes, or undefined for macros that do not link to a page. */
export function macroReference(macro: Macro, pageLocale: string, glossaryNames: ReadonlySet<string> = GLOSSARY_MACROS): Reference | undefined {
  const key = macroKey(macro.name);
  const isGlossary = glossaryNames.has(key);
  const linkMacro = LINK_MACROS[key];
  if (!isGlossary && !linkMacro) return undefined;
  const arg = firstStringArg(macro);
  const raw = arg ? String(arg.value) : '';
  const { path: termPath, hash } = splitHash(raw);
  const term = termPath.trim();
  const prefix = `/${urlLocale(pageLocale)}/docs/`;
  const slugs = term === '' ? [] : isGlossary ? [glossarySlug(term)] : linkMacro.slugs(term);
  const candidates = slugs.map((slug) => prefix + slug);
  return {
    kind: 'macro',
    macro: key,
    glossary: isGlossary,
    start: macro.start,
    end: macro.end,
    issueStart: macro.start,
    issueEnd: macro.end,
    argStart: arg ? arg.valueStart : macro.nameEnd,
    argEnd: arg ? arg.valueEnd : macro.nameEnd,
    locale: pageLocale,
    candidates,
    hash,
    target: candidates[0] ?? prefix + (isGlossary ? 'Glossary/' : ''),
  };
}

/**
 * The reference a link makes, or undefined when it does not point at a `/docs/` page. The path is
 * kept as written (a trailing `/`, a `?query`, percent-escapes: resolution decides what they mean).
 */
export function linkReference(link: Pick<MarkdownLink, 'target' | 'targetStart' | 'targetEnd'> & Partial<MarkdownLink>, pageLocale: string): Reference | undefined {
  const { path, hash } = splitHash(stripMdnOrigin(link.target));
  let url = path;
  if (url.startsWith('/docs/')) url = `/${urlLocale(pageLocale)}${url}`;
  const parsed = parseDocsUrl(url);
  if (!parsed) return undefined;
  return {
    kind: 'link',
    glossary: false,
    start: link.targetStart,
    end: link.targetEnd,
    issueStart: link.start ?? link.targetStart,
    issueEnd: link.end ?? link.targetEnd,
    argStart: link.targetStart,
    argEnd: link.targetEnd,
    locale: parsed.locale,
    candidates: [url],
    hash,
    target: url,
    link: link.kind,
    long: link.target.startsWith(MDN_ORIGIN) && link.kind !== 'autolink',
  };
}

/** Every reference of a scanned page, in text order. */
export function pageReferences(doc: ScannedDocument, pageLocale: string, glossaryNames: ReadonlySet<string> = GLOSSARY_MACROS): Reference[] {
  const references: Reference[] = [];
  for (const macro of doc.macros) {
    const reference = macroReference(macro, pageLocale, glossaryNames);
    if (reference) references.push(reference);
  }
  for (const link of doc.links) {
    const reference = linkReference(link, pageLocale);
    if (reference) references.push(reference);
  }
  return references.sort((a, b) => a.start - b.start);
}

/** The index keys (`<locale>/<folder>`) of every candidate a page's references name, each once. */
export function referenceKeysOf(doc: ScannedDocument, pageLocale: string, glossaryNames: ReadonlySet<string> = GLOSSARY_MACROS): string[] {
  const keys = new Set<string>();
  for (const reference of pageReferences(doc, pageLocale, glossaryNames)) {
    for (const candidate of reference.candidates) {
      const parsed = parseDocsUrl(candidate);
      if (parsed) keys.add(pageKey(parsed.locale, parsed.slug));
    }
  }
  return [...keys];
}
