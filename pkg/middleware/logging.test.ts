import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { EchoService } from "../../tools/testdata/echo/v1/echo_pb.js";
import { StrataError } from "../errors/index.js";
import { requestLogger } from "../log/scope.js";
import { newCallContext } from "../transport/context.js";
import { logging } from "./logging.js";
import { chain } from "./middleware.js";
import { recovery } from "./recovery.js";

const ctx = () => newCallContext({ kind: "grpc", method: EchoService.method.echo });

function capture() {
  const raw: string[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void raw.push(line) });
  return { logger, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe("logging", () => {
  it("writes one access line per call with kind, operation, code, reason and latency", async () => {
    const { logger, lines } = capture();
    await logging({ logger })(async () => "ok")(null, ctx());
    expect(lines()).toEqual([
      expect.objectContaining({
        msg: "access",
        level: 30,
        kind: "grpc",
        operation: "/echo.v1.EchoService/Echo",
        code: 200,
        reason: "",
        latency_ms: expect.any(Number),
      }),
    ]);
  });

  it("logs a 4xx StrataError at info with its code and reason, and rethrows it", async () => {
    const { logger, lines } = capture();
    const err = new StrataError(404, "NOT_HERE", "gone");
    await expect(logging({ logger })(() => Promise.reject(err))(null, ctx())).rejects.toBe(err);
    expect(lines()).toEqual([expect.objectContaining({ level: 30, code: 404, reason: "NOT_HERE" })]);
    expect(lines()[0]).not.toHaveProperty("err");
  });

  it("gives the handler a request-scoped logger carrying kind and operation", async () => {
    const { logger, lines } = capture();
    await logging({ logger })(async () => requestLogger().warn("from the handler"))(null, ctx());
    expect(lines()[0]).toMatchObject({ msg: "from the handler", kind: "grpc", operation: "/echo.v1.EchoService/Echo" });
  });

  it("with recovery outside, logs an unexpected error once, on the access line, with its stack", async () => {
    const { logger, lines } = capture();
    const handler = chain(recovery(), logging({ logger }))(() => Promise.reject(new RangeError("bad")));
    await expect(handler(null, ctx())).rejects.toMatchObject({ code: 500, reason: "INTERNAL" });
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({ msg: "access", level: 50, code: 500, reason: "INTERNAL" });
    expect((lines()[0]?.err as { stack: string }).stack).toContain("RangeError: bad");
  });

  it("logs a 5xx StrataError that wraps a cause at error level with the cause's stack", async () => {
    const { logger, lines } = capture();
    const err = new StrataError(503, "UNAVAILABLE", "database down", {}, { cause: new Error("ECONNREFUSED") });
    await expect(logging({ logger })(() => Promise.reject(err))(null, ctx())).rejects.toBe(err);
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({ msg: "access", level: 50, code: 503, reason: "UNAVAILABLE" });
    expect((lines()[0]?.err as { stack: string }).stack).toContain("Error: ECONNREFUSED");
  });
});
