import { afterAll, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ContentIndex } from '../../server/src/content/contentIndex';
import { nodeFileSystem } from '../../server/src/content/fileSystem';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-symlink-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('a locale folder that is a symbolic link is not followed, and says so', async () => {
  fs.mkdirSync(path.join(dir, 'files/fr/web'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'files/fr/web/index.md'), '---\ntitle: Web\nslug: Web\n---\n\nLe Web.\n');
  fs.symlinkSync(path.join(dir, 'files/fr'), path.join(dir, 'files/de'));
  const index = await ContentIndex.build(nodeFileSystem, [path.join(dir, 'files')]);
  expect(index.page('fr', 'Web')?.title).toBe('Web');
  expect(index.page('de', 'Web')).toBeUndefined();
  expect(index.problems()).toContainEqual({ path: path.join(dir, 'files/de'), message: 'symbolic link not followed (a locale folder must be a real folder)' });
});
