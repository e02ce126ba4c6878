import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { EmptySchema } from "@bufbuild/protobuf/wkt";
import { inject, injectable } from "tsyringe";
import { errorTodoInvalidUpdateMask } from "../../api/todo/v1/error_reason_errors.js";
import {
  ListTodosResponseSchema,
  TodoSchema,
  TodoStatsSchema,
  type CreateTodoRequest,
  type DeleteTodoRequest,
  type GetTodoRequest,
  type GetTodoStatsRequest,
  type ListTodosRequest,
  type Todo as TodoMessage,
  type TodoService as TodoServiceDesc,
  type UpdateTodoRequest,
} from "../../api/todo/v1/todo_pb.js";
import type { TodoPatch } from "../biz/todo.js";
import { todoMessage } from "./todo-message.js";
import { TodoUsecase } from "../biz/todo-usecase.js";
import type { CallContext } from "../../pkg/transport/context.js";
import type { ServiceImpl } from "../../pkg/transport/service.js";

/** The update_mask paths UpdateTodo accepts. */
const UPDATABLE_PATHS = ["title", "done"] as const;

/**
 * TodoService's implementation, served over REST and gRPC alike: it turns
 * API messages (DTOs) into domain values, calls the use case, and back.
 */
@injectable()
export class TodoService implements ServiceImpl<typeof TodoServiceDesc> {
  constructor(@inject(TodoUsecase) private readonly todos: TodoUsecase) {}

  async createTodo(req: CreateTodoRequest, ctx: CallContext): Promise<TodoMessage> {
    const todo = await this.todos.create(ctx, {
      title: req.todo?.title ?? "",
      done: req.todo?.done ?? false,
      ...(req.requestId !== "" && { requestId: req.requestId }),
    });
    return todoMessage(todo);
  }

  async getTodo(req: GetTodoRequest, ctx: CallContext): Promise<TodoMessage> {
    return todoMessage(await this.todos.get(ctx, req.id));
  }

  async listTodos(req: ListTodosRequest, ctx: CallContext): Promise<MessageInitShape<typeof ListTodosResponseSchema>> {
    const page = await this.todos.list(ctx, req.pageSize, req.pageToken);
    return create(ListTodosResponseSchema, { todos: page.todos.map(todoMessage), nextPageToken: page.nextPageToken });
  }

  async updateTodo(req: UpdateTodoRequest, ctx: CallContext): Promise<TodoMessage> {
    const todo = req.todo ?? create(TodoSchema);
    return todoMessage(await this.todos.update(ctx, todo.id, toPatch(todo, req.updateMask?.paths ?? []), todo.etag));
  }

  async deleteTodo(req: DeleteTodoRequest, ctx: CallContext): Promise<MessageInitShape<typeof EmptySchema>> {
    await this.todos.delete(ctx, req.id, req.etag);
    return create(EmptySchema);
  }

  async getTodoStats(_req: GetTodoStatsRequest, ctx: CallContext): Promise<MessageInitShape<typeof TodoStatsSchema>> {
    const stats = await this.todos.stats(ctx);
    return create(TodoStatsSchema, { openCount: BigInt(stats.openCount), doneCount: BigInt(stats.doneCount) });
  }
}

/** The domain patch an update asks for; an empty mask updates every updatable field. */
function toPatch(todo: TodoMessage, paths: readonly string[]): TodoPatch {
  const wanted = paths.length === 0 ? UPDATABLE_PATHS : paths;
  let patch: TodoPatch = {};
  for (const path of wanted) {
    switch (path) {
      case "title":
        patch = { ...patch, title: todo.title };
        break;
      case "done":
        patch = { ...patch, done: todo.done };
        break;
      default:
        throw errorTodoInvalidUpdateMask(
          `update_mask path ${JSON.stringify(path)} cannot be updated; allowed: ${UPDATABLE_PATHS.join(", ")}`,
          { field: "update_mask", path },
        );
    }
  }
  return patch;
}
