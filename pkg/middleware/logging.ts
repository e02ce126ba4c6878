import { identityOf } from "../auth/identity.js";
import { isStrataError } from "../errors/index.js";
import type { Logger } from "../log/logger.js";
import { runInCall } from "../log/active-call.js";
import { setLogScope, type LogScope } from "../log/scope.js";
import type { CallContext } from "../transport/context.js";
import { answeredEarly } from "../transport/server-call.js";
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
 * `{kind, operation, code, reason, latency_ms}`, plus `user` (the token's
 * subject) once auth has verified the caller, with `msg: "access"` (info; warn
 * for 501, error for other 5xx). It is the one place an unexpected error
 * (anything but a StrataError, or a 5xx StrataError with a cause) is
 * reported: on that call's access line, with its stack; recovery and the
 * transports write nothing of it. A call the transport answered before it
 * finished (deadline, client gone) is logged with that answer, as its caller
 * saw it, whatever the handler returned afterwards. Inside the call,
 * `requestLogger()` returns a child logger carrying `kind` and `operation`.
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
          const early = answeredEarly(ctx);
          if (early !== undefined) {
            logFailure(logger, accessLine, ctx, early, start);
          } else if (accessLine.isLevelEnabled("info")) {
            const user = identityOf(ctx)?.subject;
            const line = { code: 200, reason: "", latency_ms: since(start) };
            accessLine.info(user === undefined ? line : { ...line, user }, "access");
          }
          return res;
        },
        (err: unknown) => {
          logFailure(logger, accessLine, ctx, answeredEarly(ctx) ?? err, start);
          throw err;
        },
      ),
    );
  };
}

/** Writes the access line of a call whose caller was answered with `err`. */
function logFailure(logger: Logger, accessLine: Logger, ctx: CallContext, err: unknown, start: number): void {
  const { code, reason } = outcomeOf(err);
  const user = identityOf(ctx)?.subject;
  const line = { code, reason, latency_ms: since(start), ...(user !== undefined && { user }) };
  if (code < 500) {
    accessLine.info(line, "access");
  } else if (code === 501) {
    // A method the server does not implement, a call with the wrong number of messages: the caller's mistake.
    accessLine.warn(line, "access");
  } else if (!isStrataError(err) || err.cause !== undefined) {
    logger.error({ kind: ctx.kind, operation: ctx.operation, ...line, err: errorOf(err) }, "access");
  } else {
    accessLine.error(line, "access");
  }
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
