import { randomFillSync } from "node:crypto";
import { INVALID_SPANID, INVALID_TRACEID } from "@opentelemetry/api";
import type { IdGenerator } from "@opentelemetry/sdk-trace-base";

/** Fills `bytes` with random bytes: `crypto.randomFillSync` (tests pass their own). */
export type RandomFill = (bytes: Buffer) => void;

// Random bytes are drawn a pool at a time: one native call per POOL_BYTES.
const POOL_BYTES = 4096;

// The character codes of the high and low hex digit of each byte value.
const HIGH = new Uint8Array(256);
const LOW = new Uint8Array(256);
for (let byte = 0; byte < 256; byte++) {
  HIGH[byte] = "0123456789abcdef".charCodeAt(byte >> 4);
  LOW[byte] = "0123456789abcdef".charCodeAt(byte & 15);
}

/**
 * W3C trace and span ids, as the SDK's RandomIdGenerator makes them (32 and
 * 16 lowercase hex characters, never all zeros) but from a cryptographic
 * source and for much less: the SDK draws Math.random per 4 bytes and makes
 * a native call per id. Tracing gives one to its provider and UnrecordedTracer.
 */
export class PooledIdGenerator implements IdGenerator {
  readonly #fill: RandomFill;
  readonly #pool = Buffer.allocUnsafeSlow(POOL_BYTES);
  #offset = POOL_BYTES;

  /** `fill` is where the random bytes come from. */
  constructor(fill: RandomFill = randomFillSync) {
    this.#fill = fill;
  }

  /** A random 16-byte trace id: 32 lowercase hex characters, not all zeros. */
  generateTraceId(): string {
    let id = hex16(this.#pool, this.#take(16));
    while (id === INVALID_TRACEID) id = hex16(this.#pool, this.#take(16));
    return id;
  }

  /** A random 8-byte span id: 16 lowercase hex characters, not all zeros. */
  generateSpanId(): string {
    let id = hex8(this.#pool, this.#take(8));
    while (id === INVALID_SPANID) id = hex8(this.#pool, this.#take(8));
    return id;
  }

  /** The offset in the pool of `bytes` bytes not used before, refilling the pool when it runs out. */
  #take(bytes: number): number {
    if (this.#offset + bytes > POOL_BYTES) {
      this.#fill(this.#pool);
      this.#offset = 0;
    }
    const offset = this.#offset;
    this.#offset += bytes;
    return offset;
  }
}

// An id is made by one String.fromCharCode call with literal arguments: one
// flat string, with no native call (Buffer#toString) and faster than `apply`
// on an array. Joining or slicing strings would make cons or sliced strings
// instead, slower to read wherever the id is validated or logged.

function hex8(b: Uint8Array, o: number): string {
  // prettier-ignore
  return String.fromCharCode(
    HIGH[b[o]], LOW[b[o]], HIGH[b[o + 1]], LOW[b[o + 1]],
    HIGH[b[o + 2]], LOW[b[o + 2]], HIGH[b[o + 3]], LOW[b[o + 3]],
    HIGH[b[o + 4]], LOW[b[o + 4]], HIGH[b[o + 5]], LOW[b[o + 5]],
    HIGH[b[o + 6]], LOW[b[o + 6]], HIGH[b[o + 7]], LOW[b[o + 7]],
  );
}

function hex16(b: Uint8Array, o: number): string {
  // prettier-ignore
  return String.fromCharCode(
    HIGH[b[o]], LOW[b[o]], HIGH[b[o + 1]], LOW[b[o + 1]],
    HIGH[b[o + 2]], LOW[b[o + 2]], HIGH[b[o + 3]], LOW[b[o + 3]],
    HIGH[b[o + 4]], LOW[b[o + 4]], HIGH[b[o + 5]], LOW[b[o + 5]],
    HIGH[b[o + 6]], LOW[b[o + 6]], HIGH[b[o + 7]], LOW[b[o + 7]],
    HIGH[b[o + 8]], LOW[b[o + 8]], HIGH[b[o + 9]], LOW[b[o + 9]],
    HIGH[b[o + 10]], LOW[b[o + 10]], HIGH[b[o + 11]], LOW[b[o + 11]],
    HIGH[b[o + 12]], LOW[b[o + 12]], HIGH[b[o + 13]], LOW[b[o + 13]],
    HIGH[b[o + 14]], LOW[b[o + 14]], HIGH[b[o + 15]], LOW[b[o + 15]],
  );
}
