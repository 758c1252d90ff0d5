/**
 * What the index knows of a page, and the shapes its parts share. Types only, so the page table,
 * the reference graph and the cache can all name a page without importing one another.
 */
import type { FrontMatterError } from './frontMatter';

export interface Page {
  /** Locale folder, lowercase (`en-us`). */
  locale: string;
  /** Slug as the front matter spells it (canonical case), else derived from the folder. */
  slug: string;
  title: string;
  pageType?: string;
  /** Absolute path of the page's index.md. */
  path: string;
  /** Folder under the locale folder, lowercase (`glossary/api`). */
  folder: string;
  /** The `files` folder the page belongs to. */
  filesDir: string;
  /** Front matter shape (for new translations and checks). */
  translated: { sourceCommit: boolean; translationOf: boolean };
  /** `l10n.sourceCommit` as written (the English commit a translation follows), when there is one. */
  sourceCommit?: string;
  frontMatterError?: FrontMatterError;
  /** The pages this page refers to, each once (as entries of the index's reverse map). */
  outgoing: Referrers[];
  /** Whether `outgoing` is known (pages indexed without a scan get it from scanReferences). */
  scanned: boolean;
}

/** The pages that refer to one page key: an entry of the index's reverse map. */
export interface Referrers {
  key: string;
  pages: Set<Page>;
}

export interface IndexProblem {
  path: string;
  message: string;
  /** 0-based line, when the problem has one. */
  line?: number;
}
