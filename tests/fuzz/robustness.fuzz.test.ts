/**
 * Robustness properties of every feature function (server/src/features): on random text, macro-like
 * text, lone surrogates and very long lines, at random positions (out-of-range lines and characters
 * included), none throws, and hovers and completion documentation never carry raw HTML; random edit
 * sequences applied incrementally (TextDocument.update, ContentIndex.updateFile) end where a fresh
 * document and a freshly built index of the final state are.
 * Seeded; `npm run fuzz` runs FUZZ_RUNS=20000.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ContentIndex } from '../../server/src/content/contentIndex';
import { InMemoryFileSystem } from '../../server/src/content/fileSystem';
import { GLOSSARY_MACROS } from '../../server/src/content/pageReferences';
import { FeatureContext, pageDocument } from '../../server/src/features/context';
import { completions, resolveCompletion } from '../../server/src/features/completion';
import { hover } from '../../server/src/features/hover';
import { diagnostics } from '../../server/src/features/diagnostics';
import { codeActions } from '../../server/src/features/codeActions';
import { definition, documentLinks, workspaceSymbols } from '../../server/src/features/navigation';
import { signatureHelp } from '../../server/src/features/signatureHelp';
import { findReferences, textReader } from '../../server/src/features/findReferences';
import { prepareRename, rename, RenameError } from '../../server/src/features/rename';
import { markdownIt } from '../helpers/markdown';
import { BREAKS, SLUG_SPECIALS, COMMENT_AND_FENCE, fuzzParams, joined, LINK_PARTS, MACRO_PUNCTUATION, ODD_UNITS, pageOf, utf16String } from '../helpers/fuzz';

const params = fuzzParams(7, 50);
/** Long runs get the time they need; a hang still fails. */
const TIMEOUT = Math.max(60_000, params.numRuns * 60);

const EXAMPLES = path.resolve(__dirname, '../../examples/content/files');
const FILES = '/content/files';

/** The example tree, in memory (nothing on disk is read or written by the properties). */
function exampleFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else files[`${FILES}/${path.relative(EXAMPLES, full).split(path.sep).join('/')}`] = fs.readFileSync(full, 'utf8');
    }
  };
  visit(EXAMPLES);
  return files;
}

// ——— arbitraries ———

const FRAGMENTS = [
  ...MACRO_PUNCTUATION,
  ...BREAKS,
  '\r',
  'Glossary',
  'glossary',
  'domxref',
  'jsxref',
  'HTMLElement',
  'EmbedLiveSample',
  'GlossarySidebar',
  'API',
  'Method',
  'Bézier curve',
  'cros',
  'Functon',
  ...COMMENT_AND_FENCE,
  '# ',
  '123',
  '-1.5',
  'true',
  ...ODD_UNITS,
  '\u0000',
  '\ufffd',
  ...LINK_PARTS,
  'web/api',
  'Web/Guide/API',
  '..',
  '../',
  '%2e%2e',
  '%2f',
  '%',
  '\\{{',
  'title: x\n',
  'slug: Glossary/API\n',
  'page-type: x\n',
  ...SLUG_SPECIALS,
  '#',
  '<script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '&',
  '&lt;',
];
const fragment = fc.constantFrom(...FRAGMENTS);
const macroLike = joined(fragment, 60);
const pageLike = pageOf(macroLike);
const longLine = fc.tuple(fc.array(fragment, { minLength: 1, maxLength: 8 }), fc.integer({ min: 100, max: 3000 })).map(([parts, times]) =>
  parts
    .join('')
    .replace(/[\r\n]/g, ' ')
    .repeat(times)
    .slice(0, 30_000),
);
const anyText = fc.oneof(
  { arbitrary: macroLike, weight: 4 },
  { arbitrary: pageLike, weight: 3 },
  { arbitrary: utf16String, weight: 2 },
  { arbitrary: fc.string({ maxLength: 200 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 1 },
  { arbitrary: fc.tuple(pageLike, longLine, macroLike).map((parts) => parts.join('\n')), weight: 1 },
);

/** A position: at a random offset of the text, or anywhere (past the end, negative, huge). */
const position = fc.oneof(
  { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((fraction) => ({ fraction })), weight: 4 },
  {
    arbitrary: fc.record({
      line: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: -3, max: 2_000_000 })),
      character: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: -3, max: 2_000_000 })),
    }),
    weight: 2,
  },
);
type PositionSpec = { fraction: number } | { line: number; character: number };
const at = (document: TextDocument, spec: PositionSpec) => ('fraction' in spec ? document.positionAt(Math.floor(spec.fraction * (document.getText().length + 1))) : spec);

/** Where the page is: an indexed page, a new page in the root, a translation, or outside every root (or no file at all). */
const placement = fc.constantFrom(
  { locale: 'en-us', path: `${FILES}/en-us/learn/first_steps/index.md` },
  { locale: 'en-us', path: `${FILES}/en-us/glossary/api/index.md` },
  { locale: 'en-us', path: `${FILES}/en-us/glossary/fuzz_new/index.md` },
  { locale: 'fr', path: `${FILES}/fr/learn/first_steps/index.md` },
  { locale: 'de', path: `${FILES}/de/glossary/neu/index.md` },
  { locale: 'en-us', path: '/elsewhere/notes.md' },
  { locale: 'en-us', path: undefined },
);

// ——— rendering check ———

/** Elements Markdown itself produces; anything else came from raw HTML in content. */
const MARKDOWN_TAGS = new Set([
  'p',
  'strong',
  'em',
  'code',
  'a',
  'ul',
  'ol',
  'li',
  'br',
  'hr',
  'pre',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  's',
  'img',
]);

/** Why a Markdown text would render raw HTML from content, or undefined. */
function rawHtml(markdown: string): string | undefined {
  if (!markdownIt) return /<[a-zA-Z!?/]/.test(markdown.replace(/(`+)[\s\S]*?\1/g, '')) ? 'a tag outside code' : undefined;
  const html = markdownIt.render(markdown);
  for (const [tag, name, attributes] of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)) {
    if (!MARKDOWN_TAGS.has(name.toLowerCase())) return `<${name}> in ${html}`;
    for (const [, attribute, value = ''] of attributes.matchAll(/\s([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g)) {
      if (/^on/i.test(attribute) || /^["']?\s*javascript:/i.test(value)) return `${tag} in ${html}`;
    }
  }
  return undefined;
}

// ——— properties ———

let ctx: FeatureContext;
let memory: InMemoryFileSystem;
const readText = textReader(
  () => undefined,
  async (file) => {
    try {
      return new TextDecoder().decode(await memory.readFile(file));
    } catch {
      return undefined;
    }
  },
);

beforeAll(async () => {
  memory = new InMemoryFileSystem(exampleFiles());
  ctx = { index: await ContentIndex.build(memory, [FILES]), glossaryMacros: new Set([...GLOSSARY_MACROS, 'glossaryalias']) };
});

/** A RenameError is a refusal the client shows; anything else thrown is a bug. */
async function refusalsOnly<T>(run: () => T | Promise<T>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof RenameError)) throw error;
  }
}

describe('every feature on any text, at any position', () => {
  it(
    'never throws, and never renders raw HTML in a hover or completion documentation',
    async () => {
      await fc.assert(
        fc.asyncProperty(anyText, fc.array(position, { minLength: 1, maxLength: 4 }), placement, fc.string({ maxLength: 20 }), async (text, positions, where, query) => {
          const uri = where.path ? `file://${where.path}` : 'untitled:Untitled-1';
          const document = TextDocument.create(uri, 'markdown', 1, text);
          const doc = pageDocument(uri, text, 1, where.locale, where.path);
          const found = diagnostics(doc, ctx, { 'only-in-en-us': 'hint', 'broken-link': 'off' });
          documentLinks(doc, ctx);
          workspaceSymbols(query, ctx);
          for (const spec of positions) {
            const p = at(document, spec);
            const shown = await hover(doc, p, ctx);
            const problem = shown && rawHtml((shown.contents as { value: string }).value);
            if (problem) throw new Error(`hover renders raw HTML: ${problem}`);
            const list = completions(doc, p, ctx, { snippetSupport: spec && 'fraction' in spec });
            for (const item of list?.items.slice(0, 3) ?? []) {
              const documentation = (await resolveCompletion(item, ctx)).documentation as { value: string } | undefined;
              const raw = documentation && rawHtml(documentation.value);
              if (raw) throw new Error(`completion documentation renders raw HTML: ${raw}`);
            }
            signatureHelp(doc, p, ctx);
            definition(doc, p, ctx);
            await codeActions(doc, { start: p, end: at(document, positions[0]) }, found, ctx, { createFiles: true, readText: async (file) => (await readText(file))?.text });
            await codeActions(doc, { start: { line: 0, character: 0 }, end: { line: 1_000_000, character: 0 } }, [], ctx, { createFiles: false });
            await refusalsOnly(() => prepareRename(doc, p, ctx));
            await refusalsOnly(() => findReferences(doc, p, true, ctx, readText));
            await refusalsOnly(() =>
              rename(doc, p, query, ctx, { readText, files: memory, client: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] } }),
            );
          }
        }),
        params,
      );
    },
    TIMEOUT,
  );

  it(
    'shows a glossary entry with any title, slug and first paragraph without raw HTML',
    async () => {
      await fc.assert(
        fc.asyncProperty(anyText, anyText, macroLike, async (title, slug, body) => {
          const files = {
            [`${FILES}/en-us/glossary/fuzz/index.md`]: `---\ntitle: ${JSON.stringify(title.toWellFormed())}\nslug: ${JSON.stringify(slug.toWellFormed())}\n---\n\n${body}\n`,
            [`${FILES}/en-us/learn/user/index.md`]: '---\ntitle: User\nslug: Learn/User\n---\n\n{{Glossary("Fuzz")}}\n{{Glossary("Fuz")}}\n',
          };
          const index = await ContentIndex.build(new InMemoryFileSystem(files), [FILES]);
          const local: FeatureContext = { index, glossaryMacros: GLOSSARY_MACROS };
          const text = files[`${FILES}/en-us/learn/user/index.md`];
          const doc = pageDocument(`file://${FILES}/en-us/learn/user/index.md`, text, 1, 'en-us', `${FILES}/en-us/learn/user/index.md`);
          for (const line of [5, 6]) {
            const shown = await hover(doc, { line, character: 5 }, local);
            const problem = shown && rawHtml((shown.contents as { value: string }).value);
            if (problem) throw new Error(`hover renders raw HTML: ${problem}`);
          }
          const typed = pageDocument(doc.uri, text + '{{Glossary("', 2, 'en-us', doc.path);
          for (const item of completions(typed, { line: 7, character: 12 }, local, { snippetSupport: true })?.items ?? []) {
            const documentation = (await resolveCompletion(item, local)).documentation as { value: string } | undefined;
            const raw = documentation && rawHtml(documentation.value);
            if (raw) throw new Error(`completion documentation renders raw HTML: ${raw}`);
          }
        }),
        params,
      );
    },
    TIMEOUT,
  );
});

// ——— edit sequences ———

interface Edit {
  /** Which file (index into the edited files), for index edits. */
  file: number;
  start: number;
  end: number;
  text: string;
  /** Delete the file (index edits only), or write it anew with `text`. */
  op: 'edit' | 'delete' | 'create';
}
const editText = fc.oneof({ arbitrary: macroLike, weight: 3 }, { arbitrary: utf16String, weight: 1 }, { arbitrary: fc.constant(''), weight: 1 });
const edit = fc.record({
  file: fc.nat({ max: 2 }),
  start: fc.double({ min: 0, max: 1, noNaN: true }),
  end: fc.double({ min: 0, max: 1, noNaN: true }),
  text: editText,
  op: fc.constantFrom<Edit['op']>('edit', 'edit', 'edit', 'edit', 'edit', 'edit', 'delete', 'create'),
}) as fc.Arbitrary<{ file: number; start: number; end: number; text: string; op: Edit['op'] }>;

/** Offsets of an edit in a text of `length`. */
const span = (length: number, e: { start: number; end: number }) => {
  const a = Math.floor(e.start * (length + 1));
  const b = Math.floor(e.end * (length + 1));
  return [Math.min(a, b), Math.max(a, b)] as const;
};

describe('incremental edits end where a fresh start is', () => {
  it(
    'TextDocument.update then diagnostics = a fresh document of the final text',
    async () => {
      await fc.assert(
        fc.asyncProperty(anyText, fc.array(edit, { maxLength: 25 }), async (initial, edits) => {
          let incremental = TextDocument.create('file:///content/files/en-us/learn/first_steps/index.md', 'markdown', 1, initial);
          let plain = initial;
          let version = 1;
          for (const e of edits) {
            const range = { start: incremental.positionAt(span(plain.length, e)[0]), end: incremental.positionAt(span(plain.length, e)[1]) };
            // An LSP position cannot fall between \r and \n: the plain text is edited where the position is.
            const [start, end] = [incremental.offsetAt(range.start), incremental.offsetAt(range.end)];
            incremental = TextDocument.update(incremental, [{ range, text: e.text }], ++version);
            plain = plain.slice(0, start) + e.text + plain.slice(end);
          }
          expect(incremental.getText()).toBe(plain);
          const fresh = TextDocument.create(incremental.uri, 'markdown', version, plain);
          const path = `${FILES}/en-us/learn/first_steps/index.md`;
          const ours = diagnostics(pageDocument(incremental.uri, incremental.getText(), version, 'en-us', path), ctx);
          const theirs = diagnostics(pageDocument(fresh.uri, fresh.getText(), version, 'en-us', path), ctx);
          expect(ours).toEqual(theirs);
          // Positions of the final text agree too (line starts kept across edits).
          for (const offset of [0, plain.length >> 1, plain.length]) expect(incremental.positionAt(offset)).toEqual(fresh.positionAt(offset));
        }),
        params,
      );
    },
    TIMEOUT,
  );

  it(
    'ContentIndex.updateFile step by step = an index built fresh from the final files',
    async () => {
      const edited = [`${FILES}/en-us/glossary/fuzz/index.md`, `${FILES}/en-us/learn/user/index.md`, `${FILES}/en-us/_redirects.txt`];
      const start: Record<string, string> = {
        [edited[0]]: '---\ntitle: Fuzz\nslug: Glossary/Fuzz\npage-type: glossary-definition\n---\n\nA **fuzz** {{Glossary("API")}}.\n',
        [edited[1]]: '---\ntitle: User\nslug: Learn/User\n---\n\n{{Glossary("Fuzz")}} {{Glossary("Old_fuzz")}} [f](/en-US/docs/Glossary/Fuzz) {{Glossary("API")}}\n',
        [edited[2]]: '# FROM-URL\tTO-URL\n/en-US/docs/Glossary/Old_fuzz\t/en-US/docs/Glossary/Fuzz\n/en-US/docs/Glossary/Bézier_curve\t/en-US/docs/Glossary/Bezier_curve\n',
      };
      await fc.assert(
        fc.asyncProperty(fc.array(edit, { maxLength: 25 }), async (edits) => {
          const base = { ...exampleFiles(), ...start };
          const updatedFs = new InMemoryFileSystem(base);
          const updated = await ContentIndex.build(updatedFs, [FILES]);
          const state = new Map<string, string | undefined>(edited.map((file) => [file, start[file]]));
          for (const e of edits) {
            const file = edited[e.file];
            const current = state.get(file);
            // What an editor can hold: well-formed text (the disk holds UTF-8, which cannot carry a lone surrogate).
            const text = e.text.toWellFormed();
            let next: string | undefined;
            if (e.op === 'delete') next = undefined;
            else if (e.op === 'create' || current === undefined) next = text;
            else {
              const [from, to] = span(current.length, e);
              next = current.slice(0, from) + text + current.slice(to);
            }
            state.set(file, next);
            await updated.updateFile(file, next);
          }
          const finalFiles: Record<string, string> = { ...base };
          for (const [file, text] of state) {
            if (text === undefined) delete finalFiles[file];
            else finalFiles[file] = text;
          }
          const freshFs = new InMemoryFileSystem(finalFiles);
          const fresh = await ContentIndex.build(freshFs, [FILES]);
          expect(describeIndex(updated)).toEqual(describeIndex(fresh));
          // Every page's diagnostics, under each index.
          for (const [file, text] of Object.entries(finalFiles)) {
            if (!file.endsWith('/index.md')) continue;
            const locale = file.slice(FILES.length + 1).split('/')[0];
            const doc = () => pageDocument(`file://${file}`, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, 1, locale, file);
            expect(diagnostics(doc(), { index: updated, glossaryMacros: GLOSSARY_MACROS }), file).toEqual(diagnostics(doc(), { index: fresh, glossaryMacros: GLOSSARY_MACROS }));
          }
        }),
        params,
      );
    },
    TIMEOUT,
  );
});

/** What an index says, in a comparable form. */
function describeIndex(index: ContentIndex) {
  const pages = [...index.allPages()]
    .map((page) => ({ key: `${page.locale}/${page.folder}`, slug: page.slug, title: page.title, pageType: page.pageType, path: page.path, error: page.frontMatterError?.message }))
    .sort((a, b) => a.key.localeCompare(b.key));
  return {
    pages,
    count: index.pageCount,
    locales: index.locales(),
    glossary: index.locales().map((locale) => index.glossaryEntries(locale).map((page) => page.slug)),
    usage: pages.map((page) => [page.key, index.usageCount(page.key.slice(page.key.indexOf('/') + 1)), [...index.referrers(page.key)].map((p) => p.path).sort()]),
    redirects: ['Old_fuzz', 'Bézier_curve', 'Fuzz', 'API'].map((term) => index.redirectOf(`/en-US/docs/Glossary/${term}`)),
    problems: index.problems().map((problem) => `${problem.path}:${problem.line}: ${problem.message}`),
    fuzz: index.page('en-us', 'Glossary/Fuzz')?.title,
  };
}
