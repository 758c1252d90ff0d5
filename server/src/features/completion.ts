/**
 * Completion: glossary terms in a glossary macro's first argument (ranked by fuzzy match on slug
 * and localized title, then by use), the entry's title in its second argument, macro names after
 * `{{`, and page slugs in `/docs/` link targets.
 */
import { codeSpan, escapeMarkdown } from '../syntax/markdownText';
import { escapeForQuote, isMacroQuote } from '../syntax/macros';
import { glossaryTermOf } from '../content/glossaryTerms';
import { CompletionItem, CompletionItemKind, CompletionList, InsertTextFormat, MarkupKind, Position } from 'vscode-languageserver';
import type { Page } from '../content/contentIndex';
import { DEFAULT_LOCALE, urlLocale } from '../content/slugs';
import { cursorContext, CursorContext } from '../syntax/cursor';
import { macroKey } from '../syntax/macros';
import { glossarySlug } from '../syntax/macroTable';
import { FeatureContext, PageDocument, rangeOf } from './context';
import { fuzzyScore } from './fuzzy';
import { LINKING_MACROS, macroSignature } from '../syntax/macroTable';
import { resolveUrl } from '../resolve/resolve';

export interface CompletionOptions {
  snippetSupport: boolean;
  /** Most items returned; the list is marked incomplete so the client asks again as the author types. */
  maxItems?: number;
}

/** What `completionItem/resolve` needs to find the entry again. */
interface ItemData {
  path: string;
}

export function completions(doc: PageDocument, position: Position, ctx: FeatureContext, options: CompletionOptions): CompletionList | null {
  const offset = doc.lines.offsetAt(position);
  const context = cursorContext(doc.text, offset);
  if (!context) return null;
  switch (context.kind) {
    case 'macro-name':
      return macroNameCompletions(doc, offset, context, ctx, options);
    case 'macro-arg': {
      if (!ctx.glossaryMacros.has(macroKey(context.macroName))) return null;
      if (context.argIndex === 0) return glossaryTermCompletions(doc, offset, context, ctx, options);
      if (context.argIndex === 1) return displayTextCompletions(doc, context, ctx);
      return null;
    }
    case 'link-target':
      return linkTargetCompletions(doc, context, ctx, options);
  }
}

type ArgContext = Extract<CursorContext, { kind: 'macro-arg' }>;

/**
 * Every glossary entry a page of `locale` can link to: its own, then English ones it lacks. An
 * English entry whose slug the locale redirects is never offered (linking it would be a redirect
 * at once): the locale's target is, found also by the English entry's term and title (`aliases`).
 */
export function glossaryCandidates(ctx: FeatureContext, locale: string): Array<{ page: Page; englishOnly: boolean; english?: Page; aliases?: string[] }> {
  const own = ctx.index.glossaryEntries(locale);
  const english = locale === DEFAULT_LOCALE ? [] : ctx.index.glossaryEntries(DEFAULT_LOCALE);
  const ownFolders = new Set(own.map((page) => page.folder));
  const englishByFolder = new Map(english.map((page) => [page.folder, page]));
  const aliases = new Map<Page, string[]>();
  const englishOnly: Page[] = [];
  for (const page of english) {
    if (ownFolders.has(page.folder)) continue;
    const resolution = resolveUrl(ctx.index, `/${urlLocale(locale)}/docs/${page.slug}`, '', true);
    if (resolution.kind !== 'redirected') {
      englishOnly.push(page);
      continue;
    }
    const target = resolution.page;
    if (target && target.locale === locale && ownFolders.has(target.folder)) {
      const list = aliases.get(target) ?? [];
      list.push(glossaryTermOf(page.slug), page.title);
      aliases.set(target, list);
    }
  }
  return [
    ...own.map((page) => ({ page, englishOnly: false, english: englishByFolder.get(page.folder), aliases: aliases.get(page) })),
    ...englishOnly.map((page) => ({ page, englishOnly: true })),
  ];
}

function glossaryTermCompletions(doc: PageDocument, offset: number, context: ArgContext, ctx: FeatureContext, options: CompletionOptions): CompletionList {
  const typed = doc.text.slice(context.start, offset);
  const ranked: Array<{ page: Page; englishOnly: boolean; score: number; usage: number; term: string }> = [];
  for (const { page, englishOnly, english, aliases } of glossaryCandidates(ctx, doc.locale)) {
    const term = glossaryTermOf(page.slug);
    let score = Math.max(fuzzyScore(typed, term), fuzzyScore(typed, page.title) - 1, english ? fuzzyScore(typed, english.title) - 2 : 0);
    // The English name of an entry the locale moved (`Stylesheet` → `Style_sheet`) finds it too.
    for (const alias of aliases ?? []) score = Math.max(score, fuzzyScore(typed, alias) - 2);
    if (score <= 0) continue;
    ranked.push({ page, englishOnly, score, usage: ctx.index.usageCount(page.folder), term });
  }
  ranked.sort((a, b) => b.score - a.score || b.usage - a.usage || a.term.localeCompare(b.term));
  const max = options.maxItems ?? 100;
  const range = rangeOf(doc, context.start, context.closing.end);
  const items = ranked.slice(0, max).map(({ page, englishOnly, usage, term }, rank): CompletionItem => {
    const inserted = argumentText(term, context) + context.closing.text;
    return {
      label: term,
      labelDetails: { description: englishOnly ? `${page.title} · English only` : page.title },
      kind: CompletionItemKind.Reference,
      detail: `${page.title}${englishOnly ? ' (English only, not translated yet)' : ''} · ${usageText(ctx.referencesComplete === false ? undefined : usage)}`,
      sortText: String(rank).padStart(5, '0'),
      // Starting with what was typed keeps the client from dropping items that matched on the title.
      filterText: `${typed} ${term} ${page.title}`,
      textEdit: { range, newText: inserted },
      data: { path: page.path } satisfies ItemData,
    };
  });
  return { isIncomplete: true, items };
}

function displayTextCompletions(doc: PageDocument, context: ArgContext, ctx: FeatureContext): CompletionList | null {
  if (!context.firstArg) return null;
  const slug = glossarySlug(context.firstArg.split('#')[0]);
  const page = ctx.index.page(doc.locale, slug) ?? ctx.index.page(DEFAULT_LOCALE, slug);
  if (!page) return null;
  const range = rangeOf(doc, context.start, context.closing.end);
  const titles = [...new Set([page.title, page.title.toLowerCase()])];
  return {
    isIncomplete: false,
    items: titles.map((title, rank) => ({
      label: title,
      kind: CompletionItemKind.Text,
      detail: `Link text for ${page.slug}`,
      sortText: String(rank),
      textEdit: {
        range,
        newText: argumentText(title, context) + context.closing.text,
      },
    })),
  };
}

/**
 * A value as the argument's text: inside the author's quotes, escaped for them; without quotes
 * typed yet, quoted. When the edit runs past a closing quote (`closing`), that quote is in its text.
 */
function argumentText(value: string, context: ArgContext): string {
  return isMacroQuote(context.quote) ? escapeForQuote(value, context.quote) : JSON.stringify(value);
}

function macroNameCompletions(
  doc: PageDocument,
  offset: number,
  context: Extract<CursorContext, { kind: 'macro-name' }>,
  ctx: FeatureContext,
  options: CompletionOptions,
): CompletionList {
  const typed = doc.text.slice(context.start, offset);
  // The macros that link to a page, Glossary first and the configured Glossary-like ones after it.
  const [glossary, ...linking] = LINKING_MACROS.map((macro) => macro.name);
  const names = [...new Set([glossary, ...[...ctx.glossaryMacros].filter((name) => name !== 'glossary'), ...linking])];
  const range = rangeOf(doc, context.start, context.nameEnd);
  const items: CompletionItem[] = [];
  names.forEach((name, rank) => {
    if (typed && fuzzyScore(typed, name) <= 0) return;
    const signature = macroSignature(name);
    const close = context.closed ? '' : '}}';
    const snippet = `${name}("\${1:${signature?.parameters[0]?.name ?? 'term'}}")${close}`;
    items.push({
      label: name,
      kind: CompletionItemKind.Function,
      detail: signature?.label ?? `{{${name}(…)}}`,
      documentation: signature ? { kind: MarkupKind.Markdown, value: signature.documentation } : undefined,
      sortText: String(rank).padStart(3, '0'),
      insertTextFormat: options.snippetSupport ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      textEdit: { range, newText: options.snippetSupport ? snippet : `${name}("")${close}` },
    });
  });
  return { isIncomplete: false, items };
}

function linkTargetCompletions(doc: PageDocument, context: Extract<CursorContext, { kind: 'link-target' }>, ctx: FeatureContext, options: CompletionOptions): CompletionList {
  const range = rangeOf(doc, context.start, context.end);
  const match = /^\/(?:([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)\/)?docs\/(.*)$/.exec(context.typed);
  if (!match) {
    // `/`, `/fr`, `/fr/`: offer the docs roots of the page's locale and of English.
    const roots = [...new Set([doc.locale, DEFAULT_LOCALE])].map((locale) => `/${urlLocale(locale)}/docs/`);
    return {
      isIncomplete: true,
      items: roots.map((root, rank) => ({
        label: root,
        kind: CompletionItemKind.Folder,
        sortText: String(rank),
        textEdit: { range, newText: root },
        command: { title: 'Suggest', command: 'editor.action.triggerSuggest' },
      })),
    };
  }
  const urlLocalePart = match[1] ?? urlLocale(doc.locale);
  const locale = urlLocalePart.toLowerCase();
  const typedSlug = match[2];
  const slash = typedSlug.lastIndexOf('/');
  const parent = typedSlug.slice(0, slash + 1);
  const partial = typedSlug.slice(slash + 1);
  const parentFolder = parent.toLowerCase();
  // The next level under `parent`, in this locale and in English.
  const children = new Map<string, { segment: string; page?: Page; englishOnly: boolean; hasChildren: boolean }>();
  const consider = (page: Page, englishOnly: boolean) => {
    if (!page.folder.startsWith(parentFolder)) return;
    const slugRest = page.slug.slice(parent.length);
    if (page.slug.slice(0, parent.length).toLowerCase() !== parentFolder) return;
    const segmentEnd = slugRest.indexOf('/');
    const segment = segmentEnd === -1 ? slugRest : slugRest.slice(0, segmentEnd);
    if (!segment) return;
    const key = segment.toLowerCase();
    const entry = children.get(key) ?? { segment, englishOnly, hasChildren: false };
    if (segmentEnd === -1) {
      if (!entry.page || !englishOnly) {
        entry.page = page;
        entry.segment = segment;
        entry.englishOnly = englishOnly;
      }
    } else entry.hasChildren = true;
    children.set(key, entry);
  };
  const localeFolders = new Set<string>();
  for (const page of ctx.index.allPages()) {
    if (page.locale === locale) {
      consider(page, false);
      localeFolders.add(page.folder);
    }
  }
  if (locale !== DEFAULT_LOCALE) {
    for (const page of ctx.index.allPages()) {
      if (page.locale !== DEFAULT_LOCALE || localeFolders.has(page.folder) || !page.folder.startsWith(parentFolder)) continue;
      // Never an English page whose URL the locale redirects (the link would be a redirect at once).
      if (ctx.index.redirectOfSlug(locale, page.slug) !== undefined) continue;
      consider(page, true);
    }
  }
  const ranked = [...children.values()]
    .map((child) => ({ child, score: fuzzyScore(partial, child.segment) }))
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score || a.child.segment.localeCompare(b.child.segment));
  const prefix = `/${urlLocalePart}/docs/${parent}`;
  const items = ranked.slice(0, options.maxItems ?? 100).map(({ child }, rank): CompletionItem => ({
    label: child.segment,
    kind: child.page ? CompletionItemKind.File : CompletionItemKind.Folder,
    detail: child.page ? `${child.page.title}${child.englishOnly ? ' (English only)' : ''}` : undefined,
    sortText: String(rank).padStart(5, '0'),
    filterText: `${context.typed}${child.segment}`,
    textEdit: { range, newText: prefix + child.segment },
    data: child.page ? ({ path: child.page.path } satisfies ItemData) : undefined,
  }));
  return { isIncomplete: true, items };
}

/** Adds the entry's summary to an item, on demand (the list itself stays cheap). */
export async function resolveCompletion(item: CompletionItem, ctx: FeatureContext): Promise<CompletionItem> {
  const data = item.data as ItemData | undefined;
  const page = data?.path ? ctx.index.pageAtPath(data.path) : undefined;
  if (!page) return item;
  const summary = await ctx.index.summary(page);
  return { ...item, documentation: { kind: MarkupKind.Markdown, value: `**${escapeMarkdown(page.title)}** — ${codeSpan(page.slug)}\n\n${summary}` } };
}

/** "used on 3 pages", or "used on … pages (counting…)" while references are still being scanned. */
export function usageText(usage: number | undefined): string {
  return usage === undefined ? 'used on … pages (counting…)' : `used on ${usage} page${usage === 1 ? '' : 's'}`;
}
