// The Todo service records every call as its caller saw it, calls that never
// reach a handler included: an unknown route or method, a body that does not
// decode, a header grpc-js refuses. Read from its access lines and /metrics.
import { status as GrpcStatus } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grpcFrame, rawGrpcCall } from "../pkg/transport/grpc/testdata/raw-call.js";
import { eventually } from "./support/eventually.js";
import { logLines } from "./support/log-lines.js";
import { startService, type RunningService } from "./support/service.js";

const CREATE_TODO = "/todo.v1.TodoService/CreateTodo";
const GET_TODO = "/todo.v1.TodoService/GetTodo";

describe("the Todo service's record of calls that reach no handler", () => {
  const logs = logLines();
  let service: RunningService;

  beforeAll(async () => {
    service = await startService({ LOG_LEVEL: "info" }, { logger: logs.logger });
  });

  afterAll(async () => {
    await service.stop();
  });

  const access = () => logs.lines().filter((line) => line.msg === "access");

  it.each([
    [
      "an unknown REST route",
      "http",
      "unknown",
      404,
      "ROUTE_NOT_FOUND",
      () => fetch(`${service.httpUrl}/v9/nothing/here`),
    ],
    [
      "a REST body that is not JSON",
      "http",
      CREATE_TODO,
      400,
      "MALFORMED_REQUEST",
      () =>
        fetch(`${service.httpUrl}/v1/todos`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{",
        }),
    ],
    [
      "a REST body that does not say it is JSON",
      "http",
      CREATE_TODO,
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      () => fetch(`${service.httpUrl}/v1/todos`, { method: "POST", body: '{"title":"x"}' }),
    ],
    [
      "an unknown gRPC method",
      "grpc",
      "unknown",
      501,
      "UNIMPLEMENTED",
      () => rawGrpcCall(service.grpcAddress, "/todo.v1.TodoService/Nope", grpcFrame(new Uint8Array())),
    ],
    [
      "a grpc-timeout grpc-js refuses",
      "grpc",
      GET_TODO,
      400,
      "MALFORMED_REQUEST",
      () => rawGrpcCall(service.grpcAddress, GET_TODO, grpcFrame(new Uint8Array()), { "grpc-timeout": "abc" }),
    ],
  ])("logs and counts %s", async (_, kind, operation, code, reason, call) => {
    const before = access().length;
    const answer = await call();
    if ("grpcStatus" in answer) expect(answer.grpcStatus).not.toBe(GrpcStatus.INTERNAL);
    else expect(answer.status).toBe(code);
    await eventually(async () => {
      expect(access().slice(before)).toEqual([expect.objectContaining({ kind, operation, code, reason })]);
    });
    const line = access().at(-1);
    expect(["info", "warn"]).toContain(line?.level);
    const metrics = await (await fetch(`${service.adminUrl}/metrics`)).text();
    expect(metrics).toContain(
      `server_requests_code_total{kind="${kind}",operation="${operation}",code="${code}",reason="${reason}"} 1`,
    );
  });
});
