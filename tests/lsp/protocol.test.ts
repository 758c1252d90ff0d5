/**
 * The real server process over stdio, driven by a JSON-RPC client as an editor would drive it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { copyExampleTree, SERVER, startClient, startExample, stopExample, TestClient, uriOf } from './client';
import { positionOf } from '../helpers/text';

interface Item {
  label: string;
  detail?: string;
  textEdit?: { newText: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } };
  documentation?: { value: string };
}

let root: string;
let client: TestClient;
const enPage = () => path.join(root, 'files/en-us/learn/first_steps/index.md');
const frPage = () => path.join(root, 'files/fr/learn/first_steps/index.md');

let version = 1;
async function setText(uri: string, text: string): Promise<number> {
  version++;
  await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  return version;
}

/** Sends a page's text (plus `extra`) as the open document's new content. */
async function showPage(file: string, extra = ''): Promise<{ uri: string; text: string }> {
  const uri = uriOf(file);
  const text = fs.readFileSync(file, 'utf8') + extra;
  await setText(uri, text);
  return { uri, text };
}

async function completeAt(uri: string, text: string, needle: string): Promise<Item[]> {
  await setText(uri, text);
  const position = positionOf(text, needle, needle.length, 'last');
  const result = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position })) as { items: Item[] } | null;
  return result?.items ?? [];
}

/** Apply a completion item's edit to the text. */
function apply(text: string, item: Item): string {
  const lines = text.split('\n');
  const { start, end } = item.textEdit!.range;
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(0, offset(start)) + item.textEdit!.newText + text.slice(offset(end));
}

beforeAll(async () => {
  ({ root, client } = await startExample());
  // "Used on N pages" (hover) is known once every page's references are scanned.
  await client.waitForStatus((status) => status.referencesScanned);
});

afterAll(() => stopExample(client, root));

describe('diagnostics', () => {
  it('reports the example page findings with MDN codes, on the macro or link itself', async () => {
    const uri = uriOf(enPage());
    const text = fs.readFileSync(enPage(), 'utf8');
    const published = client.waitForDiagnostics(uri);
    await client.open(uri, text, version);
    const { diagnostics } = await published;
    const codes = diagnostics.map((d) => d.code);
    expect(codes).toEqual(['templ-broken-link', 'templ-redirected-link', 'templ-syntax-error', 'redirected-link', 'ill-cased-link', 'broken-link']);
    const mixin = diagnostics[0];
    expect(mixin.range).toEqual({ start: positionOf(text, '{{glossary("mixin")}}'), end: positionOf(text, '{{glossary("mixin")}}', '{{glossary("mixin")}}'.length) });
    expect(mixin.severity).toBe(2);
    expect(diagnostics[2].severity).toBe(1);
    expect((diagnostics[1].data as { suggestion: string }).suggestion).toBe('/en-US/docs/Glossary/Bezier_curve');
  });

  it('follows edits: a link broken then fixed, only for the current version', async () => {
    const uri = uriOf(enPage());
    const base = fs.readFileSync(enPage(), 'utf8');
    const broken = base + '\nSee {{Glossary("Nonexistent_term")}}.\n';
    const brokenVersion = await setText(uri, broken);
    const after = await client.waitForDiagnostics(uri, (p) => p.version === brokenVersion);
    expect(after.diagnostics.filter((d) => d.code === 'templ-broken-link').map((d) => d.message)).toContain(
      "Macro glossary produces link /en-US/docs/Glossary/Nonexistent_term which doesn't resolve",
    );
    const fixedVersion = await setText(uri, base + '\nSee {{Glossary("Variable")}}.\n');
    const fixed = await client.waitForDiagnostics(uri, (p) => p.version === fixedVersion);
    expect(fixed.diagnostics.map((d) => d.code)).toHaveLength(6);
    await setText(uri, base);
  });

  it('shows only-in-en-us as information in a translated page', async () => {
    const uri = uriOf(frPage());
    const text = fs.readFileSync(frPage(), 'utf8');
    const published = client.waitForDiagnostics(uri);
    await client.open(uri, text);
    const { diagnostics } = await published;
    const info = diagnostics.filter((d) => d.code === 'only-in-en-us');
    expect(info.length).toBeGreaterThanOrEqual(2);
    expect(info.every((d) => d.severity === 3)).toBe(true);
    expect(diagnostics.find((d) => d.code === 'templ-redirected-link')?.message).toContain('/fr/docs/Glossary/Methode');
    expect(diagnostics.find((d) => d.code === 'broken-link')?.message).toContain('/fr/docs/Web/CSS');
  });

  it('makes a broken link good when the missing page appears on disk', async () => {
    const uri = uriOf(enPage());
    const text = fs.readFileSync(enPage(), 'utf8');
    const current = await setText(uri, text);
    await client.waitForDiagnostics(uri, (p) => p.version === current);
    expect(client.diagnostics.get(uri)!.diagnostics.some((d) => d.message.includes('/en-US/docs/Glossary/mixin'))).toBe(true);
    const created = path.join(root, 'files/en-us/glossary/mixin/index.md');
    fs.mkdirSync(path.dirname(created), { recursive: true });
    fs.writeFileSync(created, '---\ntitle: Mixin\nslug: Glossary/Mixin\npage-type: glossary-definition\n---\n\nA **mixin** adds behaviour.\n');
    const cleared = client.waitForDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.message.includes('Glossary/mixin')));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(created), type: 1 }] });
    await cleared;
    // And back: deleting the folder brings the finding back.
    fs.rmSync(path.dirname(created), { recursive: true });
    const back = client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.message.includes('Glossary/mixin')));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.dirname(created)), type: 3 }] });
    await back;
  });
});

describe('completion', () => {
  const uri = () => uriOf(enPage());
  const base = () => fs.readFileSync(enPage(), 'utf8');

  it.each([
    ['{{Glossary("cros', '{{Glossary("Cross-site_scripting")}}'],
    ["{{glossary('cros", "{{glossary('Cross-site_scripting')}}"],
    ['{{ Glossary( "cros', '{{ Glossary( "Cross-site_scripting")}}'],
  ])('completes a half-typed %s', async (typed, expected) => {
    const text = base() + '\n' + typed;
    const items = await completeAt(uri(), text, typed);
    expect(items[0]?.label).toBe('Cross-site_scripting');
    expect(items[0].detail).toContain('Cross-site scripting (XSS)');
    expect(apply(text, items[0]).endsWith(expected)).toBe(true);
  });

  it('completes inside a macro that spans lines, where signature help works too', async () => {
    const text = base() + '\nSee {{Glossary(\n  "cros';
    const items = await completeAt(uri(), text, '  "cros');
    expect(items[0]?.label).toBe('Cross-site_scripting');
    expect(apply(text, items[0]).endsWith('{{Glossary(\n  "Cross-site_scripting")}}')).toBe(true);
    const help = (await client.connection.sendRequest('textDocument/signatureHelp', { textDocument: { uri: uri() }, position: positionOf(text, '  "cros', 7, 'last') })) as {
      activeParameter: number;
    } | null;
    expect(help?.activeParameter).toBe(0);
  });

  it.each([
    ['{{Glossary("cros")}} and more', '{{Glossary("Cross-site_scripting")}} and more'],
    ['{{Glossary("cros)}} and more', '{{Glossary("Cross-site_scripting")}} and more'],
    ['{{Glossary("cros)} and more', '{{Glossary("Cross-site_scripting")}} and more'],
    ['{{Glossary("cros) and more', '{{Glossary("Cross-site_scripting")}} and more'],
    ['{{Glossary("cros"} and more', '{{Glossary("Cross-site_scripting")}} and more'],
    ['{{Glossary("cros}} and more', '{{Glossary("Cross-site_scripting")}} and more'],
    ['{{Glossary("cros", "XSS")}}', '{{Glossary("Cross-site_scripting", "XSS")}}'],
    ["{{Glossary('cros)}}", "{{Glossary('Cross-site_scripting')}}"],
  ])('completes %s without duplicating or losing a closing character', async (written, expected) => {
    const text = base() + '\n' + written;
    const typed = written.slice(0, written.indexOf('cros') + 4);
    const items = await completeAt(uri(), text, typed);
    expect(items[0]?.label).toBe('Cross-site_scripting');
    expect(apply(text, items[0]).endsWith(expected)).toBe(true);
  });

  it('adds the quotes when none was typed', async () => {
    const text = base() + '\n{{Glossary(';
    const items = await completeAt(uri(), text, '{{Glossary(');
    expect(items.length).toBeGreaterThan(5);
    const api = items.find((item) => item.label === 'API')!;
    expect(apply(text, api).endsWith('{{Glossary("API")}}')).toBe(true);
  });

  it('ranks by use when the typed text fits many terms, and resolves the summary', async () => {
    const text = base() + '\n{{Glossary("';
    const items = await completeAt(uri(), text, '{{Glossary("');
    const labels = items.map((item) => item.label);
    // Property is used by more pages than Variable in the example tree.
    expect(labels.indexOf('Property')).toBeLessThan(labels.indexOf('Variable'));
    const resolved = (await client.connection.sendRequest(
      'completionItem/resolve',
      items.find((item) => item.label === 'API'),
    )) as Item;
    expect(resolved.documentation?.value).toContain('Application Programming Interface');
  });

  it('finds an entry by its title in the page locale (French)', async () => {
    const fr = uriOf(frPage());
    const text = fs.readFileSync(frPage(), 'utf8') + '\n{{Glossary("propri';
    const items = await completeAt(fr, text, '{{Glossary("propri');
    expect(items[0]?.label).toBe('Property');
    expect(items[0].detail).toContain('Propriété');
    const englishOnly = (await completeAt(fr, fs.readFileSync(frPage(), 'utf8') + '\n{{Glossary("inter', '{{Glossary("inter')).find((item) => item.label === 'Interface');
    expect(englishOnly?.detail).toContain('English only');
  });

  it('offers the entry title as the second argument', async () => {
    const fr = uriOf(frPage());
    const text = fs.readFileSync(frPage(), 'utf8') + '\n{{Glossary("property", "';
    const items = await completeAt(fr, text, '{{Glossary("property", "');
    expect(items[0]?.label).toBe('Propriété');
  });

  it('completes macro names after {{, Glossary first', async () => {
    const text = base() + '\n{{';
    const items = await completeAt(uri(), text, '{{');
    expect(items[0].label).toBe('Glossary');
    expect(items.map((item) => item.label)).toContain('domxref');
  });

  it('completes /docs/ link targets with titles', async () => {
    const text = base() + '\n[x](/en-US/docs/Web/';
    const items = await completeAt(uri(), text, '[x](/en-US/docs/Web/');
    const api = items.find((item) => item.label === 'API');
    expect(api?.detail).toBe('Web APIs');
    expect(apply(text, api!).endsWith('[x](/en-US/docs/Web/API')).toBe(true);
  });

  it('offers nothing outside macros and links', async () => {
    const text = base() + '\nplain words';
    expect(await completeAt(uri(), text, 'plain wo')).toEqual([]);
    await setText(uri(), base());
  });
});

describe('hover, definition, links, symbols, code actions', () => {
  async function hoverAt(uri: string, position: { line: number; character: number }): Promise<{ contents: { value: string } }> {
    return (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position })) as { contents: { value: string } };
  }

  it('hovers a glossary macro with title, summary, locale and usage', async () => {
    const { uri, text } = await showPage(enPage());
    const hover = await hoverAt(uri, positionOf(text, '{{Glossary("API")}}', 13));
    expect(hover.contents.value).toContain('**API**');
    expect(hover.contents.value).toContain('Application Programming Interface');
    expect(hover.contents.value).toMatch(/used on \d+ pages/);
  });

  it('counts "used on N pages" as find-references does', async () => {
    const { uri, text } = await showPage(enPage());
    for (const term of ['API', 'Bézier curve']) {
      const position = positionOf(text, `{{Glossary("${term}")}}`, 13);
      const hover = await hoverAt(uri, position);
      const used = Number(/used on (\d+) pages?/.exec(hover.contents.value)?.[1]);
      const references = (await client.connection.sendRequest('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: false } })) as Array<{
        uri: string;
      }>;
      expect(used).toBeGreaterThan(0);
      expect(used, `${term}: ${references.map((r) => r.uri).join(' ')}`).toBe(new Set(references.map((reference) => reference.uri).filter((u) => u.endsWith('/index.md'))).size);
    }
  });

  it('says when the hovered entry fell back to English', async () => {
    const { uri, text } = await showPage(frPage());
    const hover = await hoverAt(uri, positionOf(text, '{{Glossary("Interface")}}', 13));
    expect(hover.contents.value).toContain('English — not translated yet');
  });

  it('offers the closest slugs on a broken term', async () => {
    const { uri, text } = await showPage(enPage(), '\n{{Glossary("Functon")}}\n');
    const hover = await hoverAt(uri, positionOf(text, '{{Glossary("Functon")}}', 14));
    expect(hover.contents.value).toContain("doesn't resolve");
    expect(hover.contents.value).toContain('Glossary/Function');
  });

  it('goes to the entry file, lists document links and workspace symbols', async () => {
    const { uri, text } = await showPage(enPage());
    const location = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: positionOf(text, '{{Glossary("API")}}', 13) })) as {
      uri: string;
    };
    expect(location.uri).toBe(uriOf(path.join(root, 'files/en-us/glossary/api/index.md')));
    const links = (await client.connection.sendRequest('textDocument/documentLink', { textDocument: { uri } })) as Array<{ target: string }>;
    expect(links.map((link) => link.target)).toContain(uriOf(path.join(root, 'files/en-us/web/api/index.md')));
    const symbols = (await client.connection.sendRequest('workspace/symbol', { query: 'xss' })) as Array<{ name: string }>;
    expect(symbols[0]?.name).toBe('Cross-site scripting (XSS)');
  });

  it('offers a quick fix that points a redirected term at its target', async () => {
    const { uri, text } = await showPage(enPage());
    const start = positionOf(text, '{{Glossary("Bézier curve")}}');
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start, end: start },
      context: { diagnostics: [] },
    })) as Array<{ title: string; edit: { changes: Record<string, Array<{ newText: string }>> } }>;
    expect(actions[0].title).toBe('Replace with Glossary/Bezier_curve');
    // The old term stays as the display text: the page reads the same.
    expect(actions[0].edit.changes[uri][0].newText).toBe('Bezier_curve", "Bézier curve');
    expect(actions.some((action) => action.title.startsWith('Fix all'))).toBe(true);
  });
});

describe('pull diagnostics and lifecycle', () => {
  it('answers textDocument/diagnostic when the client pulls', async () => {
    const scratch = copyExampleTree();
    const pull = await startClient({ rootPath: scratch, capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } } } });
    try {
      const file = path.join(scratch, 'files/en-us/learn/first_steps/index.md');
      await pull.open(uriOf(file), fs.readFileSync(file, 'utf8'));
      const report = (await pull.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: uriOf(file) } })) as { kind: string; items: Array<{ code: string }> };
      expect(report.kind).toBe('full');
      expect(report.items.map((item) => item.code)).toContain('templ-redirected-link');
    } finally {
      expect(await pull.stop()).toBe(0);
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('exits with 1 on exit without shutdown', async () => {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'exit' });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
  });

  it('answers an unknown method with MethodNotFound', async () => {
    await expect(client.connection.sendRequest('glossary/noSuchMethod', {})).rejects.toMatchObject({ code: -32601 });
  });
});
