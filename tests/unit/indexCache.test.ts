/**
 * The index cache on disk (server/src/content/indexCache.ts): what is saved loads back the same,
 * however many chunks it was written in; a foreign key or a corrupt file is ignored.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiskIndexCache } from '../../server/src/content/indexCache';
import type { CachedPage } from '../../server/src/content/contentIndex';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-cache-unit-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('DiskIndexCache', () => {
  it('loads back what it saved, pages with and without references, over many write chunks', async () => {
    const errors: string[] = [];
    const cache = new DiskIndexCache(dir, (message) => errors.push(message));
    const pages = new Map<string, CachedPage>();
    for (let i = 0; i < 5000; i++) {
      pages.set(`en-us/glossary/term_${i}/index.md`, {
        mtimeMs: 1700000000000 + i,
        size: 100 + i,
        slug: `Glossary/Term_${i}`,
        title: `Term ${i} — "quoted" \\ and ünïcode`,
        pageType: i % 2 ? 'glossary-definition' : undefined,
        sourceCommit: false,
        translationOf: i % 3 === 0,
        outgoing: i % 7 === 0 ? undefined : [`en-us/glossary/term_${(i + 1) % 5000}`, 'en-us/glossary/api'],
      });
    }
    await cache.save('/content/files', 'glossary', pages);
    expect(errors).toEqual([]);
    const loaded = cache.load('/content/files', 'glossary');
    expect(loaded?.size).toBe(pages.size);
    expect(loaded?.get('en-us/glossary/term_41/index.md')).toEqual(JSON.parse(JSON.stringify(pages.get('en-us/glossary/term_41/index.md'))));
    expect(loaded?.get('en-us/glossary/term_42/index.md')?.outgoing).toBeUndefined();
    expect([...loaded!.values()].filter((page) => page.outgoing).length).toBe([...pages.values()].filter((page) => page.outgoing).length);
    // Another reference rule set, or a broken file: not trusted.
    expect(cache.load('/content/files', 'glossary,term')).toBeUndefined();
    fs.writeFileSync(cache.fileFor('/content/files'), '{"version": 2, "pages": [');
    expect(cache.load('/content/files', 'glossary')).toBeUndefined();
    expect(errors.some((message) => /unreadable/.test(message))).toBe(true);
  });
});
