import { pino } from "pino";

/** The longest a line waits in the buffer, in ms. */
export const LOG_FLUSH_INTERVAL_MS = 20;
/** The buffer's size in bytes: it is written at once when the next line might not fit. */
export const LOG_FLUSH_SIZE = 64 * 1024;

/** Where batches go: sonic-boom in "buffer" content mode. */
interface ByteSink {
  write(bytes: Buffer): boolean;
}

// The most UTF-8 bytes one UTF-16 unit of a line can take.
const MAX_BYTES_PER_UNIT = 3;

/**
 * A log destination that writes lines in batches: each line is encoded into
 * a buffer as it comes (so the string pino built dies young, rather than
 * being kept, copied by the garbage collector and flattened later), and the
 * buffer is written, synchronously, in one write (sonic-boom, which handles
 * partial writes and EAGAIN) {@link LOG_FLUSH_INTERVAL_MS} after its first
 * line, as soon as the next line might not fit in {@link LOG_FLUSH_SIZE}
 * bytes, and on process exit. A busy service makes one write per batch rather
 * than one per line, and, unlike an asynchronous destination, hands no work
 * to other threads.
 */
export class BatchedStream implements pino.DestinationStream {
  readonly #out: ByteSink;
  #buffer = Buffer.allocUnsafe(LOG_FLUSH_SIZE);
  #length = 0;
  #timer: NodeJS.Timeout | undefined;

  /** Writes to file descriptor `fd` (standard output by default). */
  constructor(fd = 1) {
    // In "buffer" content mode sonic-boom writes Buffers; its typings only know strings.
    this.#out = pino.destination({ dest: fd, sync: true, contentMode: "buffer" }) as unknown as ByteSink;
    process.once("exit", () => this.flush());
  }

  /** Buffers one line (pino calls this). */
  write(line: string): void {
    const room = LOG_FLUSH_SIZE - this.#length;
    if (line.length * MAX_BYTES_PER_UNIT > room) {
      this.flush();
      if (line.length * MAX_BYTES_PER_UNIT > LOG_FLUSH_SIZE) {
        this.#out.write(Buffer.from(line));
        return;
      }
    }
    this.#length += this.#buffer.write(line, this.#length);
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.flush(), LOG_FLUSH_INTERVAL_MS);
      this.#timer.unref();
    }
  }

  /** Writes what is buffered now, then calls `done` (pino's `logger.flush(done)` calls this). */
  flush(done?: (err?: Error) => void): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#length > 0) {
      // The written slice is handed over (sonic-boom keeps it if the write must wait); the next batch gets a new buffer.
      const batch = this.#buffer.subarray(0, this.#length);
      this.#buffer = Buffer.allocUnsafe(LOG_FLUSH_SIZE);
      this.#length = 0;
      this.#out.write(batch);
    }
    done?.();
  }
}
