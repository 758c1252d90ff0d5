/**
 * What a page's text is taken to be, from the disk's bytes or an editor's text, the same way for
 * the server and the CLI: UTF-8 only, no NUL near the start (binary), within a size limit, a
 * leading BOM dropped. What is refused comes back with the reason, as a problem line says it.
 */
import * as nodePath from 'node:path';
import { isUtf8 } from 'node:buffer';

/** Pages larger than this are reported and skipped, by the server and the CLI alike. */
export const PAGE_SIZE_LIMIT = 5 * 1024 * 1024;
/** Other content files (`_redirects.txt`: en-US's is about 2 MB). */
export const OTHER_SIZE_LIMIT = 64 * 1024 * 1024;

/** The most bytes read of a file at `path`. */
export function sizeLimitOf(path: string): number {
  return nodePath.basename(path) === 'index.md' ? PAGE_SIZE_LIMIT : OTHER_SIZE_LIMIT;
}

/** A read refused for what the file is (not an I/O error): `reason` says why, as a problem line. */
export class ReadRefused extends Error {
  readonly code = 'EREFUSED';
  constructor(readonly reason: string) {
    super(reason);
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function tooLarge(bytes: number, limit: number): string {
  return `larger than ${megabytes(limit).replace('.0 ', ' ')} (${megabytes(bytes)}): skipped`;
}

/**
 * A page's text, or why it is skipped. `bytes`: the file's bytes when they are not valid UTF-8,
 * so an editor's decoding of the same file can be recognized ({@link sameAsUndecodable}).
 */
export type DecodedPage = { text: string } | { error: string; bytes?: Uint8Array };

/** How much of a file is looked at for NUL bytes, the mark of a binary file. */
export const BINARY_PROBE_BYTES = 8192;
const BINARY = 'binary file (contains NUL bytes): skipped';
export const NOT_UTF8 = 'not valid UTF-8: skipped';

/** Decode a page: UTF-8 only; binary files and invalid bytes are refused with a reason. */
export function decodePage(bytes: Uint8Array): DecodedPage {
  const probe = bytes.subarray(0, BINARY_PROBE_BYTES);
  if (probe.includes(0)) return { error: BINARY };
  if (!isUtf8(bytes)) return { error: NOT_UTF8, bytes };
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text };
}

/**
 * A page's text from an editor, taken as {@link decodePage} takes the file's bytes: a NUL within
 * the first 8 KiB (as UTF-8) makes it binary; a text over the page size limit is skipped; a
 * leading BOM is dropped.
 */
export function decodeText(text: string): DecodedPage {
  const refused = refusedText(text);
  if (refused) return { error: refused };
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** Why an editor's text of a page is skipped (binary, too large), or undefined. Cheap: no copy. */
export function refusedText(text: string): string | undefined {
  // UTF-8 takes at least one byte per UTF-16 unit, at most three.
  if (text.length > PAGE_SIZE_LIMIT || (text.length * 3 > PAGE_SIZE_LIMIT && Buffer.byteLength(text) > PAGE_SIZE_LIMIT)) {
    return tooLarge(Buffer.byteLength(text), PAGE_SIZE_LIMIT);
  }
  const nul = text.indexOf('\0');
  if (nul !== -1 && nul < BINARY_PROBE_BYTES && Buffer.byteLength(text.slice(0, nul)) < BINARY_PROBE_BYTES) return BINARY;
  return undefined;
}

/**
 * Whether an editor's text is how an editor shows a file that is not valid UTF-8 (`bytes`):
 * decoded as UTF-8 with replacement characters, or as Latin-1 (Neovim's fallback). The CLI skips
 * such a file; so does the server, even while it is open.
 */
export function sameAsUndecodable(text: string, bytes: Uint8Array): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (text.includes('\uFFFD') && text === buffer.toString('utf8')) return true;
  return text.length === buffer.length && text === buffer.toString('latin1');
}
