/**
 * What the index remembers of each file besides its page: the problems met reading it; the stamp (mtime, size) it had when
 * read, for the cache; whether the indexed text came from an editor rather than the disk; and the
 * bytes of files that are not valid UTF-8, so an editor's decoding of one is skipped as the file is.
 */
import type { FileStamp } from './cachedPage';
import type { IndexProblem } from './page';
import type { ContentFileSystem } from './fileSystem';
import { DecodedPage, decodeText, NOT_UTF8, refusedText, sameAsUndecodable } from './pageText';

export class FileState {
  /** Problems found while reading, by path (replaced when the file changes). */
  private readonly problemsByPath = new Map<string, IndexProblem[]>();
  /** File stamps of pages as read from disk, for the cache. */
  private readonly stamps = new Map<string, FileStamp>();
  /** Pages whose indexed text came from an editor, not from disk. */
  private readonly unsaved = new Set<string>();
  /** Files read from disk that are not valid UTF-8, with their bytes. */
  private readonly undecodable = new Map<string, Uint8Array>();

  addProblem(problem: IndexProblem): void {
    const list = this.problemsByPath.get(problem.path);
    if (list) list.push(problem);
    else this.problemsByPath.set(problem.path, [problem]);
  }

  /** A file's problems are these from now on. */
  setProblems(path: string, problems: IndexProblem[]): void {
    this.problemsByPath.set(path, problems);
  }

  clearProblems(path: string): void {
    this.problemsByPath.delete(path);
  }

  /** Every problem, in path order. */
  problems(): IndexProblem[] {
    return [...this.problemsByPath.values()].flat().sort((a, b) => a.path.localeCompare(b.path));
  }

  problemsOf(absolutePath: string): IndexProblem[] {
    return this.problemsByPath.get(absolutePath) ?? [];
  }

  /** Stamp the files as they are now, before they are read (when the file system can tell). */
  stampNow(fs: ContentFileSystem, paths: string[]): void {
    if (!fs.statSync) return;
    for (const path of paths) {
      const stamp = fs.statSync(path);
      if (stamp) this.stamps.set(path, stamp);
    }
  }

  /** The file is as it was when stamped (and read). */
  stamp(path: string, stamp: FileStamp): void {
    this.stamps.set(path, stamp);
  }

  /** The file is read from disk again, or gone: nothing known of it holds. */
  forgetStamp(path: string): void {
    this.stamps.delete(path);
  }

  /** The file's indexed text is the disk's from now on. */
  readFromDisk(path: string): void {
    this.unsaved.delete(path);
    this.stamps.delete(path);
  }

  /** Whether what the index holds of a page is the file's content as it is `now` (so it may be cached). */
  isCurrent(path: string, now: FileStamp): boolean {
    const stamp = this.stamps.get(path);
    return !!stamp && stamp.mtimeMs === now.mtimeMs && stamp.size === now.size && !this.unsaved.has(path);
  }

  /** The file's indexed text is an editor's from now on: this text, taken as the file's bytes would be (see {@link skipReason}). */
  takeEditorText(path: string, text: string): DecodedPage {
    this.unsaved.add(path);
    const bytes = this.undecodable.get(path);
    if (bytes && sameAsUndecodable(text, bytes)) return { error: NOT_UTF8 };
    return decodeText(text);
  }

  /** Remember (or forget) a file's bytes as last read from disk, when they are not valid UTF-8. */
  rememberUndecodable(path: string, decoded: DecodedPage | undefined): void {
    if (decoded && 'bytes' in decoded && decoded.bytes) this.undecodable.set(path, decoded.bytes);
    else this.undecodable.delete(path);
  }

  /**
   * Why a page's text from an editor is skipped, as the file would be: binary, over the size
   * limit, or the editor's decoding of a file that is not valid UTF-8. Undefined when it is checked.
   */
  skipReason(absolutePath: string | undefined, text: string): string | undefined {
    const refused = refusedText(text);
    if (refused || absolutePath === undefined) return refused;
    const bytes = this.undecodable.get(absolutePath);
    return bytes && sameAsUndecodable(text, bytes) ? NOT_UTF8 : undefined;
  }
}
