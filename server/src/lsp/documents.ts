/**
 * The documents the editor has open: one map by URI, one by file path, and each document's page
 * scan kept for its current version. Incremental changes are applied with
 * vscode-languageserver-textdocument, as TextDocuments would.
 */
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DidChangeTextDocumentParams, DidOpenTextDocumentParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PageDocument, pageDocument } from '../features/context';

/** The file path of a `file:` URI, or undefined (other schemes, malformed URIs). */
export function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return nodePath.resolve(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export class OpenDocuments {
  private readonly byUri = new Map<string, TextDocument>();
  private readonly uriByPath = new Map<string, string>();
  /** The scan of each document, for the version it was made from. */
  private readonly pages = new Map<string, PageDocument>();

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

  /** The page document of an open document, scanned once per version; `locale` is asked only when it is made. */
  page(uri: string, locale: (path: string | undefined) => string): PageDocument | undefined {
    const document = this.byUri.get(uri);
    if (!document) return undefined;
    const cached = this.pages.get(uri);
    if (cached && cached.version === document.version) return cached;
    const path = pathOf(uri);
    const page = pageDocument(uri, document.getText(), document.version, locale(path), path);
    this.pages.set(uri, page);
    return page;
  }
}
