/**
 * The Node file system's reads (server/src/content/fileSystem.ts) against hostile files: a
 * symbolic link (to a file outside, to /dev/zero), a FIFO, a file over the size limit, a folder
 * linked out of the root. Each is refused at once with a reason, never read, never waited on;
 * sync and async reads alike. Also the editor-text rules shared with the CLI (BOM, NUL, size).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  decodePage,
  decodeText,
  nodeFileSystem,
  PAGE_SIZE_LIMIT,
  readContent,
  readContentSync,
  ReadRefused,
  refusedText,
  sameAsUndecodable,
} from '../../server/src/content/fileSystem';

let dir: string;
let files: string;
let outside: string;
const PAGE = '---\ntitle: T\nslug: Glossary/T\n---\n\nText.\n';

function page(name: string, content: string | Buffer = PAGE): string {
  const file = path.join(files, 'en-us', 'glossary', name, 'index.md');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

function linkPage(name: string, target: string): string {
  const file = path.join(files, 'en-us', 'glossary', name, 'index.md');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.symlinkSync(target, file);
  return file;
}

async function refusal(read: () => unknown): Promise<string> {
  try {
    await read();
  } catch (error) {
    if (error instanceof ReadRefused) return error.reason;
    throw error;
  }
  throw new Error('read, not refused');
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-fs-'));
  files = path.join(dir, 'content', 'files');
  outside = path.join(dir, 'outside');
  fs.mkdirSync(outside, { recursive: true });
  fs.writeFileSync(path.join(outside, 'secret.md'), 'SECRET outside the root\n');
  fs.mkdirSync(path.join(outside, 'folder'), { recursive: true });
  fs.writeFileSync(path.join(outside, 'folder', 'index.md'), 'SECRET in a folder outside the root\n');
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('reads of the Node file system', () => {
  it('reads a regular page, sync and async, and decodes it', async () => {
    const file = page('regular');
    expect((await nodeFileSystem.readFile(file)).toString()).toBe(PAGE);
    expect(readContentSync(file).toString()).toBe(PAGE);
    expect(nodeFileSystem.readPageSync!(file)).toEqual({ text: PAGE });
  });

  it('refuses a symbolic link to a file outside the root without reading it', async () => {
    const file = linkPage('leak', path.join(outside, 'secret.md'));
    expect(await refusal(() => nodeFileSystem.readFile(file))).toBe('symbolic link not followed');
    expect(await refusal(() => readContentSync(file))).toBe('symbolic link not followed');
    expect(nodeFileSystem.readPageSync!(file)).toEqual({ error: 'symbolic link not followed' });
  });

  it('refuses a symbolic link to /dev/zero, and /dev/zero itself, at once', async () => {
    const file = linkPage('zero', '/dev/zero');
    const started = performance.now();
    expect(await refusal(() => nodeFileSystem.readFile(file))).toBe('symbolic link not followed');
    expect(await refusal(() => readContent('/dev/zero'))).toBe('a device, not a regular file: not read');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.skipIf(process.platform === 'win32')('refuses a FIFO named index.md without opening it for a writer (no thread waits)', async () => {
    const file = path.join(files, 'en-us', 'glossary', 'fifo', 'index.md');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    execFileSync('mkfifo', [file]);
    // More reads than libuv has threads (4): none may wait for a writer that never comes.
    const reasons = await Promise.all(Array.from({ length: 8 }, () => refusal(() => nodeFileSystem.readFile(file))));
    expect(new Set(reasons)).toEqual(new Set(['a FIFO, not a regular file: not read']));
    expect(nodeFileSystem.readPageSync!(file)).toEqual({ error: 'a FIFO, not a regular file: not read' });
    // The pool is free: an ordinary asynchronous read still answers.
    expect((await fs.promises.readFile(page('after_fifo'))).toString()).toBe(PAGE);
  });

  it('refuses a page over the size limit from its size, before reading it', async () => {
    const file = page('huge', '');
    fs.truncateSync(file, 48 * 1024 * 1024);
    expect(await refusal(() => nodeFileSystem.readFile(file))).toBe('larger than 5 MB (48.0 MB): skipped');
    expect(nodeFileSystem.readPageSync!(file)).toEqual({ error: 'larger than 5 MB (48.0 MB): skipped' });
    // A page just under the limit is read.
    const under = page('under', 'x'.repeat(PAGE_SIZE_LIMIT));
    expect((await nodeFileSystem.readFile(under)).length).toBe(PAGE_SIZE_LIMIT);
    // Other files (_redirects.txt) have a larger limit.
    const redirects = path.join(files, 'en-us', '_redirects.txt');
    fs.writeFileSync(redirects, 'x'.repeat(PAGE_SIZE_LIMIT + 10));
    expect((await nodeFileSystem.readFile(redirects)).length).toBe(PAGE_SIZE_LIMIT + 10);
  });
});

describe('editor text taken as the file is', () => {
  it('a BOM is dropped, a NUL in the first 8 KiB is binary, a text over 5 MB is skipped', () => {
    expect(decodeText('\ufeff---\n')).toEqual({ text: '---\n' });
    expect(decodePage(Buffer.from('\ufeff---\n'))).toEqual({ text: '---\n' });
    expect(decodeText('abc\0def')).toEqual({ error: 'binary file (contains NUL bytes): skipped' });
    expect(decodePage(Buffer.from('abc\0def'))).toEqual({ error: 'binary file (contains NUL bytes): skipped' });
    expect(decodeText('x'.repeat(9000) + '\0')).toEqual({ text: 'x'.repeat(9000) + '\0' });
    expect(refusedText('é'.repeat(PAGE_SIZE_LIMIT / 2 + 1))).toMatch(/^larger than 5 MB/);
    expect(refusedText('x'.repeat(PAGE_SIZE_LIMIT))).toBeUndefined();
  });

  it('recognizes an editor’s decoding of bytes that are not UTF-8 (replacement characters or Latin-1)', () => {
    const bytes = Buffer.concat([Buffer.from('---\ntitle: Caf'), Buffer.from([0xe9]), Buffer.from('\n---\n')]);
    const decoded = decodePage(bytes);
    expect(decoded).toEqual({ error: 'not valid UTF-8: skipped', bytes });
    expect(sameAsUndecodable(bytes.toString('utf8'), bytes)).toBe(true);
    expect(sameAsUndecodable(bytes.toString('latin1'), bytes)).toBe(true);
    expect(sameAsUndecodable('---\ntitle: Cafe\n---\n', bytes)).toBe(false);
    expect(sameAsUndecodable('---\ntitle: Caf\ufffd!\n---\n', bytes)).toBe(false);
  });
});

// Last: confinement is for the whole process (every index adds its roots).
describe('reads confined to the content roots', () => {
  it('refuses a page whose folder is a symbolic link out of the root', async () => {
    const inside = page('inside');
    const linkedFolder = path.join(files, 'en-us', 'glossary', 'linked');
    fs.symlinkSync(path.join(outside, 'folder'), linkedFolder);
    const through = path.join(linkedFolder, 'index.md');
    // Before any root is known, only the file itself is looked at.
    expect((await nodeFileSystem.readFile(through)).toString()).toContain('SECRET');
    nodeFileSystem.confineTo!([files]);
    expect(await refusal(() => nodeFileSystem.readFile(through))).toBe('reached through a symbolic link: not read');
    expect(nodeFileSystem.readPageSync!(through)).toEqual({ error: 'reached through a symbolic link: not read' });
    expect((await nodeFileSystem.readFile(inside)).toString()).toBe(PAGE);
    // A path outside every root is no content path: only the file itself is looked at.
    expect((await nodeFileSystem.readFile(path.join(outside, 'secret.md'))).toString()).toContain('SECRET');
    // The allowed-broken list above `files/` is a content file too.
    const allowed = path.join(dir, 'content', '_allowed-broken-links.txt');
    fs.writeFileSync(allowed, 'Web/Nope\n');
    expect((await nodeFileSystem.readFile(allowed)).toString()).toBe('Web/Nope\n');
  });

  it('a root reached through a symbolic link is still read (the link is above the root)', async () => {
    const alias = path.join(dir, 'alias');
    fs.symlinkSync(path.join(dir, 'content'), alias);
    const aliasFiles = path.join(alias, 'files');
    nodeFileSystem.confineTo!([aliasFiles]);
    expect((await nodeFileSystem.readFile(path.join(aliasFiles, 'en-us', 'glossary', 'inside', 'index.md'))).toString()).toBe(PAGE);
    expect(await refusal(() => nodeFileSystem.readFile(path.join(aliasFiles, 'en-us', 'glossary', 'linked', 'index.md')))).toBe('reached through a symbolic link: not read');
  });
});
