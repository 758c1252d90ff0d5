/**
 * Load over stdio: 1,000 rapid incremental edits (ranges, not full text) to one document end with
 * the diagnostics a fresh server gives the final text; 100 documents opened at once all get theirs.
 * Nothing is timed: waits are bounded only to turn a hang into a failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { copyExampleTree, startClient, TestClient, uriOf } from '../lsp/client';
import { within } from './hostile';
import { seededRandom } from '../helpers/seededRandom.mjs';

let root: string;
const cacheDirs: string[] = [];
let client: TestClient;

const PAGES = 100;
const pagePath = (i: number) => path.join(root, `files/en-us/load/page_${i}/index.md`);
const pageText = (i: number) =>
  `---\ntitle: Load ${i}\nslug: Load/Page_${i}\n---\n\nPage ${i} uses an {{Glossary("API")}}, a {{Glossary("Missing_${i}")}} and [a link](/en-US/docs/Load/Page_${(i + 1) % PAGES}).\n`;

const cacheDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-cache-'));
  cacheDirs.push(dir);
  return dir;
};

async function start(): Promise<TestClient> {
  const started = await startClient({ rootPath: root, env: { GLOSSARY_LSP_CACHE_DIR: cacheDir() } });
  // Any request that needs the index waits for it.
  await within(started.connection.sendRequest('workspace/symbol', { query: 'api' }), 60_000, 'index ready');
  return started;
}

beforeAll(async () => {
  root = copyExampleTree();
  for (let i = 0; i < PAGES; i++) {
    fs.mkdirSync(path.dirname(pagePath(i)), { recursive: true });
    fs.writeFileSync(pagePath(i), pageText(i));
  }
  client = await start();
}, 120_000);

afterAll(async () => {
  if (client) expect(await client.stop()).toBe(0);
  fs.rmSync(root, { recursive: true, force: true });
  for (const dir of cacheDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A seeded generator (mulberry32), so a failure can be replayed. */
const random = seededRandom;

const FRAGMENTS = [
  '{{Glossary("API")}}',
  '{{Glossary("Functon")}}',
  '{{glossary("Bézier curve")}}',
  '{{domxref("MediaDevices")}}',
  '{{',
  '}}',
  '("',
  '")',
  '"',
  '[x](/en-US/docs/Web/API)',
  '[y](/en-US/docs/web/api)',
  '](/en-US/docs/Web/Guide/API)',
  '`',
  '```\n',
  '<!-- ',
  ' -->',
  '\n',
  '\n\n',
  ' ',
  'word ',
  '😀',
  'é',
];

describe('load', () => {
  it('ends 1,000 rapid incremental edits with the diagnostics a fresh server gives the final text', async () => {
    const file = path.join(root, 'files/en-us/learn/first_steps/index.md');
    const uri = uriOf(file);
    const text = fs.readFileSync(file, 'utf8');
    let mirror = TextDocument.create(uri, 'markdown', 1, text);
    await client.open(uri, text, 1);
    const next = random(7);
    const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
    const EDITS = 1000;
    for (let version = 2; version <= EDITS + 1; version++) {
      const changes = [];
      for (let n = next() < 0.2 ? 2 : 1; n > 0; n--) {
        const length = mirror.getText().length;
        const start = Math.floor(next() * (length + 1));
        // Mostly inserts, some deletions and replacements, never past the end.
        const end = next() < 0.6 ? start : Math.min(length, start + Math.floor(next() * 12));
        const insert = next() < 0.25 ? '' : pick(FRAGMENTS);
        const range = { start: mirror.positionAt(start), end: mirror.positionAt(end) };
        changes.push({ range, text: insert });
        mirror = TextDocument.update(mirror, [{ range, text: insert }], version);
      }
      void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    }
    const finalVersion = EDITS + 1;
    const last = await client.waitForDiagnostics(uri, (p) => p.version === finalVersion, 120_000);
    const fresh = await start();
    try {
      const published = fresh.waitForDiagnostics(uri, (p) => p.version === finalVersion, 60_000);
      await fresh.open(uri, mirror.getText(), finalVersion);
      const expected = await published;
      expect(expected.diagnostics.length).toBeGreaterThan(10);
      expect(last.diagnostics).toEqual(expected.diagnostics);
      // Document links are ranges in the text: the same ones mean the same text.
      const links = [client, fresh].map((c) => c.connection.sendRequest('textDocument/documentLink', { textDocument: { uri } }));
      const [ours, theirs] = await within(Promise.all(links), 30_000, 'document links');
      expect(ours).toEqual(theirs);
    } finally {
      expect(await fresh.stop()).toBe(0);
    }
  }, 300_000);

  it('gives each of 100 documents opened at once its diagnostics', async () => {
    const waits: Array<Promise<unknown>> = [];
    for (let i = 0; i < PAGES; i++) {
      const uri = uriOf(pagePath(i));
      waits.push(
        client
          .waitForDiagnostics(uri, (p) => p.version === 1, 120_000)
          .then((p) => {
            expect(p.diagnostics.map((d) => d.message)).toEqual([`Macro glossary produces link /en-US/docs/Glossary/Missing_${i} which doesn't resolve`]);
          }),
      );
    }
    for (let i = 0; i < PAGES; i++) void client.open(uriOf(pagePath(i)), pageText(i), 1);
    await Promise.all(waits);
    // Then edit every one of them at once: each gets diagnostics for its new version.
    const edits: Array<Promise<unknown>> = [];
    for (let i = 0; i < PAGES; i++) {
      const uri = uriOf(pagePath(i));
      edits.push(client.waitForDiagnostics(uri, (p) => p.version === 2 && p.diagnostics.length === 0, 120_000));
      const line = 5;
      const from = pageText(i).split('\n')[line].indexOf('{{Glossary("Missing_');
      const to = pageText(i).split('\n')[line].indexOf('}}', from) + 2;
      void client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: { line, character: from }, end: { line, character: to } }, text: '{{Glossary("Method")}}' }],
      });
    }
    await Promise.all(edits);
    expect(client.logs.filter((line) => /\b(failed|uncaught|unhandled)\b/i.test(line))).toEqual([]);
  }, 300_000);
});
