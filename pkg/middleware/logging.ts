import { isStrataError } from "../errors/index.js";
import type { Logger } from "../log/logger.js";
import { runInCall } from "../log/active-call.js";
import { setLogScope, type LogScope } from "../log/scope.js";
import type { Middleware } from "./middleware.js";
import { outcomeOf } from "./outcome.js";
import { perOperation } from "./per-operation.js";

/** Options of {@link logging}. */
export interface LoggingOptions {
  /** Where access lines go; `requestLogger()` inside the call is a child of it. */
  logger: Logger;
}

/**
 * Writes one access line per call, for both transports, once it has ended:
 * `{kind, operation, code, reason, latency_ms}` with `msg: "access"` (info; error
 * for 5xx). It is the one place an unexpected error (anything but a
 * StrataError, or a 5xx StrataError with a cause) is reported: on that call's
 * access line, with its stack; recovery and the transports write nothing of
 * it. Inside the call, `requestLogger()` returns a child logger carrying
 * `kind` and `operation`.
 */
export function logging(options: LoggingOptions): Middleware {
  const { logger } = options;
  // Access lines hold only the fields below, none of them secret: they skip
  // redaction, which would otherwise cost more than the rest of the line.
  // Lines with an error object keep it (errors may carry any property).
  const access = logger.child({}, { redact: [] });
  const loggingOf = perOperation<OperationLogging>((ctx) => {
    const fields = { kind: ctx.kind, operation: ctx.operation };
    return { scope: { logger, fields }, accessLine: access.child(fields) };
  });
  return (next) => (req, ctx) => {
    const start = performance.now();
    const { scope, accessLine } = loggingOf(ctx);
    setLogScope(ctx, scope);
    return runInCall(ctx, () =>
      next(req, ctx).then(
        (res) => {
          if (accessLine.isLevelEnabled("info")) {
            accessLine.info({ code: 200, reason: "", latency_ms: since(start) }, "access");
          }
          return res;
        },
        (err: unknown) => {
          const { code, reason } = outcomeOf(err);
          const line = { code, reason, latency_ms: since(start) };
          if (code < 500) {
            accessLine.info(line, "access");
          } else if (!isStrataError(err) || err.cause !== undefined) {
            logger.error({ kind: ctx.kind, operation: ctx.operation, ...line, err: errorOf(err) }, "access");
          } else {
            accessLine.error(line, "access");
          }
          throw err;
        },
      ),
    );
  };
}

/** The log scope and access logger of one operation on one transport, shared by its calls. */
interface OperationLogging {
  /** The scope `requestLogger()` reads (its child logger, once made, serves every call). */
  readonly scope: LogScope;
  /** Writes the access lines, `kind` and `operation` already bound. */
  readonly accessLine: Logger;
}

/** What an unexpected failure logs: the cause a 5xx StrataError wraps, or the thrown value. */
function errorOf(err: unknown): unknown {
  return isStrataError(err) ? err.cause : err;
}

function since(start: number): number {
  return Math.round((performance.now() - start) * 1000) / 1000;
}
