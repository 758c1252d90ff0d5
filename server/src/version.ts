/**
 * The package's version, for `--version` and the server's `initialize` answer. `require`, not
 * `import`: package.json lies outside `rootDir`, and esbuild inlines it into the bundled server.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const VERSION: string = require('../../package.json').version;
