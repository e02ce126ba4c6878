// The deployed service's Prometheus exposition on the admin port, whatever
// APIs it serves: the process metrics and the request families' metadata.
import { describe, expect, it } from "vitest";
import { targetOrSkip } from "./target.js";

const target = targetOrSkip("metrics");

describe.skipIf(target === undefined)("metrics of the deployed service", () => {
  it("serves the Prometheus text format with the process metrics and the server request families", async () => {
    const response = await fetch(`${target!.adminUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^(\w+_)?process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^(\w+_)?nodejs_eventloop_lag_seconds \d/m);
    expect(text).toMatch(/^# TYPE (\w+_)?server_requests_code_total counter$/m);
    expect(text).toMatch(/^# TYPE (\w+_)?server_requests_seconds histogram$/m);
  });
});
