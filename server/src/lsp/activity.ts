/**
 * How many requests the main thread is computing right now, in shared memory: the reference
 * worker reads it and pauses while there are any (see referenceWorker.ts). On two cores a lower
 * CPU priority alone still lets the worker slow every request down (the threads share caches and
 * memory bandwidth, and virtual cores may share a physical one); pausing it leaves requests the
 * machine for the few milliseconds they need.
 */
export class RequestActivity {
  readonly shared = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));

  /** Whether a request is being computed now (background work on the main thread waits for it). */
  get busy(): boolean {
    return Atomics.load(this.shared, 0) > 0;
  }

  /** Runs `compute` counted as a request in progress. */
  async during<T>(compute: () => T | Promise<T>): Promise<T> {
    Atomics.add(this.shared, 0, 1);
    try {
      return await compute();
    } finally {
      Atomics.sub(this.shared, 0, 1);
      Atomics.notify(this.shared, 0);
    }
  }
}
