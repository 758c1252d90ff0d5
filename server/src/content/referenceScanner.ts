/**
 * Scanning every page's references in a worker thread (see referenceWorker.ts), feeding the
 * index batch by batch. Falls back to the index's own time-sliced scan when no worker can start.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ContentIndex } from './contentIndex';
import type { ReferenceJob, ReferenceMessage } from './referenceWorker';

export async function scanReferencesInWorker(
  index: ContentIndex,
  glossaryMacros: ReadonlySet<string>,
  options: { isCancelled?: () => boolean; workerFile?: string } = {},
): Promise<void> {
  const workerFile = options.workerFile ?? nodePath.join(__dirname, 'referenceWorker.js');
  const pending = index.unscannedPages();
  if (!pending.length) return;
  if (!fs.existsSync(workerFile)) return index.scanReferences({ isCancelled: options.isCancelled });
  await new Promise<void>((resolve, reject) => {
    // A small heap: the worker holds one page at a time, and its garbage must not swell the
    // process (a worker that runs out falls back to the in-thread scan).
    const worker = new Worker(workerFile, { resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 4 } });
    const cancelTimer = setInterval(() => {
      if (options.isCancelled?.()) {
        void worker.terminate();
        resolve();
      }
    }, 100);
    const finish = (error?: Error) => {
      clearInterval(cancelTimer);
      void worker.terminate();
      if (error) reject(error);
      else resolve();
    };
    worker.on('message', (message: ReferenceMessage) => {
      if ('batch' in message) {
        for (const [path, keys] of message.batch) index.attachReferenceKeys(path, keys);
      } else finish();
    });
    worker.on('error', (error) => finish(error));
    worker.on('exit', (code) => {
      if (code !== 0) finish(new Error(`reference worker exited with code ${code}`));
    });
    const job: ReferenceJob = { pages: pending.map((page) => [page.path, page.locale]), glossaryMacros: [...glossaryMacros], roots: index.filesDirs };
    worker.postMessage(job);
  }).catch(() => index.scanReferences({ isCancelled: options.isCancelled }));
}
