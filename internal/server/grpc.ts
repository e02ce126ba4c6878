import { registerTodoServiceGrpc } from "../../api/todo/v1/todo_grpc.js";
import { TodoService as TodoServiceDesc } from "../../api/todo/v1/todo_pb.js";
import { addGrpcHealth, type Health } from "../../pkg/health/index.js";
import type { Middleware } from "../../pkg/middleware/index.js";
import type { Logger } from "../../pkg/log/logger.js";
import { addReflection, GrpcServer } from "../../pkg/transport/grpc/index.js";
import type { Config } from "../conf/conf.js";
import type { TodoService } from "../service/todo-service.js";

/**
 * Builds the gRPC server and registers every service on it, plus
 * grpc.health.v1.Health (following `health`) and server reflection.
 */
export function newGrpcServer(
  config: Config,
  logger: Logger,
  middleware: Middleware,
  health: Health,
  todos: TodoService,
): GrpcServer {
  const server = new GrpcServer({
    addr: config.server.grpc.addr,
    timeout: config.server.grpc.timeout,
    middleware,
    onError: (err, ctx) => logger.error({ err, operation: ctx.operation }, "unexpected error"),
  });
  registerTodoServiceGrpc(server, todos);
  const services = [TodoServiceDesc];
  addGrpcHealth(
    server.server,
    health,
    services.map((service) => service.typeName),
    { stopping: server.stopping },
  );
  addReflection(server.server, services);
  return server;
}
