import { chain, recovery, timeout, validate, type Middleware } from "../../pkg/middleware/index.js";
import type { Logger } from "../../pkg/log/logger.js";

/** The injection token of the middleware chain both servers run. */
export const ServerMiddlewareToken = Symbol("ServerMiddleware");

/**
 * The one middleware chain for REST and gRPC alike, outermost first: recovery
 * turns any throw into a kit error, validation applies the buf.validate rules,
 * and timeout answers the caller when the deadline passes.
 */
export function serverMiddleware(logger: Logger): Middleware {
  return chain(recovery({ logger }), validate(), timeout());
}
