import { Counter, type Metric, type Registry } from "prom-client";
import { RequestHistogram } from "./request-histogram.js";
import { RequestSeries, type OutcomeCount } from "./request-series.js";

/** Counter labels: the transport, the full gRPC method name, the HTTP status and the error reason. */
export type CodeLabels = "kind" | "operation" | "code" | "reason";

/** How one direction's request metrics are named and described. */
export interface RequestMetricsOptions {
  /** The registry both families go into. */
  readonly registry: Registry;
  /** The requests counter's name, prefix included. */
  readonly requestsName: string;
  /** The duration histogram's name, prefix included. */
  readonly secondsName: string;
  /** What is counted, to start both help texts, e.g. "Requests served". */
  readonly what: string;
  /** The histogram's bucket upper bounds in seconds. */
  readonly buckets: readonly number[];
}

/**
 * One direction's pair of request metrics: requests by `{kind, operation,
 * code, reason}` and their duration by `{kind, operation}`. A call is
 * recorded through `series(kind, operation)`, bound once per operation, so
 * recording costs a few additions (see `RequestSeries`). At every scrape the
 * counter's `collect` adds each outcome's calls counted since the last one
 * with `inc(labels, n)` (exact: counts are whole numbers), and the histogram
 * reads the series' counts as they are.
 */
export class RequestMetrics {
  /** Requests by `{kind, operation, code, reason}`; `inc()` on it adds to what series record. */
  readonly requests: Counter<CodeLabels>;
  /** Request duration in seconds by `{kind, operation}`. */
  readonly seconds: RequestHistogram;
  private readonly bound = new Map<string, Map<string, RequestSeries>>();
  private readonly all: RequestSeries[] = [];
  private readonly outcomes: OutcomeCount[] = [];
  private readonly bounds: readonly number[];

  constructor(options: RequestMetricsOptions) {
    const { registry, what } = options;
    const outcomes = this.outcomes;
    this.bounds = [...options.buckets];
    this.requests = new Counter({
      name: options.requestsName,
      help: `${what} by transport, operation, status code and error reason.`,
      labelNames: ["kind", "operation", "code", "reason"],
      registers: [registry],
      // In the order outcomes were first seen, as their first inc() would have listed them.
      collect() {
        for (const outcome of outcomes) {
          if (outcome.pending === 0) continue;
          this.inc(outcome.labels, outcome.pending);
          outcome.pending = 0;
        }
      },
    });
    this.seconds = new RequestHistogram(
      options.secondsName,
      `${what}: duration in seconds by transport and operation.`,
      this.bounds,
      this.all,
    );
    // registerMetric's declared parameter lists prom-client's own classes
    // only; at runtime it takes any metric object (see RequestHistogram).
    registry.registerMetric(this.seconds as unknown as Metric);
  }

  /** The series of one operation on one transport, made on first use. */
  series(kind: string, operation: string): RequestSeries {
    let byOperation = this.bound.get(kind);
    if (byOperation === undefined) {
      byOperation = new Map();
      this.bound.set(kind, byOperation);
    }
    let found = byOperation.get(operation);
    if (found === undefined) {
      found = new RequestSeries({ kind, operation }, this.bounds, this.outcomes);
      byOperation.set(operation, found);
      this.all.push(found);
    }
    return found;
  }
}
