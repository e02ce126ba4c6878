import { afterEach, describe, expect, it, vi } from "vitest";
import { EchoService } from "../../tools/testdata/echo/v1/echo_pb.js";
import { StrataError } from "../errors/index.js";
import { Metrics } from "../metrics/metrics.js";
import { newCallContext } from "../transport/context.js";
import type { TransportKind } from "../transport/context.js";
import { metrics } from "./metrics.js";

const ECHO = "/echo.v1.EchoService/Echo";
const LONG = "/echo.v1.EchoService/EchoWithAnExceptionallyLongMethodName";

/** A clock the handlers move forward, so durations are exact. */
let now = 0;

/** A handler that takes `ms` and then returns "ok", or throws `err` if given. */
function takes(ms: number, err?: unknown) {
  return async (): Promise<string> => {
    now += ms;
    if (err !== undefined) throw err;
    return "ok";
  };
}

const ctxOf = (kind: TransportKind, method: "echo" | "echoWithAnExceptionallyLongMethodName") =>
  newCallContext({ kind, method: EchoService.method[method] });

describe("metrics middleware", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("counts calls by outcome and observes exact durations, per operation and transport", async () => {
    vi.spyOn(performance, "now").mockImplementation(() => now);
    const m = new Metrics({ processMetrics: false, buckets: [0.01, 0.25, 1] });
    const call = (
      ms: number,
      kind: TransportKind,
      method: "echo" | "echoWithAnExceptionallyLongMethodName",
      err?: unknown,
    ) => metrics(m.server)(takes(ms, err))(null, ctxOf(kind, method));

    await expect(call(7.8125, "grpc", "echo")).resolves.toBe("ok");
    // Series appear with their first call.
    const first = await m.exposition();
    expect(first).toContain(`server_requests_code_total{kind="grpc",operation="${ECHO}",code="200",reason=""} 1`);
    expect(first).toContain(`server_requests_seconds_bucket{le="0.01",kind="grpc",operation="${ECHO}"} 1`);
    expect(first).toContain(`server_requests_seconds_sum{kind="grpc",operation="${ECHO}"} 0.0078125`);

    const notFound = new StrataError(404, "NOT_HERE", "gone");
    await expect(call(250, "grpc", "echo", notFound)).rejects.toBe(notFound);
    const boom = new Error("boom");
    await expect(call(500, "grpc", "echo", boom)).rejects.toBe(boom);
    await call(32_000, "grpc", "echo");
    await call(250, "http", "echo");
    await expect(call(1, "http", "echoWithAnExceptionallyLongMethodName", notFound)).rejects.toBe(notFound);

    const text = await m.exposition();
    const echo = `kind="grpc",operation="${ECHO}"`;
    expect(text).toContain(
      [
        `server_requests_code_total{${echo},code="200",reason=""} 2`,
        `server_requests_code_total{${echo},code="404",reason="NOT_HERE"} 1`,
        `server_requests_code_total{${echo},code="500",reason="INTERNAL"} 1`,
        `server_requests_code_total{kind="http",operation="${ECHO}",code="200",reason=""} 1`,
        `server_requests_code_total{kind="http",operation="${LONG}",code="404",reason="NOT_HERE"} 1`,
      ].join("\n"),
    );
    expect(text).toContain(
      [
        `server_requests_seconds_bucket{le="0.01",${echo}} 1`,
        `server_requests_seconds_bucket{le="0.25",${echo}} 2`,
        `server_requests_seconds_bucket{le="1",${echo}} 3`,
        `server_requests_seconds_bucket{le="+Inf",${echo}} 4`,
        `server_requests_seconds_sum{${echo}} 32.7578125`,
        `server_requests_seconds_count{${echo}} 4`,
        `server_requests_seconds_bucket{le="0.01",kind="http",operation="${ECHO}"} 0`,
        `server_requests_seconds_bucket{le="0.25",kind="http",operation="${ECHO}"} 1`,
      ].join("\n"),
    );
    expect(text).toContain(`server_requests_seconds_count{kind="http",operation="${LONG}"} 1`);
    expect(text).not.toMatch(/^client_requests_\w+\{/m);
    // A second scrape counts nothing twice.
    expect(await m.exposition()).toBe(text);
  });

  it("records outbound calls in the client family", async () => {
    vi.spyOn(performance, "now").mockImplementation(() => now);
    const m = new Metrics({ processMetrics: false });
    const unavailable = new StrataError(503, "UNAVAILABLE", "down");
    const client = metrics(m.client);
    await client(takes(2))(null, ctxOf("grpc", "echo"));
    await expect(client(takes(4, unavailable))(null, ctxOf("grpc", "echo"))).rejects.toBe(unavailable);
    const text = await m.exposition();
    expect(text).toContain(`client_requests_code_total{kind="grpc",operation="${ECHO}",code="200",reason=""} 1`);
    expect(text).toContain(
      `client_requests_code_total{kind="grpc",operation="${ECHO}",code="503",reason="UNAVAILABLE"} 1`,
    );
    expect(text).toContain(`client_requests_seconds_bucket{le="0.005",kind="grpc",operation="${ECHO}"} 2`);
    expect(text).toContain(`client_requests_seconds_sum{kind="grpc",operation="${ECHO}"} 0.006`);
    expect(text).not.toMatch(/^server_requests_\w+\{/m);
  });
});
