import { collectDefaultMetrics, Registry } from "prom-client";
import { RequestMetrics } from "./request-metrics.js";

/** How a service's metrics are named; every field has a default in `defaultMetricsOptions`. */
export interface MetricsOptions {
  /** Prepended to every metric name, e.g. `shop_` → `shop_server_requests_code_total`. */
  prefix: string;
  /** Labels with the same value on every series (e.g. `{service: "shop"}`). */
  labels: Readonly<Record<string, string>>;
  /** Collect Node.js process metrics (CPU, memory, event loop lag, GC, handles). */
  processMetrics: boolean;
  /** The request duration histogram's bucket bounds, in seconds. */
  buckets: readonly number[];
}

/** The defaults of every MetricsOptions field. */
export const defaultMetricsOptions: Readonly<MetricsOptions> = {
  prefix: "",
  labels: {},
  processMetrics: true,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
};

/** The names of the request metrics, before the prefix. */
export const METRIC_NAMES = {
  serverRequests: "server_requests_code_total",
  serverSeconds: "server_requests_seconds",
  clientRequests: "client_requests_code_total",
  clientSeconds: "client_requests_seconds",
} as const;

/**
 * A service's metrics, in a registry of its own (never prom-client's global
 * one): requests served (`server_*`) and made through the kit's clients
 * (`client_*`), one family for both transports, plus process metrics.
 */
export class Metrics {
  /** The registry `/metrics` exposes; add the service's own metrics to it. */
  readonly registry = new Registry();
  /** Requests served, REST and gRPC alike. */
  readonly server: RequestMetrics;
  /** Outbound requests made through the kit's clients. */
  readonly client: RequestMetrics;
  /** The options in effect, defaults filled in. */
  readonly options: Readonly<MetricsOptions>;

  constructor(options: Partial<MetricsOptions> = {}) {
    this.options = { ...defaultMetricsOptions, ...options };
    const { prefix, labels, buckets } = this.options;
    this.registry.setDefaultLabels({ ...labels });
    const pair = (requests: string, seconds: string, what: string): RequestMetrics =>
      new RequestMetrics({
        registry: this.registry,
        requestsName: prefix + requests,
        secondsName: prefix + seconds,
        what,
        buckets,
      });
    this.server = pair(METRIC_NAMES.serverRequests, METRIC_NAMES.serverSeconds, "Requests served");
    this.client = pair(METRIC_NAMES.clientRequests, METRIC_NAMES.clientSeconds, "Requests made to other services");
    if (this.options.processMetrics) {
      collectDefaultMetrics({ register: this.registry, prefix });
      // Gauges named like counters fail `promtool check metrics`; the same
      // numbers stay available by type as nodejs_active_{handles,requests,resources}.
      for (const name of [
        "nodejs_active_handles_total",
        "nodejs_active_requests_total",
        "nodejs_active_resources_total",
      ]) {
        this.registry.removeSingleMetric(prefix + name);
      }
    }
  }

  /** The Prometheus text exposition of every metric. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  /** The exposition's Content-Type. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
