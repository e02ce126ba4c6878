import { registerTodoServiceGrpc } from "../../api/todo/v1/todo_grpc.js";
import type { Middleware } from "../../pkg/middleware/index.js";
import type { Logger } from "../../pkg/log/logger.js";
import { GrpcServer } from "../../pkg/transport/grpc/index.js";
import type { Config } from "../conf/conf.js";
import type { TodoService } from "../service/todo-service.js";

/** Builds the gRPC server and registers every service on it. */
export function newGrpcServer(config: Config, logger: Logger, middleware: Middleware, todos: TodoService): GrpcServer {
  const server = new GrpcServer({
    addr: config.server.grpc.addr,
    timeout: config.server.grpc.timeout,
    middleware,
    onError: (err, ctx) => logger.error({ err, operation: ctx.operation }, "unexpected error"),
  });
  registerTodoServiceGrpc(server, todos);
  return server;
}
