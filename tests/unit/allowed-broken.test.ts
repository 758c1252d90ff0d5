import { describe, expect, it } from 'vitest';
import { ContentIndex } from '../../server/src/content/contentIndex';
import { InMemoryFileSystem } from '../../server/src/content/fileSystem';

const page = '---\ntitle: A\nslug: Web/A\n---\n\nText.\n';

describe('_allowed-broken-links.txt above files/', () => {
  it('is read at build and followed when it changes, appears or goes', async () => {
    const fs = new InMemoryFileSystem({ '/r/files/en-us/web/a/index.md': page, '/r/_allowed-broken-links.txt': '# kept\nWeb/Gone\n' });
    const index = await ContentIndex.build(fs, ['/r/files']);
    expect(index.isAllowedBroken('Web/Gone')).toBe(true);
    expect(index.watches('/r/_allowed-broken-links.txt')).toBe(true);
    expect(index.watches('/elsewhere/_allowed-broken-links.txt')).toBe(false);

    fs.write('/r/_allowed-broken-links.txt', 'Web/Other\n');
    await index.updateFile('/r/_allowed-broken-links.txt', null);
    expect(index.isAllowedBroken('Web/Gone')).toBe(false);
    expect(index.isAllowedBroken('web/other')).toBe(true);

    fs.delete('/r/_allowed-broken-links.txt');
    await index.updateFile('/r/_allowed-broken-links.txt', undefined);
    expect(index.isAllowedBroken('Web/Other')).toBe(false);
  });
});
