import type { RequestMetrics } from "../metrics/metrics.js";
import type { Middleware } from "./middleware.js";
import { outcomeOf } from "./outcome.js";

/**
 * Counts each call by `{kind, operation, code, reason}` and observes its
 * duration by `{kind, operation}`: `metrics.server` for the servers' chain,
 * `metrics.client` for the kit's clients. Codes are HTTP statuses for both
 * transports (200 on success), so REST and gRPC share one family.
 */
export function metrics(pair: RequestMetrics): Middleware {
  const { requests, seconds } = pair;
  return (next) => (req, ctx) => {
    const start = performance.now();
    const record = (err: unknown): void => {
      const { code, reason } = outcomeOf(err);
      requests.inc({ kind: ctx.kind, operation: ctx.operation, code: String(code), reason });
      seconds.observe({ kind: ctx.kind, operation: ctx.operation }, (performance.now() - start) / 1000);
    };
    return next(req, ctx).then(
      (res) => {
        record(undefined);
        return res;
      },
      (err: unknown) => {
        record(err);
        throw err;
      },
    );
  };
}
