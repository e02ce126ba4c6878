import { context, ROOT_CONTEXT, SamplingDecision, trace, TraceFlags, type Context } from "@opentelemetry/api";
import { suppressTracing, TraceState, W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  ParentBasedSampler,
  type Sampler,
} from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { ensureContextManager } from "../log/active-call.js";
import { Tracing } from "./tracing.js";
import { UnrecordedTracer } from "./unrecorded-tracer.js";

const TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
const w3c = new W3CTraceContextPropagator();

function callerContext(flags: "01" | "00") {
  return w3c.extract(
    ROOT_CONTEXT,
    { traceparent: `00-${TRACE_ID}-b7ad6b7169203331-${flags}`, tracestate: "a=1" },
    {
      get: (carrier: Record<string, string>, key) => carrier[key],
      keys: (carrier) => Object.keys(carrier),
    },
  );
}

describe("UnrecordedTracer", () => {
  const sampled = new UnrecordedTracer(new AlwaysOnSampler());

  it("starts a new sampled trace with fresh ids, recording nothing", () => {
    const span = sampled.startSpan("op", {}, ROOT_CONTEXT);
    const { traceId, spanId, traceFlags } = span.spanContext();
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(traceFlags).toBe(TraceFlags.SAMPLED);
    expect(span.isRecording()).toBe(false);
    expect(sampled.startSpan("op", {}, ROOT_CONTEXT).spanContext().traceId).not.toBe(traceId);
  });

  it("continues the caller's trace, trace state and sampling decision, under a span id of its own", () => {
    for (const [flags, expected] of [
      ["01", TraceFlags.SAMPLED],
      ["00", TraceFlags.NONE],
    ] as const) {
      const span = sampled.startSpan("op", {}, callerContext(flags));
      expect(span.spanContext()).toMatchObject({ traceId: TRACE_ID, traceFlags: expected });
      expect(span.spanContext().spanId).not.toBe("b7ad6b7169203331");
      expect(span.spanContext().traceState?.get("a")).toBe("1");
    }
  });

  it("follows a valid parent's sampled flag whatever the root sampler says, as ParentBasedSampler does", () => {
    const never = new UnrecordedTracer(new AlwaysOffSampler());
    expect(never.startSpan("op", {}, callerContext("01")).spanContext().traceFlags).toBe(TraceFlags.SAMPLED);
    const local = sampled.startSpan("parent", {}, ROOT_CONTEXT);
    const child = never.startSpan("child", {}, trace.setSpan(ROOT_CONTEXT, local)).spanContext();
    expect(child).toMatchObject({ traceId: local.spanContext().traceId, traceFlags: TraceFlags.SAMPLED });
    expect(child.spanId).not.toBe(local.spanContext().spanId);
  });

  it("decides exactly as the SDK's tracer with ParentBasedSampler({ root }) does", () => {
    const invalidParent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: "not-hex",
      spanId: "b7ad6b7169203331",
      traceFlags: TraceFlags.SAMPLED,
    });
    const localParent = (flags: TraceFlags): Context =>
      trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: "b7ad6b7169203331", traceFlags: flags });
    const parents: Record<string, Context> = {
      none: ROOT_CONTEXT,
      "invalid parent": invalidParent,
      "remote sampled": callerContext("01"),
      "remote unsampled": callerContext("00"),
      "local sampled": localParent(TraceFlags.SAMPLED),
      "local unsampled": localParent(TraceFlags.NONE),
    };
    const roots: Record<string, Sampler> = { on: new AlwaysOnSampler(), off: new AlwaysOffSampler() };
    for (const [rootName, root] of Object.entries(roots)) {
      const sdk = new BasicTracerProvider({ sampler: new ParentBasedSampler({ root }) }).getTracer("t");
      const ours = new UnrecordedTracer(root);
      for (const [parentName, parent] of Object.entries(parents)) {
        const expected = sdk.startSpan("op", {}, parent).spanContext();
        const actual = ours.startSpan("op", {}, parent).spanContext();
        const seen = { traceFlags: actual.traceFlags, traceState: actual.traceState?.serialize() };
        expect(seen, `root ${rootName}, parent ${parentName}`).toEqual({
          traceFlags: expected.traceFlags,
          traceState: expected.traceState?.serialize(),
        });
        expect(actual.traceId === expected.traceId, `root ${rootName}, parent ${parentName}`).toBe(
          parentName.startsWith("remote") || parentName.startsWith("local"),
        );
      }
    }
  });

  it("keeps the trace state a root sampler returns for a new trace", () => {
    const stating = new UnrecordedTracer({
      shouldSample: () => ({ decision: SamplingDecision.RECORD_AND_SAMPLED, traceState: new TraceState("r=2") }),
    });
    expect(stating.startSpan("op", {}, ROOT_CONTEXT).spanContext().traceState?.get("r")).toBe("2");
  });

  it("leaves new traces unsampled when the sampler says so", () => {
    const never = new UnrecordedTracer(new AlwaysOffSampler());
    expect(never.startSpan("op", {}, ROOT_CONTEXT).spanContext().traceFlags).toBe(TraceFlags.NONE);
  });

  it("starts a root span when asked to, and an invalid one where tracing is suppressed", () => {
    expect(sampled.startSpan("op", { root: true }, callerContext("01")).spanContext().traceId).not.toBe(TRACE_ID);
    expect(trace.isSpanContextValid(sampled.startSpan("op", {}, suppressTracing(ROOT_CONTEXT)).spanContext())).toBe(
      false,
    );
  });

  it("runs startActiveSpan's function with the span active", () => {
    ensureContextManager();
    const seen = sampled.startActiveSpan("op", (span) => [span, trace.getSpan(context.active())]);
    expect(seen[1]).toBe(seen[0]);
    const withOptions = sampled.startActiveSpan("op", {}, callerContext("01"), (span) => span.spanContext().traceId);
    expect(withOptions).toBe(TRACE_ID);
  });
});

describe("Tracing without an exporter", () => {
  it("propagates a new span context per call downstream, recording nothing", () => {
    const t = new Tracing({ serviceName: "svc", serviceVersion: "1" });
    expect(t.tracer).toBeInstanceOf(UnrecordedTracer);
    const span = t.tracer.startSpan("op", {}, callerContext("01"));
    const headers: Record<string, string> = {};
    t.propagator.inject(trace.setSpan(ROOT_CONTEXT, span), headers, {
      set: (carrier, key, value) => void (carrier[key] = value),
    });
    expect(headers.traceparent).toBe(`00-${TRACE_ID}-${span.spanContext().spanId}-01`);
  });
});
