import { describe, expect, it, vi } from "vitest";
import { EchoService } from "../../tools/testdata/echo/v1/echo_pb.js";
import { newCallContext } from "../transport/context.js";
import { perOperation } from "./per-operation.js";

describe("perOperation", () => {
  it("makes one value per rpc and transport, on its first call", () => {
    const make = vi.fn((ctx: { kind: string; operation: string }) => `${ctx.kind} ${ctx.operation}`);
    const of = perOperation(make);
    const grpc = newCallContext({ kind: "grpc", method: EchoService.method.echo });
    const http = newCallContext({ kind: "http", method: EchoService.method.echo });
    expect(of(grpc)).toBe("grpc /echo.v1.EchoService/Echo");
    expect(of(newCallContext({ kind: "grpc", method: EchoService.method.echo }))).toBe(of(grpc));
    expect(of(http)).toBe("http /echo.v1.EchoService/Echo");
    expect(make).toHaveBeenCalledTimes(2);
  });
});
