import { context, createContextKey, propagation, trace } from "@opentelemetry/api";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { EchoService } from "../../tools/testdata/echo/v1/echo_pb.js";
import { activeCall } from "../log/active-call.js";
import { Tracing } from "../tracing/tracing.js";
import { newCallContext, type CallContext } from "../transport/context.js";
import { tracing } from "./tracing.js";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;
const OUTER = createContextKey("test.outer");

const call = (headers: Record<string, string> = {}): CallContext =>
  newCallContext({ kind: "http", method: EchoService.method.echo, requestHeader: new Headers(headers) });

/** What a handler sees of its async context. */
function observe() {
  return {
    call: activeCall(),
    traceId: trace.getActiveSpan()?.spanContext().traceId,
    spanId: trace.getActiveSpan()?.spanContext().spanId,
    tenant: propagation.getBaggage(context.active())?.getEntry("tenant")?.value,
    outer: context.active().getValue(OUTER),
  };
}

type Seen = ReturnType<typeof observe>;

describe.each([
  ["recording nothing", () => new Tracing({ serviceName: "svc", serviceVersion: "1" })],
  [
    "exporting",
    () => new Tracing({ serviceName: "svc", serviceVersion: "1", exporters: [new InMemorySpanExporter()] }),
  ],
])("tracing middleware, %s", (_, makeTracing) => {
  const t = makeTracing();
  const traced = tracing(t)(async () => {
    await Promise.resolve();
    return observe();
  });
  const handler = (req: null, ctx: CallContext) => traced(req, ctx) as Promise<Seen>;

  it("runs the handler as the active call, in the caller's trace and baggage, keeping the outer context", async () => {
    const ctx = call({ traceparent: TRACEPARENT, baggage: "tenant=acme" });
    const seen = await context.with(context.active().setValue(OUTER, "kept"), () => handler(null, ctx));
    expect(seen).toMatchObject({ call: ctx, traceId: TRACE_ID, tenant: "acme", outer: "kept" });
    expect(seen.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(seen.spanId).not.toBe("00f067aa0ba902b7");
    expect(activeCall()).toBeUndefined();
  });

  it("without a traceparent, starts a new trace, or continues the span active around the call", async () => {
    const fresh = await handler(null, call());
    expect(fresh.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(fresh.traceId).not.toBe(TRACE_ID);
    const outer = t.tracer.startSpan("outer");
    const nested = await context.with(trace.setSpan(context.active(), outer), () => handler(null, call()));
    expect(nested.traceId).toBe(outer.spanContext().traceId);
    expect(nested.spanId).not.toBe(outer.spanContext().spanId);
  });

  it("makes each call's span its own, even in calls nested in one another", async () => {
    const inner = call();
    const outerCall = call();
    const seen = (await tracing(t)(async () => {
      const outerSeen = observe();
      const innerSeen = await handler(null, inner);
      return { outerSeen, innerSeen, after: observe() };
    })(null, outerCall)) as { outerSeen: Seen; innerSeen: Seen; after: Seen };
    expect(seen.outerSeen.call).toBe(outerCall);
    expect(seen.innerSeen.call).toBe(inner);
    expect(seen.innerSeen.traceId).toBe(seen.outerSeen.traceId);
    expect(seen.innerSeen.spanId).not.toBe(seen.outerSeen.spanId);
    expect(seen.after).toEqual(seen.outerSeen);
  });
});
