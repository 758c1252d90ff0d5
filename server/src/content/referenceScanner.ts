/**
 * Scanning every page's references in a worker thread (see referenceWorker.ts), feeding the
 * index batch by batch. Falls back to the index's own time-sliced scan when no worker can start.
 * The worker runs at the lowest CPU priority it can get, so that on a small machine the scan
 * takes what the requests leave rather than the other way round.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ContentIndex } from './contentIndex';
import type { ReferenceJob, ReferenceMessage } from './referenceWorker';

/** Pages sent to the worker at a time (copying them is then a fraction of a millisecond). */
const CHUNK = 500;

export async function scanReferencesInWorker(
  index: ContentIndex,
  glossaryMacros: ReadonlySet<string>,
  options: { signal?: AbortSignal; workerFile?: string; requests?: Int32Array } = {},
): Promise<void> {
  const { signal } = options;
  const workerFile = options.workerFile ?? nodePath.join(__dirname, 'referenceWorker.js');
  const pending = index.unscannedPages();
  if (!pending.length || signal?.aborted) return;
  const inThread = () => index.scanReferences({ isCancelled: () => !!signal?.aborted });
  if (!fs.existsSync(workerFile)) return inThread();
  await new Promise<void>((resolve, reject) => {
    // A small heap: the worker holds one page at a time, and its garbage must not swell the
    // process (a worker that runs out falls back to the in-thread scan).
    const worker = new Worker(workerFile, { resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 4 } });
    const onAbort = () => finish();
    let finished = false;
    const finish = (error?: Error) => {
      finished = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (error) reject(error);
      else resolve();
    };
    signal?.addEventListener('abort', onAbort);
    /** Key number → key, as the worker numbered them. */
    const keys: string[] = [];
    worker.on('message', (message: ReferenceMessage) => {
      if (signal?.aborted) return;
      if ('done' in message) return finish();
      for (const key of message.keys) keys.push(key);
      const { entries } = message;
      for (let at = 0; at < entries.length;) {
        const page = pending[entries[at++]];
        const found = new Array<string>(entries[at++]);
        for (let i = 0; i < found.length; i++) found[i] = keys[entries[at++]];
        index.attachReferenceKeys(page.path, found);
      }
    });
    worker.on('error', (error) => finish(error));
    worker.on('exit', (code) => {
      if (code !== 0 && !signal?.aborted) finish(new Error(`reference worker exited with code ${code}`));
    });
    const send = (job: ReferenceJob) => finished || worker.postMessage(job);
    send({ glossaryMacros: [...glossaryMacros], requests: options.requests, roots: index.filesDirs });
    void (async () => {
      for (let from = 0; from < pending.length && !finished; from += CHUNK) {
        send({ pages: pending.slice(from, from + CHUNK).map((page) => [page.path, page.locale]), from });
        await new Promise((next) => setImmediate(next));
      }
      send({ end: true });
    })();
  }).catch(() => (signal?.aborted ? undefined : inThread()));
  if (signal?.aborted) throw new Error('reference scan cancelled');
}
