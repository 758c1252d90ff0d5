#!/usr/bin/env node
// The `glossary-lsp` command. It is a plain file (not compiled) so that `npm ci` can link it
// before anything is built; the code itself is compiled to ../out by `npm run build`.
'use strict';
const path = require('node:path');
const entry = path.join(__dirname, '..', 'out', 'bin', 'glossary-lsp.js');
try {
  require.resolve(entry);
} catch {
  process.stderr.write(`glossary-lsp: not built yet (${entry} is missing): run \`npm run build\` in the repository first.\n`);
  process.exit(2);
}
require(entry);
