// Lint: typescript-eslint's recommended rules, plus the layering of ARCHITECTURE.md as rules.
// Data flows one way: text → syntax → content (index) → resolve → features ← lsp / cli.
// A layer may import only the layers below it; the client only the shared protocol file.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

const src = './server/src';
const layers = ['syntax', 'content', 'resolve', 'features', 'lsp', 'cli', 'bin'];
const above = (layer) => layers.slice(layers.indexOf(layer) + 1).map((l) => `${src}/${l}`);
const zone = (layer, from, message) => ({ target: `${src}/${layer}`, from, message });

const layerZones = [
  zone('syntax', [...above('syntax'), `${src}/index.ts`], 'syntax/ is pure scanning: it imports nothing of ours.'),
  zone('content', [...above('content'), `${src}/index.ts`], 'content/ (the index) imports only syntax/.'),
  zone('resolve', [...above('resolve'), `${src}/index.ts`], 'resolve/ imports only syntax/ and content/.'),
  zone('features', [...above('features'), `${src}/index.ts`], 'features/ imports only syntax/, content/ and resolve/: no connection, no CLI.'),
  // lsp/ and cli/ are two front ends side by side: each uses the layers below, never the other.
  zone('lsp', [`${src}/cli`, `${src}/bin`, `${src}/index.ts`], 'lsp/ imports the layers below it, not the CLI.'),
  zone('cli', [`${src}/lsp`, `${src}/bin`, `${src}/index.ts`], 'cli/ imports the layers below it, not the language server.'),
  {
    target: './client/src',
    from: './server/src',
    except: ['./lsp/protocol.ts'],
    message: 'The client starts the server; it shares only server/src/lsp/protocol.ts.',
  },
];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/out/**', 'dist/**', 'coverage/**', '.vscode-test/**', 'bench/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.mts', '.js', '.mjs', '.json', '.d.ts'] })],
    },
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        __dirname: 'readonly',
        __filename: 'readonly',
        require: 'readonly',
        module: 'writable',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        clearImmediate: 'readonly',
        queueMicrotask: 'readonly',
        structuredClone: 'readonly',
        URL: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        performance: 'readonly',
        globalThis: 'readonly',
      },
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // The server's launcher is a plain CommonJS file, so that `npm ci` can link it before a build.
    files: ['server/bin/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // These read JSON that editors and raw peers write, whatever its shape.
    files: ['tests/editors/harness.ts', 'tests/editors/plan.ts', 'tests/lsp/replay.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
