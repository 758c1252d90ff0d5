/**
 * Neovim (Debian's 0.7.2, headless, built-in LSP client) against the built server:
 * completion, hover and pushed diagnostics on a scratch copy of examples/content.
 * The editor side is neovim-client.lua; the assertions are in harness.ts.
 */
import * as path from 'node:path';
import { editorSuite, nvimAvailable } from './harness';

editorSuite('Neovim', nvimAvailable, {
  command: 'nvim',
  args: ['--headless', '--clean', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(__dirname, 'neovim-client.lua')}`],
  // vim.lsp logs here (XDG_CACHE_HOME is the scratch dir's cache/); the server's stderr lands in it too.
  logFile: (scratch) => path.join(scratch, 'cache', 'nvim', 'lsp.log'),
});
