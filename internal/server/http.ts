import { registerTodoServiceHttp } from "../../api/todo/v1/todo_http.js";
import type { Middleware } from "../../pkg/middleware/index.js";
import { HttpServer } from "../../pkg/transport/http/index.js";
import type { Config } from "../conf/conf.js";
import type { TodoService } from "../service/todo-service.js";

/** Builds the REST server and registers every service's google.api.http routes on it. */
export function newHttpServer(config: Config, middleware: Middleware, todos: TodoService): HttpServer {
  const server = new HttpServer({
    addr: config.server.http.addr,
    timeout: config.server.http.timeout,
    bodyLimit: config.server.http.bodyLimit,
    middleware,
  });
  registerTodoServiceHttp(server, todos);
  return server;
}
