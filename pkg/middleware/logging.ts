import { isStrataError } from "../errors/index.js";
import type { Logger } from "../log/logger.js";
import { runInCall } from "../log/active-call.js";
import { setLogScope } from "../log/scope.js";
import { markLogged } from "./logged.js";
import type { Middleware } from "./middleware.js";
import { outcomeOf } from "./outcome.js";

/** Options of {@link logging}. */
export interface LoggingOptions {
  /** Where access lines go; `requestLogger()` inside the call is a child of it. */
  logger: Logger;
}

/**
 * Writes one access line per call, for both transports, once it has ended:
 * `{kind, operation, code, reason, latency_ms}` with `msg: "access"` (info; error
 * for 5xx). An unexpected error (anything but a StrataError, or a 5xx
 * StrataError with a cause) is logged there once, with its stack, so recovery
 * does not log it again. Inside the call, `requestLogger()` returns a child
 * logger carrying `kind` and `operation`.
 */
export function logging(options: LoggingOptions): Middleware {
  const { logger } = options;
  // Access lines hold only the fields below, none of them secret: they skip
  // redaction, which would otherwise cost more than the rest of the line.
  // Lines with an error object keep it (errors may carry any property).
  const access = logger.child({}, { redact: [] });
  return (next) => (req, ctx) => {
    const start = performance.now();
    setLogScope(ctx, { logger, fields: { kind: ctx.kind, operation: ctx.operation } });
    return runInCall(ctx, () =>
      next(req, ctx).then(
        (res) => {
          if (access.isLevelEnabled("info")) {
            access.info(
              { kind: ctx.kind, operation: ctx.operation, code: 200, reason: "", latency_ms: since(start) },
              "access",
            );
          }
          return res;
        },
        (err: unknown) => {
          const { code, reason } = outcomeOf(err);
          const line = { kind: ctx.kind, operation: ctx.operation, code, reason, latency_ms: since(start) };
          if (code < 500) {
            access.info(line, "access");
          } else if (!isStrataError(err) || err.cause !== undefined) {
            logger.error({ ...line, err: isStrataError(err) ? err.cause : err }, "access");
            markLogged(err);
          } else {
            access.error(line, "access");
          }
          throw err;
        },
      ),
    );
  };
}

function since(start: number): number {
  return Math.round((performance.now() - start) * 1000) / 1000;
}
