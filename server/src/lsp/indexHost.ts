/**
 * The index host: at most one current build of the content index, numbered by generation.
 *
 * - `refresh()` says "the inputs may have changed". After a short quiet moment (so that settings a
 *   client sends right after `initialized` are in), the inputs are resolved into a {@link BuildSpec};
 *   a new build starts only when it differs from the newest build's, or when that one failed.
 * - A new build cancels the one before it (its build and its reference scan), and nothing from a
 *   cancelled build reaches the events: every event is for the newest generation.
 * - `current()` resolves to the newest completed build, waiting while a build is pending; when a
 *   newer build starts meanwhile, it waits for that one. Nothing is ever answered from a build
 *   that a newer one replaced.
 * - `withReferences()` also waits until that build's references are scanned: a promise the host
 *   resolves, no polling. If the build is replaced first, it moves on to the replacement.
 * - A failed build is reported once (through `events.failed`) and retried on the next `refresh()`.
 *
 * Generic over the index type, so that its rules are tested without building anything.
 */

export interface BuildSpec {
  /** `files` folders, in order. */
  filesDirs: string[];
  /** Macro names (lowercase, sorted) that behave like Glossary: they decide what a reference is. */
  glossaryMacros: string[];
}

/** How a build's reference scan ended. */
export type ScanOutcome = 'complete' | 'replaced' | 'failed';

export interface Built<I> {
  readonly generation: number;
  readonly spec: BuildSpec;
  readonly index: I;
  /** Settles when the scan of every page's references ends. */
  readonly referencesScanned: Promise<ScanOutcome>;
  /** True once that scan is complete (usage counts are final). */
  referencesComplete: boolean;
}

/** Everything the host reports. Each call is for the newest generation only. */
export interface IndexEvents<I> {
  started(generation: number, spec: BuildSpec): void;
  progress(generation: number, done: number, total: number): void;
  ready(built: Built<I>, ms: number): void;
  failed(generation: number, spec: BuildSpec, error: unknown): void;
  referencesScanned(built: Built<I>, outcome: 'complete' | 'failed', ms: number, error?: unknown): void;
}

export interface IndexHostOptions<I> {
  /** Resolves the inputs (roots, macro names) as they are now. */
  spec(): Promise<BuildSpec>;
  /** Builds an index; stops early (rejecting) once `signal` is aborted. */
  build(spec: BuildSpec, signal: AbortSignal, progress: (done: number, total: number) => void): Promise<I>;
  /** Scans every page's references into `index`; stops early once `signal` is aborted. */
  scan(index: I, spec: BuildSpec, signal: AbortSignal): Promise<void>;
  events: IndexEvents<I>;
  /** Quiet moment between the last `refresh()` and resolving the spec (ms). */
  settleMs: number;
  /** An event handler threw: the host goes on (a request must never wait forever for it). */
  onError?: (error: unknown) => void;
}

export function sameSpec(a: BuildSpec, b: BuildSpec): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export class IndexHost<I> {
  // The state, all of it:
  /** Number of the newest build started (0: none yet). */
  private generation = 0;
  /** The newest build started: its spec, its cancellation, and whether it failed. */
  private newest?: { spec: BuildSpec; controller: AbortController; failed: boolean; scan: Deferred<ScanOutcome> };
  /** The newest completed build. */
  private latest?: Built<I>;
  private lastError: unknown;
  /** Pending: a refresh not yet settled, or a build running. Requests wait while it is. */
  private pending = true;
  private idle = deferred<void>();
  /** Refreshes asked for, and the last one settled; a refresh acts only if it is still the last one. */
  private refreshes = 0;
  private settledRefresh = 0;
  /** Builds that finished while a refresh was still to settle, waiting to know whether they stand. */
  private unsettled: Array<() => void> = [];
  private timer?: NodeJS.Timeout;
  private started = false;

  /** Every event the host reports, each call guarded. */
  private readonly events: IndexEvents<I>;

  constructor(private readonly options: IndexHostOptions<I>) {
    const guard =
      <A extends unknown[]>(handler: (...args: A) => void) =>
      (...args: A) => {
        try {
          handler(...args);
        } catch (error) {
          options.onError?.(error);
        }
      };
    const { events } = options;
    this.events = {
      started: guard(events.started.bind(events)),
      progress: guard(events.progress.bind(events)),
      ready: guard(events.ready.bind(events)),
      failed: guard(events.failed.bind(events)),
      referencesScanned: guard(events.referencesScanned.bind(events)),
    };
  }

  /** Builds may start from now on (the server calls it once settings are known). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.refresh();
  }

  /** The inputs may have changed: rebuild after a quiet moment if they did, or if the last build failed. */
  refresh(): void {
    if (!this.pending) {
      this.pending = true;
      this.idle = deferred();
    }
    if (!this.started) return;
    const refresh = ++this.refreshes;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.settle(refresh), this.options.settleMs);
  }

  /** The newest completed build, once none is pending. Rejects only when no build ever completed. */
  async current(): Promise<Built<I>> {
    while (this.pending) await this.idle.promise;
    if (this.latest) return this.latest;
    throw this.lastError ?? new Error('no content index');
  }

  /** The newest completed build once its references are scanned (or could not be). */
  async withReferences(): Promise<Built<I>> {
    let previous: Built<I> | undefined;
    for (;;) {
      const built = await this.current();
      // Replaced, and the replacement failed: the older build is all there is.
      if (built === previous) return built;
      if ((await built.referencesScanned) !== 'replaced') return built;
      previous = built;
    }
  }

  /** The newest completed build without waiting, if any (for a status request). */
  get settled(): Built<I> | undefined {
    return this.pending ? undefined : this.latest;
  }

  /** Whether the newest build failed (the next `refresh()` retries it). */
  get failed(): boolean {
    return !!this.newest?.failed;
  }

  /** The spec of the newest build started. */
  get spec(): BuildSpec | undefined {
    return this.newest?.spec;
  }

  /** Stops everything (shutdown): no build or scan goes on, no event follows. */
  dispose(): void {
    this.started = false;
    clearTimeout(this.timer);
    this.generation++;
    this.newest?.controller.abort();
    this.newest?.scan.resolve('replaced');
  }

  private async settle(refresh: number): Promise<void> {
    let spec: BuildSpec | undefined;
    let error: unknown;
    try {
      spec = await this.options.spec();
    } catch (caught) {
      error = caught;
    }
    if (refresh !== this.refreshes || !this.started) return; // a later refresh settles instead
    this.settledRefresh = refresh;
    // A new build (below) makes the generation newer first: those waiting then see they were replaced.
    queueMicrotask(() => {
      if (this.settledRefresh === this.refreshes) this.unsettled.splice(0).forEach((go) => go());
    });
    if (!spec) {
      // As a failed build: reported, and retried on the next refresh.
      this.lastError = error;
      if (this.newest) this.newest.failed = true;
      this.events.failed(this.generation, this.newest?.spec ?? { filesDirs: [], glossaryMacros: [] }, error);
      this.finishWaiting();
      return;
    }
    const newest = this.newest;
    if (newest && !newest.failed && sameSpec(spec, newest.spec)) {
      // The build in hand stands; if it is still running, it ends the wait itself.
      if (this.latest?.generation === this.generation) this.finishWaiting();
      return;
    }
    await this.build(spec);
  }

  private async build(spec: BuildSpec): Promise<void> {
    const generation = ++this.generation;
    this.newest?.controller.abort();
    this.newest?.scan.resolve('replaced');
    const controller = new AbortController();
    const scan = deferred<ScanOutcome>();
    this.newest = { spec, controller, failed: false, scan };
    const isNewest = () => generation === this.generation;
    const { events } = this;
    events.started(generation, spec);
    const started = Date.now();
    let index: I;
    try {
      index = await this.options.build(spec, controller.signal, (done, total) => {
        if (isNewest()) events.progress(generation, done, total);
      });
      await this.settledRefreshes();
    } catch (error) {
      await this.settledRefreshes();
      if (!isNewest()) return; // cancelled: the newer build reports for itself
      this.newest.failed = true;
      this.lastError = error;
      scan.resolve('failed');
      events.failed(generation, spec, error);
      this.finishWaiting();
      return;
    }
    if (!isNewest()) return;
    const built: Built<I> = { generation, spec, index, referencesScanned: scan.promise, referencesComplete: false };
    this.latest = built;
    this.lastError = undefined;
    events.ready(built, Date.now() - started);
    this.finishWaiting();
    // Requests that waited for this build are answered first; the scan starts after them.
    await new Promise((resolve) => setImmediate(resolve));
    if (!isNewest()) return scan.resolve('replaced');
    const scanStarted = Date.now();
    this.options.scan(index, spec, controller.signal).then(
      () => {
        if (!isNewest()) return scan.resolve('replaced');
        built.referencesComplete = true;
        scan.resolve('complete');
        events.referencesScanned(built, 'complete', Date.now() - scanStarted);
      },
      (error: unknown) => {
        if (!isNewest()) return scan.resolve('replaced');
        scan.resolve('failed');
        events.referencesScanned(built, 'failed', Date.now() - scanStarted, error);
      },
    );
  }

  /**
   * Resolves once no refresh is left to settle: a build that ends while the inputs may have changed
   * is not reported (no "ready", no warning) before it is known to stand.
   */
  private settledRefreshes(): Promise<void> {
    if (this.settledRefresh === this.refreshes) return Promise.resolve();
    return new Promise((resolve) => this.unsettled.push(resolve));
  }

  /** Ends the wait, unless a refresh asked for meanwhile is still to settle (requests wait for it too). */
  private finishWaiting(): void {
    if (this.settledRefresh !== this.refreshes) return;
    this.pending = false;
    this.idle.resolve();
  }
}
