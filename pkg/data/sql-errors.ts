import {
  cancelled,
  deadlineExceeded,
  isStrataError,
  KitReason,
  malformedRequest,
  unavailable,
  type StrataError,
} from "../errors/index.js";

// SQLSTATE classes and codes meaning the connection or server went away, not the statement was wrong.
const CONNECTION_LOST_CODES = new Set(["57P01", "57P02", "57P03", "53300"]);
// SQLSTATE codes meaning a value the client sent is not text the database can store (NUL, bad encoding).
const NOT_TEXT_CODES = new Set(["22021", "22P05"]);
const CONNECTION_LOST_MESSAGES = [
  "Connection terminated",
  "connection terminated",
  "Client has encountered a connection error",
  "timeout exceeded when trying to connect",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "Client was closed",
];

/** The error a call ends with once its signal aborted: the StrataError it carries, else 504 or 499. */
export function abortError(signal: AbortSignal): StrataError {
  const reason: unknown = signal.reason;
  if (isStrataError(reason)) return reason;
  return reason instanceof Error && reason.name === "TimeoutError" ? deadlineExceeded() : cancelled();
}

/** Whether a database error means the connection was lost (terminated, refused, reset): worth a retry later. */
export function isConnectionLost(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && (code.startsWith("08") || CONNECTION_LOST_CODES.has(code))) return true;
  return CONNECTION_LOST_MESSAGES.some((text) => err.message.includes(text));
}

// SQLSTATE codes of a statement cut short by the server (statement or lock timeout), not wrong in itself.
const TIMEOUT_CODES = new Set(["57014", "55P03"]);

/**
 * Whether `err` (or an error it wraps, through `cause`) is an infrastructure
 * failure rather than the code's own: the database unreachable or its
 * connection lost (SQLSTATE class 08, 57P01–57P03 shutdowns), out of resources
 * (class 53), a statement timed out (57014, 55P03), or a call already reported
 * as 503 UNAVAILABLE / 504 DEADLINE_EXCEEDED. Work that failed so is worth
 * retrying once the dependency is back, and says nothing about the work itself.
 */
export function isInfrastructureError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (isConnectionLost(e)) return true;
    if (isStrataError(e) && (e.reason === KitReason.UNAVAILABLE || e.reason === KitReason.DEADLINE_EXCEEDED)) {
      return true;
    }
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (code.startsWith("53") || TIMEOUT_CODES.has(code))) return true;
  }
  return false;
}

/**
 * What a failed database call is reported as: the call's own abort (504
 * DEADLINE_EXCEEDED / 499 CANCELLED) when its signal aborted, 503 UNAVAILABLE
 * when the connection was lost, 400 MALFORMED_REQUEST when a value is not text
 * the database can store (the transports reject NUL first; this is the
 * backstop for other routes in), and the error itself otherwise.
 */
export function toDataError(err: unknown, signal: AbortSignal): unknown {
  if (isStrataError(err)) return err;
  if (signal.aborted) return abortError(signal);
  if (isConnectionLost(err)) return unavailable("the database is unavailable", { cause: err });
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  if (typeof code === "string" && NOT_TEXT_CODES.has(code)) {
    return malformedRequest("a value in the request is not text the database can store");
  }
  return err;
}
