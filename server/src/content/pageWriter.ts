/**
 * How a page is written back to disk (`check --fix`): atomically, through a hidden temporary file
 * next to it, never over a file that changed since it was read; and how the temporary files of a
 * run that was killed are cleaned up.
 */
import { closeSync, fsyncSync, lstatSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import * as nodePath from 'node:path';
import { decodePage } from './pageText';

/** The temporary file a write goes through: hidden, named after the page, the process and this tool. */
const TEMP_SUFFIX = '.glossary-lsp.tmp';
const tempName = (path: string, pid: number) => nodePath.join(nodePath.dirname(path), `.${nodePath.basename(path)}.${pid}${TEMP_SUFFIX}`);

/**
 * Temporary files of runs that were killed before they could clean up (`kill -9`): ours by name,
 * next to `path`, from a process that is gone (or is this one). They hold a copy of a page, never
 * the only one, so removing them loses nothing.
 */
export function removeStaleTempFiles(path: string): void {
  const prefix = `.${nodePath.basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(nodePath.dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) continue;
    const pid = Number(name.slice(prefix.length, -TEMP_SUFFIX.length));
    if (!Number.isInteger(pid) || (pid !== process.pid && processAlive(pid))) continue;
    try {
      unlinkSync(nodePath.join(nodePath.dirname(path), name));
    } catch {
      // gone already, or not ours to remove
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Replace a page's text atomically (a temporary file, then a rename), keeping its BOM and mode,
 * refusing when the file changed since it was read (its text is no longer `expected`). Returns
 * why it was not written, or undefined. `readSafely` is the content read (no link followed, no
 * FIFO or device opened): a page swapped for one since it was checked is refused, never read.
 */
export function writePageAtomically(path: string, expected: string, text: string, readSafely: (path: string) => Buffer): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readSafely(path);
  } catch (error) {
    return `cannot read: ${(error as Error).message}`;
  }
  const decoded = decodePage(bytes);
  if (!('text' in decoded) || decoded.text !== expected) return 'the file changed while it was checked; not fixed';
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? '\uFEFF' : '';
  const temp = tempName(path, process.pid);
  try {
    const fd = openSync(temp, 'wx', lstatSync(path).mode);
    try {
      writeSync(fd, bom + text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    return undefined;
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // nothing left behind
    }
    return `cannot write: ${(error as Error).message}`;
  }
}
