/**
 * Worker thread: reads pages and computes what each refers to (the keys of the index's reverse
 * map), so the language server's main thread never blocks on it and the garbage of scanning a
 * whole tree dies with the worker instead of staying in the server's heap.
 * Protocol: receives a {@link ReferenceJob} — the settings first, then the pages in chunks (a
 * chunk numbered by its first page), then the end — and posts batches `{ keys, entries }` — `keys`:
 * the keys met for the first time, numbered in order from 0 across batches; `entries`: an
 * Int32Array of [page number, key count, key numbers…]… (moved, not copied) — then `{ done: true }`.
 * Numbers instead of strings: the main thread, which keeps the result, allocates almost nothing
 * else for it, so its garbage collections stay short. Chunks: no single copy of 27,000 paths holds
 * the main thread for tens of milliseconds.
 *
 * The scan is background work. It pauses while the main thread computes a request (`requests`,
 * shared memory), and the thread lowers its own CPU priority (Linux: the nice value of this thread
 * alone), else it pauses briefly between batches: on two cores it never competes with requests.
 * Batches are small, so that attaching one on the main thread stays well under a millisecond.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { nodeFileSystem } from './fileSystem';
import { referenceKeysOf } from './pageReferences';
import { scanDocument } from '../syntax/document';

export type ReferenceJob =
  | {
      glossaryMacros: string[];
      /** Requests in progress on the main thread (an Int32Array over shared memory): the scan pauses while there are any. */
      requests?: Int32Array;
      /** The index's content roots: the worker reads nothing outside them. */
      roots: string[];
    }
  | { pages: Array<[string, string]>; from: number }
  | { end: true };

export type ReferenceMessage = { keys: string[]; entries: Int32Array } | { done: true };

const BATCH = 50;
/** The longest pause for requests before the next page (a long request, such as Check Workspace, still lets the scan creep on). */
const MAX_YIELD_MS = 10;
/** Without a lower priority: a short pause after each batch, leaving the cores to the requests. */
const PAUSE_MS = 2;

/** Lowers this thread's priority; false when the system does not let us. */
function lowerPriority(): boolean {
  try {
    // On Linux a thread is a task with its own id and nice value: setpriority on it affects this thread only.
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid)) return false;
    os.setPriority(tid, os.constants.priority.PRIORITY_BELOW_NORMAL);
    return true;
  } catch {
    return false;
  }
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Waits while the main thread computes requests, at most MAX_YIELD_MS. */
function yieldToRequests(requests: Int32Array | undefined): void {
  if (!requests) return;
  const until = Date.now() + MAX_YIELD_MS;
  for (let busy = Atomics.load(requests, 0); busy > 0 && Date.now() < until; busy = Atomics.load(requests, 0)) {
    Atomics.wait(requests, 0, busy, Math.max(1, until - Date.now()));
  }
}

let macros: ReadonlySet<string> = new Set();
let requests: Int32Array | undefined;
let lowered = false;
const numbers = new Map<string, number>();
let keys: string[] = [];
let entries: number[] = [];
let pages = 0;

function post(): void {
  const packed = Int32Array.from(entries);
  parentPort!.postMessage({ keys, entries: packed } satisfies ReferenceMessage, [packed.buffer]);
  keys = [];
  entries = [];
  pages = 0;
}

function scan(path: string, locale: string, at: number): void {
  yieldToRequests(requests);
  try {
    const decoded = nodeFileSystem.readPageSync!(path);
    if (!('text' in decoded)) return;
    const found = referenceKeysOf(scanDocument(decoded.text), locale, macros);
    entries.push(at, found.length);
    for (const key of found) {
      let number = numbers.get(key);
      if (number === undefined) {
        numbers.set(key, (number = numbers.size));
        keys.push(key);
      }
      entries.push(number);
    }
  } catch {
    // Unreadable now: the main thread keeps the page unscanned and reports nothing new.
    return;
  }
  if (++pages >= BATCH) {
    post();
    if (!lowered) pause(PAUSE_MS);
  }
}

parentPort?.on('message', (job: ReferenceJob) => {
  if ('glossaryMacros' in job) {
    macros = new Set(job.glossaryMacros);
    nodeFileSystem.confineTo?.(job.roots);
    requests = job.requests;
    lowered = lowerPriority();
  } else if ('pages' in job) {
    job.pages.forEach(([path, locale], i) => scan(path, locale, job.from + i));
  } else {
    post();
    parentPort!.postMessage({ done: true } satisfies ReferenceMessage);
  }
});
