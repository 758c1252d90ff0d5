/**
 * Glossary coverage over the protocol (the built server over stdio, as an editor drives it): the
 * `glossary-unlinked-mention` diagnostic (pushed and pulled, its severity set or turned off through
 * `glossary.severity`, `glossary.aliases`), the link quick fixes applied as the LSP specification
 * applies a workspace edit (what MDN shows is unchanged, nothing outside the mention touched), the
 * hover on a mention and "wanted by", the orphan diagnostic, the entry code lens and its refresh once
 * the locale is counted, and the `glossary/coverage` request (view data equal to `glossary-lsp
 * coverage --format json` over the same tree, the HTML report, `glossary/coverageChanged` after an
 * edit).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, CodeLens, Diagnostic, Hover, Range } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SERVER, startClient, TestClient, uriOf } from './client';
import { FILES } from '../helpers/content';
import { FILE_MAP, renderedText } from '../helpers/glossaryFixture';
import { applyWorkspaceEdit, nodeDisk } from '../helpers/workspaceEdit';
import type { CoverageHtml, CoverageView } from '../../server/src/lsp/protocol';

const MENTION = 'glossary-unlinked-mention';
const ORPHAN = 'glossary-orphan-entry';

let root: string;
let client: TestClient;
const codeLensRefreshes: number[] = [];
const coverageChanges: Array<{ locale?: string }> = [];

/** The fixture tree on disk: `/content/files/…` → `<root>/files/…`. */
function writeTree(dir: string): void {
  for (const [key, text] of Object.entries(FILE_MAP)) {
    const file = path.join(dir, 'files', key.slice(FILES.length + 1));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

const fileOf = (locale: string, folder: string) => path.join(root, 'files', locale, folder, 'index.md');
const read = (file: string) => fs.readFileSync(file, 'utf8');

function textAt(text: string, range: Range): string {
  const doc = TextDocument.create('file:///x', 'markdown', 0, text);
  return text.slice(doc.offsetAt(range.start), doc.offsetAt(range.end));
}

const versions = new Map<string, number>();
async function open(file: string): Promise<{ uri: string; text: string }> {
  const uri = uriOf(file);
  const text = read(file);
  versions.set(uri, 1);
  await client.open(uri, text, 1);
  return { uri, text };
}
async function setText(uri: string, text: string): Promise<number> {
  const version = (versions.get(uri) ?? 1) + 1;
  versions.set(uri, version);
  await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  return version;
}
async function configure(glossary: Record<string, unknown>): Promise<void> {
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { glossary } });
}
/** Sends the document's new text and waits for the diagnostics of that version. */
async function published(uri: string, text: string) {
  const version = await setText(uri, text);
  return client.waitForDiagnostics(uri, (p) => p.version === version);
}

const mentions = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === MENTION);

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${client.logs.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-coverage-lsp-'));
  writeTree(root);
  client = await startClient({
    rootPath: root,
    env: { GLOSSARY_LSP_CACHE: 'off' },
    capabilities: {
      window: { workDoneProgress: true },
      workspace: {
        didChangeWatchedFiles: { dynamicRegistration: true },
        configuration: true,
        codeLens: { refreshSupport: true },
        workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
      },
      textDocument: { publishDiagnostics: { versionSupport: true }, codeLens: {}, hover: { contentFormat: ['markdown'] } },
    },
  });
  client.connection.onRequest('workspace/codeLens/refresh', () => (codeLensRefreshes.push(Date.now()), null));
  client.connection.onNotification('glossary/coverageChanged', (params: { locale?: string }) => coverageChanges.push(params));
});

afterAll(async () => {
  await client?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('the glossary-unlinked-mention diagnostic', () => {
  it("is pushed with the page's other findings: a hint on the first unlinked mention of each entry", async () => {
    const { uri, text } = await open(fileOf('en-us', 'web/guide'));
    const { diagnostics } = await client.waitForDiagnostics(uri, (p) => mentions(p.diagnostics).length > 0);
    const found = mentions(diagnostics);
    expect(found.map((d) => textAt(text, d.range))).toEqual(['API', 'CORS', 'cross-site\nscripting']);
    expect(found.every((d) => d.severity === 4 && d.source === 'glossary-lsp')).toBe(true);
    expect(found[1].message).toBe('"CORS" has a glossary entry (CORS): link its first mention');
    // The checker's findings are still there (the fixture's {{domxref("Node")}} leads nowhere).
    expect(diagnostics.some((d) => d.code === 'templ-broken-link')).toBe(true);
  });

  it('glossary.severity sets its severity, or turns it off (no quick fix then either); glossary.aliases adds and removes terms', async () => {
    const uri = uriOf(fileOf('en-us', 'web/guide'));
    await configure({ severity: { [MENTION]: 'warning' } });
    let published = await client.waitForDiagnostics(uri, (p) => mentions(p.diagnostics).some((d) => d.severity === 2));
    expect(mentions(published.diagnostics).every((d) => d.severity === 2)).toBe(true);

    await configure({ severity: { [MENTION]: 'off' } });
    published = await client.waitForDiagnostics(uri, (p) => mentions(p.diagnostics).length === 0);
    expect(published.diagnostics.some((d) => d.code === 'templ-broken-link')).toBe(true);
    const text = read(fileOf('en-us', 'web/guide'));
    const at = TextDocument.create(uri, 'markdown', 0, text).positionAt(text.indexOf('CORS'));
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: at, end: at },
      context: { diagnostics: [] },
    })) as CodeAction[];
    expect(actions.filter((a) => a.title.startsWith('Link'))).toEqual([]);

    // `API: false` never reports API; an alias is a term like a title.
    await configure({ aliases: { API: false, Orphan_term: ['scripting attack'] } });
    published = await client.waitForDiagnostics(uri, (p) => mentions(p.diagnostics).length > 0);
    const texts = mentions(published.diagnostics).map((d) => textAt(text, d.range));
    expect(texts).not.toContain('API');
    expect(texts).toContain('CORS');
    await configure({});
    published = await client.waitForDiagnostics(uri, (p) => mentions(p.diagnostics).length === 3);
    expect(mentions(published.diagnostics).map((d) => textAt(text, d.range))).toEqual(['API', 'CORS', 'cross-site\nscripting']);
  });

  it('is pulled too, by a client that pulls', async () => {
    const pull = await startClient({ rootPath: root, env: { GLOSSARY_LSP_CACHE: 'off' }, capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } } } });
    try {
      const file = fileOf('en-us', 'web/guide');
      await pull.open(uriOf(file), read(file));
      const report = (await pull.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: uriOf(file) } })) as { items: Diagnostic[] };
      expect(mentions(report.items).map((d) => textAt(read(file), d.range))).toEqual(['API', 'CORS', 'cross-site\nscripting']);
    } finally {
      expect(await pull.stop()).toBe(0);
    }
  });
});

describe('the quick fixes, applied as a client applies them', () => {
  const scratch = () => fileOf('en-us', 'web/guide');

  /** Opens the scratch page as it is on disk, with the diagnostics published for it. */
  async function openScratch() {
    const file = scratch();
    const uri = uriOf(file);
    const before = read(file);
    const { diagnostics } = await published(uri, before);
    return { file, uri, before, diagnostics };
  }

  async function actionsAt(uri: string, text: string, mention: Diagnostic): Promise<CodeAction[]> {
    return (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: mention.range, context: { diagnostics: [mention] } })) as CodeAction[];
  }

  it('"Link to glossary: CORS" wraps the one mention: what MDN shows is the same, nothing else changed, the mention is gone', async () => {
    const { file, uri, before, diagnostics } = await openScratch();
    const cors = mentions(diagnostics).find((d) => textAt(before, d.range) === 'CORS')!;
    const actions = await actionsAt(uri, before, cors);
    expect(actions.filter((a) => a.title.startsWith('Link')).map((a) => a.title)).toEqual(['Link to glossary: CORS', 'Link every first mention on this page (3)']);
    const link = actions.find((a) => a.title === 'Link to glossary: CORS')!;
    expect(link).toMatchObject({ kind: 'quickfix', isPreferred: true });
    expect(link.diagnostics?.map((d) => d.code)).toEqual([MENTION]);
    const result = applyWorkspaceEdit(nodeDisk, link.edit!);
    expect(result).toEqual({ applied: 1, touched: [file] });
    const after = read(file);
    expect(after).toBe(before.replace('an API and CORS, then', 'an API and {{Glossary("CORS")}}, then'));
    expect(renderedText(after)).toBe(renderedText(before));
    const republished = await published(uri, after);
    expect(mentions(republished.diagnostics).map((d) => textAt(after, d.range))).toEqual(['API', 'cross-site\nscripting']);
    // The new macro resolves: the checker finds what it found before, no more.
    const checks = (items: Diagnostic[]) => items.filter((d) => d.code !== MENTION).map((d) => `${d.code} ${d.message}`);
    expect(checks(republished.diagnostics)).toEqual(checks(diagnostics));
    fs.writeFileSync(file, before);
    await published(uri, before);
  });

  it('"Link every first mention on this page" links them all in one edit; MDN shows the same text', async () => {
    const { file, uri, before, diagnostics } = await openScratch();
    const all = mentions(diagnostics);
    const every = (await actionsAt(uri, before, all[0])).find((a) => a.title.startsWith('Link every'))!;
    expect(every.edit!.changes![uri]).toHaveLength(3);
    expect(applyWorkspaceEdit(nodeDisk, every.edit!)).toEqual({ applied: 1, touched: [file] });
    const after = read(file);
    expect(after).toContain('uses an {{Glossary("API")}} and {{Glossary("CORS")}}, then the API again');
    expect(after).toContain('A {{Glossary("Cross-site_scripting", "cross-site scripting")}} attack');
    expect(renderedText(after)).toBe(renderedText(before));
    const republished = await published(uri, after);
    expect(mentions(republished.diagnostics)).toEqual([]);
    fs.writeFileSync(file, before);
    await published(uri, before);
  });
});

describe('hover', () => {
  it('on an unlinked mention: the entry and its summary, and that a quick fix links it', async () => {
    const file = fileOf('en-us', 'web/guide');
    const text = read(file);
    const position = TextDocument.create('x', 'markdown', 0, text).positionAt(text.indexOf('CORS') + 1);
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(file) }, position })) as Hover;
    const value = (hover.contents as { value: string }).value;
    expect(value).toContain('**CORS** — `Glossary/CORS`');
    expect(value).toContain('is a system');
    expect(value).toContain('{{Glossary("CORS")}}');
    expect(textAt(text, hover.range!)).toBe('CORS');
  });

  it('on a broken glossary term: "wanted by N pages", the entry one quick fix away', async () => {
    const { uri, text } = await open(fileOf('en-us', 'web/linked'));
    const position = TextDocument.create('x', 'markdown', 0, text).positionAt(text.indexOf('{{Glossary("interface")}}') + 4);
    const value = await until('"wanted by" once references are scanned', async () => {
      const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position })) as Hover;
      const shown = (hover.contents as { value: string }).value;
      return shown.includes('counting') ? undefined : shown;
    });
    expect(value).toContain('**Broken link**');
    expect(value).toContain('A wanted entry: wanted by 2 pages');
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: position, end: position },
      context: { diagnostics: [] },
    })) as CodeAction[];
    expect(actions.map((a) => a.title)).toContain('Create glossary entry interface');
  });
});

describe("on an entry's page", () => {
  it('the code lens on the title counts links and, once the locale is counted, unlinked mentions; lenses are refreshed then', async () => {
    const { uri, text } = await open(fileOf('en-us', 'glossary/cors'));
    const lensOf = async () => ((await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[])[0];
    const first = await lensOf();
    expect(textAt(text, first.range)).toBe('"CORS"');
    expect(first.command!.title).toMatch(/^linked from 1 page · /);
    const counted = await until('the unlinked mentions counted', async () => {
      const lens = await lensOf();
      return lens.command!.title.includes('not counted') ? undefined : lens;
    });
    expect(counted.command!.title).toBe('linked from 1 page · mentioned without a link on 1 page');
    // The first answer may already have been counted (the view, another lens); if it was not, the client was told to ask again.
    if (first.command!.title.includes('not counted')) expect(codeLensRefreshes.length).toBeGreaterThan(0);
    const none = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: uriOf(fileOf('en-us', 'web/guide')) } })) as CodeLens[];
    expect(none).toEqual([]);
  });

  it('an entry no page links to gets "No page links to this entry" (information) on its title', async () => {
    const { uri, text } = await open(fileOf('en-us', 'glossary/orphan_term'));
    const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === ORPHAN));
    const orphan = diagnostics.find((d) => d.code === ORPHAN)!;
    expect(orphan).toMatchObject({ severity: 3, message: 'No page links to this entry' });
    expect(textAt(text, orphan.range)).toBe('"Orphan term"');
  });
});

describe('glossary/coverage', () => {
  it('answers what `glossary-lsp coverage --format json` reports, as the view needs it', async () => {
    const view = (await client.connection.sendRequest('glossary/coverage', { locale: 'en-US' })) as CoverageView;
    const cli = JSON.parse(
      execFileSync(process.execPath, [SERVER, 'coverage', '--root', root, '--format', 'json'], {
        encoding: 'utf8',
        env: { ...process.env, CONTENT_ROOT: '', CONTENT_TRANSLATED_ROOT: '' },
      }),
    ) as {
      entries: Array<{ slug: string; title: string; linkedFrom: string[]; mentionedUnlinked: unknown[]; orphan: boolean }>;
      wanted: Array<{ slug: string; wantedBy: string[] }>;
    };
    expect(view.locale).toBe('en-US');
    expect(view.locales).toEqual(['en-US', 'fr']);
    const bySlug = <T extends { slug: string }>(entries: T[]) => [...entries].sort((a, b) => (a.slug < b.slug ? -1 : 1));
    expect(bySlug(view.entries).map((e) => [e.slug, e.title, e.linkedFrom, e.mentionedUnlinked, e.orphan])).toEqual(
      bySlug(cli.entries).map((e) => [e.slug, e.title, e.linkedFrom.length, e.mentionedUnlinked.length, e.orphan]),
    );
    // By title, as the view lists them.
    expect(view.entries.map((e) => e.title)).toEqual(['API', 'CORS', 'Cross-site scripting (XSS)', 'Node (DOM)', 'Orphan term']);
    expect(view.entries.find((e) => e.slug === 'Glossary/CORS')!.uri).toBe(uriOf(fileOf('en-us', 'glossary/cors')));
    expect(view.wanted.map((w) => [w.slug, w.wantedBy.map((by) => path.relative(root, new URL(by.uri).pathname))])).toEqual(cli.wanted.map((w) => [w.slug, w.wantedBy]));
    const interfaceWanted = view.wanted.find((w) => w.slug === 'Glossary/Interface')!;
    const linkedLines = read(fileOf('en-us', 'web/linked')).split('\n');
    const line = linkedLines.findIndex((l) => l.includes('{{Glossary("interface")}}'));
    expect(interfaceWanted.wantedBy[0]).toMatchObject({ title: 'Linked', line: line + 1, column: linkedLines[line].indexOf('{{Glossary("interface")}}') + 1 });
  });

  it('a translated locale, and the HTML report', async () => {
    const fr = (await client.connection.sendRequest('glossary/coverage', { locale: 'fr' })) as CoverageView;
    expect(fr.locale).toBe('fr');
    expect(fr.entries.map((e) => [e.slug, e.orphan])).toEqual([['Glossary/API', true]]);
    const report = (await client.connection.sendRequest('glossary/coverage', { locale: 'en-us', format: 'html' })) as CoverageHtml;
    expect(report.locale).toBe('en-US');
    expect(report.html).toMatch(/^<!doctype html>/);
    expect(report.html).toContain('Glossary coverage <span class="locale">en-US</span>');
    expect(report.html).toContain('Orphan term');
  });

  it('counts again when glossary.aliases changes (the index being the same)', async () => {
    const apiUnlinked = async () =>
      ((await client.connection.sendRequest('glossary/coverage', { locale: 'en-US' })) as CoverageView).entries.find((e) => e.slug === 'Glossary/API')!.mentionedUnlinked;
    const before = await apiUnlinked();
    expect(before).toBeGreaterThan(0);
    // `API: false`: API is no term any more, so no page mentions it.
    await configure({ aliases: { API: false } });
    await until('API no longer counted', async () => ((await apiUnlinked()) === 0 ? true : undefined));
    await configure({});
    await until('API counted again', async () => ((await apiUnlinked()) === before ? true : undefined));
  });

  it('says glossary/coverageChanged once an edit changes the counts, and answers with them', async () => {
    const file = fileOf('en-us', 'web/other');
    const { uri, text } = await open(file);
    coverageChanges.length = 0;
    // Web/Other now links the orphan.
    await setText(uri, text.replace('{{Glossary("Mixin")}}', '{{Glossary("Mixin")}} and {{Glossary("Orphan_term")}}'));
    await until('glossary/coverageChanged', async () => (coverageChanges.some((c) => c.locale === 'en-US') ? true : undefined));
    const view = (await client.connection.sendRequest('glossary/coverage', { locale: 'en-US' })) as CoverageView;
    expect(view.entries.find((e) => e.slug === 'Glossary/Orphan_term')).toMatchObject({ linkedFrom: 1, orphan: false });
    await setText(uri, text);
  });
});
