import { registerTodoServiceGrpc } from "../../api/todo/v1/todo_grpc.js";
import { registerTodoServiceHttp } from "../../api/todo/v1/todo_http.js";
import { TodoService as TodoServiceDesc } from "../../api/todo/v1/todo_pb.js";
import { TodoEventsToken } from "../biz/todo-events.js";
import { TodoRepoToken, TodoStatsRepoToken } from "../biz/todo.js";
import { TodoUsecase } from "../biz/todo-usecase.js";
import { TODO_MIGRATIONS } from "../data/migrations/todo.js";
import { TodoCache } from "../data/todo-cache.js";
import { OutboxTodoEvents } from "../data/todo-events.js";
import { SqlTodoRepo } from "../data/todo-repo.js";
import { SqlTodoStatsRepo } from "../data/todo-stats.js";
import { TodoService } from "../service/todo-service.js";
import type { Api } from "./api.js";

/**
 * The example Todo API (api/todo/v1): its cache, repositories, events and the
 * todo_stats projection (data), its use case (biz) and TodoService (service).
 */
export const todoApi: Api = {
  services: [TodoServiceDesc],
  migrations: TODO_MIGRATIONS,
  register(container, data) {
    container.registerSingleton(TodoCache);
    container.registerSingleton(TodoEventsToken, OutboxTodoEvents);
    container.registerSingleton(TodoRepoToken, SqlTodoRepo);
    container.registerSingleton(TodoStatsRepoToken, SqlTodoStatsRepo);
    container.resolve<SqlTodoStatsRepo>(TodoStatsRepoToken).subscribe(data.consumers);
    container.registerSingleton(TodoUsecase);
    container.registerSingleton(TodoService);
  },
  serveHttp: (server, container) => registerTodoServiceHttp(server, container.resolve(TodoService)),
  serveGrpc: (server, container) => registerTodoServiceGrpc(server, container.resolve(TodoService)),
};
