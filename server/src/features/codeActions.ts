/**
 * Quick fixes: point a redirected or ill-cased reference at its target, keeping its text (one, or
 * all in the file); for a broken glossary term, the closest terms ("Did you mean") and a new entry;
 * for a broken `/docs/` link, the closest pages ("Did you mean"); for a page that
 * exists only in English, a translation to start from; a missing `page-type` in the front matter.
 */
import { escapeForQuote, isMacroQuote } from '../syntax/macros';
import { glossaryTermOf } from '../content/glossaryTerms';
import * as nodePath from 'node:path';
import { CodeAction, CodeActionKind, CreateFile, Diagnostic, Range, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { Page } from '../content/contentIndex';
import { DEFAULT_LOCALE, parseDocsUrl, safeSlug, slugToFolder, splitHash, urlLocale } from '../content/slugs';
import { checkPage } from '../resolve/pageFindings';
import { Finding, hasSafeFix } from '../resolve/findings';
import { frontMatterEnd } from '../syntax/document';
import { FeatureContext, fileUri, PageDocument, rangeOf } from './context';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { frontMatterFindings } from '../resolve/frontMatterChecks';
import { closestSlugs } from './suggestions';

export interface CodeActionOptions {
  /** Whether the client applies workspace edits that create files (`resourceOperations` has `create`). Default true. */
  createFiles?: boolean;
  /** Reads a page's text from disk (for "Create translation from English"); without it that action is not offered. */
  readText?: (path: string) => Promise<string | undefined>;
}

export async function codeActions(doc: PageDocument, range: Range, contextDiagnostics: Diagnostic[], ctx: FeatureContext, options: CodeActionOptions = {}): Promise<CodeAction[]> {
  const findings = checkPage(doc.scanned, doc.locale, ctx.index, { glossaryMacros: ctx.glossaryMacros });
  const fixable = findings.filter((finding) => finding.fix && hasSafeFix(finding.code));
  const start = doc.lines.offsetAt(range.start);
  const end = doc.lines.offsetAt(range.end);
  const inRange = (finding: { start: number; end: number }) => !(finding.end < start || finding.start > end);
  const diagnosticOf = (finding: { code: string; start: number; end: number }) => {
    const diagnostic = contextDiagnostics.find((d) => d.source === DIAGNOSTIC_SOURCE && d.code === finding.code && sameRange(d.range, rangeOf(doc, finding.start, finding.end)));
    return diagnostic ? [diagnostic] : undefined;
  };
  const actions: CodeAction[] = [];
  for (const finding of fixable) {
    if (!inRange(finding)) continue;
    // A fix that keeps what readers see is the preferred one; one that changes the link text
    // (a macro with no display argument) is offered, saying so, for the author to choose.
    actions.push({
      title: `Replace with ${shortTarget(finding)}${finding.fixCaveat ? ` (${finding.fixCaveat})` : ''}`,
      kind: CodeActionKind.QuickFix,
      isPreferred: !finding.fixCaveat,
      diagnostics: diagnosticOf(finding),
      edit: { changes: { [doc.uri]: [editOf(doc, finding)] } },
    });
  }
  const keepingText = fixable.filter((finding) => !finding.fixCaveat);
  if (keepingText.length > 1 && actions.length > 0) {
    actions.push({
      title: `Fix all ${keepingText.length} redirected and ill-cased links in this file`,
      kind: CodeActionKind.QuickFix,
      edit: { changes: { [doc.uri]: keepingText.map((finding) => editOf(doc, finding)) } },
    });
  }

  const filesDir = doc.path ? ctx.index.filesDirOf(doc.path) : undefined;
  const translating = new Set<Page>();
  for (const finding of findings) {
    if (!inRange(finding) || !finding.reference) continue;
    const reference = finding.reference;
    if (finding.code === 'templ-broken-link' && reference.glossary && reference.candidates.length) {
      actions.push(...didYouMean(doc, finding, ctx, diagnosticOf(finding)));
      const parsed = parseDocsUrl(reference.candidates[0]);
      // Only a slug that stays in its locale names a file to create (`..`, encoded or not, never does).
      const slug = parsed && safeSlug(parsed.slug);
      if (slug && filesDir && options.createFiles !== false) {
        actions.push(createGlossaryEntry(doc, ctx, filesDir, slug, diagnosticOf(finding)));
      }
    }
    if (finding.code === 'broken-link' && reference.kind === 'link') actions.push(...didYouMeanPage(doc, finding, ctx, diagnosticOf(finding)));
    const english = finding.resolution?.page;
    if (
      finding.code === 'only-in-en-us' &&
      english &&
      english.locale === DEFAULT_LOCALE &&
      filesDir &&
      options.readText &&
      options.createFiles !== false &&
      !translating.has(english)
    ) {
      translating.add(english);
      const action = await createTranslation(doc, ctx, filesDir, english, options.readText, diagnosticOf(finding));
      if (action) actions.push(action);
    }
  }

  for (const finding of frontMatterFindings(doc.text, doc.path, ctx.index)) {
    if (!finding.fix || !inRange(finding)) continue;
    actions.push({
      title: `Add ${finding.fix.newText.trim()}`,
      kind: CodeActionKind.QuickFix,
      isPreferred: true,
      diagnostics: diagnosticOf(finding),
      edit: { changes: { [doc.uri]: [{ range: rangeOf(doc, finding.fix.start, finding.fix.end), newText: finding.fix.newText }] } },
    });
  }
  return actions;
}

/** "Did you mean …": the closest glossary terms, each as an edit of the written term. */
function didYouMean(doc: PageDocument, finding: Finding, ctx: FeatureContext, diagnostics: Diagnostic[] | undefined): CodeAction[] {
  const reference = finding.reference!;
  const quote = doc.text[reference.argStart - 1];
  if (reference.argStart === reference.argEnd && !isMacroQuote(quote)) return [];
  return closestSlugs(ctx, reference).map((page) => {
    const term = glossaryTermOf(page.slug);
    return {
      title: `Did you mean ${term}${page.title !== term ? ` (${page.title})` : ''}?`,
      kind: CodeActionKind.QuickFix,
      diagnostics,
      edit: {
        changes: {
          [doc.uri]: [
            {
              range: rangeOf(doc, reference.argStart, reference.argEnd),
              newText: isMacroQuote(quote) ? escapeForQuote(term + reference.hash, quote) : JSON.stringify(term + reference.hash),
            },
          ],
        },
      },
    };
  });
}

/** "Did you mean …" for a broken `/docs/` link: the closest pages, each as an edit of the slug (locale, origin and `#hash` kept as written). */
function didYouMeanPage(doc: PageDocument, finding: Finding, ctx: FeatureContext, diagnostics: Diagnostic[] | undefined): CodeAction[] {
  const reference = finding.reference!;
  const written = doc.text.slice(reference.argStart, reference.argEnd);
  const docsAt = written.indexOf('/docs/');
  if (docsAt === -1) return [];
  const prefix = written.slice(0, docsAt + '/docs/'.length);
  return closestSlugs(ctx, reference).map((page) => ({
    title: `Did you mean ${page.slug}${page.title !== page.slug.split('/').pop() ? ` (${page.title})` : ''}?`,
    kind: CodeActionKind.QuickFix,
    diagnostics,
    edit: { changes: { [doc.uri]: [{ range: rangeOf(doc, reference.argStart, reference.argEnd), newText: prefix + page.slug + reference.hash }] } },
  }));
}

/** "Create glossary entry <term>": a new `glossary/<folder>/index.md` in the page's locale, with the locale's front matter shape. */
function createGlossaryEntry(doc: PageDocument, ctx: FeatureContext, filesDir: string, slug: string, diagnostics: Diagnostic[] | undefined): CodeAction {
  const term = slug.slice(slug.indexOf('/') + 1);
  const title = splitHash(term).path.replace(/_/g, ' ');
  const path = nodePath.join(filesDir, doc.locale, ...slugToFolder(slug).split('/'), 'index.md');
  const frontMatter = frontMatterText(ctx, doc.locale, { title, slug, pageType: 'glossary-definition', englishSlug: slug });
  const text = `${frontMatter}\n{{GlossarySidebar}}\n\n**${title}** …\n`;
  return { title: `Create glossary entry ${term}`, kind: CodeActionKind.QuickFix, diagnostics, edit: createFileEdit(path, text) };
}

/** "Create translation from English": the English page's text under the locale's front matter shape. */
async function createTranslation(
  doc: PageDocument,
  ctx: FeatureContext,
  filesDir: string,
  english: Page,
  readText: (path: string) => Promise<string | undefined>,
  diagnostics: Diagnostic[] | undefined,
): Promise<CodeAction | undefined> {
  const englishText = await readText(english.path).catch(() => undefined);
  if (englishText === undefined) return undefined;
  const body = englishText.slice(frontMatterEnd(englishText));
  const frontMatter = frontMatterText(ctx, doc.locale, { title: english.title, slug: english.slug, pageType: english.pageType, englishSlug: english.slug });
  const path = nodePath.join(filesDir, doc.locale, ...english.folder.split('/'), 'index.md');
  return {
    title: `Create ${urlLocale(doc.locale)} translation of ${english.slug} from English`,
    kind: CodeActionKind.QuickFix,
    diagnostics,
    edit: createFileEdit(path, frontMatter + body),
  };
}

type FrontMatterShape = 'l10n' | 'translation_of' | 'none';

/** How the locale's pages mark translations: `l10n.sourceCommit` (current) or `translation_of` (older); siblings in the glossary first. */
export function localeFrontMatterShape(ctx: FeatureContext, locale: string): FrontMatterShape {
  if (locale === DEFAULT_LOCALE) return 'none';
  let sourceCommit = 0;
  let translationOf = 0;
  const count = (pages: Iterable<Page>) => {
    for (const page of pages) {
      if (page.locale !== locale) continue;
      if (page.translated.sourceCommit) sourceCommit++;
      else if (page.translated.translationOf) translationOf++;
    }
  };
  count(ctx.index.glossaryEntries(locale));
  if (sourceCommit + translationOf === 0) count(ctx.index.allPages());
  return translationOf > sourceCommit ? 'translation_of' : 'l10n';
}

function frontMatterText(ctx: FeatureContext, locale: string, page: { title: string; slug: string; pageType?: string; englishSlug: string }): string {
  const lines = ['---', `title: ${yamlScalar(page.title)}`, `slug: ${yamlScalar(page.slug)}`];
  if (page.pageType) lines.push(`page-type: ${page.pageType}`);
  const shape = localeFrontMatterShape(ctx, locale);
  // The commit is the author's to fill in: the mdn/content commit the translation follows.
  if (shape === 'l10n') lines.push('l10n:', '  sourceCommit: # mdn/content commit of the English page');
  if (shape === 'translation_of') lines.push(`translation_of: ${yamlScalar(page.englishSlug)}`);
  lines.push('---', '');
  return lines.join('\n');
}

/** A YAML scalar: plain when safe, else double-quoted (JSON strings are valid YAML). */
function yamlScalar(value: string): string {
  return /^[A-Za-z0-9_(][^:#'"{}[\]&*!|>%@`,\n]*$/.test(value) && !/\s$/.test(value) ? value : JSON.stringify(value);
}

function createFileEdit(path: string, text: string): WorkspaceEdit {
  const uri = fileUri(path);
  return {
    documentChanges: [
      CreateFile.create(uri, { overwrite: false, ignoreIfExists: false }),
      TextDocumentEdit.create({ uri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, text)]),
    ],
  };
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
