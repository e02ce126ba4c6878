import { chain, recovery, timeout, validate, type Middleware } from "../../pkg/middleware/index.js";
import type { Logger } from "../../pkg/log/logger.js";
import type { Config } from "../conf/conf.js";
import { testDelay } from "./test-hooks.js";

/** The injection token of the middleware chain both servers run. */
export const ServerMiddlewareToken = Symbol("ServerMiddleware");

/**
 * The one middleware chain for REST and gRPC alike, outermost first: recovery
 * turns any throw into a kit error, validation applies the buf.validate rules,
 * and timeout answers the caller when the deadline passes.
 */
export function serverMiddleware(config: Config, logger: Logger): Middleware {
  const middleware = [recovery({ logger }), validate(), timeout()];
  if (config.testing.delayHeader) middleware.push(testDelay());
  return chain(...middleware);
}
