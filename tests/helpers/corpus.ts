/**
 * The real MDN corpus (tarballs of en-US and Vietnamese content, outside the repository):
 * where it is, whether it is there, and unpacking it into a fresh temporary folder.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const CORPUS_DIR = path.resolve(__dirname, '../../../shared/corpus');

/** Tarball per locale; each holds `files/<locale>/…`. */
export const CORPUS_TARBALLS: Readonly<Record<string, string>> = {
  'en-us': path.join(CORPUS_DIR, 'mdn-en-us-md.tar.gz'),
  vi: path.join(CORPUS_DIR, 'mdn-vi-md.tar.gz'),
};

/** The tarballs that are not there (the corpus suites skip when any is missing). */
export const missingCorpus: string[] = Object.values(CORPUS_TARBALLS).filter((tarball) => !fs.existsSync(tarball));

/**
 * Unpacks the corpus into a new temporary folder (named with `prefix`) and returns it. With
 * `members`, only those paths of each locale's tarball (locales not listed are not unpacked).
 */
export function unpackCorpus(prefix: string, members?: Record<string, string[]>): string {
  const dir = fs.mkdtempSync(path.join(tmpdir(), prefix));
  for (const [locale, tarball] of Object.entries(CORPUS_TARBALLS)) {
    if (members && !members[locale]) continue;
    execFileSync('tar', ['-xzf', tarball, '-C', dir, ...(members?.[locale] ?? [])]);
  }
  return dir;
}
