/**
 * Background work that must never delay an answer — a full garbage collection, writing the index
 * cache — waits for a quiet moment: no message from the client for `quietMs`. One task runs at a
 * time; a task asked for again before it ran runs once, at the end of the queue. `flush` runs one
 * at once (at shutdown, the cache is still written).
 */
export class QuietWork {
  private lastActivity = Date.now();
  private readonly queue = new Map<string, () => unknown>();
  private timer?: NodeJS.Timeout;
  private running = false;
  private current: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly quietMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** The client sent something: whatever waits, waits longer. */
  touch(): void {
    this.lastActivity = Date.now();
  }

  /** How long since the client last sent something (ms). */
  get idleMs(): number {
    return Date.now() - this.lastActivity;
  }

  /** Runs `task` at the next quiet moment (replacing a task of that name still waiting). */
  later(name: string, task: () => unknown): void {
    this.queue.delete(name);
    this.queue.set(name, task);
    this.arm();
  }

  /** Runs the task of that name now if it still waits, after the one running, if any (shutdown: the cache is written). */
  async flush(name: string): Promise<void> {
    await this.current;
    const task = this.queue.get(name);
    if (!task) return;
    this.queue.delete(name);
    await Promise.resolve().then(task).catch(this.onError);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.queue.clear();
  }

  private arm(): void {
    if (this.timer || this.running || !this.queue.size) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        if (Date.now() - this.lastActivity < this.quietMs) return this.arm();
        const [name, task] = this.queue.entries().next().value as [string, () => unknown];
        this.queue.delete(name);
        this.running = true;
        this.current = Promise.resolve()
          .then(task)
          .catch(this.onError)
          .finally(() => {
            this.running = false;
            this.arm();
          });
      },
      Math.max(0, this.lastActivity + this.quietMs - Date.now()),
    );
    this.timer.unref?.();
  }
}
