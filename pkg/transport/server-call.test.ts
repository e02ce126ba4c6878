import { describe, expect, it, vi } from "vitest";
import { EchoService } from "../../tools/testdata/echo/v1/echo_pb.js";
import { cancelled } from "../errors/index.js";
import { deriveContext } from "./context.js";
import { ServerCall } from "./server-call.js";

const method = EchoService.method.echo;

function serverCall(deadline?: number) {
  return new ServerCall({ kind: "grpc", method, deadline, requestHeader: new Headers({ a: "1" }) });
}

/** `call.settle(work)` as a promise, for the tests. */
function settled<T>(call: ServerCall, work: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => call.settle(work, resolve, reject));
}

describe("ServerCall", () => {
  it("gives a context with the call's kind, method, operation and deadline", () => {
    const call = serverCall(123_456);
    expect(call.ctx).toMatchObject({
      kind: "grpc",
      method,
      operation: "/echo.v1.EchoService/Echo",
      deadline: 123_456,
    });
    call.dispose();
  });

  it("reports reply headers only once some were set", () => {
    const call = serverCall();
    expect(call.ctx.requestHeader.get("a")).toBe("1");
    expect(call.responseHeader).toBeUndefined();
    call.ctx.responseHeader.set("x-reply", "yes");
    expect(call.responseHeader?.get("x-reply")).toBe("yes");
  });

  it("keeps every property, the signal too, in a context derived from it", () => {
    const call = serverCall();
    const derived = deriveContext(call.ctx, { extra: 1 });
    call.abort(cancelled());
    expect(derived.signal.aborted).toBe(true);
    expect(derived.signal).toBe(call.ctx.signal);
    expect(derived).toMatchObject({ operation: "/echo.v1.EchoService/Echo", kind: "grpc", extra: 1 });
  });

  it("aborts the signal, made before or after the abort, with the reason, once", () => {
    const before = serverCall();
    const early = before.ctx.signal;
    before.abort(cancelled());
    expect(early.aborted).toBe(true);
    const call = serverCall();
    const reason = cancelled();
    call.abort(reason);
    call.abort(new Error("later"));
    expect(call.ctx.signal.aborted).toBe(true);
    expect(call.ctx.signal.reason).toBe(reason);
    expect(call.aborted).toBe(true);
  });

  it("fails at the abort, without waiting for work that ignores the signal", async () => {
    const call = serverCall();
    const pending = settled(call, () => new Promise(() => undefined));
    call.abort(cancelled());
    await expect(pending).rejects.toMatchObject({ code: 499, reason: "CANCELLED" });
  });

  it("does not start work once aborted", async () => {
    const call = serverCall();
    call.abort(cancelled());
    const work = vi.fn(() => Promise.resolve("done"));
    await expect(settled(call, work)).rejects.toMatchObject({ code: 499 });
    expect(work).not.toHaveBeenCalled();
  });

  it("settles as the work does when it is in time", async () => {
    const call = serverCall(Date.now() + 60_000);
    await expect(settled(call, () => Promise.resolve("reply"))).resolves.toBe("reply");
    await expect(settled(serverCall(), () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    call.dispose();
  });

  it("calls back once: an abort after the work settled, or work settling after the abort, is ignored", async () => {
    const onValue = vi.fn();
    const onError = vi.fn();
    const done = serverCall();
    done.settle(() => Promise.resolve("reply"), onValue, onError);
    await Promise.resolve();
    done.abort(cancelled());
    let finish: (value: string) => void = () => undefined;
    const late = serverCall();
    late.settle(() => new Promise<string>((resolve) => (finish = resolve)), onValue, onError);
    late.abort(cancelled());
    finish("too late");
    await new Promise((resolve) => setImmediate(resolve));
    expect(onValue.mock.calls).toEqual([["reply"]]);
    expect(onError).toHaveBeenCalledOnce();
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ code: 499 });
  });

  it("fails with what work throws instead of returning a promise", async () => {
    const boom = new Error("thrown");
    await expect(
      settled(serverCall(), () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
  });

  it("aborts with 504 DEADLINE_EXCEEDED at the deadline", async () => {
    const call = serverCall(Date.now() + 20);
    await expect(settled(call, () => new Promise(() => undefined))).rejects.toMatchObject({
      code: 504,
      reason: "DEADLINE_EXCEEDED",
    });
    expect(call.ctx.signal.aborted).toBe(true);
  });

  it("stops the deadline timer on dispose", async () => {
    const call = serverCall(Date.now() + 10);
    call.dispose();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(call.aborted).toBe(false);
  });
});
