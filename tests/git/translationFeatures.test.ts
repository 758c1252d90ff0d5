/**
 * Translation status in the editor (server/src/features/translationStatus.ts) over a real English
 * repository and a German tree on disk: diagnostics, hovers, code actions (the edit applied and the
 * front matter compared byte for byte), the command's diff, and the note for links to outdated entries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CodeAction, Diagnostic, DiagnosticSeverity, Hover, TextEdit } from 'vscode-languageserver';
import { ContentIndex } from '../../server/src/content/contentIndex';
import { EnglishHistory, EnglishHistoryTracker } from '../../server/src/content/englishHistory';
import { nodeFileSystem } from '../../server/src/content/fileSystem';
import { fileUri, PageDocument, pageDocument } from '../../server/src/features/context';
import {
  localeDisplayName,
  SHOW_ENGLISH_CHANGES_COMMAND,
  ShowEnglishChangesArguments,
  translationBehindNote,
  translationCodeActions,
  translationDiagnostics,
  translationHover,
} from '../../server/src/features/translationStatus';
import { tempFolder } from '../helpers/gitRepo';
import { buildScenario, Scenario } from './scenario';

let temp: ReturnType<typeof tempFolder>;
let scenario: Scenario;
let index: ContentIndex;
let tracker: EnglishHistoryTracker;
let history: EnglishHistory;

beforeAll(async () => {
  temp = tempFolder('glossary-translation-');
  scenario = buildScenario(temp.dir);
  index = await ContentIndex.build(nodeFileSystem, [scenario.englishFiles, scenario.germanFiles]);
  tracker = new EnglishHistoryTracker(scenario.englishFiles, { env: scenario.english.env });
  const sourceCommits = [...index.allPages()].flatMap((page) => (page.sourceCommit ? [page.sourceCommit] : []));
  history = (await tracker.update(sourceCommits))!;
});
afterAll(() => {
  tracker.dispose();
  temp.remove();
});

const germanFile = (folder: string) => path.join(scenario.germanFiles, 'de', folder, 'index.md');

function germanDoc(folder: string, text?: string): PageDocument {
  const file = germanFile(folder);
  return pageDocument(fileUri(file), text ?? readFileSync(file, 'utf8'), 1, 'de', file);
}

const ctx = () => ({ index, history });
const lineOf = (doc: PageDocument, needle: string) => doc.lines.positionAt(doc.text.indexOf(needle)).line;
const rangeText = (doc: PageDocument, d: { range: Diagnostic['range'] }) => doc.text.slice(doc.lines.offsetAt(d.range.start), doc.lines.offsetAt(d.range.end));
const hoverText = (hover: Hover | null) => (hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '');

function apply(text: string, doc: PageDocument, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => doc.lines.offsetAt(b.range.start) - doc.lines.offsetAt(a.range.start));
  let out = text;
  for (const edit of sorted) out = out.slice(0, doc.lines.offsetAt(edit.range.start)) + edit.newText + out.slice(doc.lines.offsetAt(edit.range.end));
  return out;
}

describe('diagnostics', () => {
  it('translation-outdated (information) on the sourceCommit line, with the count and the latest commit', () => {
    const doc = germanDoc('glossary/api');
    const diagnostics = translationDiagnostics(doc, ctx());
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'translation-outdated',
      severity: DiagnosticSeverity.Information,
      source: 'glossary-lsp',
      message: 'English changed in 2 commits since this translation (latest 2026-05-02: API: fix typo)',
    });
    expect(rangeText(doc, diagnostics[0])).toBe(`sourceCommit: ${scenario.commits.c1.slice(0, 7)}`);
  });

  it('counts through the English page’s rename; a quoted value with a comment is read as written', () => {
    expect(translationDiagnostics(germanDoc('glossary/new_name'), ctx()).map((d) => d.message)).toEqual([
      'English changed in 2 commits since this translation (latest 2026-04-01: New_name: expand)',
    ]);
    const feature = germanDoc('web/feature');
    const [diagnostic] = translationDiagnostics(feature, ctx());
    expect(diagnostic.message).toBe('English changed in 1 commit since this translation (latest 2026-05-02: API: fix typo)');
    expect(rangeText(feature, diagnostic)).toBe(`sourceCommit: "${scenario.commits.c2}"`);
  });

  it('nothing for a page up to date, one never touched since, or one without an English page', () => {
    expect(translationDiagnostics(germanDoc('glossary/current'), ctx())).toEqual([]);
    expect(translationDiagnostics(germanDoc('glossary/untouched'), ctx())).toEqual([]);
    expect(translationDiagnostics(germanDoc('glossary/gone'), ctx())).toEqual([]);
  });

  it('translation-source-unknown (warning) for a typo; translation-no-source-commit (information) on translation_of', () => {
    const http = translationDiagnostics(germanDoc('glossary/http'), ctx());
    expect(http).toMatchObject([
      { code: 'translation-source-unknown', severity: DiagnosticSeverity.Warning, message: 'sourceCommit deadbeefcafe is not a commit of the English repository (a typo?)' },
    ]);
    const legacy = germanDoc('glossary/legacy');
    const [diagnostic] = translationDiagnostics(legacy, ctx());
    expect(diagnostic).toMatchObject({ code: 'translation-no-source-commit', severity: DiagnosticSeverity.Information });
    expect(rangeText(legacy, diagnostic)).toBe('translation_of: Glossary/Legacy');
  });

  it('follows glossary.severity: off hides a code, other names change it', () => {
    const doc = germanDoc('glossary/api');
    expect(translationDiagnostics(doc, ctx(), { 'translation-outdated': 'off' })).toEqual([]);
    expect(translationDiagnostics(doc, ctx(), { 'translation-outdated': 'warning' })[0].severity).toBe(DiagnosticSeverity.Warning);
    expect(translationDiagnostics(germanDoc('glossary/http'), ctx(), { 'translation-source-unknown': 'hint' })[0].severity).toBe(DiagnosticSeverity.Hint);
  });

  it('reads the editor’s text, not the file: an edited sourceCommit counts from the new value', () => {
    const doc = germanDoc('glossary/api');
    const edited = germanDoc('glossary/api', doc.text.replace(scenario.commits.c1.slice(0, 7), scenario.commits.c5));
    expect(translationDiagnostics(edited, ctx())).toEqual([]);
    // A value git was not asked about yet: nothing until the tracker resolves it (no guess, no wait).
    const pending = germanDoc('glossary/api', doc.text.replace(scenario.commits.c1.slice(0, 7), scenario.commits.c3.slice(0, 10)));
    expect(translationDiagnostics(pending, ctx())).toEqual([]);
  });

  it('quiet without a history (no git, no repository, or not read yet), and on English pages', () => {
    expect(translationDiagnostics(germanDoc('glossary/api'), { index, history: undefined })).toEqual([]);
    expect(translationDiagnostics(germanDoc('glossary/legacy'), { index, history: undefined })).toEqual([]);
    const english = path.join(scenario.englishFiles, 'en-us', 'glossary', 'api', 'index.md');
    expect(translationDiagnostics(pageDocument(fileUri(english), readFileSync(english, 'utf8'), 1, 'en-us', english), ctx())).toEqual([]);
  });
});

describe('hover on sourceCommit', () => {
  it('lists the English commits since (date, short hash, subject)', () => {
    const doc = germanDoc('glossary/api');
    const { c1, c2, c5 } = scenario.commits;
    const text = hoverText(translationHover(doc, { line: lineOf(doc, 'sourceCommit'), character: 4 }, ctx()));
    expect(text).toContain(`**English changed in 2 commits** since this translation's source commit \`${c1.slice(0, 7)}\` (2026-01-01: Add pages):`);
    expect(text).toContain(`- 2026-05-02 \`${c5.slice(0, 7)}\` API: fix typo`);
    expect(text).toContain(`- 2026-02-01 \`${c2.slice(0, 7)}\` API: clarify`);
    expect(text.indexOf(c5.slice(0, 7))).toBeLessThan(text.indexOf(c2.slice(0, 7)));
  });

  it('says where the English page was at the source commit, when it moved since', () => {
    const doc = germanDoc('glossary/new_name');
    expect(hoverText(translationHover(doc, { line: lineOf(doc, 'sourceCommit'), character: 20 }, ctx()))).toContain(
      '_The English page was `files/en-us/glossary/old_name/index.md` then._',
    );
  });

  it('up to date, unknown: says so; other lines: no hover', () => {
    const current = germanDoc('glossary/current');
    expect(hoverText(translationHover(current, { line: lineOf(current, 'sourceCommit'), character: 2 }, ctx()))).toMatch(
      /^\*\*English page unchanged\*\* since this translation's source commit/,
    );
    const http = germanDoc('glossary/http');
    expect(hoverText(translationHover(http, { line: lineOf(http, 'sourceCommit'), character: 2 }, ctx()))).toContain('is not a commit of the English repository');
    const api = germanDoc('glossary/api');
    expect(translationHover(api, { line: lineOf(api, 'title:'), character: 2 }, ctx())).toBeNull();
  });
});

describe('code actions', () => {
  function actionsOn(doc: PageDocument, needle = 'sourceCommit'): CodeAction[] {
    const line = lineOf(doc, needle);
    const diagnostics = translationDiagnostics(doc, ctx());
    return translationCodeActions(doc, { start: { line, character: 0 }, end: { line, character: 0 } }, diagnostics, ctx());
  }

  it('offers "Show English changes since translation" (a command) and "Mark translation as up to date" (an edit), both tied to the diagnostic', () => {
    const doc = germanDoc('glossary/api');
    const actions = actionsOn(doc);
    expect(actions.map((action) => action.title)).toEqual(['Show English changes since translation', 'Mark translation as up to date']);
    expect(actions.every((action) => action.diagnostics?.[0]?.code === 'translation-outdated')).toBe(true);
    const args = actions[0].command!.arguments![0] as ShowEnglishChangesArguments;
    expect(actions[0].command!.command).toBe(SHOW_ENGLISH_CHANGES_COMMAND);
    expect(args).toEqual({
      uri: doc.uri,
      englishFile: path.join(scenario.englishFiles, 'en-us', 'glossary', 'api', 'index.md'),
      path: 'files/en-us/glossary/api/index.md',
      pathAtSource: 'files/en-us/glossary/api/index.md',
      sourceCommit: scenario.commits.c1,
      head: scenario.commits.c5,
      title: `English changes to Glossary/API since ${scenario.commits.c1.slice(0, 7)}`,
    });
  });

  it('"Mark translation as up to date" changes the hash alone, to the English page’s latest commit', () => {
    const doc = germanDoc('glossary/api');
    const mark = actionsOn(doc)[1];
    expect(mark.command).toBeUndefined();
    const after = apply(doc.text, doc, mark.edit!.changes![doc.uri]);
    expect(after).toBe(doc.text.replace(`sourceCommit: ${scenario.commits.c1.slice(0, 7)}\n`, `sourceCommit: ${scenario.commits.c5}\n`));
    // Then the page is up to date.
    expect(translationDiagnostics(germanDoc('glossary/api', after), ctx())).toEqual([]);
  });

  it('keeps quotes and the comment of a quoted value', () => {
    const doc = germanDoc('web/feature');
    const mark = actionsOn(doc).find((action) => action.title === 'Mark translation as up to date')!;
    const after = apply(doc.text, doc, mark.edit!.changes![doc.uri]);
    expect(after).toBe(doc.text.replace(`sourceCommit: "${scenario.commits.c2}" # from mdn/content`, `sourceCommit: "${scenario.commits.c5}" # from mdn/content`));
  });

  it('through a rename, the latest commit is the renamed page’s', () => {
    const doc = germanDoc('glossary/new_name');
    const mark = actionsOn(doc).find((action) => action.title === 'Mark translation as up to date')!;
    expect(mark.edit!.changes![doc.uri][0].newText).toBe(scenario.commits.c4);
  });

  it('nothing elsewhere on the page, for an up-to-date page, or an unknown commit', () => {
    expect(actionsOn(germanDoc('glossary/api'), 'title:')).toEqual([]);
    expect(actionsOn(germanDoc('glossary/current'))).toEqual([]);
    expect(actionsOn(germanDoc('glossary/http'))).toEqual([]);
  });

  it('the command’s arguments give the diff of the English page (git diff, fixed arguments)', async () => {
    const doc = germanDoc('glossary/api');
    const args = actionsOn(doc)[0].command!.arguments![0] as ShowEnglishChangesArguments;
    const result = await tracker.diff(args.englishFile, args.sourceCommit);
    if ('error' in result) throw new Error(result.error);
    expect(result.diff).toMatch(/^diff --git a\/files\/en-us\/glossary\/api\/index.md b\/files\/en-us\/glossary\/api\/index.md/);
    expect(result.diff).toContain('-It has rules.');
    expect(result.diff).toContain('+It has rules, and a fixed typo.');
    expect(await tracker.textAt(args.sourceCommit, args.pathAtSource!)).toContain('It has rules.');
    expect(await tracker.textAt(args.head, args.path)).toContain('It has rules, and a fixed typo.');
  });
});

describe('the note on links to an outdated translation', () => {
  it('"German entry is 2 English commits behind"; a page is a page; nothing when up to date or English', () => {
    const page = (folder: string) => index.pageAtPath(germanFile(folder))!;
    expect(translationBehindNote(page('glossary/api'), ctx())).toBe('German entry is 2 English commits behind');
    expect(translationBehindNote(page('web/feature'), ctx())).toBe('German page is 1 English commit behind');
    expect(translationBehindNote(page('glossary/untouched'), ctx())).toBeUndefined();
    expect(translationBehindNote(index.page('en-us', 'Glossary/API')!, ctx())).toBeUndefined();
    expect(translationBehindNote(page('glossary/api'), { index, history: undefined })).toBeUndefined();
  });

  it('names locales in English', () => {
    expect(['de', 'fr', 'pt-br', 'zh-cn', 'zh-tw', 'vi', 'ja'].map(localeDisplayName)).toEqual([
      'German',
      'French',
      'Brazilian Portuguese',
      'Simplified Chinese',
      'Traditional Chinese',
      'Vietnamese',
      'Japanese',
    ]);
  });
});
