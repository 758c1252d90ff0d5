/**
 * `glossary-lsp check --fix` on a copy of real MDN content (../shared/corpus: English and
 * Vietnamese): every fixable finding of the corpus (redirected and ill-cased macros and links with
 * a fix) is either fixed or left with a reason, and for every fixed macro the text MDN renders is
 * the same before and after. "What MDN renders" is computed here, independently of the server,
 * from rari's templates (crates/rari-doc/src/templ/templs/: glossary.rs, links/domxref.rs,
 * links/jsxref.rs, links/htmlxref.rs, links/svgxref.rs, links/svgattr.rs, links/http.rs).
 * Each file is the original with exactly the reported replacements; no temporary file is left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCheck, JsonIssue } from '../../server/src/cli/check';
import { SAFE_FIX_CODES } from '../../server/src/cli/fix';
import { ContentIndex } from '../../server/src/content/contentIndex';
import { nodeFileSystem } from '../../server/src/content/fileSystem';
import { checkPage } from '../../server/src/resolve/check';
import { scanDocument } from '../../server/src/syntax/document';
import { MacroArg, parseMacroAt } from '../../server/src/syntax/macros';
import { captureOutput } from '../helpers/text';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');
const TARBALLS = ['mdn-en-us-md.tar.gz', 'mdn-vi-md.tar.gz'].map((name) => path.join(CORPUS, name));
const present = TARBALLS.every((tarball) => fs.existsSync(tarball));
if (!present) console.warn(`tests/corpus/fix: skipped, corpus tarballs not found in ${CORPUS}`);

interface Rendered {
  /** The link text, as HTML. */
  text: string;
  code: boolean;
  /** The link's title attribute (domxref passes its display there). */
  title?: string;
}

/** An argument as rari's template receives it: an empty string is a missing argument. */
function arg(args: MacroArg[], i: number): string | undefined {
  const a = args[i];
  if (!a || a.kind === 'empty' || (a.kind === 'string' && a.value === '')) return undefined;
  return String(a.value);
}
/** rari's AnyArg::as_bool. */
function truthy(args: MacroArg[], i: number): boolean {
  const a = args[i];
  if (!a || a.kind === 'empty') return false;
  return a.kind === 'string' ? a.value !== '' : a.kind === 'number' ? a.value !== 0 : a.value === true;
}

/** What a link macro renders, from rari's templates; undefined for macros this test does not know. */
function render(source: string): Rendered | undefined {
  const macro = parseMacroAt(source, 0);
  if (!macro || !('args' in macro)) throw new Error(`not a macro: ${source}`);
  const { args } = macro;
  const name = macro.name.toLowerCase();
  const display = arg(args, 1);
  switch (name) {
    case 'glossary': // display_name.unwrap_or(term_name)
      return { text: display ?? String(args[0].value), code: false };
    case 'domxref': {
      // display (or api_name) + "." + anchor without its '#'; the display is also the link's title.
      let text = display ?? String(args[0].value);
      const anchor = arg(args, 2);
      if (anchor !== undefined) text += '.' + anchor.replace(/^#/, '');
      return { text, code: !truthy(args, 3), title: display };
    }
    case 'jsxref': // display, else the name before an embedded '#'
      return { text: display ?? String(args[0].value).split('#')[0], code: !truthy(args, 3) };
    case 'htmlelement':
      return display !== undefined ? { text: display, code: false } : { text: `&lt;${args[0].value}&gt;`, code: true };
    case 'svgelement':
      return { text: `&lt;${args[0].value}&gt;`, code: true };
    case 'svgattr':
      return { text: String(args[0].value), code: true };
    case 'httpstatus':
    case 'httpheader':
    case 'httpmethod': {
      let text = display ?? String(args[0].value);
      const anchor = arg(args, 2);
      if (anchor !== undefined) text += '.' + anchor;
      return { text, code: !truthy(args, 3) };
    }
    default:
      return undefined;
  }
}

describe.skipIf(!present)('check --fix over a copy of the MDN corpus (en-us + vi)', () => {
  let tmp: string;
  let filesDir: string;
  const timings: Record<string, number> = {};

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(tmpdir(), 'glossary-fix-'));
    const started = performance.now();
    for (const tarball of TARBALLS) execFileSync('tar', ['-xzf', tarball, '-C', tmp]);
    timings.unpack = performance.now() - started;
    filesDir = path.join(tmp, 'files');
  }, 300_000);

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    console.info(`tests/corpus/fix: ${Object.entries(timings).map(([what, ms]) => `${what} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
  });

  it('fixes every fixable finding it can without changing the rendered text, leaves the others with a reason', async () => {
    // Every fixable finding of the corpus, found here from the engine (not from the CLI's output).
    let started = performance.now();
    const index = await ContentIndex.build(nodeFileSystem, [filesDir], { scan: () => false });
    const fixable: Array<{ file: string; start: number; end: number; code: string; written: string; caveat?: string }> = [];
    const originals = new Map<string, string>();
    for (const page of index.allPages()) {
      const text = fs.readFileSync(page.path, 'utf8');
      for (const finding of checkPage(scanDocument(text), page.locale, index)) {
        if (!SAFE_FIX_CODES.has(finding.code) || !finding.fix) continue;
        originals.set(page.path, text);
        fixable.push({ file: page.path, start: finding.start, end: finding.end, code: finding.code, written: text.slice(finding.start, finding.end), caveat: finding.fixCaveat });
      }
    }
    timings.findings = performance.now() - started;
    expect(fixable.filter((f) => f.written.startsWith('{{')).length).toBeGreaterThan(30);

    started = performance.now();
    const output = captureOutput();
    await runCheck(['--format', 'json', '--fix', '--root', tmp, ...originals.keys()], output, undefined, tmp);
    timings.fix = performance.now() - started;
    const report = JSON.parse(output.stdout[0]) as { fixed: Array<JsonIssue & { old: string; new: string }>; notFixed: Array<JsonIssue & { reason: string }> };

    // Each fixable finding is fixed, or left saying why; nothing else is fixed.
    const key = (file: string, code: string, old: string) => `${path.relative(tmp, file)} ${code} ${old}`;
    const reported = [...report.fixed.map((f) => key(path.join(tmp, f.file), f.code, f.old)), ...report.notFixed.map((f) => key(path.join(tmp, f.file), f.code, originalAt(f)))].sort();
    function originalAt(issue: JsonIssue): string {
      const text = originals.get(path.join(tmp, issue.file))!;
      const line = text.split('\n')[issue.line - 1];
      const chars = [...line];
      return chars.slice(issue.column - 1, issue.endLine === issue.line ? issue.endColumn - 1 : chars.length).join('');
    }
    expect(reported).toEqual(fixable.map((f) => key(f.file, f.code, f.written)).sort());
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
    console.info(`tests/corpus/fix: ${macros} macros fixed with the same rendered text (${tooltips} domxref now also carry it as a tooltip), ${report.fixed.length - macros} links, ${report.notFixed.length} left with a reason`);

    // Each file is the original with exactly the reported replacements, and nothing was left behind.
    const byFile = new Map<string, typeof report.fixed>();
    for (const fix of report.fixed) byFile.set(path.join(tmp, fix.file), [...(byFile.get(path.join(tmp, fix.file)) ?? []), fix]);
    for (const [file, original] of originals) {
      const lines = original.split('\n');
      for (const fix of [...(byFile.get(file) ?? [])].sort((a, b) => b.line - a.line || b.column - a.column)) {
        const chars = [...lines[fix.line - 1]];
        expect(chars.slice(fix.column - 1, fix.column - 1 + [...fix.old].length).join('')).toBe(fix.old);
        chars.splice(fix.column - 1, [...fix.old].length, ...fix.new);
        lines[fix.line - 1] = chars.join('');
      }
      expect(fs.readFileSync(file, 'utf8'), file).toBe(lines.join('\n'));
      expect(fs.readdirSync(path.dirname(file)).filter((name) => name.endsWith('.glossary-lsp.tmp'))).toEqual([]);
    }

    // What was fixed is not found again.
    const again = captureOutput();
    await runCheck(['--format', 'json', '--root', tmp, ...originals.keys()], again, undefined, tmp);
    const left = (JSON.parse(again.stdout[0]) as { issues: JsonIssue[] }).issues.filter((issue) => SAFE_FIX_CODES.has(issue.code));
    expect(left.length).toBe(report.notFixed.length);
  }, 300_000);
});
