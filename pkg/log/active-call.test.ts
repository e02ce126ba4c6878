import { context, createContextKey, INVALID_SPAN_CONTEXT, ROOT_CONTEXT, trace, type Context } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { EchoService } from "../../tools/testdata/echo/v1/echo_pb.js";
import { newCallContext } from "../transport/context.js";
import { activeCall, contextWithCall, ensureContextManager, runInCall } from "./active-call.js";

const CALL_KEY = createContextKey("strata.call");
const A = createContextKey("test.a");
const B = createContextKey("test.b");
const call1 = newCallContext({ kind: "http", method: EchoService.method.echo });
const call2 = newCallContext({ kind: "grpc", method: EchoService.method.echo });
const span1 = trace.wrapSpanContext({ ...INVALID_SPAN_CONTEXT, spanId: "0000000000000001" });
const span2 = trace.wrapSpanContext({ ...INVALID_SPAN_CONTEXT, spanId: "0000000000000002" });

/** What a context holds under every key the tests use. */
function valuesOf(ctx: Context): unknown[] {
  return [trace.getSpan(ctx), ctx.getValue(CALL_KEY), ctx.getValue(A), ctx.getValue(B)];
}

/** An operation on a context: `ours` through contextWithCall, `reference` through the API's own context only. */
interface Step {
  name: string;
  ours: (ctx: Context) => Context;
  reference: (ctx: Context) => Context;
}

const same = (name: string, op: (ctx: Context) => Context): Step => ({ name, ours: op, reference: op });

const steps: Step[] = [
  same("setSpan", (c) => trace.setSpan(c, span2)),
  same("deleteSpan", (c) => trace.deleteSpan(c)),
  same("setCall", (c) => c.setValue(CALL_KEY, call2)),
  same("deleteCall", (c) => c.deleteValue(CALL_KEY)),
  same("setA", (c) => c.setValue(A, "a2")),
  same("deleteA", (c) => c.deleteValue(A)),
  same("setB", (c) => c.setValue(B, "b")),
  {
    name: "enter call1",
    ours: (c) => contextWithCall(c, call1),
    reference: (c) => c.setValue(CALL_KEY, call1),
  },
  {
    name: "enter call2 with span1",
    ours: (c) => contextWithCall(c, call2, span1),
    reference: (c) => trace.setSpan(c, span1).setValue(CALL_KEY, call2),
  },
];

describe("contextWithCall", () => {
  it("answers every get, set and delete as the API's own context would, for any key, however nested", () => {
    const starts: Record<string, Context> = {
      root: ROOT_CONTEXT,
      "root with a span and A": trace.setSpan(ROOT_CONTEXT, span2).setValue(A, "a1"),
    };
    const entries = steps.slice(-2);
    let checked = 0;
    for (const [startName, start] of Object.entries(starts)) {
      for (const entry of entries) {
        let paths: { name: string; ours: Context; reference: Context }[] = [
          { name: `${startName} > ${entry.name}`, ours: entry.ours(start), reference: entry.reference(start) },
        ];
        for (let depth = 0; depth < 3; depth++) {
          const next: typeof paths = [];
          for (const path of paths) {
            expect(valuesOf(path.ours), path.name).toEqual(valuesOf(path.reference));
            checked++;
            for (const step of steps) {
              next.push({
                name: `${path.name} > ${step.name}`,
                ours: step.ours(path.ours),
                reference: step.reference(path.reference),
              });
            }
          }
          paths = next;
        }
        for (const path of paths) expect(valuesOf(path.ours), path.name).toEqual(valuesOf(path.reference));
        checked += paths.length;
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it("leaves the context it is made from unchanged", () => {
    const parent = ROOT_CONTEXT.setValue(A, "a1");
    const ours = contextWithCall(parent, call1, span1);
    ours.setValue(A, "changed");
    ours.deleteValue(A);
    expect(valuesOf(parent)).toEqual([undefined, undefined, "a1", undefined]);
    expect(valuesOf(ours)).toEqual([span1, call1, "a1", undefined]);
  });
});

describe("activeCall and runInCall", () => {
  ensureContextManager();

  it("see the call entered with contextWithCall, and none outside it", async () => {
    expect(activeCall()).toBeUndefined();
    await context.with(contextWithCall(context.active(), call1, span1), async () => {
      await Promise.resolve();
      expect(activeCall()).toBe(call1);
      expect(trace.getActiveSpan()).toBe(span1);
    });
    expect(activeCall()).toBeUndefined();
  });

  it("runInCall enters a call, keeping the active span, and re-enters none already active", () => {
    context.with(trace.setSpan(ROOT_CONTEXT, span1), () => {
      runInCall(call1, () => {
        expect(activeCall()).toBe(call1);
        expect(trace.getActiveSpan()).toBe(span1);
        const entered = context.active();
        runInCall(call1, () => expect(context.active()).toBe(entered));
        runInCall(call2, () => expect(activeCall()).toBe(call2));
      });
    });
  });
});
