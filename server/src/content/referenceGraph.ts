/**
 * Who refers to whom: each page's `outgoing` list and, for every page key, the pages that refer to
 * it. A page's references are replaced or dropped in one place ({@link ReferenceGraph.attach},
 * {@link ReferenceGraph.detach}), whoever computed them (the index's scan, a worker, the cache).
 */
import type { Page, Referrers } from './page';

const EMPTY_SET: ReadonlySet<Page> = new Set();

export class ReferenceGraph {
  /** Page key → the pages that refer to it. */
  private readonly incoming = new Map<string, Referrers>();

  /** The page refers to the pages with these keys (each once), and to nothing else. */
  attach(page: Page, keys: readonly string[]): void {
    this.detach(page);
    page.outgoing = keys.map((key) => this.referrersOf(key));
    page.scanned = true;
    for (const target of page.outgoing) target.pages.add(page);
  }

  /** The page refers to nothing any more (it is gone, or about to be scanned again). */
  detach(page: Page): void {
    for (const target of page.outgoing) {
      target.pages.delete(page);
      if (target.pages.size === 0) this.incoming.delete(target.key);
    }
  }

  /** Pages that refer to the page with this key (as written: redirects are the caller's business). */
  referrers(key: string): ReadonlySet<Page> {
    return this.incoming.get(key)?.pages ?? EMPTY_SET;
  }

  /** The reverse-map entry for a key, made on first use. */
  private referrersOf(key: string): Referrers {
    let entry = this.incoming.get(key);
    if (!entry) this.incoming.set(key, (entry = { key, pages: new Set() }));
    return entry;
  }
}
