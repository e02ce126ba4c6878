import { isStrataError, toStrataError } from "../errors/index.js";
import type { Logger } from "../log/logger.js";
import { wasLogged } from "./logged.js";
import type { Middleware } from "./middleware.js";

/** Options of {@link recovery}. */
export interface RecoveryOptions {
  /** Where unexpected errors are logged, once, with their stack. */
  logger: Logger;
}

/**
 * The outermost middleware: anything a handler throws that is not a
 * StrataError (a bug, a driver error) becomes a 500 INTERNAL whose message
 * reveals nothing, and is logged with its stack unless the access log (the
 * logging middleware, further in) already did. StrataErrors pass through as they are.
 */
export function recovery(options: RecoveryOptions): Middleware {
  return (next) => (req, ctx) => {
    const recover = (err: unknown): never => {
      if (isStrataError(err)) throw err;
      if (!wasLogged(err)) options.logger.error({ err, operation: ctx.operation, kind: ctx.kind }, "unexpected error");
      throw toStrataError(err);
    };
    try {
      return next(req, ctx).then(undefined, recover);
    } catch (err) {
      // A handler that threw instead of rejecting.
      return Promise.reject(err).then(undefined, recover);
    }
  };
}
