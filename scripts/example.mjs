// `npm start`: check the example content tree, whose pages hold deliberate mistakes. The checker
// exits 1 when it finds something (that is what CI wants); here findings are the expected result.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { status } = spawnSync(
  process.execPath,
  [path.join(repo, 'server/out/bin/glossary-lsp.js'), 'check', '--root', path.join(repo, 'examples/content'), ...process.argv.slice(2)],
  {
    cwd: repo,
    stdio: 'inherit',
  },
);
if (status === 1) {
  console.log('\nThe example tree has deliberate mistakes, so the checker found some (exit code 1, as CI would see it).');
  console.log('Try it on your own content: npx glossary-lsp check --root /path/to/content/files');
  process.exit(0);
}
process.exit(status ?? 2);
