#!/usr/bin/env node
// Bundle the VS Code extension (client) and the language server into dist/ with esbuild, so that
// the .vsix needs no node_modules and works offline.
//   dist/extension.js  ← client/src/extension.ts   (CommonJS, `vscode` external)
//   dist/server.js     ← server/src/bin/glossary-lsp.ts (CommonJS, started by the client over node IPC)
//   dist/referenceWorker.js ← server/src/content/referenceWorker.ts (the server's worker thread)
// Usage: node scripts/bundle.mjs [--minify] [--sourcemap] [--outdir DIR]
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? resolve(args[i + 1]) : fallback;
};
const outdir = option('--outdir', join(root, 'dist'));
mkdirSync(outdir, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: flag('--minify'),
  sourcemap: flag('--sourcemap') ? 'linked' : false,
  legalComments: 'none',
  logLevel: 'warning',
  // Prefer dependencies' ES module builds where they ship one (vscode-languageserver ships both;
  // esbuild writes CommonJS either way), else their `main`.
  mainFields: ['module', 'main'],
};

const entries = [
  { in: join(root, 'client/src/extension.ts'), out: join(outdir, 'extension.js'), external: ['vscode'] },
  { in: join(root, 'server/src/bin/glossary-lsp.ts'), out: join(outdir, 'server.js'), external: [] },
  // The server scans references in a worker thread; it looks for this file beside itself.
  { in: join(root, 'server/src/content/referenceWorker.ts'), out: join(outdir, 'referenceWorker.js'), external: [] },
];

const started = Date.now();
await Promise.all(
  entries.map(async (e) => {
    if (!existsSync(e.in)) throw new Error(`bundle: entry point missing: ${e.in}`);
    await esbuild.build({ ...common, entryPoints: [e.in], outfile: e.out, external: e.external });
  }),
);
console.log(`bundle: ${entries.map((e) => e.out.replace(root + '/', '')).join(', ')} in ${Date.now() - started} ms`);
