import { isStrataError } from "../errors/index.js";

/** How a call ended, as the access log and the metrics label it. */
export interface Outcome {
  /** The HTTP status of the reply (200 on success), the same for both transports. */
  readonly code: number;
  /** The error reason, "" on success. */
  readonly reason: string;
}

const OK: Outcome = { code: 200, reason: "" };
const INTERNAL: Outcome = { code: 500, reason: "INTERNAL" };

/**
 * The outcome of a call that ended with `err` (undefined: success). Anything
 * but a StrataError is what recovery turns into 500 INTERNAL.
 */
export function outcomeOf(err: unknown): Outcome {
  if (err === undefined) return OK;
  return isStrataError(err) ? { code: err.code, reason: err.reason } : INTERNAL;
}
