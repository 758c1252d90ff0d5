/**
 * Background work that must never delay an answer — a full garbage collection, writing the index
 * cache — waits for a quiet moment: no message from the client for `quietMs`. One task runs at a
 * time; a task asked for again before it ran runs once, at the end of the queue.
 */
export class QuietWork {
  private lastActivity = Date.now();
  private readonly queue = new Map<string, () => unknown>();
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly quietMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** The client sent something: whatever waits, waits longer. */
  touch(): void {
    this.lastActivity = Date.now();
  }

  /** Runs `task` at the next quiet moment (replacing a task of that name still waiting). */
  later(name: string, task: () => unknown): void {
    this.queue.delete(name);
    this.queue.set(name, task);
    this.arm();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.queue.clear();
  }

  private arm(): void {
    if (this.timer || this.running || !this.queue.size) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (Date.now() - this.lastActivity < this.quietMs) return this.arm();
      const [name, task] = this.queue.entries().next().value as [string, () => unknown];
      this.queue.delete(name);
      this.running = true;
      Promise.resolve()
        .then(task)
        .catch(this.onError)
        .finally(() => {
          this.running = false;
          this.arm();
        });
    }, Math.max(0, this.lastActivity + this.quietMs - Date.now()));
    this.timer.unref?.();
  }
}
