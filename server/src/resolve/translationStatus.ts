/**
 * Where a translated page stands against English: up to date, outdated by N commits, its
 * `sourceCommit` unknown, none recorded, or no English page to compare with. One rule for the
 * editor (features/translationStatus.ts) and the report (cli/translations.ts).
 */
import type { ContentIndex, Page } from '../content/contentIndex';
import { describeSource, EnglishChanges, EnglishHistory, SourceCommitState } from '../content/englishHistory';
import { DEFAULT_LOCALE } from '../content/slugs';

export type TranslationStatusName = 'up-to-date' | 'outdated' | 'source-unknown' | 'no-source-commit' | 'no-english-page';

export type TranslationStatus =
  | { status: 'no-english-page' }
  | { status: 'no-source-commit'; english: Page }
  | { status: 'source-unknown'; english: Page; sourceCommit: string; state: SourceCommitState; message: string }
  | { status: 'up-to-date' | 'outdated'; english: Page; sourceCommit: string; changes: EnglishChanges };

/** What a translated page records: its folder (`glossary/api`) and `l10n.sourceCommit`, if any. */
export interface TranslatedPage {
  folder: string;
  sourceCommit?: string;
}

/** The distinct `sourceCommit` values of translated pages: what an EnglishHistoryTracker is asked to `update` with. */
export function sourceCommitsOf(pages: Iterable<Page>): string[] {
  const values = new Set<string>();
  for (const page of pages) if (page.locale !== DEFAULT_LOCALE && page.sourceCommit) values.add(page.sourceCommit);
  return [...values];
}

/** The English page a translated page follows: the same folder under en-us. */
export function englishPageOf(index: ContentIndex, folder: string): Page | undefined {
  return index.pageByKey(`${DEFAULT_LOCALE}/${folder}`);
}

/**
 * The status of a translated page; undefined while the answer waits on git (no history yet, or
 * its `sourceCommit` not resolved yet: the tracker's `update` then brings it).
 */
export function translationStatus(index: ContentIndex, history: EnglishHistory | undefined, page: TranslatedPage): TranslationStatus | undefined {
  const english = englishPageOf(index, page.folder);
  if (!english) return { status: 'no-english-page' };
  const sourceCommit = page.sourceCommit?.trim();
  if (!sourceCommit) return { status: 'no-source-commit', english };
  if (!history) return undefined;
  const state = history.sourceCommit(sourceCommit);
  if (!state) return undefined;
  if (state.kind !== 'found') return { status: 'source-unknown', english, sourceCommit, state, message: describeSource(history, sourceCommit) };
  const changes = history.changesSince(english.path, sourceCommit);
  if (!changes) {
    // Found, but not under the English root's history (or its range not read yet).
    return history.repositoryPath(english.path) === undefined
      ? { status: 'source-unknown', english, sourceCommit, state, message: describeSource(history, sourceCommit) }
      : undefined;
  }
  return { status: changes.commits.length ? 'outdated' : 'up-to-date', english, sourceCommit, changes };
}

/** "English changed in 3 commits since this translation (latest 2026-05-02: Fix typo)". */
export function outdatedMessage(changes: EnglishChanges): string {
  const latest = changes.commits[0];
  return `${englishChangedIn(changes.commits.length)} since this translation (latest ${latest.date}: ${latest.subject})`;
}

/** "English changed in 3 commits". */
export function englishChangedIn(count: number): string {
  return `English changed in ${count} commit${count === 1 ? '' : 's'}`;
}
