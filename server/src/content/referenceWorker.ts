/**
 * Worker thread: reads pages and computes what each refers to (the keys of the index's reverse
 * map), so the language server's main thread never blocks on it and the garbage of scanning a
 * whole tree dies with the worker instead of staying in the server's heap.
 * Protocol: receives `{ pages: [path, locale][], glossaryMacros: string[], roots: string[] }`, posts
 * `{ batch: [path, keys[]][] }` messages, then `{ done: true }`.
 */
import { parentPort } from 'node:worker_threads';
import { nodeFileSystem } from './fileSystem';
import { referenceKeysOf } from './references';
import { scanDocument } from '../syntax/document';

export interface ReferenceJob {
  pages: Array<[string, string]>;
  glossaryMacros: string[];
  /** The index's content roots: the worker reads nothing outside them. */
  roots: string[];
}

export type ReferenceMessage = { batch: Array<[string, string[]]> } | { done: true };

parentPort?.on('message', (job: ReferenceJob) => {
  const macros = new Set(job.glossaryMacros);
  nodeFileSystem.confineTo?.(job.roots ?? []);
  let batch: Array<[string, string[]]> = [];
  for (const [path, locale] of job.pages) {
    try {
      const decoded = nodeFileSystem.readPageSync!(path);
      if ('text' in decoded) batch.push([path, referenceKeysOf(scanDocument(decoded.text), locale, macros)]);
    } catch {
      // Unreadable now: the main thread keeps the page unscanned and reports nothing new.
    }
    if (batch.length >= 500) {
      parentPort!.postMessage({ batch } satisfies ReferenceMessage);
      batch = [];
    }
  }
  parentPort!.postMessage({ batch } satisfies ReferenceMessage);
  parentPort!.postMessage({ done: true } satisfies ReferenceMessage);
});
