// gRPC health of the Todo example's service in the deployed stack.
import { describe, expect, it } from "vitest";
import { grpcHealthCheck } from "./grpc-health.js";
import { targetOrSkip } from "./target.js";

const target = targetOrSkip("todo health");

describe.skipIf(target === undefined)("health of the deployed Todo example", () => {
  it("reports SERVING over grpc.health.v1 for TodoService", async () => {
    expect(await grpcHealthCheck(target!.grpcAddr, "todo.v1.TodoService")).toBe("SERVING");
  });
});
