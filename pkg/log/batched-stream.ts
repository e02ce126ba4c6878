import { pino } from "pino";

/** The longest a line waits in the buffer, in ms. */
export const LOG_FLUSH_INTERVAL_MS = 20;
/** A buffer this long (in UTF-16 units) is written at once. */
export const LOG_FLUSH_SIZE = 64 * 1024;

/**
 * A log destination that writes lines in batches: lines are appended to a
 * buffer that is written, synchronously, in one write (sonic-boom, which
 * handles partial writes and EAGAIN) {@link LOG_FLUSH_INTERVAL_MS} after its
 * first line, as soon as it reaches {@link LOG_FLUSH_SIZE}, and on process
 * exit. A busy service makes one write per batch rather than one per line,
 * and, unlike an asynchronous destination, hands no work to other threads.
 */
export class BatchedStream implements pino.DestinationStream {
  readonly #out: pino.DestinationStream & { flushSync(): void };
  #buffer = "";
  #timer: NodeJS.Timeout | undefined;

  /** Writes to file descriptor `fd` (standard output by default). */
  constructor(fd = 1) {
    this.#out = pino.destination({ dest: fd, sync: true });
    process.once("exit", () => this.flush());
  }

  /** Buffers one line (pino calls this). */
  write(line: string): void {
    this.#buffer += line;
    if (this.#buffer.length >= LOG_FLUSH_SIZE) {
      this.flush();
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.flush(), LOG_FLUSH_INTERVAL_MS);
      this.#timer.unref();
    }
  }

  /** Writes what is buffered now, then calls `done` (pino's `logger.flush(done)` calls this). */
  flush(done?: (err?: Error) => void): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#buffer !== "") {
      const lines = this.#buffer;
      this.#buffer = "";
      this.#out.write(lines);
    }
    done?.();
  }
}
