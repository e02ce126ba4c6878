import { describe, expect, it, vi } from "vitest";
import { EchoService } from "../../tools/testdata/echo/v1/echo_pb.js";
import { cancelled } from "../errors/index.js";
import { ServerCall } from "./server-call.js";

const method = EchoService.method.echo;

function serverCall(deadline?: number, requestHeader = () => new Headers({ a: "1" })) {
  return new ServerCall({ kind: "grpc", method, deadline, requestHeader });
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

  it("makes request and reply headers on first use only", () => {
    const read = vi.fn(() => new Headers({ a: "1" }));
    const call = serverCall(undefined, read);
    expect(call.responseHeader).toBeUndefined();
    expect(read).not.toHaveBeenCalled();
    expect(call.ctx.requestHeader.get("a")).toBe("1");
    expect(call.ctx.requestHeader).toBe(call.ctx.requestHeader);
    call.ctx.responseHeader.set("x-reply", "yes");
    expect(call.responseHeader?.get("x-reply")).toBe("yes");
    expect(read).toHaveBeenCalledOnce();
  });

  it("keeps every property in a spread copy of the context", () => {
    const call = serverCall();
    const copy = { ...call.ctx };
    call.abort(cancelled());
    expect(copy.signal.aborted).toBe(true);
    expect(copy.operation).toBe("/echo.v1.EchoService/Echo");
  });

  it("aborts the signal, made before or after the abort, with the reason", () => {
    const before = serverCall();
    const early = before.ctx.signal;
    const reason = cancelled();
    before.abort(reason);
    expect(early.aborted).toBe(true);
    expect(early.reason).toBe(reason);
    const after = serverCall();
    after.abort(reason);
    expect(after.ctx.signal.reason).toBe(reason);
    expect(after.aborted).toBe(true);
  });

  it("answers a race at the abort, without waiting for work that ignores the signal", async () => {
    const call = serverCall();
    const pending = call.race(() => new Promise(() => undefined));
    call.abort(cancelled());
    await expect(pending).rejects.toMatchObject({ code: 499, reason: "CANCELLED" });
  });

  it("does not start work once aborted", async () => {
    const call = serverCall();
    call.abort(cancelled());
    const work = vi.fn(() => Promise.resolve("done"));
    await expect(call.race(work)).rejects.toMatchObject({ code: 499 });
    expect(work).not.toHaveBeenCalled();
  });

  it("settles a race as the work does when it is in time", async () => {
    const call = serverCall(Date.now() + 60_000);
    await expect(call.race(() => Promise.resolve("reply"))).resolves.toBe("reply");
    await expect(serverCall().race(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    call.dispose();
  });

  it("aborts with 504 DEADLINE_EXCEEDED at the deadline", async () => {
    const call = serverCall(Date.now() + 20);
    await expect(call.race(() => new Promise(() => undefined))).rejects.toMatchObject({
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
