import { context, ROOT_CONTEXT, trace, TraceFlags } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { ensureContextManager } from "./active-call.js";
import { newLogger } from "./logger.js";
import { traceFields } from "./trace-fields.js";

const span = trace.wrapSpanContext({
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  spanId: "00f067aa0ba902b7",
  traceFlags: TraceFlags.SAMPLED,
});

describe("traceFields", () => {
  ensureContextManager();

  it("names the active span, and nothing outside one", () => {
    expect(traceFields()).toEqual({});
    context.with(trace.setSpan(ROOT_CONTEXT, span), () =>
      expect(traceFields()).toEqual({ trace_id: "4bf92f3577b34da6a3ce929d0e0e4736", span_id: "00f067aa0ba902b7" }),
    );
  });

  it("returns a new object every time: pino writes each line's fields into it", () => {
    expect(traceFields()).not.toBe(traceFields());
    context.with(trace.setSpan(ROOT_CONTEXT, span), () => expect(traceFields()).not.toBe(traceFields()));
  });

  it("as the logger's mixin, carries no field of one line over to the next, in a span or not", () => {
    const raw: string[] = [];
    const logger = newLogger({ name: "svc", version: "1", level: "info", destination: { write: (l) => raw.push(l) } });
    logger.info({ order: 1 }, "outside");
    logger.info("outside again");
    context.with(trace.setSpan(ROOT_CONTEXT, span), () => {
      logger.info({ order: 2 }, "inside");
      logger.info("inside again");
    });
    const lines = raw.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => [line.msg, line.order, line.trace_id])).toEqual([
      ["outside", 1, undefined],
      ["outside again", undefined, undefined],
      ["inside", 2, "4bf92f3577b34da6a3ce929d0e0e4736"],
      ["inside again", undefined, "4bf92f3577b34da6a3ce929d0e0e4736"],
    ]);
  });
});
