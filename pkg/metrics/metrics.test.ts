import { describe, expect, it } from "vitest";
import { Metrics } from "./metrics.js";

describe("Metrics", () => {
  it("registers the server and client request families, and process metrics by default", async () => {
    const text = await new Metrics().exposition();
    for (const name of ["server_requests_code_total", "client_requests_code_total"]) {
      expect(text).toContain(`# TYPE ${name} counter`);
    }
    for (const name of ["server_requests_seconds", "client_requests_seconds"]) {
      expect(text).toContain(`# TYPE ${name} histogram`);
    }
    expect(text).toContain("# TYPE process_cpu_seconds_total counter");
  });

  it("leaves out the gauges named like counters that promtool rejects", async () => {
    const text = await new Metrics().exposition();
    expect(text).not.toMatch(/^# TYPE nodejs_active_\w+_total gauge/m);
    expect(text).toContain("# TYPE nodejs_active_handles gauge");
  });

  it("prefixes every name and adds the constant labels to every series", async () => {
    const metrics = new Metrics({ prefix: "shop_", labels: { service: "shop", env: "test" } });
    metrics.server.requests.inc({ kind: "http", operation: "/a.B/C", code: "200", reason: "" });
    const text = await metrics.exposition();
    expect(text).toMatch(
      /^shop_server_requests_code_total\{kind="http",operation="\/a\.B\/C",code="200",reason="",service="shop",env="test"\} 1$/m,
    );
    expect(text).toMatch(/^shop_process_cpu_seconds_total\{service="shop",env="test"\} /m);
    expect(text).not.toMatch(/^server_requests/m);
  });

  it("keeps process metrics out when asked, and each instance's registry to itself", async () => {
    const a = new Metrics({ processMetrics: false });
    const b = new Metrics({ processMetrics: false });
    a.client.requests.inc({ kind: "grpc", operation: "/a.B/C", code: "503", reason: "UNAVAILABLE" });
    expect(await a.exposition()).not.toContain("process_cpu");
    expect(await a.exposition()).toContain('reason="UNAVAILABLE"} 1');
    expect(await b.exposition()).not.toContain("UNAVAILABLE");
  });
});
