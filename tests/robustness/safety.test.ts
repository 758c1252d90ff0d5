/**
 * Safety: URLs and glossary terms that climb out of the content root (`..`, encoded or not) never
 * resolve, never become a definition, a document link or a file to create outside the root, and
 * never show a sentinel file placed just outside it; hovers and completion documentation never
 * carry raw HTML from content (titles, slugs and first paragraphs with `<script>` and
 * `<img onerror>`); the server never writes into the content tree on its own, only its index cache.
 * In process (every feature function) and through the real server over stdio.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ContentIndex } from '../../server/src/content/contentIndex';
import { nodeFileSystem } from '../../server/src/content/fileSystem';
import { GLOSSARY_MACROS } from '../../server/src/content/pageReferences';
import { resolveUrl } from '../../server/src/resolve/resolve';
import { FeatureContext, pageDocument, PageDocument } from '../../server/src/features/context';
import { completions, resolveCompletion } from '../../server/src/features/completion';
import { hover } from '../../server/src/features/hover';
import { diagnostics } from '../../server/src/features/diagnostics';
import { codeActions } from '../../server/src/features/codeActions';
import { definition, documentLinks, workspaceSymbols } from '../../server/src/features/navigation';
import { startClient, TestClient } from '../lsp/client';
import { EXAMPLES, SENTINEL, snapshotTree, within } from './hostile';
import { markdownIt } from '../helpers/markdown';

// ——— the tree ———

const TRAVERSALS = [
  '/en-US/docs/../../../etc/passwd',
  '/en-US/docs/%2e%2e/%2e%2e/etc/passwd',
  '/en-US/docs/..%2f..%2fetc/passwd',
  '/en-US/docs/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
  '/en-US/docs/Glossary/API/../../../../etc/passwd',
  '/en-US/docs/Glossary/..%5C..%5C..%5C..%5Cetc%5Cpasswd',
  '/en-US/docs//etc/passwd',
  '/docs/../../../etc/passwd',
  'https://developer.mozilla.org/en-US/docs/../../../etc/passwd',
  '/en-US/docs/Glossary/%00',
];
const TERMS = [
  '../../../../etc/passwd',
  '..%2f..%2f..%2f..%2fetc%2fpasswd',
  '%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
  '..\\\\..\\\\..\\\\..\\\\etc\\\\passwd',
  '../../../../../../../../../../etc/passwd',
];

/** A page that tries every way out of the root. */
const TRAVERSAL_PAGE = [
  '---',
  'title: Traversal',
  'slug: Learn/Traversal',
  '---',
  '',
  ...TRAVERSALS.map((url, i) => `Link ${i}: [x](${url})`),
  ...TERMS.map((term) => `Term: {{Glossary("${term}")}} and {{domxref("${term}")}}`),
  '',
].join('\n');

const XSS_TITLE = '<script>alert("title")</script><img src=x onerror=alert(1)>';
const XSS_PAGE = [
  '---',
  `title: '${XSS_TITLE}'`,
  'slug: Glossary/XSS_demo',
  'page-type: glossary-definition',
  '---',
  '',
  '{{GlossarySidebar}}',
  '',
  'The <script>alert(2)</script> entry <img src=x onerror=alert(3)> with <a href="javascript:alert(4)">a link</a>, an',
  '<iframe src="https://example.com"></iframe> <svg onload=alert(5)>, a \\`<img src=y onerror=alert(6)>\\` and `<b>code</b>`',
  'and <details open ontoggle=alert(7)> &lt;done.',
  '',
].join('\n');
/** A slug that tries to close the code span it is shown in. */
const BACKTICK_SLUG = 'Glossary/Back`tick<img src=z onerror=alert(8)>`';
const BACKTICK_PAGE = `---\ntitle: Backtick\nslug: "${BACKTICK_SLUG}"\npage-type: glossary-definition\n---\n\nA **backtick** entry.\n`;
const USER_PAGE = '---\ntitle: XSS user\nslug: Learn/XSS_user\n---\n\nSee {{Glossary("XSS_demo")}} and {{Glossary("Backtick")}} and [x](/en-US/docs/Glossary/XSS_demo).\n';

interface Tree {
  parent: string;
  root: string;
  files: string;
  traversal: string;
  xssUser: string;
}

function buildTree(): Tree {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-safety-'));
  const root = path.join(parent, 'content');
  fs.cpSync(EXAMPLES, root, { recursive: true });
  const files = path.join(root, 'files');
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  const sentinel = `---\ntitle: ${SENTINEL}\nslug: Glossary/Passwd\n---\n\n${SENTINEL} root:x:0:0\n`;
  // Where `..` from files/en-us (or files/en-us/glossary) would lead.
  for (const dir of [parent, root, files, path.join(os.tmpdir())]) {
    if (dir !== os.tmpdir()) write(path.join(dir, 'etc/passwd/index.md'), sentinel);
  }
  write(path.join(parent, 'etc/passwd.md'), sentinel);
  const traversal = write(path.join(files, 'en-us/learn/traversal/index.md'), TRAVERSAL_PAGE);
  write(path.join(files, 'en-us/glossary/xss_demo/index.md'), XSS_PAGE);
  write(path.join(files, 'en-us/glossary/backtick/index.md'), BACKTICK_PAGE);
  const xssUser = write(path.join(files, 'en-us/learn/xss_user/index.md'), USER_PAGE);
  return { parent, root, files, traversal, xssUser };
}

// ——— checks ———

const inside = (files: string, uri: string) => {
  const file = fileURLToPath(uri);
  return file.startsWith(files + path.sep);
};

/** Every `uri` anywhere in a JSON value. */
function urisIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => urisIn(item, out));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if ((key === 'uri' || key === 'target' || key === 'newUri' || key === 'oldUri') && typeof item === 'string') out.push(item);
      else if (key === 'changes' && item && typeof item === 'object') out.push(...Object.keys(item));
      urisIn(item, out);
    }
  }
  return out;
}

/** Hover or documentation Markdown must render to no HTML element from content. */
function expectNoRawHtml(markdown: string, what: string): void {
  expect(markdown, what).not.toContain(SENTINEL);
  if (markdownIt) {
    const html = markdownIt.render(markdown);
    const tags = [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*>/g)];
    const foreign = tags.filter(
      ([, name]) => !['p', 'strong', 'em', 'code', 'a', 'ul', 'ol', 'li', 'br', 'hr', 'pre', 'blockquote', 'h1', 'h2', 'h3'].includes(name.toLowerCase()),
    );
    expect(
      foreign.map(([tag]) => tag),
      `${what}\n${markdown}\n${html}`,
    ).toEqual([]);
    expect(
      tags.filter(([tag]) => /\son\w+=|javascript:/i.test(tag)).map(([tag]) => tag),
      `${what}: ${html}`,
    ).toEqual([]);
  } else {
    // Without a renderer: no `<` starts a tag anywhere (code spans are escaped by the server too).
    expect(/<[a-zA-Z!/]/.test(markdown.replace(/`[^`]*`/g, '')), `${what}\n${markdown}`).toBe(false);
  }
}

function positionsOf(text: string, needle: string): Array<{ line: number; character: number }> {
  const out: Array<{ line: number; character: number }> = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    for (const delta of [0, 3, Math.floor(needle.length / 2), needle.length - 1]) {
      const before = text.slice(0, at + delta);
      out.push({ line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 });
    }
  }
  return out;
}

// ——— in process ———

describe('in process: every feature on traversal attempts and HTML in content', () => {
  let tree: Tree;
  let index: ContentIndex;
  let ctx: FeatureContext;
  let doc: PageDocument;

  beforeAll(async () => {
    tree = buildTree();
    index = await ContentIndex.build(nodeFileSystem, [tree.files]);
    ctx = { index, glossaryMacros: GLOSSARY_MACROS };
    doc = pageDocument(pathToFileURL(tree.traversal).toString(), TRAVERSAL_PAGE, 1, 'en-us', tree.traversal);
  });
  afterAll(() => fs.rmSync(tree.parent, { recursive: true, force: true }));

  it('never resolves a URL that climbs out of its locale', () => {
    for (const url of TRAVERSALS) {
      const resolution = resolveUrl(index, url);
      expect(resolution.page, url).toBeUndefined();
      expect(['broken', 'allowed', 'unchecked'], url).toContain(resolution.kind);
    }
    expect([...index.allPages()].every((page) => page.path.startsWith(tree.files + path.sep))).toBe(true);
  });

  it('reports each as broken, and offers no definition, link or file outside the root', async () => {
    const found = diagnostics(doc, ctx);
    const broken = found.filter((d) => d.code === 'broken-link' || d.code === 'templ-broken-link');
    expect(broken.length).toBeGreaterThanOrEqual(TRAVERSALS.length - 1 + TERMS.length);
    expect(found.filter((d) => d.code === 'ill-cased-link' || d.code === 'redirected-link' || d.code === 'templ-redirected-link')).toEqual([]);
    expect(documentLinks(doc, ctx).map((link) => link.target)).toEqual([]);
    for (const needle of [...TRAVERSALS, ...TERMS]) {
      for (const position of positionsOf(TRAVERSAL_PAGE, needle)) {
        const location = definition(doc, position, ctx);
        if (location) expect(inside(tree.files, location.uri), location.uri).toBe(true);
        const shown = await hover(doc, position, ctx);
        if (shown) expectNoRawHtml((shown.contents as { value: string }).value, `hover at ${JSON.stringify(position)}`);
        const list = completions(doc, position, ctx, { snippetSupport: true });
        for (const item of list?.items ?? []) {
          const resolved = await resolveCompletion(item, ctx);
          const documentation = resolved.documentation as { value: string } | undefined;
          if (documentation) expectNoRawHtml(documentation.value, `completion ${item.label}`);
        }
      }
    }
    const actions = await codeActions(doc, { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } }, found, ctx, {
      createFiles: true,
      readText: async () => undefined,
    });
    const outside = urisIn(actions).filter((uri) => !inside(tree.files, uri));
    expect(outside, JSON.stringify(actions.map((action) => action.title))).toEqual([]);
    expect(workspaceSymbols('passwd', ctx).concat(workspaceSymbols(SENTINEL, ctx))).toEqual([]);
  });

  it('escapes HTML of titles, slugs and first paragraphs in hovers and completion documentation', async () => {
    const text = USER_PAGE;
    const user = pageDocument(pathToFileURL(tree.xssUser).toString(), text, 1, 'en-us', tree.xssUser);
    let hovers = 0;
    for (const needle of ['{{Glossary("XSS_demo")}}', '{{Glossary("Backtick")}}', '/en-US/docs/Glossary/XSS_demo']) {
      const shown = await hover(user, positionsOf(text, needle)[2], ctx);
      expect(shown, needle).not.toBeNull();
      const value = (shown!.contents as { value: string }).value;
      expectNoRawHtml(value, `hover on ${needle}`);
      hovers++;
    }
    expect(hovers).toBe(3);
    const typed = text.replace('{{Glossary("Backtick")}}', '{{Glossary("');
    const typedDoc = pageDocument(user.uri, typed, 2, 'en-us', tree.xssUser);
    const offset = typed.indexOf('{{Glossary("') + '{{Glossary("'.length;
    const before = typed.slice(0, offset);
    const list = completions(typedDoc, { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 }, ctx, { snippetSupport: true });
    const labels = list!.items.map((item) => item.label);
    expect(labels).toEqual(expect.arrayContaining(['XSS_demo']));
    for (const item of list!.items) {
      const resolved = await resolveCompletion(item, ctx);
      expectNoRawHtml((resolved.documentation as { value: string }).value, `documentation of ${item.label}`);
    }
  });
});

// ——— over stdio ———

describe('the server: traversal, HTML and no writes into the content tree', () => {
  let tree: Tree;
  let client: TestClient;
  let cacheDir: string;
  let home: string;
  let before: Map<string, string>;

  beforeAll(async () => {
    tree = buildTree();
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-cache-'));
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-home-'));
    before = snapshotTree(tree.parent);
    client = await startClient({
      rootPath: tree.root,
      env: { GLOSSARY_LSP_CACHE_DIR: cacheDir, HOME: home, XDG_CACHE_HOME: path.join(home, '.cache') },
      capabilities: {
        window: { workDoneProgress: true },
        workspace: {
          didChangeWatchedFiles: { dynamicRegistration: true },
          configuration: true,
          workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
        },
        textDocument: { completion: { completionItem: { snippetSupport: true } }, publishDiagnostics: {}, rename: { prepareSupport: true } },
      },
    });
  }, 60_000);

  afterAll(async () => {
    await client?.stop();
    fs.rmSync(tree.parent, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  });

  const request = <T>(method: string, params: object) => within(client.connection.sendRequest(method, params) as Promise<T>, 30_000, method);

  it('answers a session of edits, completions, hovers and code actions with nothing outside the root and no raw HTML', async () => {
    const uri = pathToFileURL(tree.traversal).toString();
    const published = client.waitForDiagnostics(uri, (p) => p.version === 1, 60_000);
    await client.open(uri, TRAVERSAL_PAGE);
    const { diagnostics: found } = await published;
    expect(found.filter((d) => d.code === 'broken-link' || d.code === 'templ-broken-link').length).toBeGreaterThanOrEqual(TRAVERSALS.length - 1 + TERMS.length);
    const links = await request<Array<{ target: string }>>('textDocument/documentLink', { textDocument: { uri } });
    expect(links.filter((link) => !inside(tree.files, link.target))).toEqual([]);
    for (const needle of [...TRAVERSALS, ...TERMS]) {
      for (const position of positionsOf(TRAVERSAL_PAGE, needle)) {
        const location = await request<{ uri: string } | null>('textDocument/definition', { textDocument: { uri }, position });
        if (location) expect(inside(tree.files, location.uri), location.uri).toBe(true);
        const shown = await request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position });
        if (shown) expectNoRawHtml(shown.contents.value, `hover at ${JSON.stringify(position)}`);
        const list = await request<{ items: object[] } | null>('textDocument/completion', { textDocument: { uri }, position });
        for (const item of list?.items.slice(0, 20) ?? []) {
          const resolved = await request<{ documentation?: { value: string } }>('completionItem/resolve', item);
          if (resolved.documentation) expectNoRawHtml(resolved.documentation.value, 'completion documentation');
        }
      }
    }
    const actions = await request<object[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } },
      context: { diagnostics: found },
    });
    expect(Array.isArray(actions)).toBe(true);
    expect(urisIn(actions).filter((target) => !inside(tree.files, target))).toEqual([]);
    const symbols = await request<object[]>('workspace/symbol', { query: 'passwd' });
    expect(JSON.stringify(symbols)).not.toContain(SENTINEL);

    // HTML in a title, a slug and a first paragraph.
    const userUri = pathToFileURL(tree.xssUser).toString();
    await client.open(userUri, USER_PAGE);
    for (const needle of ['{{Glossary("XSS_demo")}}', '{{Glossary("Backtick")}}', '/en-US/docs/Glossary/XSS_demo']) {
      const shown = await request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: userUri }, position: positionsOf(USER_PAGE, needle)[2] });
      expect(shown, needle).not.toBeNull();
      expectNoRawHtml(shown!.contents.value, `hover on ${needle}`);
    }
    // Type, complete, resolve: incremental edits to the open page.
    const end = { line: USER_PAGE.split('\n').length - 1, character: 0 };
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: userUri, version: 2 },
      contentChanges: [{ range: { start: end, end }, text: '{{Glossary("' }],
    });
    const list = await request<{ items: Array<{ label: string }> }>('textDocument/completion', { textDocument: { uri: userUri }, position: { line: end.line, character: 12 } });
    expect(list.items.map((item) => item.label)).toEqual(expect.arrayContaining(['XSS_demo']));
    for (const item of list.items) {
      const resolved = await request<{ documentation?: { value: string } }>('completionItem/resolve', item);
      expectNoRawHtml(resolved.documentation!.value, `documentation of ${item.label}`);
    }
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: userUri, version: 3 },
      contentChanges: [{ range: { start: end, end: { line: end.line, character: 12 } }, text: '{{Glossary("Functon")}}' }],
    });
    const broken = await client.waitForDiagnostics(userUri, (p) => p.version === 3, 30_000);
    const fixes = await request<Array<{ title: string }>>('textDocument/codeAction', {
      textDocument: { uri: userUri },
      range: { start: end, end },
      context: { diagnostics: broken.diagnostics },
    });
    expect(fixes.map((action) => action.title)).toEqual(expect.arrayContaining(['Did you mean Function?', 'Create glossary entry Functon']));
    expect(urisIn(fixes).filter((target) => !inside(tree.files, target))).toEqual([]);
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: userUri } });
    await request('glossary/checkWorkspace', {});
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: userUri } });
    // A feature that threw is answered with an empty result and logged: still a bug.
    expect(client.logs.filter((line) => /\b(failed|uncaught|unhandled)\b/i.test(line))).toEqual([]);
  }, 300_000);

  it('wrote nothing into the content tree (or next to it); only the index cache, where it was told', async () => {
    // The cache is written once references are scanned, after indexing; the server answers
    // textDocument/references only then (for any page), so the answer is the signal.
    const scanned = client.connection.sendRequest('textDocument/references', {
      textDocument: { uri: pathToFileURL(tree.xssUser).toString() },
      position: { line: 0, character: 0 },
      context: { includeDeclaration: false },
    });
    await within(scanned, 60_000, 'references scanned');
    expect(await client.stop()).toBe(0);
    const after = snapshotTree(tree.parent);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((key) => before.get(key) !== after.get(key));
    expect(changed).toEqual([]);
    expect(fs.readdirSync(cacheDir).filter((name) => name.endsWith('.json')).length).toBe(1);
    expect(fs.readdirSync(cacheDir).filter((name) => !name.endsWith('.json'))).toEqual([]);
    expect(fs.readdirSync(home)).toEqual([]);
  }, 120_000);
});
