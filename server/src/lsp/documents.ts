/**
 * The documents the editor has open: one map by URI, one by file path, and each document's page
 * scan kept for its current version. Incremental changes are applied with
 * vscode-languageserver-textdocument, as TextDocuments would.
 */
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DidChangeTextDocumentParams, DidOpenTextDocumentParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ContentIndex } from '../content/contentIndex';
import { decodePage, nodeFileSystem } from '../content/fileSystem';
import { pageLocation } from '../content/roots';
import { DEFAULT_LOCALE } from '../content/slugs';
import { PageDocument, pageDocument } from '../features/context';
import { ReadText, textReader } from '../features/findReferences';

/** The file path of a `file:` URI, or undefined (other schemes, malformed URIs). */
export function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return nodePath.resolve(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

/** The locale folder of a page: from its root when indexed, else from a `files/<locale>/` in its path. */
export function localeOf(path: string | undefined, index: ContentIndex): string {
  if (!path) return DEFAULT_LOCALE;
  const filesDir = index.filesDirOf(path);
  const location = filesDir ? pageLocation(filesDir, path) : undefined;
  if (location) return location.locale;
  const match = /[\\/]files[\\/]([a-z]{2,3}(?:-[a-z0-9]+)?)[\\/]/.exec(path);
  return match ? match[1] : DEFAULT_LOCALE;
}

export class OpenDocuments {
  private readonly byUri = new Map<string, TextDocument>();
  private readonly uriByPath = new Map<string, string>();
  /** The scan of each document, for the version it was made from. */
  private readonly pages = new Map<string, PageDocument>();
  /** Which version of each document an index holds (so that it is not put in twice). */
  private readonly indexed = new Map<string, { version: number; index: ContentIndex }>();

  open({ textDocument }: DidOpenTextDocumentParams): TextDocument {
    const document = TextDocument.create(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text);
    this.byUri.set(document.uri, document);
    this.pages.delete(document.uri);
    const path = pathOf(document.uri);
    if (path) this.uriByPath.set(path, document.uri);
    return document;
  }

  /** Applies the changes; undefined for a document that is not open. */
  change({ textDocument, contentChanges }: DidChangeTextDocumentParams): TextDocument | undefined {
    const document = this.byUri.get(textDocument.uri);
    if (!document) return undefined;
    TextDocument.update(document, contentChanges, textDocument.version ?? document.version + 1);
    return document;
  }

  close(uri: string): TextDocument | undefined {
    const document = this.byUri.get(uri);
    this.byUri.delete(uri);
    this.pages.delete(uri);
    this.indexed.delete(uri);
    const path = pathOf(uri);
    if (path && this.uriByPath.get(path) === uri) this.uriByPath.delete(path);
    return document;
  }

  get(uri: string): TextDocument | undefined {
    return this.byUri.get(uri);
  }

  /** The open document of a file, by its path. */
  atPath(path: string): TextDocument | undefined {
    const uri = this.uriByPath.get(nodePath.resolve(path));
    return uri === undefined ? undefined : this.byUri.get(uri);
  }

  all(): TextDocument[] {
    return [...this.byUri.values()];
  }

  /** A page's text: the editor's when open, else the file's (read through the content layer). */
  async readText(path: string): Promise<string | undefined> {
    const open = this.atPath(path);
    if (open) return open.getText();
    const decoded = decodePage(await nodeFileSystem.readFile(path));
    return 'text' in decoded ? decoded.text : undefined;
  }

  /** A page's text for workspace edits: open documents first (with their version), then the disk. */
  readonly sourceText: ReadText = textReader(
    (path) => {
      const open = this.atPath(path);
      return open ? { text: open.getText(), version: open.version } : undefined;
    },
    (path) => this.readText(path).catch(() => undefined),
  );

  /** The page document of an open document, scanned once per version (its locale from `index`). */
  page(uri: string, index: ContentIndex): PageDocument | undefined {
    const document = this.byUri.get(uri);
    if (!document) return undefined;
    const cached = this.pages.get(uri);
    if (cached && cached.version === document.version) return cached;
    const path = pathOf(uri);
    const page = pageDocument(uri, document.getText(), document.version, localeOf(path, index), path);
    this.pages.set(uri, page);
    return page;
  }

  /**
   * Puts the document's current text into `index` (the index follows the editor), reusing its
   * scan, unless that index holds this version already. Whether it changed the index.
   */
  async putInto(index: ContentIndex, uri: string): Promise<boolean> {
    const page = this.page(uri, index);
    const held = this.indexed.get(uri);
    if (!page?.path || !index.filesDirOf(page.path) || (held?.index === index && held.version === page.version)) return false;
    await index.updateFile(page.path, page.text, page.scanned);
    this.indexed.set(uri, { version: page.version, index });
    return true;
  }
}
