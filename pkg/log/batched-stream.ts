import { pino } from "pino";

/**
 * A log destination that writes the lines of one event-loop turn together:
 * lines are appended to a buffer and written, synchronously, in one write
 * (sonic-boom, which handles partial writes and EAGAIN) at the end of the
 * turn, and on process exit. No line waits past the turn it was logged in,
 * and a busy service makes one write per turn rather than one per line —
 * and, unlike an asynchronous destination, hands no work to other threads.
 */
export class BatchedStream implements pino.DestinationStream {
  readonly #out: pino.DestinationStream & { flushSync(): void };
  #buffer = "";
  #scheduled = false;

  /** Writes to file descriptor `fd` (standard output by default). */
  constructor(fd = 1) {
    this.#out = pino.destination({ dest: fd, sync: true });
    process.once("exit", () => this.flush());
  }

  /** Buffers one line (pino calls this). */
  write(line: string): void {
    this.#buffer += line;
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Writes what is buffered now. */
  flush(): void {
    this.#scheduled = false;
    if (this.#buffer === "") return;
    const lines = this.#buffer;
    this.#buffer = "";
    this.#out.write(lines);
  }
}
