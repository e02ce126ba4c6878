import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SpanKind } from "@opentelemetry/api";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { EchoService } from "../../tools/testdata/echo/v1/echo_pb.js";
import { clientTracing, tracing } from "../middleware/tracing.js";
import { newCallContext } from "../transport/context.js";
import { Tracing } from "./tracing.js";

const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const method = EchoService.method.echo;

function setup(sampleRatio: number) {
  const exporter = new InMemorySpanExporter();
  const t = new Tracing({ serviceName: "svc", serviceVersion: "1", sampleRatio, exporters: [exporter] });
  return { exporter, t };
}

describe("Tracing sampling", () => {
  it("records no new trace at ratio 0, yet still propagates a trace id downstream", async () => {
    const { exporter, t } = setup(0);
    const outbound = newCallContext({ kind: "grpc", method });
    const server = tracing(t)(async () => clientTracing(t)(async () => "sent")(null, outbound));
    await server(null, newCallContext({ kind: "http", method }));
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    expect(outbound.requestHeader.get("traceparent")).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  });

  it("follows a sampled caller even at ratio 0 (parent-based)", async () => {
    const { exporter, t } = setup(0);
    const ctx = newCallContext({ kind: "grpc", method, requestHeader: new Headers({ traceparent: TRACEPARENT }) });
    await tracing(t)(async () => "ok")(null, ctx);
    const [span] = exporter.getFinishedSpans();
    expect(span?.kind).toBe(SpanKind.SERVER);
    expect(span?.spanContext().traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(span?.attributes).toMatchObject({
      "rpc.system": "grpc",
      "rpc.service": "echo.v1.EchoService",
      "rpc.method": "Echo",
    });
  });

  it("records every trace at ratio 1, and carries baggage to outbound calls", async () => {
    const { exporter, t } = setup(1);
    const outbound = newCallContext({ kind: "grpc", method });
    const inbound = newCallContext({ kind: "http", method, requestHeader: new Headers({ baggage: "tenant=acme" }) });
    await tracing(t)(async () => clientTracing(t)(async () => "sent")(null, outbound))(null, inbound);
    expect(exporter.getFinishedSpans().map((s) => s.kind)).toEqual([SpanKind.CLIENT, SpanKind.SERVER]);
    expect(outbound.requestHeader.get("baggage")).toBe("tenant=acme");
  });
});

describe("OTLP export", () => {
  it("posts finished spans to <endpoint>/v1/traces when an endpoint is set, on stop at the latest", async () => {
    const received: { url: string; body: string }[] = [];
    const collector = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("latin1")));
      req.on("end", () => {
        received.push({ url: req.url ?? "", body });
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    collector.listen(0, "127.0.0.1");
    await once(collector, "listening");
    const { port } = collector.address() as AddressInfo;
    try {
      const t = new Tracing({
        serviceName: "exported-svc",
        serviceVersion: "1",
        otlpEndpoint: `http://127.0.0.1:${port}/`,
      });
      expect(t.exporting).toBe(true);
      await t.start();
      t.tracer.startSpan("exported-span").end();
      await t.stop();
      expect(received.map((r) => r.url)).toEqual(["/v1/traces"]);
      expect(received[0]?.body).toContain("exported-span");
      expect(received[0]?.body).toContain("exported-svc");
    } finally {
      collector.close();
    }
  });

  it("exports nothing without an endpoint", () => {
    expect(new Tracing({ serviceName: "svc", serviceVersion: "1" }).exporting).toBe(false);
  });
});
