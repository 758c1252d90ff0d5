/**
 * Settings resolution (server/src/lsp/settings.ts, contentRoots.ts), in process: every shape editors
 * send them in, field checks, layering of sources, and how named roots become `files` folders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { glossaryMacroNames, glossarySection, resolveSettings, settingsPatch } from '../../server/src/lsp/settings';
import { resolveContentRoots } from '../../server/src/lsp/contentRoots';
import { defaultSettings } from '../../server/src/lsp/protocol';

const ROOTS = ['/srv/mdn/content'];

describe('settings in every shape clients send', () => {
  it.each([
    ['Neovim init_options / settings, Helix config, eglot, Zed: {glossary: {...}}', { glossary: { contentRoots: ROOTS } }],
    ['a wrapper: {settings: {glossary: {...}}}', { settings: { glossary: { contentRoots: ROOTS } } }],
    ['the VS Code extension: {settings: <the glossary section>}', { settings: { contentRoots: ROOTS, trace: { server: 'off' } } }],
    ['the section itself (a workspace/configuration answer)', { contentRoots: ROOTS }],
    ['dotted keys', { 'glossary.contentRoots': ROOTS }],
    ['dotted keys inside the section', { glossary: { 'macros.glossary': [], contentRoots: ROOTS } }],
    ['dotted keys in the section itself', { contentRoots: ROOTS, 'validate.onType': true }],
  ])('%s', (_, value) => {
    expect(settingsPatch(value).contentRoots).toEqual(ROOTS);
    expect(resolveSettings(settingsPatch(value)).contentRoots).toEqual(ROOTS);
  });

  it('reads nested and dotted fields alike', () => {
    const nested = settingsPatch({ glossary: { macros: { glossary: ['Term'] }, validate: { onType: false }, severity: { 'only-in-en-us': 'off' }, logLevel: 'debug' } });
    const dotted = settingsPatch({
      'glossary.macros.glossary': ['Term'],
      'glossary.validate.onType': false,
      'glossary.severity': { 'only-in-en-us': 'off' },
      'glossary.logLevel': 'debug',
    });
    expect(dotted).toEqual(nested);
    expect(nested).toEqual({ glossaryMacros: ['Term'], validateOnType: false, severity: { 'only-in-en-us': 'off' }, logLevel: 'debug' });
  });

  it('finds nothing of ours in null, empty or foreign settings', () => {
    for (const value of [null, undefined, {}, [], 'glossary', 42, { settings: {} }, { settings: null }, { python: { path: 'x' } }, { 'other.contentRoots': ROOTS }]) {
      expect(glossarySection(value), JSON.stringify(value)).toBeUndefined();
      expect(settingsPatch(value)).toEqual({});
    }
  });

  it('leaves out ill-formed fields, keeping the default for them', () => {
    const patch = settingsPatch({
      glossary: {
        contentRoots: ['/a', 3, null, '/b'],
        macros: { glossary: 'Term' },
        severity: { 'broken-link': 'loud', 'ill-cased-link': 'hint' },
        validate: { onType: 'yes' },
        logLevel: 'verbose',
      },
    });
    expect(patch).toEqual({ contentRoots: ['/a', '/b'], severity: { 'ill-cased-link': 'hint' } });
    expect(resolveSettings(patch)).toEqual({ ...defaultSettings, contentRoots: ['/a', '/b'], severity: { 'ill-cased-link': 'hint' } });
  });

  it("layers sources field by field: defaults, then initializationOptions, then the client's latest", () => {
    const initial = settingsPatch({ glossary: { contentRoots: ROOTS, logLevel: 'debug' } });
    const client = settingsPatch({ macros: { glossary: ['Term'] }, logLevel: 'warn' });
    expect(resolveSettings(initial, client)).toEqual({ ...defaultSettings, contentRoots: ROOTS, macros: { glossary: ['Term'] }, logLevel: 'warn' });
    // A client answer with no settings of ours leaves initializationOptions in force.
    expect(resolveSettings(initial, settingsPatch(null)).contentRoots).toEqual(ROOTS);
  });

  it("reads glossary.aliases: a term's list of strings (other items dropped), or false; a term with a dot in it stays whole", () => {
    const patch = settingsPatch({ glossary: { aliases: { Polyfill: ['polyfills', 3, 'shim'], API: false, 'Node.js': ['node'], Bad: 'word', Worse: true } } });
    expect(patch.aliases).toEqual({ Polyfill: ['polyfills', 'shim'], API: false, 'Node.js': ['node'] });
    expect(settingsPatch({ 'glossary.aliases': { API: false } }).aliases).toEqual({ API: false });
    expect(settingsPatch({ glossary: { aliases: ['API'] } })).toEqual({});
    expect(resolveSettings().aliases).toEqual({});
    expect(resolveSettings(settingsPatch({ glossary: { aliases: { API: false } } }), settingsPatch({ logLevel: 'warn' })).aliases).toEqual({ API: false });
  });

  it("names the Glossary-like macros in lowercase, sorted, with MDN's own", () => {
    expect(glossaryMacroNames(resolveSettings(settingsPatch({ glossary: { macros: { glossary: ['Term', 'term', 'Abbr'] } } })))).toEqual(['abbr', 'glossary', 'term']);
  });
});

describe('content roots from what is named', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-roots-'));
    for (const locale of ['content/files/en-us', 'translated/files/fr']) fs.mkdirSync(path.join(dir, locale, 'glossary'), { recursive: true });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('resolves workspace folders, settings (relative to the first folder) and the environment, each once', async () => {
    const said: string[] = [];
    const roots = await resolveContentRoots(
      {
        workspaceFolders: [path.join(dir, 'translated'), path.join(dir, 'translated/files/fr/glossary')],
        settingRoots: ['../content', path.join(dir, 'content/files'), path.join(dir, 'missing')],
        discovered: [],
        env: { CONTENT_ROOT: path.join(dir, 'content') },
      },
      (message) => said.push(message),
    );
    expect(roots).toEqual([path.join(dir, 'translated/files'), path.join(dir, 'content/files')]);
    expect(said).toEqual([`not a content root: content root ${path.join(dir, 'missing')} does not exist`]);
  });
});
