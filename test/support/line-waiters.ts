/** How a LineWaiters reads the process it waits on. */
export interface LineSource<L> {
  /** Every line read so far. */
  readonly lines: () => readonly L[];
  /** Why no more lines will come (e.g. "server exited (code 1) first"), or undefined while the process runs. */
  readonly ended: () => string | undefined;
  /** The error to reject with for a problem, quoting what the process printed. */
  readonly failure: (problem: string) => Error;
}

/**
 * Waits for lines a child process prints: each pending wait is checked again
 * whenever `notify()` says lines arrived or the process ended.
 */
export class LineWaiters<L> {
  readonly #source: LineSource<L>;
  readonly #waiters = new Set<() => void>();

  constructor(source: LineSource<L>) {
    this.#source = source;
  }

  /** Checks every pending wait again: call when lines arrive and when the process ends. */
  notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  /**
   * The first line (already read or still to come) that `match` accepts.
   * Rejects when the process ends without one, or after `timeoutMs` (`no
   * such <what> within …`).
   */
  waitFor(match: (line: L) => boolean, timeoutMs: number, what: string): Promise<L> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.#source.lines().find(match);
        if (found !== undefined) return finish(() => resolve(found));
        const ended = this.#source.ended();
        if (ended !== undefined) return finish(() => reject(this.#source.failure(ended)));
      };
      const timer = setTimeout(
        () => finish(() => reject(this.#source.failure(`no such ${what} within ${timeoutMs}ms`))),
        timeoutMs,
      );
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        settle();
      };
      this.#waiters.add(check);
      check();
    });
  }
}
