// Trace context, x-md-* metadata, access logs, redaction and client metrics
// across two in-process servers: an upstream (REST and gRPC) whose handler
// calls a downstream gRPC server through the kit's client.
import { SpanKind } from "@opentelemetry/api";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EchoServiceClient, registerEchoServiceGrpc } from "../tools/testdata/echo/v1/echo_grpc.js";
import { EchoService } from "../tools/testdata/echo/v1/echo_pb.js";
import { clientMiddleware } from "../internal/server/middleware.js";
import { requestLogger } from "../pkg/log/scope.js";
import { Metrics } from "../pkg/metrics/index.js";
import {
  chain,
  logging,
  metadataOf,
  metrics,
  recovery,
  tracing,
  validate,
  type Middleware,
} from "../pkg/middleware/index.js";
import { Tracing } from "../pkg/tracing/index.js";
import type { CallContext } from "../pkg/transport/context.js";
import { GrpcConn, GrpcServer } from "../pkg/transport/grpc/index.js";
import { HttpServer } from "../pkg/transport/http/index.js";
import { logLines } from "./support/log-lines.js";
import { SERVICE_NAME } from "./support/service-name.js";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT_SPAN_ID = "00f067aa0ba902b7";
const TRACEPARENT = `00-${TRACE_ID}-${PARENT_SPAN_ID}-01`;
const OPERATION = "/echo.v1.EchoService/Echo";

const exporter = new InMemorySpanExporter();
const tracer = new Tracing({ serviceName: "upstream", serviceVersion: "test", exporters: [exporter] });
const upstreamLogs = logLines();
const downstreamLogs = logLines();
const upstreamMetrics = new Metrics({ processMetrics: false });

const serverChain = (logger = upstreamLogs.logger): Middleware =>
  chain(recovery(), tracing(tracer), logging({ logger }), metrics(upstreamMetrics.server), validate());

/** What the downstream server saw of each call. */
const seen: { headers: Headers; traceparent: string | null; deadline: number | undefined }[] = [];

let downstream: GrpcServer;
let conn: GrpcConn;
let upstreamHttp: HttpServer;
let upstreamGrpc: GrpcServer;
let upstreamConn: GrpcConn;
/** The x-md-* metadata the upstream handler saw, by call. */
const upstreamMetadata: Map<string, string>[] = [];

beforeAll(async () => {
  downstream = new GrpcServer({ addr: "127.0.0.1:0", middleware: serverChain(downstreamLogs.logger) });
  registerEchoServiceGrpc(downstream, {
    echo: async (req, ctx) => {
      seen.push({
        headers: ctx.requestHeader,
        traceparent: ctx.requestHeader.get("traceparent"),
        deadline: ctx.deadline,
      });
      return { message: `downstream: ${req.message}` };
    },
    echoWithAnExceptionallyLongMethodName: async (req) => ({ message: req.message }),
  });
  await downstream.start();
  conn = new GrpcConn(downstream.address, {
    middleware: clientMiddleware(upstreamMetrics, tracer),
  });
  const client = new EchoServiceClient(conn);

  // The upstream handler: logs through the request-scoped logger, may fail, and calls downstream.
  const impl = {
    echo: async (req: { message: string }, ctx: CallContext) => {
      upstreamMetadata.push(metadataOf(ctx));
      requestLogger().info(
        { headers: Object.fromEntries(ctx.requestHeader), user: { name: "ann", password: req.message } },
        "handling",
      );
      if (req.message === "boom") throw new TypeError("kaboom in the handler");
      const reply = await client.echo({ message: req.message }, { context: ctx });
      return { message: reply.message };
    },
    echoWithAnExceptionallyLongMethodName: async (req: { message: string }) => ({ message: req.message }),
  };
  upstreamHttp = new HttpServer({ addr: "127.0.0.1:0", middleware: serverChain() });
  upstreamHttp.route(
    { rpc: EchoService.method.echo, method: "POST", path: "/v1/echo", body: "*", responseBody: "" },
    (r, c) => impl.echo(r as unknown as { message: string }, c),
  );
  upstreamGrpc = new GrpcServer({ addr: "127.0.0.1:0", middleware: serverChain() });
  registerEchoServiceGrpc(upstreamGrpc, impl);
  await Promise.all([upstreamHttp.start(), upstreamGrpc.start()]);
  upstreamConn = new GrpcConn(upstreamGrpc.address);
});

afterAll(async () => {
  conn?.close();
  upstreamConn?.close();
  await Promise.all([upstreamHttp?.stop(), upstreamGrpc?.stop(1000), downstream?.stop(1000)]);
});

beforeEach(() => {
  exporter.reset();
  seen.length = 0;
  upstreamMetadata.length = 0;
  upstreamLogs.raw.length = 0;
  downstreamLogs.raw.length = 0;
});

const headers = {
  traceparent: TRACEPARENT,
  "x-md-global-tenant": "acme",
  "x-md-local-colour": "blue",
  authorization: "Bearer s3cret-bearer-token",
};

const callUpstream = {
  http: async (message: string) => {
    const res = await fetch(`http://${upstreamHttp.address}/v1/echo`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ message }),
    });
    return res.status;
  },
  grpc: async (message: string) => {
    try {
      await new EchoServiceClient(upstreamConn).echo({ message }, { headers });
      return 200;
    } catch (err) {
      return (err as { code: number }).code;
    }
  },
} as const;

describe.each(["http", "grpc"] as const)("a call over %s with a traceparent", (kind) => {
  it("gets an access line and a server span with its trace id, and the outbound call carries the same trace", async () => {
    expect(await callUpstream[kind]("hello")).toBe(200);

    const access = upstreamLogs.lines().filter((line) => line.msg === "access");
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({
      level: "info",
      kind,
      operation: OPERATION,
      code: 200,
      reason: "",
      trace_id: TRACE_ID,
      "service.name": SERVICE_NAME,
      "service.version": "test",
    });
    expect(access[0]?.latency_ms).toEqual(expect.any(Number));
    expect(access[0]?.time).toEqual(expect.any(String));

    const spans = exporter.getFinishedSpans();
    const upstreamSpan = spans.find(
      (s) =>
        s.kind === SpanKind.SERVER &&
        s.attributes["rpc.system"] === (kind === "http" ? "http" : "grpc") &&
        s.parentSpanContext?.spanId === PARENT_SPAN_ID,
    );
    expect(upstreamSpan?.spanContext().traceId).toBe(TRACE_ID);
    expect(upstreamSpan?.name).toBe("echo.v1.EchoService/Echo");
    expect(access[0]?.span_id).toBe(upstreamSpan?.spanContext().spanId);

    // The outbound call: a client span under the server span, whose id the downstream receives.
    const clientSpan = spans.find((s) => s.kind === SpanKind.CLIENT);
    expect(clientSpan?.spanContext().traceId).toBe(TRACE_ID);
    expect(clientSpan?.parentSpanContext?.spanId).toBe(upstreamSpan?.spanContext().spanId);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.traceparent).toBe(`00-${TRACE_ID}-${clientSpan?.spanContext().spanId}-01`);
    const downstreamSpan = spans.find(
      (s) => s.kind === SpanKind.SERVER && s.parentSpanContext?.spanId === clientSpan?.spanContext().spanId,
    );
    expect(downstreamSpan?.spanContext().traceId).toBe(TRACE_ID);
    expect(downstreamLogs.lines().find((line) => line.msg === "access")).toMatchObject({
      trace_id: TRACE_ID,
      kind: "grpc",
    });
  });

  it("forwards x-md-global-tenant to the downstream service; other x-md-* reach the handler only", async () => {
    expect(await callUpstream[kind]("hello")).toBe(200);
    expect(upstreamMetadata[0]?.get("x-md-global-tenant")).toBe("acme");
    expect(upstreamMetadata[0]?.get("x-md-local-colour")).toBe("blue");
    expect(seen[0]?.headers.get("x-md-global-tenant")).toBe("acme");
    expect(seen[0]?.headers.has("x-md-local-colour")).toBe(false);
    expect(seen[0]?.headers.has("authorization")).toBe(false);
  });

  it("never writes the Authorization header or a password field to the logs", async () => {
    expect(await callUpstream[kind]("hunter2-password-value")).toBe(200);
    const text = upstreamLogs.raw.join("");
    expect(text).not.toContain("s3cret-bearer-token");
    expect(text).not.toContain("hunter2-password-value");
    // The handler's line was written, redacted, by the request-scoped logger (trace ids, operation included).
    const handling = upstreamLogs.lines().find((line) => line.msg === "handling");
    expect(handling).toMatchObject({
      headers: { authorization: "[REDACTED]", "x-md-global-tenant": "acme" },
      user: { name: "ann", password: "[REDACTED]" },
      kind,
      operation: OPERATION,
      trace_id: TRACE_ID,
    });
  });

  it("logs an unexpected error once, on the access line, with its stack", async () => {
    expect(await callUpstream[kind]("boom")).toBe(500);
    const lines = upstreamLogs.lines();
    const withError = lines.filter((line) => JSON.stringify(line).includes("kaboom in the handler"));
    expect(withError).toHaveLength(1);
    expect(withError[0]).toMatchObject({
      msg: "access",
      level: "error",
      code: 500,
      reason: "INTERNAL",
      trace_id: TRACE_ID,
    });
    expect((withError[0]?.err as { stack: string }).stack).toContain("TypeError: kaboom in the handler");
    const span = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.SERVER);
    expect(span?.status.code).toBe(2); // ERROR
  });
});

describe("an outbound call given the request's context", () => {
  it("inherits the request's deadline", async () => {
    const before = Date.now();
    await new EchoServiceClient(upstreamConn).echo({ message: "deadline" }, { headers, timeout: 4_000 });
    const deadline = seen[0]?.deadline ?? 0;
    // The upstream's deadline came from the caller's grpc-timeout; the downstream gets the same one.
    expect(deadline).toBeGreaterThan(before + 3_000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 4_000);
  });
});

describe("client metrics", () => {
  it("count outbound calls made through the kit's client by operation and outcome", async () => {
    await callUpstream.grpc("counted");
    const text = await upstreamMetrics.exposition();
    expect(text).toMatch(
      /^client_requests_code_total\{kind="grpc",operation="\/echo\.v1\.EchoService\/Echo",code="200",reason=""\} [1-9]\d*$/m,
    );
    expect(text).toMatch(
      /^client_requests_seconds_count\{kind="grpc",operation="\/echo\.v1\.EchoService\/Echo"\} [1-9]\d*$/m,
    );
  });
});
