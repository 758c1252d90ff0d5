/**
 * Edits on a copy of real MDN content (../shared/corpus: English and Vietnamese), unpacked once.
 *
 * References to Glossary/API are exactly what a scan of every page finds.
 *
 * `glossary-lsp check --fix`: every fixable finding of the corpus (redirected and ill-cased macros
 * and links with a fix) is either fixed or left with a reason, and for every fixed macro the text
 * MDN renders is the same before and after. "What MDN renders" is computed independently of the
 * server, from rari's templates (rariRender.ts). Each file is the original with exactly the reported replacements; no temporary
 * file is left.
 *
 * Rename: a seeded sample of renames (glossary entries and pages with subpages, with asset files added to
 * their folders, since the corpus has none) is applied to the copy, each WorkspaceEdit exactly as
 * the LSP specification defines it (tests/helpers/workspaceEdit.ts), one after the other, and:
 * - every file of every moved folder is in its new place (bytes unchanged unless edited), no
 *   folder is left empty, nothing outside the content root is read or written;
 * - every text edit covers only a reference, a `slug:` value or a `_redirects.txt` row, so the
 *   bytes around them are the author's;
 * - at the end `glossary-lsp check` finds no new issue, every old URL redirects to its new one,
 *   and every `_redirects.txt` has no chain, no self-redirect, no duplicate source and no source
 *   that is a live page.
 * GLOSSARY_RENAME_SEED=<n> picks another sample (the seed in use is printed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RenameFile, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import { runCheck, JsonIssue } from '../../server/src/cli/checkCommand';
import { hasSafeFix } from '../../server/src/resolve/findings';
import { ContentIndex, Page } from '../../server/src/content/contentIndex';
import { nodeFileSystem } from '../../server/src/content/fileSystem';
import { slugValue } from '../../server/src/content/frontMatterEdit';
import { GLOSSARY_MACROS, pageReferences } from '../../server/src/content/pageReferences';
import { docsUrl } from '../../server/src/content/slugs';
import { checkPage } from '../../server/src/resolve/pageFindings';
import { resolveReference, resolveUrl } from '../../server/src/resolve/resolve';
import { scanDocument } from '../../server/src/syntax/document';
import { LineIndex, splitLines } from '../../server/src/syntax/positions';
import { FeatureContext, fileUri, pageDocument } from '../../server/src/features/context';
import { referencesTo } from '../../server/src/features/findReferences';
import { rename, RenameError } from '../../server/src/features/rename';
import { captureOutput } from '../helpers/text';
import { CORPUS_DIR, missingCorpus, unpackCorpus } from '../helpers/corpus';
import { applyWorkspaceEdit, nodeDisk } from '../helpers/workspaceEdit';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { filesUnder, recording, recordingServerFiles, redirectViolations } from './editsDisk';
import { render } from './rariRender';

const present = missingCorpus.length === 0;
if (!present) console.warn(`tests/corpus/edits: skipped, corpus tarballs not found in ${CORPUS_DIR}`);
const SEED = Number(process.env.GLOSSARY_RENAME_SEED ?? 20261201);

describe.skipIf(!present)('references, check --fix and rename over a copy of the MDN corpus (en-us + vi)', () => {
  let tmp: string;
  let filesDir: string;
  let index: ContentIndex;
  let ctx: FeatureContext;
  const timings: Record<string, number> = {};
  /** Paths the server read or probed during renames. */
  const serverTouched: string[] = [];
  const { readText, probe } = recordingServerFiles(serverTouched);

  async function check(): Promise<{ issues: JsonIssue[]; stderr: string[] }> {
    const output = captureOutput();
    await runCheck(['--format', 'json', '--root', tmp], output, undefined, tmp);
    return { issues: (JSON.parse(output.stdout[0]) as { issues: JsonIssue[] }).issues, stderr: output.stderr };
  }

  beforeAll(async () => {
    let started = performance.now();
    tmp = unpackCorpus('glossary-rename-');
    timings.unpack = performance.now() - started;
    filesDir = path.join(tmp, 'files');
    started = performance.now();
    index = await ContentIndex.build(nodeFileSystem, [filesDir]);
    timings.index = performance.now() - started;
    ctx = { index, glossaryMacros: GLOSSARY_MACROS };
  }, 300_000);

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    console.info(
      `tests/corpus/edits (seed ${SEED}): ${Object.entries(timings)
        .map(([what, ms]) => `${what} ${(ms / 1000).toFixed(1)} s`)
        .join(', ')}`,
    );
  });

  it('references to Glossary/API: exactly the Glossary macros and links that resolve to it, on every page', async () => {
    const api = index.page('en-us', 'Glossary/API')!;
    const sites = await referencesTo(api, ctx, readText);
    const found = sites.flatMap((site) => (site.kind === 'reference' ? [`${path.relative(filesDir, site.path)}:${site.reference.start}`] : [])).sort();
    // Independently: scan every page on disk, resolve every Glossary macro and link.
    const expected: string[] = [];
    for (const locale of ['en-us', 'vi']) {
      for (const file of filesUnder(path.join(filesDir, locale)).filter((f) => path.basename(f) === 'index.md')) {
        const absolute = path.join(filesDir, locale, file);
        const doc = scanDocument(fs.readFileSync(absolute, 'utf8'));
        for (const reference of pageReferences(doc, locale)) {
          if (!reference.glossary && reference.kind !== 'link') continue;
          if (resolveReference(index, reference).page?.path === api.path) expected.push(`${path.relative(filesDir, absolute)}:${reference.start}`);
        }
      }
    }
    expect(expected.length).toBeGreaterThan(20);
    expect(found).toEqual(expected.sort());
    expect(sites.filter((site) => site.kind === 'redirect').length).toBe(index.redirectsTo(api).length);
  }, 120_000);

  it('fixes every fixable finding it can without changing the rendered text, leaves the others with a reason', async () => {
    // Every fixable finding of the corpus, found here from the engine (not from the CLI's output).
    let started = performance.now();
    const fixable: Array<{ file: string; start: number; end: number; at: string; code: string; written: string; caveat?: string }> = [];
    const originals = new Map<string, string>();
    for (const page of index.allPages()) {
      const text = fs.readFileSync(page.path, 'utf8');
      for (const finding of checkPage(scanDocument(text), page.locale, index)) {
        if (!hasSafeFix(finding.code) || !finding.fix) continue;
        originals.set(page.path, text);
        const before = text.slice(0, finding.start);
        const lineStart = before.lastIndexOf('\n') + 1;
        const at = `${before.split('\n').length}:${[...before.slice(lineStart)].length + 1}`;
        fixable.push({
          file: page.path,
          start: finding.start,
          end: finding.end,
          at,
          code: finding.code,
          written: text.slice(finding.start, finding.end),
          caveat: finding.fixCaveat,
        });
      }
    }
    timings.findings = performance.now() - started;
    expect(fixable.filter((f) => f.written.startsWith('{{')).length).toBeGreaterThan(30);

    started = performance.now();
    const output = captureOutput();
    await runCheck(['--format', 'json', '--fix', '--root', tmp, ...originals.keys()], output, undefined, tmp);
    timings.fix = performance.now() - started;
    const report = JSON.parse(output.stdout[0]) as { fixed: Array<JsonIssue & { old: string; new: string }>; notFixed: Array<JsonIssue & { reason: string }> };

    // Each fixable finding is fixed, or left saying why, at the position check reports it; nothing else is fixed.
    const key = (file: string, code: string, at: string) => `${path.relative(tmp, file)} ${code} ${at}`;
    const reported = [...report.fixed, ...report.notFixed].map((f) => key(path.join(tmp, f.file), f.code, `${f.line}:${f.column}`)).sort();
    expect(reported).toEqual(fixable.map((f) => key(f.file, f.code, f.at)).sort());
    // What a fix shows as old is the text there: the whole macro or link target (a raw-HTML link up to its href value).
    for (const fix of report.fixed) {
      const finding = fixable.find((f) => key(f.file, f.code, f.at) === key(path.join(tmp, fix.file), fix.code, `${fix.line}:${fix.column}`))!;
      expect(finding.written.startsWith(fix.old) || fix.old.startsWith(finding.written), `${fix.file}:${fix.line}: ${fix.old}`).toBe(true);
    }
    expect(report.notFixed.every((f) => f.reason.length > 20)).toBe(true);
    expect(report.notFixed.length).toBe(fixable.filter((f) => f.caveat).length);

    // For every fixed macro, MDN renders the same text, with the same formatting.
    let macros = 0;
    let tooltips = 0;
    for (const fix of report.fixed) {
      if (!fix.old.startsWith('{{')) {
        expect(fix.code.startsWith('templ-'), `${fix.file}: ${fix.old}`).toBe(false); // a link: only its target changes, its text stays
        continue;
      }
      const before = render(fix.old);
      const after = render(fix.new);
      expect(before, `${fix.old} is a macro this test renders`).toBeDefined();
      expect({ text: after!.text, code: after!.code }, `${fix.file}:${fix.line}: ${fix.old} → ${fix.new}`).toEqual({ text: before!.text, code: before!.code });
      if (after!.title !== before!.title) tooltips++;
      macros++;
    }
    expect(macros).toBe(fixable.filter((f) => f.written.startsWith('{{') && !f.caveat).length);
    console.info(
      `tests/corpus/edits: ${macros} macros fixed with the same rendered text (${tooltips} domxref now also carry it as a tooltip), ${report.fixed.length - macros} links, ${report.notFixed.length} left with a reason`,
    );

    // Each file is the original with exactly the reported replacements, and nothing was left behind.
    const byFile = new Map<string, typeof report.fixed>();
    for (const fix of report.fixed) byFile.set(path.join(tmp, fix.file), [...(byFile.get(path.join(tmp, fix.file)) ?? []), fix]);
    for (const [file, original] of originals) {
      // Offsets from 1-based lines and code-point columns; a fix may span lines (a raw-HTML `<a …>`).
      const lineStarts = [0];
      for (let i = original.indexOf('\n'); i !== -1; i = original.indexOf('\n', i + 1)) lineStarts.push(i + 1);
      const offsetOf = (line: number, column: number) => {
        const start = lineStarts[line - 1];
        return start + [...original.slice(start).split('\n')[0]].slice(0, column - 1).join('').length;
      };
      let expected = original;
      for (const fix of [...(byFile.get(file) ?? [])].sort((a, b) => b.line - a.line || b.column - a.column)) {
        const at = offsetOf(fix.line, fix.column);
        expect(expected.slice(at, at + fix.old.length)).toBe(fix.old);
        expected = expected.slice(0, at) + fix.new + expected.slice(at + fix.old.length);
      }
      expect(fs.readFileSync(file, 'utf8'), file).toBe(expected);
      expect(fs.readdirSync(path.dirname(file)).filter((name) => name.endsWith('.glossary-lsp.tmp'))).toEqual([]);
    }

    // What was fixed is not found again.
    const again = captureOutput();
    await runCheck(['--format', 'json', '--root', tmp, ...originals.keys()], again, undefined, tmp);
    const left = (JSON.parse(again.stdout[0]) as { issues: JsonIssue[] }).issues.filter((issue) => hasSafeFix(issue.code));
    expect(left.length).toBe(report.notFixed.length);
    // The index follows the fixed files (the renames below use it).
    for (const file of originals.keys()) await index.updateFile(file, null);
  }, 300_000);

  it('a seeded sample of renames, each applied as the LSP spec defines: whole folders moved, only references edited, no new issue, valid redirects', async () => {
    // fast-check's seeded generator: the same sample on every run with the same seed.
    const draws = fc.sample(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { seed: SEED, numRuns: 10_000 });
    let draw = 0;
    const pick = <T>(items: T[]): T => items[Math.floor(draws[draw++ % draws.length] * items.length)];
    // Subpages per folder, counted once over the index (a filter per page would be quadratic).
    const subpages = new Map<string, number>();
    for (const page of index.allPages()) {
      const parts = page.folder.split('/');
      for (let i = 1; i < parts.length; i++)
        subpages.set(`${page.locale}/${parts.slice(0, i).join('/')}`, (subpages.get(`${page.locale}/${parts.slice(0, i).join('/')}`) ?? 0) + 1);
    }
    const glossary = index
      .glossaryEntries('en-us')
      .filter((page) => index.page('vi', page.slug) && page.slug.split('/').length === 2)
      .sort((a, b) => a.path.localeCompare(b.path));
    const parents = [...index.allPages()]
      .filter((page) => page.locale === 'en-us' && !page.slug.startsWith('Glossary') && page.slug.split('/').length >= 3)
      .filter((page) => {
        const size = subpages.get(`${page.locale}/${page.folder}`) ?? 0;
        return size >= 1 && size <= 12;
      })
      .sort((a, b) => a.path.localeCompare(b.path));
    expect(glossary.length).toBeGreaterThan(100);
    expect(parents.length).toBeGreaterThan(100);
    const plan: Array<{ page: Page; newSlug: string }> = [];
    const chosen = new Set<string>();
    const choose = (from: Page[], newSlug: (page: Page) => string, count: number) => {
      for (let i = 0; i < count; i++) {
        let page = pick(from);
        while (chosen.has(page.folder) || [...chosen].some((folder) => page.folder.startsWith(folder + '/') || folder.startsWith(page.folder + '/'))) page = pick(from);
        chosen.add(page.folder);
        plan.push({ page, newSlug: newSlug(page) });
      }
    };
    choose(glossary, (page) => `${page.slug}_renamed`, 4);
    choose(glossary, (page) => `Glossary/Renamed_group/${page.slug.split('/')[1]}`, 1); // a parent folder to create
    const swapCase = (term: string) => [...term].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
    choose(glossary, (page) => `Glossary/${swapCase(page.slug.split('/')[1])}`, 1); // case only: nothing moves
    choose(parents, (page) => `${page.slug}_moved`, 4);

    // Assets: the corpus has none; every sampled folder (and a subpage's) gets some, in both locales.
    for (const { page } of plan) {
      for (const locale of ['en-us', 'vi']) {
        const dir = path.join(filesDir, locale, ...page.folder.split('/'));
        if (!fs.existsSync(dir)) continue;
        fs.writeFileSync(path.join(dir, 'diagram.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
        fs.mkdirSync(path.join(dir, 'examples'), { recursive: true });
        fs.writeFileSync(path.join(dir, 'examples', 'demo.html'), '<p>demo</p>\n');
        const child = fs.readdirSync(dir, { withFileTypes: true }).find((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, 'index.md')));
        if (child) fs.writeFileSync(path.join(dir, child.name, 'photo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
      }
    }

    // The redirects files' problems before (the corpus has a few odd rows of its own).
    const isPageIn = (idx: ContentIndex) => (url: string) => {
      const match = /^\/([^/]+)\/docs\/(.+)$/.exec(url);
      return !!match && !!idx.page(match[1].toLowerCase(), match[2]);
    };
    const redirectsFiles = ['en-us', 'vi'].map((locale) => path.join(filesDir, locale, '_redirects.txt'));
    const violationsBefore = new Set(redirectsFiles.flatMap((file) => (fs.existsSync(file) ? redirectViolations(fs.readFileSync(file, 'utf8'), isPageIn(index)) : [])));

    let started = performance.now();
    const before = await check();
    timings.checkBefore = performance.now() - started;

    // Where each file of the copy is now (renames compose).
    const moves: Array<{ from: string; to: string }> = [];
    const now = (file: string) => moves.reduce((at, move) => (at === move.from || at.startsWith(move.from + path.sep) ? move.to + at.slice(move.from.length) : at), file);
    const done: string[] = [];
    const refused: string[] = [];
    started = performance.now();
    for (const { page: planned, newSlug } of plan) {
      const page = index.page(planned.locale, planned.slug)!;
      const text = fs.readFileSync(page.path, 'utf8');
      const doc = pageDocument(fileUri(page.path), text, 1, page.locale, page.path);
      const slug = slugValue(text);
      if (!slug || slug.error !== undefined) throw new Error(`${page.path}: no slug value (${slug?.error})`);
      const at = new LineIndex(text).positionAt(slug.start + 1);
      let edit: WorkspaceEdit;
      try {
        edit = await rename(doc, at, newSlug, ctx, { readText, files: probe, client: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] } });
      } catch (error) {
        expect(error, `${page.slug} → ${newSlug}`).toBeInstanceOf(RenameError);
        refused.push(`${page.slug} → ${newSlug}: ${(error as Error).message}`);
        continue;
      }
      const changes = edit.documentChanges!;
      const folderMoves = changes
        .filter((change): change is RenameFile => 'kind' in change && change.kind === 'rename')
        .map((op) => ({ from: fileURLToPath(op.oldUri), to: fileURLToPath(op.newUri) }));
      const oldPathOf = (file: string) => folderMoves.reduce((at, move) => (at === move.to || at.startsWith(move.to + path.sep) ? move.from + at.slice(move.to.length) : at), file);
      // What is there before: every file of every moving folder, every edited file.
      const contents = new Map<string, Buffer>();
      for (const move of folderMoves) for (const file of filesUnder(move.from)) contents.set(path.join(move.from, file), fs.readFileSync(path.join(move.from, file)));
      const textEdits = changes.filter((change): change is TextDocumentEdit => !('kind' in change));
      const oldTexts = new Map(
        textEdits.map((change) => {
          const old = oldPathOf(fileURLToPath(change.textDocument.uri));
          return [old, fs.existsSync(old) ? fs.readFileSync(old, 'utf8') : ''] as const;
        }),
      );

      const touched: string[] = [];
      const result = applyWorkspaceEdit(recording(nodeDisk, touched), edit);
      expect(result.failure, `${page.slug} → ${newSlug}`).toBeUndefined();
      expect(
        touched.filter((file) => !file.startsWith(filesDir + path.sep)),
        'the edit touches nothing outside the content root',
      ).toEqual([]);

      // Every file of every moved folder is in its new place: the same bytes, or the old text with the edits.
      for (const move of folderMoves) {
        expect(fs.existsSync(move.from), `${move.from} is gone`).toBe(false);
        for (const [file, bytes] of contents) {
          if (!file.startsWith(move.from + path.sep)) continue;
          const moved = move.to + file.slice(move.from.length);
          expect(fs.existsSync(moved), `${moved} is there`).toBe(true);
          if (!oldTexts.has(file)) expect(fs.readFileSync(moved).equals(bytes), `${moved} unchanged`).toBe(true);
        }
        // No folder left empty where it was.
        for (let dir = path.dirname(move.from); dir.startsWith(filesDir + path.sep) && fs.existsSync(dir); dir = path.dirname(dir)) {
          expect(fs.readdirSync(dir).length, `${dir} is not left empty`).toBeGreaterThan(0);
        }
      }
      // Each text edit covers a reference, a slug: value, or redirects rows; nothing else changes.
      for (const change of textEdits) {
        const file = fileURLToPath(change.textDocument.uri);
        const old = oldTexts.get(oldPathOf(file))!;
        const document = TextDocument.create(change.textDocument.uri, 'markdown', 0, old);
        expect(fs.readFileSync(file, 'utf8')).toBe(TextDocument.applyEdits(document, change.edits));
        if (path.basename(file) === '_redirects.txt') {
          const rows = splitLines(old);
          for (const e of change.edits) {
            const [start, end] = [document.offsetAt(e.range.start), document.offsetAt(e.range.end)];
            const rowStart = rows.some((row) => row.start === start) || start === old.length;
            const inTarget = rows.some((row) => row.text.includes('\t') && start >= row.start + row.text.indexOf('\t') && end <= row.end);
            expect(rowStart || inTarget, `${file}: edit ${JSON.stringify(e)}`).toBe(true);
          }
          continue;
        }
        const scanned = scanDocument(old);
        const value = slugValue(old);
        const spans = [
          ...scanned.macros.map((macro) => [macro.start, macro.end]),
          ...scanned.links.map((link) => [link.targetStart, link.targetEnd]),
          ...(value && value.error === undefined ? [[value.start, value.end]] : []),
        ];
        for (const e of change.edits) {
          const [start, end] = [document.offsetAt(e.range.start), document.offsetAt(e.range.end)];
          expect(
            spans.some(([s, t]) => s <= start && end <= t),
            `${file}: the edit ${JSON.stringify(old.slice(start, end))} → ${JSON.stringify(e.newText)} is inside a reference or the slug`,
          ).toBe(true);
        }
      }

      // The index follows, as the server's file watching would make it.
      for (const move of folderMoves) {
        index.removeFolder(move.from);
        for (const file of filesUnder(move.to).filter((f) => path.basename(f) === 'index.md')) await index.updateFile(path.join(move.to, file), null);
        moves.push(move);
      }
      for (const change of changes) {
        if ('kind' in change && change.kind === 'delete') index.removeFolder(fileURLToPath(change.uri));
        if (!('kind' in change)) await index.updateFile(fileURLToPath(change.textDocument.uri), null);
      }
      done.push(`${page.slug} → ${newSlug}: ${folderMoves.length} folder(s), ${textEdits.length} file(s) edited`);
    }
    timings.renames = performance.now() - started;
    console.info(`renamed:\n  ${done.join('\n  ')}${refused.length ? `\nrefused:\n  ${refused.join('\n  ')}` : ''}`);
    expect(done.length).toBeGreaterThanOrEqual(8);
    expect(
      serverTouched.filter((file) => !file.startsWith(filesDir + path.sep)),
      'the server reads nothing outside the content root',
    ).toEqual([]);

    // check finds no new issue (files where they are now).
    started = performance.now();
    const after = await check();
    timings.checkAfter = performance.now() - started;
    // Issues and problems keyed by where their file is now, line numbers aside (redirect rows were added).
    const where = (file: string) => path.relative(tmp, now(path.join(tmp, file)));
    const counts = (issues: JsonIssue[]) => {
      const c = new Map<string, number>();
      for (const issue of issues) c.set(`${where(issue.file)} ${issue.code}`, (c.get(`${where(issue.file)} ${issue.code}`) ?? 0) + 1);
      return c;
    };
    const beforeCounts = counts(before.issues);
    const newIssues = [...counts(after.issues)].filter(([k, n]) => n > (beforeCounts.get(k) ?? 0));
    expect(newIssues).toEqual([]);
    const problems = (lines: string[]) => lines.map((line) => `${where(line.split(':')[0])}: ${line.replace(/^[^:]*(:\d+)?: /, '')}`);
    const problemsBefore = new Set(problems(before.stderr));
    expect(problems(after.stderr).filter((line) => !problemsBefore.has(line))).toEqual([]);

    // Old URLs redirect to the new ones, and every redirects file is valid.
    const fresh = await ContentIndex.build(nodeFileSystem, [filesDir], { scan: () => false });
    for (const { page, newSlug } of plan) {
      if (page.slug.toLowerCase() === newSlug.toLowerCase() || refused.some((line) => line.startsWith(`${page.slug} →`))) continue;
      for (const locale of ['en-us', 'vi']) {
        if (!fresh.page(locale, newSlug)) continue;
        expect(resolveUrl(fresh, docsUrl(locale, page.slug)), `${docsUrl(locale, page.slug)}`).toMatchObject({ kind: 'redirected', suggestion: docsUrl(locale, newSlug) });
      }
    }
    for (const file of redirectsFiles) {
      if (!fs.existsSync(file)) continue;
      expect(
        redirectViolations(fs.readFileSync(file, 'utf8'), isPageIn(fresh)).filter((violation) => !violationsBefore.has(violation)),
        file,
      ).toEqual([]);
    }
  }, 600_000);
});
