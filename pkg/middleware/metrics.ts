import type { RequestMetrics } from "../metrics/request-metrics.js";
import { answeredEarly } from "../transport/server-call.js";
import type { Middleware } from "./middleware.js";
import { outcomeOf } from "./outcome.js";
import { perOperation } from "./per-operation.js";

/**
 * Counts each call by `{kind, operation, code, reason}` and observes its
 * duration by `{kind, operation}`: `metrics.server` for the servers' chain,
 * `metrics.client` for the kit's clients. Codes are HTTP statuses for both
 * transports (200 on success), so REST and gRPC share one family; a call the
 * transport answered before it finished counts as that answer. Each
 * operation's series is bound on its first call; a call then only adds to
 * numbers (see `RequestSeries`).
 */
export function metrics(pair: RequestMetrics): Middleware {
  const seriesOf = perOperation((ctx) => pair.series(ctx.kind, ctx.operation));
  return (next) => (req, ctx) => {
    const start = performance.now();
    // The series is looked up when the call ends, so series are listed in
    // the order their first call ended, as before binding.
    return next(req, ctx).then(
      (res) => {
        const early = answeredEarly(ctx);
        if (early === undefined) {
          seriesOf(ctx).record(200, "", secondsSince(start));
        } else {
          const { code, reason } = outcomeOf(early);
          seriesOf(ctx).record(code, reason, secondsSince(start));
        }
        return res;
      },
      (err: unknown) => {
        const { code, reason } = outcomeOf(answeredEarly(ctx) ?? err);
        seriesOf(ctx).record(code, reason, secondsSince(start));
        throw err;
      },
    );
  };
}

function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}
