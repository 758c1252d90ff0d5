/**
 * Translation status in the editor: on a translated page, what changed in English since its
 * `l10n.sourceCommit` — diagnostics on that line, a hover listing the commits, code actions to see
 * the English changes and to mark the translation up to date, and a note for hovers on links to an
 * outdated translation. Functions of (document, index, English history snapshot); none runs git or
 * waits: with no snapshot yet (or a `sourceCommit` not resolved yet) they answer nothing, and the
 * server asks again when the tracker announces a new snapshot.
 */
import { CodeAction, CodeActionKind, Diagnostic, Hover, MarkupKind, Position, Range } from 'vscode-languageserver';
import type { ContentIndex, Page } from '../content/contentIndex';
import type { EnglishChanges, EnglishCommit, EnglishHistory } from '../content/englishHistory';
import { readFrontMatter } from '../content/frontMatter';
import { pageLocation } from '../content/roots';
import { DEFAULT_LOCALE, urlLocale } from '../content/slugs';
import { DEFAULT_SEVERITY, TranslationCode } from '../resolve/findings';
import { englishChangedIn, outdatedMessage, TranslationStatus, translationStatus } from '../resolve/translationStatus';
import { findFrontMatterKey, findSourceCommit, SourceCommitField, writtenSourceCommit } from '../syntax/sourceCommit';
import { SHOW_ENGLISH_CHANGES_COMMAND, type SeverityName, type ShowEnglishChangesArguments } from './clientTypes';
import { codeSpan, escapeMarkdown } from '../syntax/markdownText';
import { PageDocument, rangeOf } from './context';
import { LSP_SEVERITY, DIAGNOSTIC_SOURCE } from './diagnostics';

export { SHOW_ENGLISH_CHANGES_COMMAND, type ShowEnglishChangesArguments } from './clientTypes';

export interface TranslationContext {
  index: ContentIndex;
  /** The English history snapshot (EnglishHistoryTracker.current); undefined while unknown or unavailable. */
  history: EnglishHistory | undefined;
}

/** What the editor's text of a translated page says about its source. */
interface DocumentTranslation {
  folder: string;
  sourceCommit?: string;
  /** Where `sourceCommit` is written, when that agrees with what the YAML parser read (edits need it). */
  field?: SourceCommitField;
  /** Offsets to report on: the `sourceCommit` entry, else `translation_of`, else the opening `---`. */
  start: number;
  end: number;
}

/** Each page version's front matter read once per index: diagnostics, the index sync and hovers all ask. */
const translationMemo = new WeakMap<PageDocument, { index: ContentIndex; value: DocumentTranslation | undefined }>();

function documentTranslation(doc: PageDocument, index: ContentIndex): DocumentTranslation | undefined {
  const memo = translationMemo.get(doc);
  if (memo?.index === index) return memo.value;
  const value = readDocumentTranslation(doc, index);
  translationMemo.set(doc, { index, value });
  return value;
}

function readDocumentTranslation(doc: PageDocument, index: ContentIndex): DocumentTranslation | undefined {
  if (doc.locale === DEFAULT_LOCALE || !doc.path) return undefined;
  const filesDir = index.filesDirOf(doc.path);
  const location = filesDir ? pageLocation(filesDir, doc.path) : undefined;
  if (!location || location.locale === DEFAULT_LOCALE) return undefined;
  const result = readFrontMatter(doc.text);
  if (!result.ok) return undefined;
  const l10n = result.frontMatter.data.l10n as Record<string, unknown> | undefined;
  const raw = l10n && typeof l10n === 'object' ? l10n.sourceCommit : undefined;
  const parsed = result.frontMatter.l10n?.sourceCommit;
  const sourceCommit = writtenSourceCommit(doc.text, parsed);
  const found = findSourceCommit(doc.text);
  // A value the parser read as a number is trusted as written (see writtenSourceCommit).
  const field = found && found.value !== '' && (found.value === parsed || typeof raw === 'number') ? found : undefined;
  if (field) return { folder: location.folder, sourceCommit, field, start: field.keyStart, end: field.valueEnd };
  const anchor = findFrontMatterKey(doc.text, 'l10n') ?? findFrontMatterKey(doc.text, 'translation_of');
  if (anchor) return { folder: location.folder, sourceCommit, start: anchor.keyStart, end: anchor.lineEnd };
  return { folder: location.folder, sourceCommit, start: 0, end: 3 };
}

/**
 * The `sourceCommit` the editor's text of a translated page records (undefined for English pages,
 * pages outside the roots, and pages without one): what the server asks the tracker to resolve
 * when a page is opened or its value edited (debounced: each new value costs one `git cat-file`).
 */
export function documentSourceCommit(doc: PageDocument, index: ContentIndex): string | undefined {
  return documentTranslation(doc, index)?.sourceCommit;
}

function statusOf(doc: PageDocument, ctx: TranslationContext): { translation: DocumentTranslation; status: TranslationStatus } | undefined {
  if (!ctx.history) return undefined;
  const translation = documentTranslation(doc, ctx.index);
  if (!translation) return undefined;
  const status = translationStatus(ctx.index, ctx.history, translation);
  return status ? { translation, status } : undefined;
}

/** The translation diagnostics of a page, with the user's severities (`off` hides a code). */
export function translationDiagnostics(doc: PageDocument, ctx: TranslationContext, severities: Record<string, SeverityName> = {}): Diagnostic[] {
  const found = statusOf(doc, ctx);
  if (!found) return [];
  const { translation, status } = found;
  let code: TranslationCode;
  let message: string;
  if (status.status === 'outdated') {
    code = 'translation-outdated';
    message = outdatedMessage(status.changes);
  } else if (status.status === 'source-unknown') {
    code = 'translation-source-unknown';
    message = status.message;
  } else if (status.status === 'no-source-commit') {
    code = 'translation-no-source-commit';
    message = 'This translation records no l10n.sourceCommit (the English commit it follows), so what changed in English since cannot be told';
  } else {
    return [];
  }
  const severity = severities[code] ?? DEFAULT_SEVERITY[code];
  if (severity === 'off') return [];
  return [{ range: rangeOf(doc, translation.start, translation.end), severity: LSP_SEVERITY[severity], source: DIAGNOSTIC_SOURCE, code, message, data: { version: doc.version } }];
}

/** Most commits a hover lists (the rest are counted). */
const HOVER_COMMITS = 15;

/** Hover on the `sourceCommit` line: the English commits since, or why there are none to show. */
export function translationHover(doc: PageDocument, position: Position, ctx: TranslationContext): Hover | null {
  const found = statusOf(doc, ctx);
  if (!found || found.status.status === 'no-english-page' || found.status.status === 'no-source-commit') return null;
  const { translation, status } = found;
  const offset = doc.lines.offsetAt(position);
  const line = doc.lines.lineAt(translation.start);
  if (doc.lines.lineAt(offset) !== line) return null;
  const range = rangeOf(doc, translation.start, translation.end);
  if (status.status === 'source-unknown') return { range, contents: { kind: MarkupKind.Markdown, value: escapeMarkdown(status.message) } };
  const { changes } = status;
  const lines: string[] = [];
  const source = `${codeSpan(short(changes.source.hash))} (${changes.source.date}: ${escapeMarkdown(changes.source.subject)})`;
  if (status.status === 'up-to-date') {
    lines.push(`**English page unchanged** since this translation's source commit ${source}.`);
  } else {
    lines.push(`**${englishChangedIn(changes.commits.length)}** since this translation's source commit ${source}:`, '');
    for (const commit of changes.commits.slice(0, HOVER_COMMITS)) lines.push(`- ${commitLine(commit)}`);
    if (changes.commits.length > HOVER_COMMITS) lines.push(`- … and ${changes.commits.length - HOVER_COMMITS} older`);
  }
  if (changes.pathAtSource && changes.pathAtSource !== changes.path) lines.push('', `_The English page was ${codeSpan(changes.pathAtSource)} then._`);
  else if (!changes.pathAtSource) lines.push('', '_The English page did not exist at that commit._');
  return { range, contents: { kind: MarkupKind.Markdown, value: lines.join('\n') } };
}

function commitLine(commit: EnglishCommit): string {
  return `${commit.date} ${codeSpan(short(commit.hash))} ${escapeMarkdown(commit.subject)}`;
}

const short = (hash: string) => hash.slice(0, 7);

/**
 * Code actions on the `sourceCommit` line of an outdated translation: "Show English changes since
 * translation" (the {@link SHOW_ENGLISH_CHANGES_COMMAND} command) and "Mark translation as up to
 * date" (an edit of the value alone, to the English page's latest commit; offered, never applied).
 */
export function translationCodeActions(doc: PageDocument, range: Range, contextDiagnostics: Diagnostic[], ctx: TranslationContext): CodeAction[] {
  const found = statusOf(doc, ctx);
  if (!found || found.status.status !== 'outdated') return [];
  const { translation, status } = found;
  const start = doc.lines.offsetAt(range.start);
  const end = doc.lines.offsetAt(range.end);
  const lineStart = doc.lines.lineStarts[doc.lines.lineAt(translation.start)];
  if (end < lineStart || start > translation.end) return [];
  const diagnosticRange = rangeOf(doc, translation.start, translation.end);
  const diagnostics = contextDiagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && d.code === 'translation-outdated' && sameRange(d.range, diagnosticRange));
  const actions: CodeAction[] = [
    {
      title: 'Show English changes since translation',
      kind: CodeActionKind.QuickFix,
      diagnostics: diagnostics.length ? diagnostics : undefined,
      command: {
        title: 'Show English changes since translation',
        command: SHOW_ENGLISH_CHANGES_COMMAND,
        arguments: [showEnglishChangesArguments(doc.uri, status.english, status.changes, ctx.history!)],
      },
    },
  ];
  const edit = markUpToDateEdit(doc, translation.field, status.changes.commits[0].hash);
  if (edit) {
    actions.push({
      title: 'Mark translation as up to date',
      kind: CodeActionKind.QuickFix,
      diagnostics: diagnostics.length ? diagnostics : undefined,
      edit: { changes: { [doc.uri]: [edit] } },
    });
  }
  return actions;
}

/** The edit of `sourceCommit`'s value alone (its quotes kept), or undefined when its place is not certain. */
function markUpToDateEdit(doc: PageDocument, field: SourceCommitField | undefined, hash: string): { range: Range; newText: string } | undefined {
  if (!field) return undefined;
  return { range: rangeOf(doc, field.valueStart, field.valueEnd), newText: `${field.quote}${hash}${field.quote}` };
}

export function showEnglishChangesArguments(uri: string, english: Page, changes: EnglishChanges, history: EnglishHistory): ShowEnglishChangesArguments {
  return {
    uri,
    englishFile: english.path,
    path: changes.path,
    pathAtSource: changes.pathAtSource ?? null,
    sourceCommit: changes.source.hash,
    head: history.head,
    title: `English changes to ${english.slug} since ${short(changes.source.hash)}`,
  };
}

/**
 * For the hover of a macro or link whose target is a translated page: "German entry is 3 English
 * commits behind" when that translation is outdated; undefined otherwise (or while unknown).
 */
export function translationBehindNote(target: Page, ctx: TranslationContext): string | undefined {
  if (target.locale === DEFAULT_LOCALE) return undefined;
  const status = translationStatus(ctx.index, ctx.history, target);
  if (status?.status !== 'outdated') return undefined;
  const count = status.changes.commits.length;
  const what = target.folder.startsWith('glossary/') ? 'entry' : 'page';
  return `${localeDisplayName(target.locale)} ${what} is ${count} English commit${count === 1 ? '' : 's'} behind`;
}

/** The English name of a locale: `de` → German, `pt-br` → Brazilian Portuguese, `zh-cn` → Simplified Chinese. */
export function localeDisplayName(locale: string): string {
  const tag = urlLocale(locale);
  const named = ({ 'zh-CN': 'zh-Hans', 'zh-TW': 'zh-Hant' } as Record<string, string>)[tag] ?? tag;
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(named) ?? tag;
  } catch {
    return tag;
  }
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
