/**
 * `check --fix` writes pages through `nodeFileSystem.writePage`: a page swapped since it was
 * checked (for a link out of the tree, a FIFO, other text) is refused, never read through or
 * written over; a plain page is replaced atomically with its BOM and mode kept.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../server/src/content/fileSystem';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-writer-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (file: string, expected: string, text: string) => nodeFileSystem.writePage!(file, expected, text);
const leftovers = () => fs.readdirSync(dir).filter((name) => name.endsWith('.glossary-lsp.tmp'));

describe('writePage (check --fix)', () => {
  it('replaces a page atomically, keeping its BOM, line endings and mode', () => {
    const file = path.join(dir, 'index.md');
    fs.writeFileSync(file, '\uFEFF---\r\ntitle: A\r\n---\r\nold\r\n', { mode: 0o640 });
    expect(write(file, '---\r\ntitle: A\r\n---\r\nold\r\n', '---\r\ntitle: A\r\n---\r\nnew\r\n')).toBeUndefined();
    expect(fs.readFileSync(file, 'utf8')).toBe('\uFEFF---\r\ntitle: A\r\n---\r\nnew\r\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(leftovers()).toEqual([]);
  });

  it('refuses a page whose text changed since it was checked', () => {
    const file = path.join(dir, 'index.md');
    fs.writeFileSync(file, 'edited meanwhile\n');
    expect(write(file, 'as checked\n', 'fixed\n')).toMatch(/changed/);
    expect(fs.readFileSync(file, 'utf8')).toBe('edited meanwhile\n');
  });

  it('refuses a page that became a link to a file outside the tree: neither file is read through or written', () => {
    const outside = path.join(dir, 'outside.md');
    fs.writeFileSync(outside, 'as checked\n');
    const file = path.join(dir, 'index.md');
    fs.symlinkSync(outside, file);
    expect(write(file, 'as checked\n', 'fixed\n')).toMatch(/^cannot read/);
    expect(fs.readFileSync(outside, 'utf8')).toBe('as checked\n');
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(leftovers()).toEqual([]);
  });

  it('refuses a page that became a FIFO, at once (no writer is waited for)', () => {
    const file = path.join(dir, 'index.md');
    execFileSync('mkfifo', [file]);
    expect(write(file, 'as checked\n', 'fixed\n')).toMatch(/^cannot read/);
    expect(fs.lstatSync(file).isFIFO()).toBe(true);
  }, 5_000);
});
