import { create } from "@bufbuild/protobuf";
import { describe, expect, it, vi } from "vitest";
import { createValidator } from "@bufbuild/protovalidate";
import {
  EchoRequestSchema,
  EchoService,
  EchoWithAnExceptionallyLongMethodNameRequestSchema,
} from "../../tools/testdata/echo/v1/echo_pb.js";
import { StrataError } from "../errors/index.js";
import { newCallContext, type CallContext } from "../transport/context.js";
import { chain, type Handler, type Middleware } from "./middleware.js";
import { recovery } from "./recovery.js";
import { validate } from "./validate.js";

const method = EchoService.method.echo;
const ctx = (init: Partial<Parameters<typeof newCallContext>[0]> = {}): CallContext =>
  newCallContext({ kind: "http", method, ...init });
const echo: Handler = async (req) => req;

describe("chain", () => {
  it("runs the first middleware outermost", async () => {
    const order: string[] = [];
    const tag =
      (name: string): Middleware =>
      (next) =>
      async (req, c) => {
        order.push(`>${name}`);
        const res = await next(req, c);
        order.push(`<${name}`);
        return res;
      };
    await chain(tag("a"), tag("b"))(async () => order.push("handler"))(null, ctx());
    expect(order).toEqual([">a", ">b", "handler", "<b", "<a"]);
  });
});

describe("recovery", () => {
  it("turns an unexpected rejection into 500 INTERNAL, message withheld, the original as its cause", async () => {
    const thrown = new TypeError("secret detail");
    const handler = recovery()(() => Promise.reject(thrown));
    const error = (await handler(null, ctx()).catch((err: unknown) => err)) as StrataError;
    expect(error).toBeInstanceOf(StrataError);
    expect(error.toJSON()).toEqual({ code: 500, reason: "INTERNAL", message: "internal error", metadata: {} });
    expect(error.cause).toBe(thrown);
  });

  it("turns a handler that throws instead of rejecting into a rejected 500 INTERNAL", async () => {
    const thrown = new RangeError("sync");
    const handler = recovery()(() => {
      throw thrown;
    });
    await expect(handler(null, ctx())).rejects.toMatchObject({ code: 500, reason: "INTERNAL", cause: thrown });
  });

  it("passes StrataErrors through untouched", async () => {
    const thrown = new StrataError(404, "NOT_HERE", "gone");
    await expect(recovery()(() => Promise.reject(thrown))(null, ctx())).rejects.toBe(thrown);
  });
});

describe("validate", () => {
  it("calls the handler with a valid request", async () => {
    const req = create(EchoRequestSchema, { message: "hi" });
    await expect(validate()(echo)(req, ctx())).resolves.toBe(req);
  });

  it("rejects a request that breaks a rule with 400 VALIDATION_FAILED naming the field", async () => {
    const handler = vi.fn(echo);
    const req = create(EchoRequestSchema, { message: "x".repeat(1001) });
    const error = (await validate()(handler)(req, ctx()).catch((err: unknown) => err)) as StrataError;
    expect(error).toMatchObject({ code: 400, reason: "VALIDATION_FAILED", metadata: { field: "message" } });
    expect(error.message).toContain("message");
    expect(handler).not.toHaveBeenCalled();
  });

  it("hands the validator only requests whose type has rules", async () => {
    const validator = createValidator();
    const checked = vi.spyOn(validator, "validate");
    const ruleless = create(EchoWithAnExceptionallyLongMethodNameRequestSchema, { message: "hi" });
    const ruleLessCtx = ctx({ method: EchoService.method.echoWithAnExceptionallyLongMethodName });
    await expect(validate(validator)(echo)(ruleless, ruleLessCtx)).resolves.toBe(ruleless);
    expect(checked).not.toHaveBeenCalled();
    const req = create(EchoRequestSchema, { message: "hi" });
    await expect(validate(validator)(echo)(req, ctx())).resolves.toBe(req);
    expect(checked).toHaveBeenCalledOnce();
  });
});
