/**
 * What every feature gets: the page being edited (text, locale, its scan) and the index. Features
 * are functions of these; none knows about the connection.
 */
import { pathToFileURL } from 'node:url';
import type { ContentIndex, Page } from '../content/contentIndex';
import type { Reference } from '../content/pageReferences';
import type { EnglishHistory } from '../content/englishHistory';
import { pageReferences } from '../content/pageReferences';
import { emptyScan, scanDocument, ScannedDocument } from '../syntax/document';
import { refusedText } from '../content/fileSystem';
import { resolveReference, Resolution } from '../resolve/resolve';
import { LineIndex, Range } from '../syntax/positions';

export interface PageDocument {
  uri: string;
  /** File path, when the document is a file. */
  path?: string;
  /** Locale folder of the page (`en-us`, `fr`). */
  locale: string;
  version: number;
  text: string;
  /** Positions ↔ offsets of the text. */
  readonly lines: LineIndex;
  /**
   * Macros, links and regions: scanned on first use (completion needs only `lines`). Empty for a
   * text that is not checked (binary, over the page size limit), as the checker skips the file.
   */
  readonly scanned: ScannedDocument;
}

export interface FeatureContext {
  index: ContentIndex;
  /** Macro names (lowercase) that behave like Glossary. */
  glossaryMacros: ReadonlySet<string>;
  /**
   * False while the references of the index are still being scanned: usage counts are partial
   * then, and shown as "counting…". Absent means complete.
   */
  referencesComplete?: boolean;
  /** What is known of the English history (translation status); undefined while unknown or unavailable. */
  englishHistory?: EnglishHistory;
}

export function pageDocument(uri: string, text: string, version: number, locale: string, path?: string): PageDocument {
  let scanned: ScannedDocument | undefined;
  let lines: LineIndex | undefined;
  return {
    uri,
    path,
    locale,
    version,
    text,
    get scanned() {
      return (scanned ??= refusedText(text) ? emptyScan(text) : scanDocument(text));
    },
    get lines() {
      return scanned ? scanned.lines : (lines ??= new LineIndex(text));
    },
  };
}

export function fileUri(path: string): string {
  return pathToFileURL(path).toString();
}

export function pageUri(page: Page): string {
  return fileUri(page.path);
}

/** The reference (macro or link) under an offset, resolved. */
export function referenceAt(doc: PageDocument, offset: number, ctx: FeatureContext): { reference: Reference; resolution: Resolution } | undefined {
  for (const reference of pageReferences(doc.scanned, doc.locale, ctx.glossaryMacros)) {
    if (reference.start <= offset && offset <= reference.end) {
      return { reference, resolution: resolveReference(ctx.index, reference) };
    }
    if (reference.start > offset) break;
  }
  return undefined;
}

export function rangeOf(doc: PageDocument, start: number, end: number): Range {
  return doc.lines.rangeOf(start, end);
}
