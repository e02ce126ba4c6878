// The Todo example as `make bench`'s target: the compiled service with its
// default configuration (embedded PGlite, in-process cache and bus, info logs,
// metrics, tracing without an exporter, validation, deadlines), loaded with
// GetTodo of one todo it was asked to create.
import { toBinary, create } from "@bufbuild/protobuf";
import { GetTodoRequestSchema, TodoService } from "../../../api/todo/v1/todo_pb.js";
import type { BenchTarget } from "../target.js";

/** GetTodo of the Todo example, over REST and gRPC. */
export const target: BenchTarget = {
  name: "todo.v1.TodoService GetTodo",
  args: ["dist/cmd/server/main.js", "--conf", "configs/config.yaml"],
  env: (ports) => ({
    HTTP_ADDR: `127.0.0.1:${ports.http}`,
    GRPC_ADDR: `127.0.0.1:${ports.grpc}`,
    ADMIN_ADDR: `127.0.0.1:${ports.admin}`,
    LOG_FORMAT: "json",
  }),
  readyPath: "/readyz",
  grpcMethod: TodoService.method.getTodo,
  async prepare(ports) {
    const base = `http://127.0.0.1:${ports.http}`;
    const created = await fetch(`${base}/v1/todos`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "benchmark" }),
    });
    if (!created.ok) throw new Error(`POST /v1/todos answered ${created.status}: ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    const restPath = `/v1/todos/${id}`;
    const reply = await fetch(`${base}${restPath}`);
    const restBody = await reply.text();
    if (!reply.ok) throw new Error(`GET ${restPath} answered ${reply.status}: ${restBody}`);
    return {
      restPath,
      restRoute: "/v1/todos/:id",
      restBody,
      grpcRequest: toBinary(GetTodoRequestSchema, create(GetTodoRequestSchema, { id })),
      // The REST body is the todo's proto3 JSON, which is what the gRPC reply carries in binary.
      grpcReplyJson: restBody,
    };
  },
};
