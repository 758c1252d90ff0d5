/**
 * Hover on a glossary macro, a link macro or a `/docs/` link: the target's title, slug and summary
 * (for a disambiguation entry, the pages under it), where a redirect leads, the locale it came from
 * (English when not translated), how far its translation is behind, how many pages use it; for a
 * broken target, the closest slugs; for an allowed or unchecked one, why it is not checked.
 */
import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import type { Page } from '../content/contentIndex';
import { DEFAULT_LOCALE, urlLocale } from '../content/slugs';
import { FeatureContext, PageDocument, rangeOf, referenceAt } from './context';
import { usageText } from './completion';
import { codeSpan, escapeMarkdown } from '../syntax/markdownText';
import { closestSlugs } from './suggestions';
import { translationBehindNote } from './translationStatus';

/**
 * `usageOf`: how many pages link to a page, as find-references counts them (the server passes a
 * cached count), or undefined while that is not known yet; without it, the index's quick count of
 * pages naming the page in any locale.
 */
export type UsageCounter = (page: Page) => Promise<number | undefined>;

export async function hover(doc: PageDocument, position: Position, ctx: FeatureContext, usageOf?: UsageCounter): Promise<Hover | null> {
  const offset = doc.lines.offsetAt(position);
  const found = referenceAt(doc, offset, ctx);
  if (!found) return null;
  const { reference, resolution } = found;
  const range = rangeOf(doc, reference.start, reference.end);
  const target = escapeMarkdown(reference.target);
  if (!resolution.page) {
    if (resolution.kind === 'unchecked' || resolution.kind === 'allowed') {
      const why = resolution.kind === 'allowed' ? 'listed in `_allowed-broken-links.txt`' : 'not in this locale, and no English content is indexed to check';
      return { range, contents: { kind: MarkupKind.Markdown, value: `${target}\n\n_${why}_` } };
    }
    const lines = [`**Broken link**: ${target} doesn't resolve.`];
    const closest = closestSlugs(ctx, reference);
    if (closest.length) {
      lines.push('', 'Did you mean:', ...closest.map((page) => `- ${codeSpan(page.slug)} — ${escapeMarkdown(page.title)}`));
    }
    return { range, contents: { kind: MarkupKind.Markdown, value: lines.join('\n') } };
  }
  const fellBack = resolution.kind === 'only-in-en-us' || (resolution.page.locale === DEFAULT_LOCALE && doc.locale !== DEFAULT_LOCALE);
  return { range, contents: { kind: MarkupKind.Markdown, value: await describePage(resolution.page, ctx, fellBack, resolution.suggestion, usageOf) } };
}

/** Title, slug, summary, locale and usage of a page, as hover Markdown. */
export async function describePage(page: Page, ctx: FeatureContext, fellBack: boolean, redirectedTo?: string, usageOf?: UsageCounter): Promise<string> {
  const summary = await ctx.index.summary(page);
  const usage = ctx.referencesComplete === false ? undefined : usageOf ? await usageOf(page) : ctx.index.usageCount(page.folder);
  const lines = [`**${escapeMarkdown(page.title)}** — ${codeSpan(page.slug)}`, '', summary, ''];
  if (page.pageType === DISAMBIGUATION) {
    // The page's text ends with {{GlossaryDisambiguation}}: MDN lists the pages under it there.
    const offered = disambiguationPages(page, ctx);
    if (offered.pages.length) {
      lines.push(...offered.pages.map((sub) => `- **${escapeMarkdown(sub.title)}** — ${codeSpan(sub.slug)}${offered.english ? ' (English)' : ''}`), '');
    } else lines.push(`_No pages under ${codeSpan(page.slug)} yet._`, '');
  }
  const notes: string[] = [];
  if (redirectedTo) notes.push(`redirects to ${codeSpan(redirectedTo)}`);
  notes.push(fellBack ? 'English — not translated yet' : localeName(page.locale));
  const behind = translationBehindNote(page, { index: ctx.index, history: ctx.englishHistory });
  if (behind) notes.push(behind);
  notes.push(usageText(usage));
  lines.push(`_${notes.join(' · ')}_`);
  return lines.join('\n');
}

const DISAMBIGUATION = 'glossary-disambiguation';

/**
 * The pages a disambiguation page offers: the pages one level under it, by title, as MDN's
 * GlossaryDisambiguation macro lists them; in English when the locale has none of them yet.
 */
export function disambiguationPages(page: Page, ctx: FeatureContext): { pages: Page[]; english: boolean } {
  const under = (locale: string) => {
    const prefix = page.folder + '/';
    return ctx.index
      .glossaryEntries(locale)
      .filter((entry) => entry.folder.startsWith(prefix) && !entry.folder.slice(prefix.length).includes('/'))
      .sort((a, b) => a.title.localeCompare(b.title));
  };
  const own = under(page.locale);
  if (own.length || page.locale === DEFAULT_LOCALE) return { pages: own, english: false };
  return { pages: under(DEFAULT_LOCALE), english: true };
}

function localeName(locale: string): string {
  try {
    // The language alone: "English (en-US)", "French (fr)", "Vietnamese (vi)".
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(locale.split('-')[0]);
    return name ? `${name} (${urlLocale(locale)})` : urlLocale(locale);
  } catch {
    return urlLocale(locale);
  }
}
