/**
 * How real clients start a server, message for message, as their sources do it:
 * - VS Code: vscode-languageclient 9.0.1 (node_modules/vscode-languageclient/lib/common/client.js
 *   `doInitialize`: initialize, then `initialized`, then every feature's `initialize()` at once —
 *   SyncConfigurationFeature pushes the `glossary` section with didChangeConfiguration, the
 *   document sync sends didOpen for open documents, the diagnostic feature pulls them), with this
 *   repository's extension (initializationOptions `{settings: <the glossary section>}`). When the
 *   server registers didChangeConfiguration, the client pushes the section again.
 * - Neovim 0.7.2 (runtime/lua/vim/lsp.lua `start_client`): initializationOptions = `init_options`;
 *   in the initialize callback, `initialized`, then `on_init` (where users send
 *   didChangeConfiguration with `settings`), then didOpen for attached buffers, all in one go.
 *   Capabilities from protocol.make_client_capabilities(): no workspace/configuration, no dynamic
 *   registration, no pull diagnostics, workDoneProgress.
 * - eglot 1.9 (eglot.el `eglot--connect`): initializationOptions `{}`; `initialized`, didOpen for
 *   managed buffers, then eglot-connect-hook's didChangeConfiguration with
 *   `eglot-workspace-configuration`; answers workspace/configuration from it. Dynamic registration
 *   of watched files only; no progress, no pull.
 * - Helix (helix-lsp client.rs / helix-term application.rs): initializationOptions = `config`;
 *   on `initialized`, didChangeConfiguration with `config`, and didOpen; answers
 *   workspace/configuration by looking the section up in `config`.
 */
import type { ClientCapabilities } from 'vscode-languageserver-protocol';
import { Message, ReplayPeer, uriOf } from './replay';

export interface Start {
  /** Where the client's workspace is. */
  workspace: string;
  /** The glossary settings the user gave this client. */
  section: { contentRoots: string[] };
  /** The page the editor has open. */
  document: { path: string; text: string };
  /** Requests the user makes at once (sent right after the start sequence, in the same write). */
  requests?: Message[];
}

export interface ClientProfile {
  name: string;
  /** Runs the client's start sequence; resolves once the last message of it is written. */
  start(peer: ReplayPeer, start: Start): Promise<void>;
  /** Whether the client pulls diagnostics (else the server pushes them). */
  pulls: boolean;
}

const didOpen = (peer: ReplayPeer, document: Start['document']) =>
  peer.notification('textDocument/didOpen', { textDocument: { uri: uriOf(document.path), languageId: 'markdown', version: 1, text: document.text } });

/** Neovim's vim.lsp.util.lookup_section, Helix's config lookup: the value at a dotted section path. */
function lookup(settings: Record<string, unknown>, section: string | undefined): unknown {
  if (!section) return settings;
  let value: unknown = settings;
  for (const key of section.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value ?? null;
}

async function initialize(peer: ReplayPeer, params: Record<string, unknown>): Promise<void> {
  await peer.send('initialize', { processId: process.pid, ...params });
}

export const VSCODE_CAPABILITIES = {
  workspace: {
    applyEdit: true,
    workspaceEdit: {
      documentChanges: true,
      resourceOperations: ['create', 'rename', 'delete'],
      failureHandling: 'textOnlyTransactional',
      normalizesLineEndings: true,
      changeAnnotationSupport: { groupsOnLabel: true },
    },
    configuration: true,
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    symbol: { dynamicRegistration: true, resolveSupport: { properties: ['location.range'] } },
    codeLens: { refreshSupport: true },
    executeCommand: { dynamicRegistration: true },
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceFolders: true,
    semanticTokens: { refreshSupport: true },
    fileOperations: { dynamicRegistration: true, didCreate: true, didRename: true, didDelete: true, willCreate: true, willRename: true, willDelete: true },
    inlineValue: { refreshSupport: true },
    inlayHint: { refreshSupport: true },
    diagnostics: { refreshSupport: true },
  },
  textDocument: {
    publishDiagnostics: { relatedInformation: true, versionSupport: false, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, dataSupport: true },
    synchronization: { dynamicRegistration: true, willSave: true, willSaveWaitUntil: true, didSave: true },
    completion: {
      dynamicRegistration: true,
      contextSupport: true,
      completionItem: {
        snippetSupport: true,
        commitCharactersSupport: true,
        documentationFormat: ['markdown', 'plaintext'],
        deprecatedSupport: true,
        preselectSupport: true,
        tagSupport: { valueSet: [1] },
        insertReplaceSupport: true,
        resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] },
        insertTextModeSupport: { valueSet: [1, 2] },
        labelDetailsSupport: true,
      },
      insertTextMode: 2,
      completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
    },
    hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
    signatureHelp: {
      dynamicRegistration: true,
      signatureInformation: { documentationFormat: ['markdown', 'plaintext'], parameterInformation: { labelOffsetSupport: true }, activeParameterSupport: true },
      contextSupport: true,
    },
    definition: { dynamicRegistration: true, linkSupport: true },
    references: { dynamicRegistration: true },
    codeAction: {
      dynamicRegistration: true,
      isPreferredSupport: true,
      disabledSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
      codeActionLiteralSupport: {
        codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.extract', 'refactor.inline', 'refactor.rewrite', 'source', 'source.organizeImports'] },
      },
      honorsChangeAnnotations: false,
    },
    documentLink: { dynamicRegistration: true, tooltipSupport: true },
    rename: { dynamicRegistration: true, prepareSupport: true, prepareSupportDefaultBehavior: 1, honorsChangeAnnotations: true },
    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
  },
  window: { showMessage: { messageActionItem: { additionalPropertiesSupport: true } }, showDocument: { support: true }, workDoneProgress: true },
  general: {
    staleRequestSupport: {
      cancel: true,
      retryOnContentModified: ['textDocument/semanticTokens/full', 'textDocument/semanticTokens/range', 'textDocument/semanticTokens/full/delta'],
    },
    regularExpressions: { engine: 'ECMAScript', version: 'ES2020' },
    markdown: { parser: 'marked', version: '1.1.0' },
    positionEncodings: ['utf-16'],
  },
} as ClientCapabilities;

export const NEOVIM_07_CAPABILITIES = {
  textDocument: {
    synchronization: { dynamicRegistration: false, willSave: false, willSaveWaitUntil: false, didSave: true },
    codeAction: {
      dynamicRegistration: false,
      codeActionLiteralSupport: {
        codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.extract', 'refactor.inline', 'refactor.rewrite', 'source', 'source.organizeImports'] },
      },
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
    },
    completion: {
      dynamicRegistration: false,
      completionItem: { snippetSupport: false, commitCharactersSupport: false, preselectSupport: false, deprecatedSupport: false, documentationFormat: ['markdown', 'plaintext'] },
      contextSupport: false,
    },
    declaration: { linkSupport: true },
    definition: { linkSupport: true },
    hover: { dynamicRegistration: false, contentFormat: ['markdown', 'plaintext'] },
    signatureHelp: {
      dynamicRegistration: false,
      signatureInformation: { activeParameterSupport: true, documentationFormat: ['markdown', 'plaintext'], parameterInformation: { labelOffsetSupport: true } },
    },
    references: { dynamicRegistration: false },
    rename: { dynamicRegistration: false, prepareSupport: true },
    publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] } },
  },
  workspace: {
    symbol: { dynamicRegistration: false, hierarchicalWorkspaceSymbolSupport: true },
    workspaceFolders: true,
    applyEdit: true,
    workspaceEdit: { resourceOperations: ['rename', 'create', 'delete'] },
  },
  window: { workDoneProgress: true, showMessage: { messageActionItem: { additionalPropertiesSupport: false } }, showDocument: { support: false } },
} as ClientCapabilities;

export const EGLOT_19_CAPABILITIES = {
  workspace: {
    applyEdit: true,
    executeCommand: { dynamicRegistration: false },
    workspaceEdit: { documentChanges: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    symbol: { dynamicRegistration: false },
    configuration: true,
    workspaceFolders: true,
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, willSave: true, willSaveWaitUntil: true, didSave: true },
    completion: { dynamicRegistration: false, completionItem: { snippetSupport: false, deprecatedSupport: true, tagSupport: { valueSet: [1] } }, contextSupport: true },
    hover: { dynamicRegistration: false, contentFormat: ['plaintext'] },
    signatureHelp: { dynamicRegistration: false, signatureInformation: { parameterInformation: { labelOffsetSupport: true }, activeParameterSupport: true } },
    references: { dynamicRegistration: false },
    definition: { dynamicRegistration: false, linkSupport: true },
    codeAction: {
      dynamicRegistration: false,
      codeActionLiteralSupport: {
        codeActionKind: { valueSet: ['quickfix', 'refactor', 'refactor.extract', 'refactor.inline', 'refactor.rewrite', 'source', 'source.organizeImports'] },
      },
      isPreferredSupport: true,
    },
    rename: { dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: false, codeDescriptionSupport: false, tagSupport: { valueSet: [1, 2] } },
  },
  experimental: {},
} as ClientCapabilities;

export const HELIX_CAPABILITIES = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: false },
    workspaceFolders: true,
    applyEdit: true,
    symbol: { dynamicRegistration: false },
    executeCommand: { dynamicRegistration: false },
    inlayHint: { refreshSupport: false },
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'], failureHandling: 'abort', normalizesLineEndings: false },
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: false },
    fileOperations: { willRename: true, didRename: true },
  },
  textDocument: {
    completion: {
      completionItem: {
        snippetSupport: true,
        resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] },
        insertReplaceSupport: true,
        deprecatedSupport: true,
        tagSupport: { valueSet: [1] },
      },
      completionItemKind: {},
    },
    hover: { contentFormat: ['markdown'] },
    signatureHelp: { signatureInformation: { documentationFormat: ['markdown'], parameterInformation: { labelOffsetSupport: true }, activeParameterSupport: true } },
    rename: { dynamicRegistration: false, prepareSupport: true, honorsChangeAnnotations: false },
    codeAction: { isPreferredSupport: true, disabledSupport: true, dataSupport: true, resolveSupport: { properties: ['edit', 'command'] } },
    publishDiagnostics: { versionSupport: true, tagSupport: { valueSet: [1, 2] } },
  },
  window: { workDoneProgress: true },
  general: { positionEncodings: ['utf-8', 'utf-32', 'utf-16'] },
} as ClientCapabilities;

export const vscode: ClientProfile = {
  name: 'VS Code (vscode-languageclient 9.0.1)',
  pulls: true,
  async start(peer, { workspace, section, document, requests = [] }) {
    // The glossary section as VS Code's getConfiguration('glossary') gives it, defaults filled in.
    const full = { contentRoots: section.contentRoots, macros: { glossary: [] }, severity: {}, validate: { onType: true }, logLevel: 'info', trace: { server: 'off' } };
    const push = () => peer.notification('workspace/didChangeConfiguration', { settings: { glossary: full } });
    peer.answer('workspace/configuration', (params: { items: Array<{ section?: string }> }) => params.items.map((item) => (item.section === 'glossary' ? full : null)));
    peer.answer('client/registerCapability', (params: { registrations: Array<{ method: string }> }) => {
      // SyncConfigurationFeature.register pushes the section at once.
      if (params.registrations.some((registration) => registration.method === 'workspace/didChangeConfiguration')) setImmediate(() => peer.write(push()));
      return null;
    });
    const uri = uriOf(workspace);
    await initialize(peer, {
      clientInfo: { name: 'Visual Studio Code', version: '1.91.0' },
      locale: 'en',
      rootPath: workspace,
      rootUri: uri,
      capabilities: VSCODE_CAPABILITIES,
      initializationOptions: { settings: full },
      trace: 'off',
      workspaceFolders: [{ uri, name: 'translated-content' }],
    });
    const open = uriOf(document.path);
    peer.write(
      peer.notification('initialized', {}),
      push(),
      didOpen(peer, document),
      peer.request('textDocument/diagnostic', { identifier: 'glossary', textDocument: { uri: open } }).message,
      peer.request('textDocument/documentLink', { textDocument: { uri: open } }).message,
      ...requests,
    );
  },
};

/** Neovim 0.7 with the docs/editors.md set-up: `settings` (sent in on_init), and `init_options` unless `withInitOptions` is false. */
export function neovim07(withInitOptions = true): ClientProfile {
  return {
    name: `Neovim 0.7.2 (${withInitOptions ? 'init_options + settings' : 'settings only'}, didChangeConfiguration in on_init)`,
    pulls: false,
    async start(peer, { workspace, section, document, requests = [] }) {
      const settings = { glossary: section };
      peer.answer('workspace/configuration', (params: { items: Array<{ section?: string }> }) => params.items.map((item) => lookup(settings, item.section)));
      const uri = uriOf(workspace);
      await initialize(peer, {
        clientInfo: { name: 'Neovim', version: '0.7.2' },
        rootPath: workspace,
        rootUri: uri,
        workspaceFolders: [{ uri, name: workspace }],
        ...(withInitOptions ? { initializationOptions: settings } : {}),
        capabilities: NEOVIM_07_CAPABILITIES,
        trace: 'off',
      });
      peer.write(peer.notification('initialized', {}), peer.notification('workspace/didChangeConfiguration', { settings }), didOpen(peer, document), ...requests);
    },
  };
}

export const eglot19: ClientProfile = {
  name: 'Emacs + eglot 1.9',
  pulls: false,
  async start(peer, { workspace, section, document, requests = [] }) {
    const configuration = { glossary: section };
    peer.answer('workspace/configuration', (params: { items: Array<{ section?: string }> }) => params.items.map((item) => lookup(configuration, item.section)));
    await initialize(peer, {
      rootPath: workspace + '/',
      rootUri: uriOf(workspace),
      initializationOptions: {},
      capabilities: EGLOT_19_CAPABILITIES,
      workspaceFolders: [{ uri: uriOf(workspace), name: workspace + '/' }],
    });
    peer.write(peer.notification('initialized', {}), didOpen(peer, document), peer.notification('workspace/didChangeConfiguration', { settings: configuration }), ...requests);
  },
};

export const helix: ClientProfile = {
  name: 'Helix (config as initializationOptions)',
  pulls: false,
  async start(peer, { workspace, section, document, requests = [] }) {
    const config = { glossary: section };
    peer.answer('workspace/configuration', (params: { items: Array<{ section?: string }> }) => params.items.map((item) => lookup(config, item.section)));
    const uri = uriOf(workspace);
    await initialize(peer, {
      workspaceFolders: [{ uri, name: 'translated-content' }],
      rootPath: workspace,
      rootUri: uri,
      initializationOptions: config,
      capabilities: HELIX_CAPABILITIES,
      clientInfo: { name: 'helix', version: '25.1' },
    });
    peer.write(peer.notification('initialized', {}), peer.notification('workspace/didChangeConfiguration', { settings: config }), didOpen(peer, document), ...requests);
  },
};

/**
 * A client in a hurry: didOpen (and the user's requests) before `initialized`, and a slow answer to
 * workspace/configuration, so that everything arrives while the server is still handling `initialized`.
 */
export const early: ClientProfile = {
  name: 'a client that sends didOpen before `initialized` is handled',
  pulls: false,
  async start(peer, { workspace, section, document, requests = [] }) {
    peer.answer(
      'workspace/configuration',
      (params: { items: Array<{ section?: string }> }) =>
        new Promise((resolve) => setTimeout(() => resolve(params.items.map((item) => lookup({ glossary: section }, item.section))), 400)),
    );
    const uri = uriOf(workspace);
    await initialize(peer, {
      rootUri: uri,
      workspaceFolders: [{ uri, name: 'translated-content' }],
      capabilities: { workspace: { configuration: true, workspaceFolders: true }, window: { workDoneProgress: true }, textDocument: { publishDiagnostics: {} } },
    });
    peer.write(didOpen(peer, document), ...requests, peer.notification('initialized', {}));
  },
};
