/**
 * Emacs 28 + eglot (Debian's emacs-nox + elpa-eglot, batch mode) against the built server:
 * completion, hover and pushed diagnostics on a scratch copy of examples/content.
 * The editor side is emacs-client.el; the assertions are in harness.ts.
 */
import * as path from 'node:path';
import { editorSuite, emacsEglotAvailable } from './harness';

editorSuite('Emacs + eglot', emacsEglotAvailable, {
  command: 'emacs',
  args: ['-Q', '--batch', '-l', path.join(__dirname, 'emacs-client.el')],
});
