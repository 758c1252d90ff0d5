/**
 * Every indexed page, by key (`en-us/glossary/api`) and by path, with what follows from the set
 * of pages alone: pages hidden by the same page in a later root, pages whose slug maps to another
 * folder, each locale's glossary entries, and the locales that have pages.
 */
import type { Page } from './page';
import { DEFAULT_LOCALE, slugToFolder } from './slugs';

const GLOSSARY_FOLDER = 'glossary/';

export class PageTable {
  /** Page key → page (the later root's, when two roots have it). */
  private readonly byKey = new Map<string, Page>();
  private readonly byPath = new Map<string, Page>();
  /** Pages hidden by the same page in a later root, by key. */
  private readonly shadowed = new Map<string, Page[]>();
  /** Key their slug maps to → pages whose slug does not map to their own folder. */
  private readonly misplaced = new Map<string, Page[]>();
  /** Glossary pages by locale, by key, kept as pages come and go (no walk of every page to list them). */
  private readonly glossaryPages = new Map<string, Map<string, Page>>();
  /** Each locale's glossary list, sorted; dropped when a glossary page of the locale changes. */
  private readonly glossaryLists = new Map<string, Page[]>();
  /** Locales that have had pages. */
  private readonly localesSeen = new Set<string>();

  /**
   * Add a page (its path not in the table). Returns the page it hides, when another root already
   * has the same page: the later root wins.
   */
  insert(page: Page): Page | undefined {
    const key = keyOf(page);
    const existing = this.byKey.get(key);
    let hidden: Page | undefined;
    if (existing && existing.path !== page.path) {
      hidden = existing;
      const shadowed = this.shadowed.get(key) ?? [];
      shadowed.push(existing);
      this.shadowed.set(key, shadowed);
    }
    this.setPageOfKey(key, page, page.locale, page.folder);
    this.byPath.set(page.path, page);
    this.localesSeen.add(page.locale);
    const slugKey = `${page.locale}/${slugToFolder(page.slug)}`;
    if (slugKey !== key) {
      const list = this.misplaced.get(slugKey);
      if (list) list.push(page);
      else this.misplaced.set(slugKey, [page]);
    }
    return hidden;
  }

  /** Remove the page at a path; returns it, if there was one. */
  remove(path: string): Page | undefined {
    const page = this.byPath.get(path);
    if (!page) return undefined;
    this.byPath.delete(path);
    const key = keyOf(page);
    const shadowed = this.shadowed.get(key);
    if (shadowed?.includes(page)) shadowed.splice(shadowed.indexOf(page), 1);
    if (this.byKey.get(key) === page) {
      // The same page from an earlier root, hidden until now, comes back.
      const uncovered = shadowed?.pop();
      this.setPageOfKey(key, uncovered, page.locale, page.folder);
    }
    if (shadowed && shadowed.length === 0) this.shadowed.delete(key);
    const slugKey = `${page.locale}/${slugToFolder(page.slug)}`;
    const misplaced = this.misplaced.get(slugKey);
    if (misplaced?.includes(page)) {
      misplaced.splice(misplaced.indexOf(page), 1);
      if (misplaced.length === 0) this.misplaced.delete(slugKey);
    }
    return page;
  }

  get(key: string): Page | undefined {
    return this.byKey.get(key);
  }

  atPath(absolutePath: string): Page | undefined {
    return this.byPath.get(absolutePath);
  }

  /** Every page by path, hidden ones included (in the order they were added). */
  paths(): IterableIterator<string> {
    return this.byPath.keys();
  }

  /** Every page, hidden ones included. */
  everyPage(): IterableIterator<Page> {
    return this.byPath.values();
  }

  /** The pages in force, one a key. */
  pages(): IterableIterator<Page> {
    return this.byKey.values();
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Pages whose slug maps to the key `<locale>/<folder>` but that live in another folder. */
  misplacedAt(key: string): readonly Page[] {
    return this.misplaced.get(key) ?? [];
  }

  /** Locales that have had pages. */
  localesWithPages(): ReadonlySet<string> {
    return this.localesSeen;
  }

  /** Locales that have had pages, en-US first, then by name. */
  locales(): string[] {
    return [...this.localesSeen].sort((a, b) => (a === DEFAULT_LOCALE ? -1 : b === DEFAULT_LOCALE ? 1 : a.localeCompare(b)));
  }

  /** Glossary entries of a locale, sorted by slug; the same list until one of them changes. */
  glossaryEntries(locale: string): Page[] {
    let list = this.glossaryLists.get(locale);
    if (!list) {
      list = [...(this.glossaryPages.get(locale)?.values() ?? [])].sort((a, b) => a.slug.localeCompare(b.slug));
      this.glossaryLists.set(locale, list);
    }
    return list;
  }

  glossaryEntryCount(): number {
    let count = 0;
    for (const pages of this.glossaryPages.values()) count += pages.size;
    return count;
  }

  /** The page of a key is `page` from now on (undefined: none), in the glossary lists too. */
  private setPageOfKey(key: string, page: Page | undefined, locale: string, folder: string): void {
    if (page) this.byKey.set(key, page);
    else this.byKey.delete(key);
    if (!folder.startsWith(GLOSSARY_FOLDER)) return;
    let pages = this.glossaryPages.get(locale);
    if (!pages) this.glossaryPages.set(locale, (pages = new Map()));
    if (page) pages.set(key, page);
    else pages.delete(key);
    this.glossaryLists.delete(locale);
  }
}

/** A page's key: `<locale>/<folder>`. */
function keyOf(page: Page): string {
  return `${page.locale}/${page.folder}`;
}
