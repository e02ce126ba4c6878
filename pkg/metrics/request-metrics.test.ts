import { Counter, Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { Metrics, type MetricsOptions } from "./metrics.js";

type Direction = "server" | "client";
/** One recorded call: direction, kind, operation, code, reason, seconds. */
type Call = readonly [Direction, string, string, number, string, number];

const GET = "/library.v1.LibraryService/GetBook";
const CREATE = "/library.v1.LibraryService/CreateBook";

/**
 * What the request metrics exposed before series were bound: prom-client's
 * Counter and Histogram fed label by label. Every exposition must match it.
 */
function reference(options: Partial<MetricsOptions>) {
  const prefix = options.prefix ?? "";
  const registry = new Registry();
  registry.setDefaultLabels({ ...options.labels });
  const pair = (requests: string, seconds: string, what: string) => ({
    requests: new Counter({
      name: prefix + requests,
      help: `${what} by transport, operation, status code and error reason.`,
      labelNames: ["kind", "operation", "code", "reason"],
      registers: [registry],
    }),
    seconds: new Histogram({
      name: prefix + seconds,
      help: `${what}: duration in seconds by transport and operation.`,
      labelNames: ["kind", "operation"],
      ...(options.buckets && { buckets: [...options.buckets] }),
      registers: [registry],
    }),
  });
  const server = pair("server_requests_code_total", "server_requests_seconds", "Requests served");
  const client = pair("client_requests_code_total", "client_requests_seconds", "Requests made to other services");
  return {
    registry,
    record([direction, kind, operation, code, reason, seconds]: Call): void {
      const { requests, seconds: histogram } = direction === "server" ? server : client;
      requests.inc({ kind, operation, code: String(code), reason });
      histogram.observe({ kind, operation }, seconds);
    },
  };
}

/** Metrics and the reference, fed the same calls. */
function both(options: Partial<MetricsOptions> = {}) {
  const metrics = new Metrics({ ...options, processMetrics: false });
  const ref = reference(options);
  return {
    metrics,
    ref,
    record(...calls: Call[]): void {
      for (const call of calls) {
        const [direction, kind, operation, code, reason, seconds] = call;
        metrics[direction].series(kind, operation).record(code, reason, seconds);
        ref.record(call);
      }
    },
  };
}

/** Each sample's name, labels and value, as `getMetricsAsJSON()` gives them. */
async function samples(registry: Registry) {
  return (await registry.getMetricsAsJSON()).map((m) => ({
    name: m.name,
    help: m.help,
    type: m.type,
    values: m.values.map((v) => ({
      metricName: "metricName" in v ? v.metricName : undefined,
      labels: v.labels,
      value: v.value,
    })),
  }));
}

// Durations around every kind of bucket: under the first bound, exactly on
// one, between two, and past the last one (counted in +Inf only).
const CALLS: Call[] = [
  ["server", "http", CREATE, 200, "", 0.0031],
  ["server", "grpc", GET, 200, "", 0.005],
  ["server", "http", GET, 404, "BOOK_NOT_FOUND", 0.0125],
  ["server", "http", CREATE, 400, "MALFORMED_REQUEST", 0.7],
  ["server", "grpc", GET, 404, "BOOK_NOT_FOUND", 12.5],
  ["client", "grpc", "/echo.v1.EchoService/Echo", 503, "UNAVAILABLE", 0.1],
  ["server", "http", CREATE, 200, "", 0.26],
  ["server", "grpc", GET, 200, "", 0.0999],
  ["client", "grpc", "/echo.v1.EchoService/Echo", 200, "", 2.5],
  ["server", "http", CREATE, 500, "INTERNAL", 5.000001],
];

describe("RequestMetrics", () => {
  it("exposes exactly what prom-client's Counter and Histogram did, scrape after scrape", async () => {
    const { metrics, ref, record } = both();
    expect(await metrics.exposition()).toBe(await ref.registry.metrics());
    record(...CALLS.slice(0, 4));
    expect(await metrics.exposition()).toBe(await ref.registry.metrics());
    record(...CALLS.slice(4), ...CALLS);
    const text = await metrics.exposition();
    expect(text).toBe(await ref.registry.metrics());
    // Scraping again counts nothing twice.
    expect(await metrics.exposition()).toBe(text);
    expect(await samples(metrics.registry)).toEqual(await samples(ref.registry));
  });

  it("keeps names, help, default labels and buckets as configured", async () => {
    const options = { prefix: "shop_", labels: { service: "shop", env: "test" }, buckets: [0.01, 0.1, 1] };
    const { metrics, ref, record } = both(options);
    record(...CALLS, ...CALLS.slice(2, 7));
    const text = await metrics.exposition();
    expect(text).toBe(await ref.registry.metrics());
    expect(await metrics.exposition()).toBe(text);
    expect(await samples(metrics.registry)).toEqual(await samples(ref.registry));
  });

  it("writes cumulative buckets, +Inf, _sum and _count with exact values", async () => {
    const metrics = new Metrics({
      processMetrics: false,
      prefix: "shop_",
      labels: { service: "shop" },
      buckets: [0.01, 0.25, 1],
    });
    const get = metrics.server.series("grpc", GET);
    // Binary fractions, so the sum is exact: 0.0078125 + 0.25 + 0.25 + 0.5 + 32.
    for (const seconds of [0.0078125, 0.25, 0.25, 0.5]) get.record(200, "", seconds);
    get.record(503, "UNAVAILABLE", 32);
    const labels = `kind="grpc",operation="${GET}"`;
    const expected = [
      "# HELP shop_server_requests_code_total Requests served by transport, operation, status code and error reason.",
      "# TYPE shop_server_requests_code_total counter",
      `shop_server_requests_code_total{${labels},code="200",reason="",service="shop"} 4`,
      `shop_server_requests_code_total{${labels},code="503",reason="UNAVAILABLE",service="shop"} 1`,
      "",
      "# HELP shop_server_requests_seconds Requests served: duration in seconds by transport and operation.",
      "# TYPE shop_server_requests_seconds histogram",
      `shop_server_requests_seconds_bucket{le="0.01",service="shop",${labels}} 1`,
      `shop_server_requests_seconds_bucket{le="0.25",service="shop",${labels}} 3`,
      `shop_server_requests_seconds_bucket{le="1",service="shop",${labels}} 4`,
      `shop_server_requests_seconds_bucket{le="+Inf",service="shop",${labels}} 5`,
      `shop_server_requests_seconds_sum{service="shop",${labels}} 33.0078125`,
      `shop_server_requests_seconds_count{service="shop",${labels}} 5`,
    ].join("\n");
    const text = await metrics.exposition();
    expect(text).toContain(expected);
    expect(await metrics.exposition()).toBe(text);
    get.record(200, "", 0.5);
    const again = await metrics.exposition();
    expect(again).toContain(`shop_server_requests_code_total{${labels},code="200",reason="",service="shop"} 5`);
    expect(again).toContain(`shop_server_requests_seconds_bucket{le="1",service="shop",${labels}} 5`);
    expect(again).toContain(`shop_server_requests_seconds_sum{service="shop",${labels}} 33.5078125`);
    expect(again).toContain(`shop_server_requests_seconds_count{service="shop",${labels}} 6`);
  });

  it("shows a series from its first call on, not when it is only bound", async () => {
    const metrics = new Metrics({ processMetrics: false });
    const series = metrics.client.series("grpc", GET);
    expect(await metrics.exposition()).not.toContain(GET);
    series.record(200, "", 0.02);
    const text = await metrics.exposition();
    expect(text).toContain(`client_requests_code_total{kind="grpc",operation="${GET}",code="200",reason=""} 1`);
    expect(text).toContain(`client_requests_seconds_count{kind="grpc",operation="${GET}"} 1`);
    expect(text).not.toMatch(/^server_requests_\w+\{/m);
    expect(metrics.client.series("grpc", GET)).toBe(series);
  });

  it("adds direct inc() calls on the counter to what series record", async () => {
    const metrics = new Metrics({ processMetrics: false });
    metrics.server.series("http", GET).record(200, "", 0.02);
    metrics.server.requests.inc({ kind: "http", operation: GET, code: "200", reason: "" }, 2);
    metrics.server.series("http", GET).record(200, "", 0.02);
    expect(await metrics.exposition()).toContain(
      `server_requests_code_total{kind="http",operation="${GET}",code="200",reason=""} 4`,
    );
  });

  it("forgets every call on the registry's resetMetrics, scraped or not, as before", async () => {
    const { metrics, ref, record } = both();
    const reset = (): void => {
      metrics.registry.resetMetrics();
      ref.registry.resetMetrics();
    };
    record(...CALLS);
    reset();
    expect(await metrics.exposition()).toBe(await ref.registry.metrics());
    record(...CALLS.slice(0, 3));
    expect(await metrics.exposition()).toBe(await ref.registry.metrics());
    record(...CALLS.slice(3));
    reset();
    record(...CALLS.slice(5));
    expect(await metrics.exposition()).toBe(await ref.registry.metrics());
  });
});
