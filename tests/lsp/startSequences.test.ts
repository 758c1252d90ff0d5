/**
 * The same answers in every editor's start order. Each real client's start sequence is replayed
 * (tests/lsp/clients.ts) against a translator's set-up: a French tree as the only workspace folder,
 * English given only through settings (glossary.contentRoots). The user's first Find References
 * and hover go out in the same write as the start sequence. For every client:
 * - the index is built exactly once, with English in it;
 * - no window/showMessageRequest, no false "No English" warning;
 * - that first Find References on the English-only entry returns every reference;
 * - diagnostics (pushed or pulled) see English.
 * Then the interleaving that used to build twice with the wrong answer: settings that change the
 * roots arriving while the first build runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ClientProfile, early, eglot19, helix, neovim07, vscode } from './clients';
import { positionOf, ReplayPeer, translatorTree, TranslatorTree, uriOf } from './replay';

let tree: TranslatorTree;
beforeAll(() => {
  tree = translatorTree(1500);
});
afterAll(() => tree?.cleanup());

const BUILD_STARTED = /build (\d+): indexing/;
const INDEXED = /indexed (\d+) pages .*\(build (\d+)\)/;

interface Location {
  uri: string;
  range: unknown;
}

/** The user's first requests on the French page: references and hover on {{Glossary("Interface")}}. */
function firstRequests(peer: ReplayPeer) {
  const text = fs.readFileSync(tree.frPage, 'utf8');
  const at = { textDocument: { uri: uriOf(tree.frPage) }, position: positionOf(text, '{{Glossary("Interface")}}', 13) };
  const references = peer.request<Location[]>('textDocument/references', { ...at, context: { includeDeclaration: false } });
  const hover = peer.request<{ contents: { value: string } }>('textDocument/hover', at);
  return { text, references, hover };
}

/** What must hold once the server has settled, whatever the client. */
async function expectOneBuildWithEnglish(peer: ReplayPeer): Promise<void> {
  await peer.until(() => peer.logs().some((line) => /references of \d+ pages ready/.test(line)), 60_000, 'references to be scanned');
  // Anything late (a second build, a stale status) would come within this.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const logs = peer.logs();
  expect(
    logs.filter((line) => BUILD_STARTED.test(line)),
    logs.join('\n'),
  ).toHaveLength(1);
  expect(
    logs.filter((line) => INDEXED.test(line)),
    logs.join('\n'),
  ).toHaveLength(1);
  expect(peer.all('window/showMessageRequest')).toEqual([]);
  expect(logs.filter((line) => /No English/i.test(line))).toEqual([]);
  const statuses = peer.all('glossary/indexStatus').map((message) => message.params);
  // One build made ready (a later status only adds that its references are scanned).
  expect(statuses.filter((status) => status.state === 'ready' && !status.referencesScanned)).toHaveLength(1);
  expect(statuses.at(-1)).toMatchObject({ state: 'ready', locales: ['en-US', 'fr'], warnings: [] });
  const begins = peer.all('$/progress').filter((message) => message.params.value.kind === 'begin');
  expect(begins.length).toBeLessThanOrEqual(1);
  expect(peer.all('$/progress').filter((message) => message.params.value.kind === 'end')).toHaveLength(begins.length);
}

function expectEveryReference(locations: Location[]): void {
  const files = locations.map((location) => fileURLToPath(location.uri));
  expect([...new Set(files)].sort()).toEqual(tree.interfaceReferrers);
  expect(files).toHaveLength(tree.interfaceReferrers.length);
}

const PROFILES: ClientProfile[] = [vscode, neovim07(true), neovim07(false), eglot19, helix, early];

describe.each(PROFILES.map((profile) => [profile.name, profile] as const))('%s, translated workspace, English through settings', (_, profile) => {
  let peer: ReplayPeer;
  afterAll(async () => {
    if (peer) expect(await peer.stop()).toBe(0);
  });

  it('builds the index once, with English, and answers the first Find References with every reference', async () => {
    peer = new ReplayPeer();
    const { text, references, hover } = firstRequests(peer);
    await profile.start(peer, {
      workspace: tree.translated,
      section: { contentRoots: [tree.english] },
      document: { path: tree.frPage, text },
      requests: [references.message, hover.message],
    });
    expectEveryReference(await references.answer);
    expect((await hover.answer).contents.value).toContain('English — not translated yet');
    await expectOneBuildWithEnglish(peer);
  }, 120_000);

  it('checks the page against English: an entry only English has is reported as such', async () => {
    const uri = uriOf(tree.frPage);
    let items: Array<{ code: string; message: string }>;
    if (profile.pulls) {
      items = (await peer.send('textDocument/diagnostic', { textDocument: { uri } })).items;
      // Nothing pushed to a client that pulls.
      expect(peer.all('textDocument/publishDiagnostics')).toEqual([]);
    } else {
      const pushed = await peer.until(
        () =>
          peer
            .all('textDocument/publishDiagnostics')
            .filter((message) => message.params.uri === uri)
            .at(-1),
        30_000,
        'diagnostics',
      );
      items = pushed.params.diagnostics;
    }
    expect(
      items
        .filter((item) => item.code === 'only-in-en-us')
        .map((item) => item.message)
        .join('\n'),
    ).toContain('/fr/docs/Glossary/Interface');
    expect(items.map((item) => item.code)).toContain('templ-redirected-link');
  }, 60_000);
});

describe('settings that change the roots while the first build runs', () => {
  it('cancels that build: nothing of it reaches the client, and the first Find References waits for the new one', async () => {
    const peer = new ReplayPeer();
    try {
      const { text, references } = firstRequests(peer);
      // Neovim 0.7 with a slow on_init: the settings come once the first build is under way.
      await neovim07(false).start(peer, { workspace: tree.translated, section: { contentRoots: [] }, document: { path: tree.frPage, text }, requests: [references.message] });
      await peer.until(() => peer.logs().some((line) => BUILD_STARTED.test(line)), 30_000, 'the first build');
      const pushedAt = peer.received.length;
      peer.write(peer.notification('workspace/didChangeConfiguration', { settings: { glossary: { contentRoots: [tree.english] } } }));
      expectEveryReference(await references.answer);
      await peer.until(() => peer.logs().some((line) => /references of \d+ pages ready/.test(line)), 60_000, 'references to be scanned');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const logs = peer.logs();
      const builds = logs.filter((line) => BUILD_STARTED.test(line)).map((line) => Number(BUILD_STARTED.exec(line)![1]));
      const indexed = logs.filter((line) => INDEXED.test(line)).map((line) => Number(INDEXED.exec(line)![2]));
      // The settings came while build 1 ran (it had logged its start): it is cancelled, build 2 is the one.
      expect(builds).toEqual([1, 2]);
      expect(indexed).toEqual([2]);
      // After the second build started, only it is heard from.
      const second = peer.received.findIndex((message) => message.method === 'glossary/indexStatus' && message.params.roots.length === 2);
      expect(second).toBeGreaterThanOrEqual(pushedAt);
      for (const message of peer.received.slice(second)) {
        if (message.method === 'glossary/indexStatus') expect(message.params.roots).toHaveLength(2);
      }
      expect(logs.filter((line) => /No English/i.test(line))).toEqual([]);
      expect(peer.all('window/showMessageRequest')).toEqual([]);
      const ready = peer.all('glossary/indexStatus').filter((message) => message.params.state === 'ready' && !message.params.referencesScanned);
      expect(ready.map((message) => message.params.locales)).toEqual([['en-US', 'fr']]);
    } finally {
      expect(await peer.stop()).toBe(0);
    }
  }, 120_000);
});

describe('settings changed after start', () => {
  it('asks again on a null push; re-indexes for new macro names, only re-checks for anything else', async () => {
    const peer = new ReplayPeer();
    try {
      let section: Record<string, unknown> = { contentRoots: [tree.english] };
      peer.answer('workspace/configuration', (params: { items: Array<{ section?: string }> }) => params.items.map((item) => (item.section === 'glossary' ? section : null)));
      await peer.send('initialize', {
        processId: process.pid,
        rootUri: uriOf(tree.translated),
        workspaceFolders: [{ uri: uriOf(tree.translated), name: 'translated-content' }],
        capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
      });
      const uri = uriOf(tree.frPage);
      const text = fs.readFileSync(tree.frPage, 'utf8') + '\n{{Terme("Interface")}} {{Terme("Nulle_part")}}\n';
      peer.write(peer.notification('initialized', {}), peer.notification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } }));
      const pushes = () => peer.all('textDocument/publishDiagnostics').filter((message) => message.params.uri === uri);
      await peer.until(() => pushes().length > 0, 60_000, 'diagnostics');
      const broken = () =>
        pushes()
          .at(-1)!
          .params.diagnostics.filter((d: { message: string }) => /Nulle_part/.test(d.message));
      expect(broken()).toEqual([]); // Terme is no glossary macro yet
      // A macro name added: the client pushes null ("ask again"), the server asks, and re-indexes.
      section = { ...section, macros: { glossary: ['Terme'] } };
      peer.write(peer.notification('workspace/didChangeConfiguration', { settings: null }));
      await peer.until(() => peer.logs().some((line) => /indexed \d+ pages .*\(build 2\)/.test(line)), 60_000, 'build 2');
      await peer.until(() => broken().length === 1, 30_000, 'the Terme macro checked');
      expect(broken()[0].severity).toBe(2);
      // A severity: no new build, the page is checked again.
      section = { ...section, severity: { 'templ-broken-link': 'error' } };
      peer.write(peer.notification('workspace/didChangeConfiguration', { settings: null }));
      await peer.until(() => broken()[0]?.severity === 1, 30_000, 'the new severity');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(peer.logs().filter((line) => BUILD_STARTED.test(line))).toHaveLength(2);
      expect(peer.all('workspace/configuration').length).toBe(3);
    } finally {
      expect(await peer.stop()).toBe(0);
    }
  }, 120_000);
});
