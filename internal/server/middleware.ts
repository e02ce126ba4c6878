import {
  chain,
  logging,
  metrics as requestMetrics,
  recovery,
  clientTracing,
  tracing as serverTracing,
  validate,
  type Middleware,
} from "../../pkg/middleware/index.js";
import type { Logger } from "../../pkg/log/logger.js";
import type { Metrics } from "../../pkg/metrics/index.js";
import type { Tracing } from "../../pkg/tracing/index.js";
import type { Config } from "../conf/conf.js";
import { authMiddleware } from "./auth.js";

/** The injection token of the middleware chain both servers run. */
export const ServerMiddlewareToken = Symbol("ServerMiddleware");

/**
 * The one middleware chain for REST and gRPC alike, outermost first: recovery
 * turns any throw into a kit error; tracing opens the server span (continuing
 * the caller's traceparent); logging writes the access line; metrics count and
 * time the call; auth checks the bearer token against the method's rule (when
 * a key source is configured); validation applies the buf.validate rules. Deadlines and
 * cancellation are the transports' own: they answer the caller at the
 * deadline or when it goes away, whatever the handler is doing. `inner`
 * runs last, next to the handler (what a composition root adds of its own).
 */
export function serverMiddleware(
  config: Config,
  logger: Logger,
  metrics: Metrics,
  tracing: Tracing,
  inner: readonly Middleware[] = [],
): Middleware {
  const authentication = authMiddleware(config, logger);
  return chain(
    recovery(),
    serverTracing(tracing),
    logging({ logger }),
    requestMetrics(metrics.server),
    ...(authentication === undefined ? [] : [authentication]),
    validate(),
    ...inner,
  );
}

/** The injection token of the middleware the kit's clients run (pass it as GrpcConn's `middleware`). */
export const ClientMiddlewareToken = Symbol("ClientMiddleware");

/** The middleware of the kit's clients (GrpcConn `middleware`): client spans carrying traceparent, client metrics. */
export function clientMiddleware(metrics: Metrics, tracing: Tracing): Middleware {
  return chain(clientTracing(tracing), requestMetrics(metrics.client));
}
