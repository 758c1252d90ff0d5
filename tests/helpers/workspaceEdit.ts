/**
 * A workspace edit applied exactly as the LSP specification defines it, on a disk in memory or the
 * real one: `documentChanges` in order; CreateFile, RenameFile and DeleteFile with their options
 * (`overwrite` wins over `ignoreIfExists`; a rename onto an existing path without either fails; a
 * non-empty folder is deleted only with `recursive`); each TextDocumentEdit against the file's
 * current text, through vscode-languageserver-textdocument (LSP's own line and UTF-16 rules, not
 * ours), with its version checked when it has one; the first failure stops everything after it
 * (`failureHandling: abort`). Whether a client creates the parent folders of a new path is an
 * option: the specification leaves it open, VS Code does, Neovim before 0.10 does not.
 *
 * Every path the edit touches is recorded, so a test can say nothing outside the roots was.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CreateFile, DeleteFile, RenameFile, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { DirectoryEntry, EntryKind } from '../../server/src/content/fileSystem';

/** The few things a workspace edit does to a disk. Paths are absolute. */
export interface Disk {
  kind(path: string): 'file' | 'directory' | undefined;
  read(path: string): string;
  write(path: string, text: string): void;
  /** One level: the parent must exist. */
  mkdir(path: string): void;
  /** A file or a folder; the destination's parent must exist and the destination must not. */
  rename(from: string, to: string): void;
  remove(path: string): void;
  list(path: string): string[];
}

/** Files and folders in memory; folders are explicit (an emptied folder stays until removed). */
export class MemoryDisk implements Disk {
  readonly files = new Map<string, string>();
  readonly dirs = new Set<string>(['/']);

  constructor(files: Record<string, string> = {}) {
    for (const [path, text] of Object.entries(files)) {
      for (let dir = nodePath.dirname(path); !this.dirs.has(dir); dir = nodePath.dirname(dir)) this.dirs.add(dir);
      this.files.set(path, text);
    }
  }

  kind(path: string) {
    return this.files.has(path) ? 'file' : this.dirs.has(path) ? 'directory' : undefined;
  }
  read(path: string) {
    const text = this.files.get(path);
    if (text === undefined) throw new Error(`ENOENT: ${path}`);
    return text;
  }
  write(path: string, text: string) {
    if (this.kind(nodePath.dirname(path)) !== 'directory') throw new Error(`ENOENT: no folder ${nodePath.dirname(path)}`);
    if (this.dirs.has(path)) throw new Error(`EISDIR: ${path}`);
    this.files.set(path, text);
  }
  mkdir(path: string) {
    if (this.kind(nodePath.dirname(path)) !== 'directory') throw new Error(`ENOENT: no folder ${nodePath.dirname(path)}`);
    if (this.kind(path)) throw new Error(`EEXIST: ${path}`);
    this.dirs.add(path);
  }
  rename(from: string, to: string) {
    const kind = this.kind(from);
    if (!kind) throw new Error(`ENOENT: ${from}`);
    if (this.kind(nodePath.dirname(to)) !== 'directory') throw new Error(`ENOENT: no folder ${nodePath.dirname(to)}`);
    if (this.kind(to)) throw new Error(`EEXIST: ${to}`);
    if (to.startsWith(from + '/')) throw new Error(`EINVAL: ${to} is inside ${from}`);
    const move = (path: string) => to + path.slice(from.length);
    if (kind === 'file') {
      this.files.set(to, this.files.get(from)!);
      this.files.delete(from);
      return;
    }
    for (const [path, text] of [...this.files])
      if (path.startsWith(from + '/')) {
        this.files.delete(path);
        this.files.set(move(path), text);
      }
    for (const dir of [...this.dirs])
      if (dir === from || dir.startsWith(from + '/')) {
        this.dirs.delete(dir);
        this.dirs.add(move(dir));
      }
  }
  remove(path: string) {
    if (this.files.delete(path)) return;
    for (const file of [...this.files.keys()]) if (file.startsWith(path + '/')) this.files.delete(file);
    for (const dir of [...this.dirs]) if (dir === path || dir.startsWith(path + '/')) this.dirs.delete(dir);
  }
  list(path: string) {
    const prefix = path.endsWith('/') ? path : path + '/';
    const names = new Set<string>();
    for (const entry of [...this.files.keys(), ...this.dirs]) if (entry.startsWith(prefix) && entry !== path) names.add(entry.slice(prefix.length).split('/')[0]);
    return [...names].sort();
  }
  /** The files as a record, for comparisons. */
  snapshot(): Record<string, string> {
    return Object.fromEntries([...this.files].sort(([a], [b]) => a.localeCompare(b)));
  }
  /** Folders with nothing in them. */
  emptyFolders(): string[] {
    return [...this.dirs].filter((dir) => dir !== '/' && this.list(dir).length === 0).sort();
  }
  /** The rename's view of this disk (what the server may probe). */
  get probe() {
    return {
      kindOf: async (path: string): Promise<EntryKind | undefined> => this.kind(path),
      readDirectory: async (path: string): Promise<DirectoryEntry[]> => {
        if (this.kind(path) !== 'directory') throw new Error(`ENOENT: ${path}`);
        return this.list(path).map((name) => ({ name, kind: this.kind(nodePath.join(path, name))! }));
      },
    };
  }
  /** The server's text reader over this disk (version null: nothing is open). */
  get readText() {
    return async (path: string) => (this.kind(path) === 'file' ? { text: this.read(path), version: null } : undefined);
  }
}

/** The real disk. */
export const nodeDisk: Disk = {
  kind(path) {
    const stat = fs.statSync(path, { throwIfNoEntry: false });
    return stat ? (stat.isDirectory() ? 'directory' : 'file') : undefined;
  },
  read: (path) => fs.readFileSync(path, 'utf8'),
  write: (path, text) => fs.writeFileSync(path, text),
  mkdir: (path) => fs.mkdirSync(path),
  rename(from, to) {
    if (fs.existsSync(to)) throw new Error(`EEXIST: ${to}`);
    fs.renameSync(from, to);
  },
  remove: (path) => fs.rmSync(path, { recursive: true }),
  list: (path) => fs.readdirSync(path).sort(),
};

export interface ApplyOptions {
  /** The client creates missing parent folders of a new path (VS Code, Neovim ≥ 0.10). Default true. */
  createsParents?: boolean;
  /** Open documents' versions by URI (a TextDocumentEdit with another non-null version fails). */
  versions?: Map<string, number>;
}

export interface ApplyResult {
  /** How many of the document changes were applied before the end or the failure. */
  applied: number;
  /** Why the client stopped, when it did. */
  failure?: string;
  /** Every path read, written, created, moved or removed. */
  touched: string[];
}

/** Apply a workspace edit to `disk`, as the LSP specification says a client does. */
export function applyWorkspaceEdit(disk: Disk, edit: WorkspaceEdit, options: ApplyOptions = {}): ApplyResult {
  const touched: string[] = [];
  const createsParents = options.createsParents ?? true;
  const parents = (path: string) => {
    const dir = nodePath.dirname(path);
    if (disk.kind(dir) === 'directory') return;
    if (!createsParents) throw new Error(`the folder ${dir} does not exist`);
    parents(dir);
    touched.push(dir);
    disk.mkdir(dir);
  };
  const applyText = (uri: string, edits: TextEdit[], version: number | null | undefined) => {
    const path = fileURLToPath(uri);
    touched.push(path);
    if (disk.kind(path) !== 'file') throw new Error(`text edit of ${path}, which does not exist`);
    const open = options.versions?.get(uri);
    if (version !== null && version !== undefined && open !== undefined && open !== version) throw new Error(`${uri} is at version ${open}, the edit is for ${version}`);
    const before = disk.read(path);
    const document = TextDocument.create(uri, 'markdown', 0, before);
    // TextDocument.applyEdits sorts and applies simultaneously; overlapping edits are an error.
    const offsets = edits.map((e) => [document.offsetAt(e.range.start), document.offsetAt(e.range.end)]).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < offsets.length; i++) if (offsets[i][0] < offsets[i - 1][1]) throw new Error(`overlapping edits in ${path}`);
    disk.write(path, TextDocument.applyEdits(document, edits));
  };
  const changes = edit.documentChanges ?? [];
  let applied = 0;
  try {
    for (const change of changes) {
      if ('kind' in change && change.kind === 'create') {
        const { uri, options: o = {} } = change as CreateFile;
        const path = fileURLToPath(uri);
        touched.push(path);
        if (disk.kind(path)) {
          if (o.overwrite) disk.write(path, '');
          else if (!o.ignoreIfExists) throw new Error(`create ${path}: it exists`);
        } else {
          parents(path);
          disk.write(path, '');
        }
      } else if ('kind' in change && change.kind === 'rename') {
        const { oldUri, newUri, options: o = {} } = change as RenameFile;
        const from = fileURLToPath(oldUri);
        const to = fileURLToPath(newUri);
        touched.push(from, to);
        if (!disk.kind(from)) throw new Error(`rename ${from}: it does not exist`);
        if (disk.kind(to)) {
          if (o.overwrite) disk.remove(to);
          else if (o.ignoreIfExists) {
            applied++;
            continue;
          } else throw new Error(`rename onto ${to}: it exists`);
        }
        parents(to);
        disk.rename(from, to);
      } else if ('kind' in change && change.kind === 'delete') {
        const { uri, options: o = {} } = change as DeleteFile;
        const path = fileURLToPath(uri);
        touched.push(path);
        const kind = disk.kind(path);
        if (!kind) {
          if (!o.ignoreIfNotExists) throw new Error(`delete ${path}: it does not exist`);
        } else {
          if (kind === 'directory' && disk.list(path).length && !o.recursive) throw new Error(`delete ${path}: the folder is not empty`);
          disk.remove(path);
        }
      } else {
        const text = change as TextDocumentEdit;
        applyText(text.textDocument.uri, text.edits as TextEdit[], text.textDocument.version);
      }
      applied++;
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
      applyText(uri, edits, null);
      applied++;
    }
  } catch (error) {
    return { applied, failure: (error as Error).message, touched };
  }
  return { applied, touched };
}

/** Apply a workspace edit that must succeed whole; throws, saying where it stopped, otherwise. */
export function applyStrictly<D extends Disk>(disk: D, edit: WorkspaceEdit, options: ApplyOptions = {}): D {
  const result = applyWorkspaceEdit(disk, edit, options);
  if (result.failure) throw new Error(`the edit stopped after ${result.applied} changes: ${result.failure}`);
  return disk;
}
