/**
 * The files and disks of edits.test.ts over its copy of the corpus: listing a folder, recording
 * every path the server (or an applied edit) touches, and `_redirects.txt` as MDN's build checks it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFileSystem } from '../../server/src/content/fileSystem';
import { splitLines } from '../../server/src/syntax/positions';
import { ReadText } from '../../server/src/features/findReferences';
import { RenameFiles } from '../../server/src/features/rename';
import { Disk } from '../helpers/workspaceEdit';

/** Every file under a folder, relative to it. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const at = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(at).map((file) => path.join(entry.name, file)));
    else out.push(entry.name);
  }
  return out.sort();
}

/** A disk that records every path it is asked about. */
export function recording(disk: Disk, touched: string[]): Disk {
  const wrap =
    <A extends unknown[], R>(fn: (path: string, ...rest: A) => R) =>
    (p: string, ...rest: A) => {
      touched.push(p);
      return fn(p, ...rest);
    };
  return {
    kind: wrap(disk.kind),
    read: wrap(disk.read),
    write: wrap(disk.write),
    mkdir: wrap(disk.mkdir),
    rename: (from, to) => {
      touched.push(from, to);
      disk.rename(from, to);
    },
    remove: wrap(disk.remove),
    list: wrap(disk.list),
  };
}

/** `_redirects.txt` problems as MDN's build sees them: chains, self-redirects, duplicate sources, sources that are pages. */
export function redirectViolations(text: string, isPage: (url: string) => boolean): string[] {
  const found: string[] = [];
  const rows = new Map<string, string>();
  for (const { text: row } of splitLines(text)) {
    if (!row || row.startsWith('#')) continue;
    const [from, to] = row.split('\t').map((part) => part.trim());
    if (rows.has(from.toLowerCase())) found.push(`duplicate source ${from}`);
    rows.set(from.toLowerCase(), to);
    if (to.split('#')[0] === from) found.push(`self-redirect ${from}`);
    if (isPage(from)) found.push(`source is a page: ${from}`);
  }
  for (const [from, to] of rows) if (rows.has(to.split('#')[0].toLowerCase()) && to.split('#')[0].toLowerCase() !== from) found.push(`chain ${from} → ${to}`);
  return found;
}

/** The server's reads and probes of the real disk for a rename, each path recorded in `touched`. */
export function recordingServerFiles(touched: string[]): { readText: ReadText; probe: RenameFiles } {
  const readText: ReadText = async (file) => {
    touched.push(file);
    try {
      return { text: fs.readFileSync(file, 'utf8'), version: null };
    } catch {
      return undefined;
    }
  };
  const probe: RenameFiles = {
    kindOf: async (p) => {
      touched.push(p);
      return nodeFileSystem.kindOf(p);
    },
    readDirectory: async (p) => {
      touched.push(p);
      return nodeFileSystem.readDirectory(p);
    },
    realPathSync: (p) => {
      touched.push(p);
      return nodeFileSystem.realPathSync!(p);
    },
  };
  return { readText, probe };
}
